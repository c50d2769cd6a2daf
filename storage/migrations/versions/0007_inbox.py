"""The inbox: webhook updates and activities stored before they are acknowledged, handled after.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("platform_id", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=False),
        sa.Column("lease_until", sa.DateTime(), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("replies", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "platform_id", name="uq_inbox_platform_id"),
    )
    op.create_index("ix_inbox_lease_until", "inbox", ["lease_until"])
    op.create_index("ix_inbox_channel_address", "inbox", ["channel", "address"])


def downgrade() -> None:
    op.drop_index("ix_inbox_channel_address", table_name="inbox")
    op.drop_index("ix_inbox_lease_until", table_name="inbox")
    op.drop_table("inbox")
