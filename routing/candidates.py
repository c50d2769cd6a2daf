"""Read the coaches who could take a ticket from storage, as plain values for `routing.nearest`."""
from __future__ import annotations

import json
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from routing.hours import WeeklyHours
from routing.nearest import CoachCandidate
from storage.models import Coach, Site
from storage.tickets import open_load


@lru_cache(maxsize=4096)
def compiled_hours(hours_json: str) -> WeeklyHours:
    """Hours are parsed once per distinct spec, not once per coach per ticket."""
    return WeeklyHours.parse(json.loads(hours_json))


def to_candidate(coach: Coach, site: Site, open_tickets: int) -> CoachCandidate:
    return CoachCandidate(
        coach_id=coach.id,
        name=coach.name,
        lat=site.lat,
        lon=site.lon,
        department=coach.department,
        languages=tuple(coach.languages.split(",")) if coach.languages else (),
        capacity=coach.capacity,
        open_tickets=open_tickets,
        active=coach.active,
        paused=coach.paused,
        paused_until=coach.paused_until,
        hours=compiled_hours(coach.hours),
        last_assigned_at=coach.last_assigned_at,
    )


async def load_candidates(session: AsyncSession, *, reachable_only: bool = True) -> list[CoachCandidate]:
    """Every coach with their current load; unreachable ones (never linked to a channel) are left out."""
    stmt = select(Coach, Site).join(Site, Site.id == Coach.site_id).where(Coach.active.is_(True))
    if reachable_only:
        stmt = stmt.where(Coach.person_id.is_not(None))
    rows = (await session.execute(stmt)).all()
    load = await open_load(session)
    return [to_candidate(coach, site, load.get(coach.id, 0)) for coach, site in rows]
