"""Pick the nearest available digicoach, exactly as docs/design.md defines it.

Available: active, not paused, inside working hours (the city's time
zone), below capacity, speaks the employee's language, and has not
declined, timed out on or handed back this ticket. Ranked by distance
between the employee's point and the coach's site, then same department,
then fewest open tickets, then longest idle, then coach id (so the same
input always gives the same answer and tests can pin it).

Distances within ``SAME_PLACE_KM`` of each other count as equal: two
coaches at one site (or across the street) are "equally near", and the
tie-breakers decide. Grouping is anchored on the nearest coach of each
group, so the rule is deterministic even for a chain of close sites.

Pure and fast: the caller loads candidates from storage once and this
runs in a few milliseconds for 10,000 of them (``now`` is converted to
local wall-clock time once; hours are precompiled minute-of-week ranges).
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import NamedTuple
from heapq import heapify, heappop
from math import asin, cos, radians, sin, sqrt
from zoneinfo import ZoneInfo

from routing.geo import EARTH_RADIUS_KM
from routing.hours import WeeklyHours, minute_of_week
from routing.pause import pause_in_effect

SAME_PLACE_KM = 0.05
_NEVER = datetime.min.replace(tzinfo=timezone.utc)  # never assigned sorts as the longest idle

INACTIVE = "inactive"
PAUSED = "paused"
OUTSIDE_HOURS = "outside_hours"
AT_CAPACITY = "at_capacity"
LANGUAGE = "language"
EXCLUDED = "excluded"
REASONS = (INACTIVE, PAUSED, OUTSIDE_HOURS, AT_CAPACITY, LANGUAGE, EXCLUDED)


@dataclass(slots=True)
class CoachCandidate:
    """One coach as storage sees them right now; build with keywords.

    Every datetime must be timezone-aware (UTC, as the clock gives): SQLite
    hands back naive datetimes, and comparing those with ``now`` would fail.
    """

    coach_id: str
    name: str
    lat: float
    lon: float
    department: str | None
    languages: Collection[str]
    capacity: int
    hours: WeeklyHours
    open_tickets: int = 0
    active: bool = True
    paused: bool = False
    paused_until: datetime | None = None  # with paused: None = until /resume; past = over
    last_assigned_at: datetime | None = None  # None = never assigned: the longest idle of all


@dataclass(frozen=True, slots=True)
class EmployeePoint:
    """Where the employee is: their site, or a location shared in the last hour."""

    lat: float
    lon: float
    department: str | None = None


class RankedCoach(NamedTuple):
    """A coach who can take the ticket now, and how far their site is from the employee."""

    coach_id: str
    distance_km: float


def why_unavailable(
    candidate: CoachCandidate,
    now: datetime,
    tz: ZoneInfo,
    language: str,
    excluded: Collection[str] = frozenset(),
) -> str | None:
    """The first reason this coach cannot get this ticket now, or None if they can.

    Reasons are checked in the order of REASONS, so ``/status`` shows the one
    the coach can act on first ("paused" before "outside_hours").
    """
    return _reason(candidate, now, minute_of_week(now, tz), language, excluded)


def rank_coaches(
    candidates: Iterable[CoachCandidate],
    employee: EmployeePoint,
    language: str,
    now: datetime,
    tz: ZoneInfo,
    excluded: Collection[str] = frozenset(),
    limit: int | None = None,
) -> list[RankedCoach]:
    """Available coaches, best first; ``limit`` keeps the best K for "offer to K at once"."""
    minute = minute_of_week(now, tz)  # the one time-zone conversion of the whole call
    if not isinstance(excluded, (set, frozenset, dict)):
        excluded = frozenset(excluded)
    lat0 = radians(employee.lat)
    lon0 = radians(employee.lon)
    cos_lat0 = cos(lat0)
    dept = employee.department.casefold() if employee.department else None
    # Many coaches share a site; each site's distance is computed once.
    distances: dict[tuple[float, float], float] = {}
    # Shift patterns are interned by WeeklyHours.parse, so this is a handful of entries;
    # the hours objects stay alive (held by the candidates) for the whole call.
    open_by_hours: dict[int, bool] = {}

    rows: list[tuple[float, int, int, datetime, str]] = []
    append = rows.append
    for c in candidates:
        # Cheapest checks first; the same tests as _reason, in a faster order.
        if not c.active or c.open_tickets >= c.capacity or c.coach_id in excluded:
            continue
        if language not in c.languages:
            continue
        if pause_in_effect(c.paused, c.paused_until, now):
            continue
        hours = c.hours
        is_open = open_by_hours.get(id(hours))
        if is_open is None:
            is_open = open_by_hours[id(hours)] = hours.is_open_at_minute(minute)
        if not is_open:
            continue
        where = (c.lat, c.lon)
        distance = distances.get(where)
        if distance is None:
            lat1 = radians(c.lat)
            h = sin((lat1 - lat0) / 2) ** 2 + cos_lat0 * cos(lat1) * sin((radians(c.lon) - lon0) / 2) ** 2
            distance = distances[where] = 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
        department = c.department
        other_dept = 0 if dept is None or (department is not None and department.casefold() == dept) else 1
        last = c.last_assigned_at
        append((distance, other_dept, c.open_tickets, _NEVER if last is None else last, c.coach_id))

    if limit is None or limit >= len(rows):
        rows.sort()
        return [RankedCoach(r[4], r[0]) for r in _by_place_then_tiebreakers(rows)]
    # The usual call wants the best one to K: pop whole "same place" groups off
    # a heap instead of sorting every available coach.
    heapify(rows)
    best: list[tuple[float, int, int, datetime, str]] = []
    while rows and len(best) < limit:
        group = [heappop(rows)]
        anchor = group[0][0]
        while rows and rows[0][0] - anchor < SAME_PLACE_KM:
            group.append(heappop(rows))
        group.sort(key=_tiebreak)
        best.extend(group)
    return [RankedCoach(r[4], r[0]) for r in best[:limit]]


def _tiebreak(row: tuple[float, int, int, datetime, str]) -> tuple[int, int, datetime, str]:
    return row[1], row[2], row[3], row[4]


def _by_place_then_tiebreakers(
    rows: list[tuple[float, int, int, datetime, str]],
) -> list[tuple[float, int, int, datetime, str]]:
    """Rows sorted by distance, regrouped so each "same place" group is in tie-break order."""
    result: list[tuple[float, int, int, datetime, str]] = []
    start = 0
    n = len(rows)
    while start < n:
        anchor = rows[start][0]
        end = start + 1
        while end < n and rows[end][0] - anchor < SAME_PLACE_KM:
            end += 1
        group = rows[start:end]
        if len(group) > 1:
            group.sort(key=_tiebreak)
        result.extend(group)
        start = end
    return result


def _reason(
    c: CoachCandidate, now: datetime, minute: int, language: str, excluded: Collection[str]
) -> str | None:
    if not c.active:
        return INACTIVE
    if pause_in_effect(c.paused, c.paused_until, now):
        return PAUSED
    if not c.hours.is_open_at_minute(minute):
        return OUTSIDE_HOURS
    if c.open_tickets >= c.capacity:
        return AT_CAPACITY
    if language not in c.languages:
        return LANGUAGE
    if c.coach_id in excluded:
        return EXCLUDED
    return None
