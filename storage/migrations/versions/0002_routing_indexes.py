"""Indexes for picking the nearest coach among thousands: sites by position, coaches by site.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sites_lat_lon", "sites", ["lat", "lon"])
    op.create_index("ix_coaches_site_id", "coaches", ["site_id"])


def downgrade() -> None:
    op.drop_index("ix_coaches_site_id", table_name="coaches")
    op.drop_index("ix_sites_lat_lon", table_name="sites")
