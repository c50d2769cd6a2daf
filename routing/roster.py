"""Who is available now: the web console's list of coaches, by the routing rules themselves.

Each coach's state comes from `routing.nearest.why_unavailable`, the rule
`/status` shows a coach and the same tests `rank_coaches` makes, on the same
candidate (`routing.candidates.candidate_from_values`) with the same open work
(`storage.capacity`). So "free" here means exactly "could be offered a question
now". The page refreshes itself, so the list is one query for the coaches with
their sites and open work, one for the sites, and the time zone.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from routing.candidates import candidate_from_values
from routing.directory import Site
from routing.hours import minute_of_week
from routing.nearest import INACTIVE, why_unavailable
from routing.pause import pause_in_effect
from routing.sync import directory_timezone
from storage.directory_edits import coaches_with_load, sites_in

NO_CHAT = "no_chat"  # active, but no chat account linked yet (no invitation redeemed): routing skips them


@dataclass(frozen=True, slots=True)
class CoachNow:
    """One coach at one moment. `reason` is why they cannot get a question now (routing.nearest.REASONS, or
    NO_CHAT), None when `free`."""

    id: str
    name: str
    site_id: str
    site_name: str
    department: str | None
    languages: tuple[str, ...]
    hours: tuple[str, ...]  # the specs as written in the directory
    capacity: int
    email: str | None
    active: bool
    linked: bool  # has a chat account (Telegram, Teams)
    paused: bool  # a pause in effect now
    paused_until: datetime | None  # its end (aware UTC); None while paused means until resumed
    in_hours: bool  # inside their working hours now, in the directory's time zone
    open_tickets: int  # accepted tickets plus pending offers: what capacity is measured against
    free: bool
    reason: str | None


@dataclass(frozen=True)
class Roster:
    now: datetime
    timezone: str
    coaches: tuple[CoachNow, ...]  # by name
    sites: tuple[Site, ...]  # by name


async def roster(session: AsyncSession, departments: Sequence[str], now: datetime) -> Roster:
    """The coaches and sites of these departments (empty: all) as they are at `now` (the injected clock's)."""
    zone_name = await directory_timezone(session)
    tz = ZoneInfo(zone_name)
    minute = minute_of_week(now, tz)  # one time-zone conversion for the whole list
    coaches = tuple(coach_now(row, now, tz, minute) for row in await coaches_with_load(session, departments))
    sites = tuple(Site(s.id, s.name, s.lat, s.lon, s.department) for s in await sites_in(session, departments))
    return Roster(now=now, timezone=zone_name, coaches=coaches, sites=sites)


def coach_now(row: Sequence, now: datetime, tz: ZoneInfo, minute: int) -> CoachNow:
    """A row of `storage.directory_edits.coaches_with_load` (its ROSTER_COLUMNS, in order) as the list shows it,
    judged as routing judges a candidate."""
    (coach_id, name, site_id, site_name, lat, lon, department, languages, capacity, hours, email, active, person_id,
     paused, paused_until, load) = row
    # idle time only ranks coaches who are free; whether one is free does not depend on it
    candidate = candidate_from_values(coach_id, name, lat, lon, department, languages, capacity, active, paused,
                                      paused_until, hours, None, load)
    if not active:
        reason: str | None = INACTIVE
    elif person_id is None:
        reason = NO_CHAT
    else:  # their own first language: the list asks "could they get a question", not one in a given language
        reason = why_unavailable(candidate, now, tz, language=next(iter(candidate.languages), ""))
    paused_now = pause_in_effect(paused, paused_until, now)
    return CoachNow(
        id=coach_id, name=name, site_id=site_id, site_name=site_name, department=department,
        languages=tuple(candidate.languages), hours=candidate.hours.specs, capacity=capacity, email=email,
        active=active, linked=person_id is not None, paused=paused_now,
        paused_until=paused_until if paused_now else None, in_hours=candidate.hours.is_open_at_minute(minute),
        open_tickets=load, free=reason is None, reason=reason,
    )
