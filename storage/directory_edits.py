"""The coach directory as rows: what export, the web console's edits and its list of coaches read.

Edits read the whole directory, check it by the file's rules and write it back
(routing/edits.py); `lock_directory` makes that one step, so two coordinators
saving at once, or a save during an import, never check against rows the other
is about to change.
"""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import Row, Select, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.capacity import open_load_subquery
from storage.models import Coach, Coordinator, Site

DIRECTORY_LOCK = 0x44434431  # "DCD1": every directory write, file import or console edit, one at a time


async def lock_directory(session: AsyncSession) -> None:
    """Hold the directory's write lock until commit (PostgreSQL; on SQLite every transaction has the one writer)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": DIRECTORY_LOCK})


async def directory_rows(session: AsyncSession) -> tuple[list[Site], list[Coach], list[Coordinator]]:
    """Every site, every coach (inactive ones too: they are in the file with `active = false`), and the active
    coordinators (an inactive one was removed from the file, and a file cannot say so), each by id."""
    sites = list((await session.execute(select(Site).order_by(Site.id))).scalars())
    coaches = list((await session.execute(select(Coach).order_by(Coach.id))).scalars())
    coordinators = list(
        (await session.execute(select(Coordinator).where(Coordinator.active.is_(True)).order_by(Coordinator.id))).scalars()
    )
    return sites, coaches, coordinators


def _in_scope(query: Select, column: object, departments: Sequence[str]) -> Select:
    return query.where(column.in_(list(departments))) if departments else query  # type: ignore[attr-defined]


# What the web console's list reads per coach, in this order (routing/roster.py unpacks the rows by it).
ROSTER_COLUMNS = (
    Coach.id, Coach.name, Coach.site_id, Site.name.label("site_name"), Site.lat, Site.lon, Coach.department,
    Coach.languages, Coach.capacity, Coach.hours, Coach.email, Coach.active, Coach.person_id, Coach.paused,
    Coach.paused_until,
)


async def coaches_with_load(session: AsyncSession, departments: Sequence[str] = ()) -> list[Row]:
    """Coaches of these departments (none given: all), with their sites and open work, in one query, by name.

    Plain rows of ROSTER_COLUMNS and then the open work (`storage.capacity.open_load`), not ORM objects: the
    web console's list refreshes itself, and loading thousands of objects would be most of its time.
    """
    load = open_load_subquery()
    query = (
        select(*ROSTER_COLUMNS, func.coalesce(load.c.load, 0).label("load"))
        .join(Site, Site.id == Coach.site_id)
        .outerjoin(load, load.c.coach_id == Coach.id)
        .order_by(Coach.name, Coach.id)
    )
    return list((await session.execute(_in_scope(query, Coach.department, departments))).all())


async def sites_in(session: AsyncSession, departments: Sequence[str] = ()) -> list[Site]:
    """Sites of these departments (none given: all), by name."""
    query = select(Site).order_by(Site.name, Site.id)
    return list((await session.execute(_in_scope(query, Site.department, departments))).scalars())
