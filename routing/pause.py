"""Read what a coach types after ``/pause``, in Dutch, English or French.

Coaches type on a phone, between two tasks, so the forms are loose:
``/pause`` (until ``/resume``), ``/pause 2h``, ``/pause 90 min``,
``/pause 2 uur``, ``/pause 1u30``, ``/pause tot vrijdag``,
``/pause until 14:00``, ``/pause tot 14u``, ``/pause morgen``,
``/pause jusqu'à vendredi``.

Rules that keep it predictable:

* a bare number with a unit is a duration (``14u`` is fourteen hours);
  after "until"/"tot"/"jusqu'à", or written with a colon, it is a clock time;
* "until friday" ends at the START of the next Friday (local midnight): the
  coach is back for Friday's shift; "tomorrow" ends at the next midnight;
* a clock time already past today means tomorrow.

``now`` is injected (the bot's clock), so tests and ``--fake-clock`` agree.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

MAX_PAUSE = timedelta(days=366)

_UNTIL_WORDS = re.compile(r"^(?:until|till|til|tot|jusqu'?(?:au|a|e)?)(?:\s+|$)(.*)$")
_FOR_WORDS = re.compile(r"^(?:for|voor|pour|pendant|gedurende)(?:\s+|$)(.*)$")

_UNITS = {
    **dict.fromkeys(("m", "mn", "min", "mins", "minute", "minutes", "minuut", "minuten"), 1),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "u", "uur", "uren", "heure", "heures"), 60),
    **dict.fromkeys(("d", "day", "days", "dag", "dagen", "j", "jour", "jours"), 24 * 60),
    **dict.fromkeys(("w", "wk", "week", "weeks", "weken", "semaine", "semaines"), 7 * 24 * 60),
}

_WEEKDAYS = {}
for _i, _names in enumerate((
    ("monday", "mon", "maandag", "ma", "lundi"),
    ("tuesday", "tue", "tues", "dinsdag", "di", "mardi"),
    ("wednesday", "wed", "woensdag", "wo", "mercredi"),
    ("thursday", "thu", "thur", "thurs", "donderdag", "do", "jeudi"),
    ("friday", "fri", "vrijdag", "vr", "vendredi"),
    ("saturday", "sat", "zaterdag", "za", "samedi"),
    ("sunday", "sun", "zondag", "zo", "dimanche"),
)):
    _WEEKDAYS.update(dict.fromkeys(_names, _i))
del _i, _names

_TOMORROW = ("tomorrow", "morgen", "demain")

_NUMBER = r"\d+(?:[.,]\d+)?"
_DURATION_PART = re.compile(rf"({_NUMBER})\s*([a-z]+)\s*")
_CLOCK = re.compile(r"^(\d{1,2})(?:(?::|\.|u|h)(\d{2})?|\s*(am|pm|uur|heures?))?$")

EXAMPLES = "2h, 30m, 2 uur, until friday, tot 14u, morgen"


class PauseError(ValueError):
    """The coach's text is not a pause we understand; the message says what would work."""


@dataclass(frozen=True)
class PauseUntil:
    """When a pause ends, in UTC; None means until the coach types ``/resume``."""

    until: datetime | None

    @property
    def indefinite(self) -> bool:
        return self.until is None


def parse_pause(text: str, now: datetime, tz: ZoneInfo) -> PauseUntil:
    """Turn ``/pause`` arguments into an end time, or raise PauseError in plain words."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    words = _normalise(text)
    if not words:
        return PauseUntil(None)

    rest, until_form = _strip_prefix(words, _UNTIL_WORDS)
    if not until_form:
        rest, _ = _strip_prefix(words, _FOR_WORDS)
    if not rest:
        raise PauseError(f"Until when? For example: {EXAMPLES}.")

    local_now = now.astimezone(tz)
    if rest in _TOMORROW:
        return _result(_local_midnight(local_now.date() + timedelta(days=1), tz), now)
    if rest in _WEEKDAYS:
        days_ahead = (_WEEKDAYS[rest] - local_now.weekday() - 1) % 7 + 1
        return _result(_local_midnight(local_now.date() + timedelta(days=days_ahead), tz), now)

    if until_form or ":" in rest:
        clock = _parse_clock(rest)
        if clock is not None:
            return _result(_next_clock_time(local_now, clock, tz), now)
        if until_form:
            raise PauseError(
                f"I don't understand 'until {rest}'. Try a day (friday, vrijdag, vendredi) "
                "or a time (14:00, 14u)."
            )

    minutes = _parse_duration(rest)
    if minutes is None:
        raise PauseError(f"I don't understand '{text.strip()}'. Try for example: {EXAMPLES}.")
    if minutes < 1:
        raise PauseError("A pause must last at least one minute.")
    return pause_ending(now + timedelta(minutes=minutes), now)


def pause_ending(until: datetime | None, now: datetime) -> PauseUntil:
    """A pause ending at a given moment (a date picked in the web console, or what `parse_pause` read): later
    than now and at most MAX_PAUSE away; None is until resumed."""
    if until is None:
        return PauseUntil(None)
    if until.tzinfo is None or until.utcoffset() is None:
        raise ValueError("until must be timezone-aware")
    if until <= now:  # cannot happen with the words parse_pause reads; guards clock oddities and calendars
        raise PauseError("That moment has already passed.")
    if until - now > MAX_PAUSE:
        raise PauseError("That is longer than a year; type /pause alone to pause until /resume.")
    return PauseUntil(until.astimezone(timezone.utc))


def pause_in_effect(paused: bool, paused_until: datetime | None, now: datetime) -> bool:
    """Whether a coach is paused at ``now``: an expired pause ends by itself, no job needed."""
    if not paused:
        return False
    return paused_until is None or now < paused_until


# -- helpers --------------------------------------------------------------


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("`", "'").lower()
    return " ".join(text.split())


def _strip_prefix(words: str, pattern: re.Pattern[str]) -> tuple[str, bool]:
    match = pattern.match(words)
    if not match:
        return words, False
    return match.group(1).strip(), True


def _parse_clock(text: str) -> time | None:
    match = _CLOCK.match(text.replace(" ", "") if ":" in text else text)
    if not match:
        return None
    hour = int(match.group(1))
    minute = int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour == 24 and minute == 0:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _parse_duration(text: str) -> float | None:
    compact = text.replace(" ", "")
    # "1u30" / "1h30": trailing minutes after an hour unit.
    tail = re.fullmatch(rf"({_NUMBER})(u|h|uur)(\d{{1,2}})", compact)
    if tail:
        return float(tail.group(1).replace(",", ".")) * 60 + int(tail.group(3))
    total = 0.0
    pos = 0
    matched = False
    while pos < len(text):
        part = _DURATION_PART.match(text, pos)
        if not part or part.group(2) not in _UNITS:
            return None
        total += float(part.group(1).replace(",", ".")) * _UNITS[part.group(2)]
        pos = part.end()
        matched = True
        if text.startswith("en ", pos) or text.startswith("and ", pos) or text.startswith("et ", pos):
            pos = text.index(" ", pos) + 1
    return total if matched else None


def _next_clock_time(local_now: datetime, clock: time, tz: ZoneInfo) -> datetime:
    day = local_now.date()
    candidate = datetime.combine(day, clock, tzinfo=tz)
    if candidate <= local_now:
        candidate = datetime.combine(day + timedelta(days=1), clock, tzinfo=tz)
    return candidate.astimezone(timezone.utc)


def _local_midnight(day, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tz).astimezone(timezone.utc)


def _result(until: datetime, now: datetime) -> PauseUntil:
    return pause_ending(until, now)
