"""/pause arguments as coaches type them on a phone, in Dutch, English and French."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from routing.pause import PauseError, PauseUntil, parse_pause, pause_in_effect

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = timezone.utc
# Wednesday 13 May 2026, 10:00 in Ghent (summer time, UTC+2).
NOW = datetime(2026, 5, 13, 10, 0, tzinfo=BRUSSELS).astimezone(UTC)


def until(text: str, now: datetime = NOW) -> datetime | None:
    return parse_pause(text, now, BRUSSELS).until


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS).astimezone(UTC)


@pytest.mark.parametrize(
    "text, hint",
    [
        ("abc", "Try for example"),
        ("until blah", "Try a day"),
        ("tot", "Until when?"),
        ("0m", "at least one minute"),
        ("2 parsecs", "Try for example"),
        ("800 dagen", "longer than a year"),
        ("until 25:00", "Try a day"),
        ("-2h", "Try for example"),
    ],
)
def test_nonsense_is_refused_in_plain_words(text, hint):
    with pytest.raises(PauseError) as info:
        parse_pause(text, NOW, BRUSSELS)
    assert hint in str(info.value)


def test_naive_now_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_pause("2h", datetime(2026, 5, 13, 10, 0), BRUSSELS)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_no_argument_pauses_until_resume(text):
    result = parse_pause(text, NOW, BRUSSELS)  # type: ignore[arg-type]
    assert result == PauseUntil(None)
    assert result.indefinite


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("2h", 120), ("30m", 30), ("90 min", 90), ("1u", 60), ("2 uur", 120), ("1u30", 90),
        ("1h 30m", 90), ("1,5 uur", 90), ("voor 2 uur", 120), ("2 heures", 120), ("pour 45 minutes", 45),
        ("for 2 hours", 120), ("2 uren en 15 min", 135), ("1 dag", 24 * 60), ("2H", 120),
    ],
)
def test_durations(text, minutes):
    assert until(text) == NOW + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "text", ["until friday", "tot vrijdag", "jusqu'à vendredi", "jusqu’à vendredi", "Tot Vrijdag", "until fri", "vrijdag"]
)
def test_until_a_weekday_ends_at_the_start_of_that_day(text):
    assert until(text) == local(2026, 5, 15, 0, 0)


def test_until_today_weekday_means_next_week():
    assert until("tot woensdag") == local(2026, 5, 20, 0, 0)


def test_until_monday_over_the_weekend_in_french():
    assert until("jusqu'au lundi") == local(2026, 5, 18, 0, 0)


@pytest.mark.parametrize("text", ["until 14:00", "tot 14u", "tot 14h", "jusqu'à 14h", "14:00", "until 2pm", "tot 14 uur"])
def test_until_a_clock_time_today(text):
    assert until(text) == local(2026, 5, 13, 14, 0)


def test_until_a_clock_time_already_past_means_tomorrow():
    assert until("tot 9u30") == local(2026, 5, 14, 9, 30)


@pytest.mark.parametrize("text", ["tomorrow", "morgen", "demain", "tot morgen", "until tomorrow", "jusqu'à demain"])
def test_tomorrow_ends_at_midnight(text):
    assert until(text) == local(2026, 5, 14, 0, 0)


def test_a_bare_number_with_u_is_a_duration_not_a_clock_time():
    assert until("14u") == NOW + timedelta(hours=14)


def test_until_friday_across_the_autumn_clock_change():
    wednesday = local(2026, 10, 21, 10, 0)  # summer time; Friday is still summer, Monday is winter
    assert until("tot maandag", wednesday) == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)


def test_results_are_utc():
    assert until("2h").tzinfo == UTC
    assert until("tot vrijdag").tzinfo == UTC


def test_pause_in_effect():
    later = NOW + timedelta(hours=2)
    assert not pause_in_effect(False, None, NOW)
    assert pause_in_effect(True, None, NOW)  # indefinitely, until /resume
    assert pause_in_effect(True, later, NOW)
    assert not pause_in_effect(True, later, later)  # ends by itself
