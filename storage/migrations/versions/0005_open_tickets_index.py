"""Index of open tickets per employee: every question looks up the asker's open tickets.

Through the employee_id index that meant reading every ticket the person ever
had and filtering on state; a long-serving employee's question got slower
every week. The partial index holds open tickets only, so it stays small.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

OPEN = sa.text("state IN ('new', 'offered', 'queued', 'escalated', 'accepted')")


def upgrade() -> None:
    op.create_index(
        "ix_tickets_employee_open", "tickets", ["employee_id", "id"], postgresql_where=OPEN, sqlite_where=OPEN
    )


def downgrade() -> None:
    op.drop_index("ix_tickets_employee_open", table_name="tickets")
