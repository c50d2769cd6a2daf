"""Schema changes go through Alembic, the same on both databases."""
from __future__ import annotations

import re

from sqlalchemy import inspect

from storage.migrate import current_revision, upgrade
from storage.models import Base


async def test_migrations_reach_head_and_match_the_models(database):
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert await current_revision(database.engine) == head
    async with database.engine.connect() as conn:
        tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    assert set(Base.metadata.tables) <= tables


async def test_upgrade_twice_is_harmless(database):
    await upgrade(database.engine)
    assert await current_revision(database.engine) is not None


async def test_models_and_migrations_do_not_drift(database):
    """A model change without a migration would make autogenerate find differences."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def diff(conn):
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)

    async with database.engine.connect() as conn:
        changes = await conn.run_sync(diff)
    assert changes == []


def test_the_open_tickets_index_covers_exactly_the_open_states():
    """Every question reads the asker's open tickets through this partial index; a state missing from it is slow."""
    from storage.models import Ticket
    from storage.tickets import OPEN_STATES

    index = next(i for i in Ticket.__table__.indexes if i.name == "ix_tickets_employee_open")
    where = str(index.dialect_options["postgresql"]["where"])
    assert sorted(re.findall(r"'(\w+)'", where)) == sorted(OPEN_STATES)
