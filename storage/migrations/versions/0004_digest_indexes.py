"""Indexes for the weekly digest: event times per ticket and kind, tickets per department and time.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_ticket_events_ticket_kind_at", "ticket_events", ["ticket_id", "kind", "at"])
    op.create_index("ix_tickets_department_created", "tickets", ["department", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_tickets_department_created", table_name="tickets")
    op.drop_index("ix_ticket_events_ticket_kind_at", table_name="ticket_events")
