"""Read the coaches who could take a ticket from storage, as plain values for `routing.nearest`.

With thousands of coaches, loading them all for every ticket is too slow, so
the database does the cheap filtering (active, reachable, language,
not excluded) and hands back the nearest ones first, a page at a time; working
hours, pauses (routing.pause, the one rule) and capacity are then checked in
Python on that page only.

The coaches picked are locked (storage/capacity.py) and their load counted
again before they are returned, so two tickets routed at once cannot both be
offered to a coach with room for one: the second waits for the first to
commit, sees its offer, and searches again.
"""
from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from math import cos, radians
from typing import Collection
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from routing.hours import WeeklyHours
from routing.nearest import SAME_PLACE_KM, CoachCandidate, EmployeePoint, RankedCoach, rank_coaches
from storage.models import Coach, Site
from storage.capacity import lock_coaches, open_load

FIRST_RADIUS_KM = 5.0
MAX_RADIUS_KM = 300.0  # beyond this, search without a box
KM_PER_DEGREE = 111.2


@lru_cache(maxsize=4096)
def compiled_hours(hours_json: str) -> WeeklyHours:
    """Hours are parsed once per distinct spec, not once per coach per ticket."""
    return WeeklyHours.parse(json.loads(hours_json))


def to_candidate(coach: Coach, site: Site, open_tickets: int) -> CoachCandidate:
    return candidate_from_values(
        coach.id, coach.name, site.lat, site.lon, coach.department, coach.languages, coach.capacity,
        coach.active, coach.paused, coach.paused_until, coach.hours, coach.last_assigned_at, open_tickets,
    )


def candidate_from_values(
    coach_id: str, name: str, lat: float, lon: float, department: str | None, languages: str, capacity: int,
    active: bool, paused: bool, paused_until: datetime | None, hours: str, last_assigned_at: datetime | None,
    open_tickets: int,
) -> CoachCandidate:
    """A candidate from plain column values: queries that skip loading ORM objects (the search, the roster)."""
    return CoachCandidate(
        coach_id=coach_id, name=name, lat=lat, lon=lon, department=department,
        languages=tuple(languages.split(",")) if languages else (), capacity=capacity,
        hours=compiled_hours(hours), open_tickets=open_tickets, active=active, paused=paused,
        paused_until=paused_until, last_assigned_at=last_assigned_at,
    )


_COLUMNS = (
    Coach.id, Coach.name, Site.lat, Site.lon, Coach.department, Coach.languages, Coach.capacity,
    Coach.active, Coach.paused, Coach.paused_until, Coach.hours, Coach.last_assigned_at,
)


async def nearest_available(
    session: AsyncSession,
    employee: EmployeePoint,
    language: str,
    now: datetime,
    tz: ZoneInfo,
    excluded: Collection[str] = frozenset(),
    want: int = 1,
) -> list[RankedCoach]:
    """The best `want` available coaches, ranked exactly as `rank_coaches` would rank all of them, locked.

    Each coach returned has had their row locked (held until commit) and their
    load counted after the lock, so an offer the caller makes to them now keeps
    them within capacity however many turns route at once. A coach whose load
    changed while this turn waited for the lock means a fresh search.
    """
    locked: set[str] = set()
    while True:
        ranked, load = await _search(session, employee, language, now, tz, excluded, want)
        fresh = [r.coach_id for r in ranked if r.coach_id not in locked]
        if not fresh:
            return ranked
        await lock_coaches(session, fresh)
        locked.update(fresh)
        now_load = await open_load(session, fresh)
        if all(now_load.get(cid, 0) == load.get(cid, 0) for cid in fresh):
            return ranked


async def _search(
    session: AsyncSession,
    employee: EmployeePoint,
    language: str,
    now: datetime,
    tz: ZoneInfo,
    excluded: Collection[str],
    want: int,
) -> tuple[list[RankedCoach], dict[str, int]]:
    """The best `want` available coaches as the database shows them now, and the load each was ranked with.

    The search starts in a box of FIRST_RADIUS_KM around the employee and grows
    until it holds `want` available coaches whom nobody outside the box could
    beat (or tie with); the database only ever sorts the coaches inside the box.
    """
    k = cos(radians(employee.lat)) ** 2
    approx = (Site.lat - employee.lat) * (Site.lat - employee.lat) + (Site.lon - employee.lon) * (Site.lon - employee.lon) * k
    base = (
        select(*_COLUMNS)
        .join(Site, Site.id == Coach.site_id)
        .where(
            Coach.active.is_(True),
            Coach.person_id.is_not(None),
            Coach.languages.contains(language),
        )
        .order_by(approx, Coach.id)
    )
    if excluded:
        base = base.where(Coach.id.not_in(list(excluded)))
    radius: float | None = FIRST_RADIUS_KM
    while True:
        stmt = base
        if radius is not None:
            dlat = radius / KM_PER_DEGREE
            dlon = radius / (KM_PER_DEGREE * max(0.01, cos(radians(employee.lat))))
            stmt = stmt.where(
                Site.lat.between(employee.lat - dlat, employee.lat + dlat),
                Site.lon.between(employee.lon - dlon, employee.lon + dlon),
            )
        rows = (await session.execute(stmt)).all()
        load = await open_load(session, [row[0] for row in rows]) if rows else {}
        seen = [candidate_from_values(*row, load.get(row[0], 0)) for row in rows]
        ranked = rank_coaches(seen, employee, language, now, tz, excluded, limit=want)
        if radius is None:
            return ranked, load
        if len(ranked) == want and ranked[-1].distance_km + SAME_PLACE_KM < radius * 0.99:
            return ranked, load  # everyone outside the box is farther than the radius: nobody can beat or tie
        radius = radius * 4 if radius < MAX_RADIUS_KM else None
