"""Is anyone at work for this ticket now, and if not, when does the first one start?

An employee whose question lands in the queue at 21:16 must not be told
"everybody is busy": nobody is working, and the honest answer is when the
first coach who could take it starts. This module answers that, from the
same ``CoachCandidate`` values routing uses and with the same rules:
working hours in the city's time zone (``routing.hours``, night shifts and
summer time included) and the one pause rule (``routing.pause``): a pause
with an end time ends then, a pause without one (until ``/resume``) never
ends by itself.

Two questions, deliberately answered over different sets of coaches:

* *on duty now* counts every active coach who speaks the language and is
  inside their hours and not paused, even one who is full or has already
  declined, timed out on or handed back this ticket. Such a coach is at
  work: the employee's wait is "everyone is busy", not "nobody is working";
* *next start* only counts coaches who could still get the ticket (not
  excluded): a coach who said no at 16:00 does not make "tomorrow 8:00"
  any nearer. Capacity is not predicted: a coach full now may be free by
  their next shift.

Pure: no storage, no clock. ``now`` is passed in, so tests and
``--fake-clock`` agree with production.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from routing.hours import minute_of_week
from routing.nearest import CoachCandidate
from routing.pause import pause_in_effect

HORIZON = timedelta(days=8)  # a whole week of shifts, plus the day the week wraps on


@dataclass(frozen=True, slots=True)
class Duty:
    """Who is at work for one ticket's language, seen from one instant.

    ``next_start`` is only looked for when nobody is on duty; it is None
    when somebody is on duty now, and also when no coach who could take the
    ticket will be on duty within the horizon (nobody speaks the language,
    everybody is paused until ``/resume`` or has no hours, or everybody
    who will work has already said no).
    """

    on_duty_now: bool
    next_start: datetime | None = None


def next_shift(
    candidates: Iterable[CoachCandidate],
    language: str,
    now: datetime,
    tz: ZoneInfo,
    excluded: Collection[str] = frozenset(),
    horizon: timedelta = HORIZON,
) -> Duty:
    """Whether a coach for ``language`` is at work at ``now``; if not, when the first who could take it starts.

    The start is a UTC instant: the moment the first such coach is inside
    their hours and not paused, at most ``horizon`` after ``now``.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (the clock gives UTC)")
    minute = minute_of_week(now, tz)
    speakers = [c for c in candidates if c.active and language in c.languages]
    if any(_working_at(c, now, minute) for c in speakers):
        return Duty(on_duty_now=True)
    limit = now + horizon
    starts = (
        start
        for c in speakers
        if c.coach_id not in excluded
        for start in (first_moment_on_duty(c, now, tz),)
        if start is not None and start <= limit
    )
    return Duty(on_duty_now=False, next_start=min(starts, default=None))


def first_moment_on_duty(candidate: CoachCandidate, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The first instant at or after ``now`` when this coach is inside their hours and not paused.

    None when that never happens: inactive, paused until ``/resume``, or no
    hours at all. Capacity is not looked at; language and exclusion are the
    caller's business.
    """
    if not candidate.active or candidate.hours.empty:
        return None
    start = now
    if pause_in_effect(candidate.paused, candidate.paused_until, now):
        if candidate.paused_until is None:
            return None  # until /resume: no clock ends it
        start = candidate.paused_until
    if candidate.hours.is_open(start, tz):
        return start
    return candidate.hours.next_opening(start, tz)


def _working_at(candidate: CoachCandidate, now: datetime, minute: int) -> bool:
    return not pause_in_effect(candidate.paused, candidate.paused_until, now) and candidate.hours.is_open_at_minute(minute)
