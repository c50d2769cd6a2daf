"""Weekly working hours of a coach, as written in the coach directory.

A spec is ``"<days> <HH:MM>-<HH:MM>"``, for example ``"mon-fri 08:00-16:00"``,
``"mon,wed,fri 09:00-12:00"``, ``"sat-sun 10:00-14:00"`` or
``"fri-mon 07:00-12:00"`` (a day range may wrap over the weekend). ``24:00``
is allowed as an end. A shift whose end is not after its start crosses
midnight: ``"mon-fri 22:00-06:00"`` starts on each named day and ends the
next morning.

Hours are wall-clock times in the directory's time zone, so "08:00" stays
08:00 on both sides of a summer-time change. Internally a week is compiled
into sorted, merged minute-of-week intervals (Monday 00:00 is minute 0), so
the routing hot loop can answer "open now?" with one bisect.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_ALIASES = {name: i for i, name in enumerate(DAY_NAMES)}
_DAY_ALIASES.update(
    {full: i for i, full in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
)

_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_RANGE_RE = re.compile(r"^(\S+?)-(\S+)$")


class HoursError(ValueError):
    """A working-hours spec that cannot be understood; the message quotes it."""


@dataclass(frozen=True)
class WeeklyHours:
    """Compiled weekly hours: half-open minute-of-week intervals, sorted and merged.

    ``specs`` keeps the text as written so ``/status`` can show the coach
    what the bot thinks their hours are.
    """

    intervals: tuple[tuple[int, int], ...] = ()
    specs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # The starts are kept apart so the hot path is a single bisect.
        object.__setattr__(self, "_starts", tuple(a for a, _ in self.intervals))
        object.__setattr__(self, "_ends", tuple(b for _, b in self.intervals))

    # -- construction ---------------------------------------------------

    @classmethod
    def parse(cls, specs: Sequence[str] | str) -> WeeklyHours:
        """Parse one spec or a list of them; raise HoursError naming the bad one."""
        if isinstance(specs, str):
            specs = [specs]
        specs = tuple(specs)
        if cls is WeeklyHours and all(isinstance(s, str) for s in specs):
            return _parse_interned(specs)
        return cls._parse_uncached(specs)

    @classmethod
    def _parse_uncached(cls, specs: tuple[str, ...]) -> WeeklyHours:
        pieces: list[tuple[int, int]] = []
        for spec in specs:
            pieces.extend(_parse_spec(spec))
        return cls(_merge(pieces), tuple(s.strip() for s in specs))

    @classmethod
    def always(cls) -> WeeklyHours:
        return cls(((0, MINUTES_PER_WEEK),), ("mon-sun 00:00-24:00",))

    @classmethod
    def union(cls, many: Iterable[WeeklyHours]) -> WeeklyHours:
        """Hours when at least one of ``many`` is open: the escalation clock of a whole city."""
        pieces: list[tuple[int, int]] = []
        specs: list[str] = []
        for hours in many:
            pieces.extend(hours.intervals)
            specs.extend(s for s in hours.specs if s not in specs)
        return cls(_merge(pieces), tuple(specs))

    # -- questions ------------------------------------------------------

    @property
    def empty(self) -> bool:
        return not self.intervals

    def is_open_at_minute(self, minute_of_week: int) -> bool:
        """The hot-path check: no time-zone work, just a bisect."""
        i = bisect_right(self._starts, minute_of_week)  # type: ignore[attr-defined]
        return i > 0 and minute_of_week < self._ends[i - 1]  # type: ignore[attr-defined]

    def is_open(self, at: datetime, tz: ZoneInfo) -> bool:
        """Whether ``at`` (tz-aware) falls inside these hours on the local wall clock of ``tz``."""
        return self.is_open_at_minute(minute_of_week(at, tz))

    def next_opening(self, after: datetime, tz: ZoneInfo) -> datetime | None:
        """The first moment at or after ``after`` when a closed stretch turns open, in UTC.

        Back-to-back ranges (``08:00-12:00`` and ``12:00-16:00``) are one
        stretch, so 12:00 is not an opening. None when the hours are empty
        or open all week round (there is never an opening to wait for).
        """
        _require_aware(after)
        openings = self._opening_minutes()
        if not openings:
            return None
        local = after.astimezone(tz)
        week_start = datetime(local.year, local.month, local.day) - timedelta(days=local.weekday())
        # Two weeks of candidates always contain the answer; a third covers
        # odd cases where a summer-time gap pushes a start past ``after``.
        for week in range(3):
            base = week_start + timedelta(weeks=week)
            for minute in openings:
                candidate = _local_to_utc(base + timedelta(minutes=minute), tz)
                if candidate >= after:
                    return candidate
        return None  # pragma: no cover - unreachable with non-empty openings

    def _opening_minutes(self) -> list[int]:
        if not self.intervals:
            return []
        wraps = self.intervals[-1][1] == MINUTES_PER_WEEK
        starts = [a for a, _ in self.intervals if not (a == 0 and wraps)]
        return starts

    def __str__(self) -> str:
        return "; ".join(self.specs) if self.specs else "(no hours)"


@lru_cache(maxsize=4096)
def _parse_interned(specs: tuple[str, ...]) -> WeeklyHours:
    # Coaches mostly share a handful of shift patterns; one object per pattern
    # lets routing remember "open now?" per pattern instead of per coach.
    return WeeklyHours._parse_uncached(specs)


def minute_of_week(at: datetime, tz: ZoneInfo) -> int:
    """Local wall-clock minute since Monday 00:00; routing converts ``now`` once with this."""
    _require_aware(at)
    local = at.astimezone(tz)
    return local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute


def working_time_between(start: datetime, end: datetime, tz: ZoneInfo, hours: WeeklyHours) -> timedelta:
    """Real time between ``start`` and ``end`` that falls inside ``hours``.

    Used by the escalation rule ("waited longer than 2 working hours"), so a
    question asked on Friday evening does not alarm the coordinator on
    Saturday. Each local interval is turned into real instants, so a night
    shift over a summer-time change counts the hour it really lasted.
    """
    _require_aware(start)
    _require_aware(end)
    if end <= start or hours.empty:
        return timedelta(0)
    local = start.astimezone(tz)
    week_start = datetime(local.year, local.month, local.day) - timedelta(days=local.weekday())
    total = timedelta(0)
    while True:
        if _local_to_utc(week_start, tz) >= end:
            break
        for a, b in hours.intervals:
            lo = _local_to_utc(week_start + timedelta(minutes=a), tz)
            hi = _local_to_utc(week_start + timedelta(minutes=b), tz)
            lo, hi = max(lo, start), min(hi, end)
            if hi > lo:
                total += hi - lo
        week_start += timedelta(weeks=1)
    return total


# -- parsing --------------------------------------------------------------


def _parse_spec(spec: object) -> list[tuple[int, int]]:
    if not isinstance(spec, str):
        raise HoursError(f"{spec!r}: expected text like \"mon-fri 08:00-16:00\"")
    text = spec.strip().lower()
    match = re.match(r"^([a-z,\s-]+?)\s+(\d.*)$", text)
    if not match:
        raise HoursError(f"{spec!r}: expected days then times, like \"mon-fri 08:00-16:00\"")
    days_text, times_text = match.group(1), match.group(2)
    days = _parse_days(days_text, spec)
    ranges = [_parse_time_range(part, spec) for part in re.split(r"[,\s]+", times_text.strip()) if part]
    pieces: list[tuple[int, int]] = []
    for day in days:
        for start, end in ranges:
            a = day * MINUTES_PER_DAY + start
            b = day * MINUTES_PER_DAY + end
            if end <= start:  # crosses midnight into the next day
                b += MINUTES_PER_DAY
            if b <= MINUTES_PER_WEEK:
                pieces.append((a, b))
            else:  # Sunday night into Monday morning: wrap to the week's start
                pieces.append((a, MINUTES_PER_WEEK))
                pieces.append((0, b - MINUTES_PER_WEEK))
    return pieces


def _parse_days(text: str, spec: str) -> list[int]:
    days: list[int] = []
    for item in (p.strip() for p in text.split(",")):
        if not item:
            raise HoursError(f"{spec!r}: empty day in the day list")
        if "-" in item:
            first, _, last = (s.strip() for s in item.partition("-"))
            a, b = _day(first, spec), _day(last, spec)
            span = [(a + k) % 7 for k in range(((b - a) % 7) + 1)]
        else:
            span = [_day(item, spec)]
        days.extend(d for d in span if d not in days)
    return days


def _day(name: str, spec: str) -> int:
    try:
        return _DAY_ALIASES[name]
    except KeyError:
        raise HoursError(
            f"{spec!r}: unknown day {name!r} (use {', '.join(DAY_NAMES)})"
        ) from None


def _parse_time_range(text: str, spec: str) -> tuple[int, int]:
    match = _RANGE_RE.match(text)
    if not match:
        raise HoursError(f"{spec!r}: {text!r} is not a time range like 08:00-16:00")
    start = _minute_of_day(match.group(1), spec, allow_24=False)
    end = _minute_of_day(match.group(2), spec, allow_24=True)
    if start == end:
        raise HoursError(f"{spec!r}: {text!r} starts and ends at the same time")
    return start, end


def _minute_of_day(text: str, spec: str, *, allow_24: bool) -> int:
    match = _TIME_RE.match(text)
    if not match:
        raise HoursError(f"{spec!r}: {text!r} is not a time like 08:00")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour == 24 and minute == 0:
        if allow_24:
            return MINUTES_PER_DAY
        raise HoursError(f"{spec!r}: a shift cannot start at 24:00 (use 00:00)")
    if hour > 23 or minute > 59:
        raise HoursError(f"{spec!r}: {text!r} is not a time of day")
    return hour * 60 + minute


def _merge(pieces: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for a, b in sorted(pieces):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def _local_to_utc(naive_local: datetime, tz: ZoneInfo) -> datetime:
    # fold=0: an ambiguous autumn time is its first (summer) occurrence and a
    # missing spring time is read with the winter offset, i.e. just after the gap.
    return naive_local.replace(tzinfo=tz).astimezone(timezone.utc)


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is needed (the clock gives UTC)")
