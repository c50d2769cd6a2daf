"""When nobody is at work for a ticket's language: when does the first coach who could take it start?"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from routing.hours import WeeklyHours
from routing.next_shift import Duty, first_moment_on_duty, next_shift
from routing.nearest import CoachCandidate

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = timezone.utc
OFFICE = WeeklyHours.parse(["mon-fri 08:00-16:00"])
EVENING = WeeklyHours.parse(["mon-fri 16:00-20:00"])
NIGHT = WeeklyHours.parse(["mon-fri 22:00-06:00"])


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Brussels wall-clock moment, as the UTC instant the bot's clock would give."""
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS).astimezone(UTC)


# 2026-05-13 is a Wednesday, 2026-05-15 a Friday.
WEDNESDAY_EVENING = local(2026, 5, 13, 21, 16)


def coach(coach_id: str, hours: WeeklyHours = OFFICE, **changes) -> CoachCandidate:
    base = CoachCandidate(
        coach_id=coach_id, name=coach_id.title(), lat=51.05, lon=3.72, department=None,
        languages=("nl", "en"), capacity=2, hours=hours,
    )
    return replace(base, **changes)


def start_of(candidates, now, language="nl", excluded=frozenset()) -> datetime | None:
    seen = next_shift(candidates, language, now, BRUSSELS, excluded)
    assert not seen.on_duty_now
    return seen.next_start


def test_weekday_evening_waits_for_tomorrow_morning():
    assert start_of([coach("anna"), coach("jens", EVENING)], WEDNESDAY_EVENING) == local(2026, 5, 14, 8, 0)


def test_friday_evening_waits_for_monday():
    assert start_of([coach("anna"), coach("jens", EVENING)], local(2026, 5, 15, 21, 16)) == local(2026, 5, 18, 8, 0)


def test_a_weekend_coach_comes_before_monday():
    weekend = coach("sofie", WeeklyHours.parse(["sat-sun 10:00-14:00"]))
    assert start_of([coach("anna"), weekend], local(2026, 5, 15, 21, 16)) == local(2026, 5, 16, 10, 0)


def test_a_pause_until_14_00_ends_then_while_the_others_are_off_duty():
    noon = local(2026, 5, 13, 12, 30)
    paused = coach("anna", paused=True, paused_until=local(2026, 5, 13, 14, 0))
    assert start_of([paused, coach("jens", EVENING)], noon) == local(2026, 5, 13, 14, 0)


def test_a_pause_ending_outside_hours_waits_for_the_next_shift():
    # "/pause until friday" ends at Friday 00:00; her Friday starts at 08:00.
    paused = coach("anna", paused=True, paused_until=local(2026, 5, 15, 0, 0))
    assert start_of([paused], local(2026, 5, 13, 10, 0)) == local(2026, 5, 15, 8, 0)


def test_a_pause_without_end_never_ends_by_itself():
    forever = coach("anna", paused=True, paused_until=None)
    assert start_of([forever], WEDNESDAY_EVENING) is None
    assert start_of([forever, coach("jens", EVENING)], local(2026, 5, 13, 12, 0)) == local(2026, 5, 13, 16, 0)


def test_an_expired_pause_is_no_pause():
    was_paused = coach("anna", paused=True, paused_until=local(2026, 5, 13, 9, 0))
    assert next_shift([was_paused], "nl", local(2026, 5, 13, 10, 0), BRUSSELS) == Duty(on_duty_now=True)


def test_a_night_shift_across_midnight():
    assert start_of([coach("anna"), coach("nina", NIGHT)], WEDNESDAY_EVENING) == local(2026, 5, 13, 22, 0)
    # Friday's night shift is still on at 03:00 on Saturday...
    assert next_shift([coach("nina", NIGHT)], "nl", local(2026, 5, 16, 3, 0), BRUSSELS).on_duty_now
    # ...and after it, the next one is Monday night, later than Monday's office hours.
    assert start_of([coach("anna"), coach("nina", NIGHT)], local(2026, 5, 16, 7, 0)) == local(2026, 5, 18, 8, 0)


@pytest.mark.parametrize(
    "friday, monday_utc_hour",
    [
        ((2026, 3, 27), 6),  # summer time starts Sunday 29 March: 08:00 on Monday is 06:00 UTC
        ((2026, 10, 23), 7),  # and ends Sunday 25 October: 08:00 on Monday is 07:00 UTC again
    ],
)
def test_summer_time_change_keeps_the_wall_clock_start(friday, monday_utc_hour):
    evening = local(*friday, 21, 16)
    start = start_of([coach("anna")], evening)
    monday = datetime(*friday, tzinfo=BRUSSELS).date() + timedelta(days=3)
    assert start == datetime(monday.year, monday.month, monday.day, monday_utc_hour, 0, tzinfo=UTC)
    assert start.astimezone(BRUSSELS).hour == 8


def test_nobody_speaks_the_language():
    assert next_shift([coach("anna"), coach("jens", EVENING)], "fr", WEDNESDAY_EVENING, BRUSSELS) == Duty(False, None)
    assert next_shift([coach("anna")], "fr", local(2026, 5, 13, 10, 0), BRUSSELS) == Duty(False, None)


def test_someone_on_duty_now():
    assert next_shift([coach("anna"), coach("jens", EVENING)], "nl", local(2026, 5, 13, 10, 0), BRUSSELS) == Duty(True)


def test_full_or_already_tried_coaches_at_work_mean_busy_not_off_duty():
    ten = local(2026, 5, 13, 10, 0)
    assert next_shift([coach("anna", open_tickets=2)], "nl", ten, BRUSSELS).on_duty_now
    assert next_shift([coach("anna")], "nl", ten, BRUSSELS, excluded={"anna"}).on_duty_now


def test_a_coach_who_already_said_no_does_not_bring_the_start_nearer():
    early = coach("bram", WeeklyHours.parse(["mon-fri 06:00-10:00"]))
    assert start_of([early, coach("anna")], WEDNESDAY_EVENING, excluded={"bram"}) == local(2026, 5, 14, 8, 0)
    assert start_of([early], WEDNESDAY_EVENING, excluded={"bram"}) is None


def test_inactive_coaches_and_empty_hours_never_start():
    assert start_of([coach("anna", active=False), coach("jens", WeeklyHours())], WEDNESDAY_EVENING) is None


def test_the_search_stops_after_eight_days():
    back_in_ten_days = coach("anna", paused=True, paused_until=local(2026, 5, 23, 12, 0))
    assert start_of([back_in_ten_days], WEDNESDAY_EVENING) is None
    back_on_monday = coach("anna", paused=True, paused_until=local(2026, 5, 18, 0, 0))
    assert start_of([back_on_monday], WEDNESDAY_EVENING) == local(2026, 5, 18, 8, 0)


def test_first_moment_on_duty_is_now_when_at_work():
    ten = local(2026, 5, 13, 10, 0)
    assert first_moment_on_duty(coach("anna"), ten, BRUSSELS) == ten


def test_round_the_clock_hours_are_open_at_once():
    always = coach("anna", WeeklyHours.always(), paused=True, paused_until=local(2026, 5, 14, 3, 17))
    assert start_of([always], WEDNESDAY_EVENING) == local(2026, 5, 14, 3, 17)


def test_now_must_be_aware():
    with pytest.raises(ValueError):
        next_shift([coach("anna")], "nl", datetime(2026, 5, 13, 21, 16), BRUSSELS)
