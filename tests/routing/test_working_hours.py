"""Working hours are local wall-clock times in the city's zone, summer time included."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from routing.hours import HoursError, WeeklyHours, working_time_between

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = timezone.utc


def local(*args: int) -> datetime:
    """A Brussels wall-clock moment, as the UTC instant the clock would give."""
    return datetime(*args, tzinfo=BRUSSELS).astimezone(UTC)


# 2026-05-11 is a Monday.
MON, TUE, WED, THU, FRI, SAT, SUN = range(11, 18)


@pytest.mark.parametrize(
    "spec, message_part",
    [
        ("mon-fry 08:00-16:00", "unknown day 'fry'"),
        ("maandag 08:00-16:00", "unknown day 'maandag'"),
        ("mon-fri", "expected days then times"),
        ("08:00-16:00", "expected days then times"),
        ("mon-fri 8h-16h", "'8h' is not a time"),
        ("mon-fri 08:00", "not a time range"),
        ("mon-fri 25:00-26:00", "not a time of day"),
        ("mon-fri 08:61-16:00", "not a time of day"),
        ("mon-fri 24:00-06:00", "cannot start at 24:00"),
        ("mon-fri 08:00-08:00", "starts and ends at the same time"),
        ("mon,,fri 08:00-16:00", "empty day"),
    ],
)
def test_bad_specs_are_refused_with_the_spec_quoted(spec, message_part):
    with pytest.raises(HoursError) as info:
        WeeklyHours.parse([spec])
    assert message_part in str(info.value)
    assert repr(spec) in str(info.value)


def test_non_text_spec_is_refused():
    with pytest.raises(HoursError):
        WeeklyHours.parse([8])  # type: ignore[list-item]


def test_weekday_range():
    hours = WeeklyHours.parse(["mon-fri 08:00-16:00"])
    assert hours.is_open(local(2026, 5, WED, 8, 0), BRUSSELS)
    assert hours.is_open(local(2026, 5, WED, 15, 59), BRUSSELS)
    assert not hours.is_open(local(2026, 5, WED, 16, 0), BRUSSELS)  # end is exclusive
    assert not hours.is_open(local(2026, 5, WED, 7, 59), BRUSSELS)
    assert not hours.is_open(local(2026, 5, SAT, 10, 0), BRUSSELS)


def test_several_ranges_and_day_lists():
    hours = WeeklyHours.parse(["mon,wed,fri 09:00-12:00", "tue 13:00-17:00", "sat-sun 10:00-14:00"])
    assert hours.is_open(local(2026, 5, MON, 10, 0), BRUSSELS)
    assert not hours.is_open(local(2026, 5, TUE, 10, 0), BRUSSELS)
    assert hours.is_open(local(2026, 5, TUE, 14, 0), BRUSSELS)
    assert hours.is_open(local(2026, 5, SUN, 13, 59), BRUSSELS)
    assert not hours.is_open(local(2026, 5, THU, 10, 0), BRUSSELS)


def test_two_time_ranges_in_one_spec():
    hours = WeeklyHours.parse(["mon-fri 08:00-12:00 13:00-16:00"])
    assert hours.is_open(local(2026, 5, MON, 11, 0), BRUSSELS)
    assert not hours.is_open(local(2026, 5, MON, 12, 30), BRUSSELS)
    assert hours.is_open(local(2026, 5, MON, 13, 30), BRUSSELS)


def test_day_range_wrapping_over_the_weekend():
    hours = WeeklyHours.parse(["fri-mon 07:00-12:00"])
    for day in (FRI, SAT, SUN, MON):
        assert hours.is_open(local(2026, 5, day, 9, 0), BRUSSELS), day
    for day in (TUE, WED, THU):
        assert not hours.is_open(local(2026, 5, day, 9, 0), BRUSSELS), day


def test_shift_across_midnight_belongs_to_the_day_it_starts():
    hours = WeeklyHours.parse(["fri 22:00-06:00"])
    assert hours.is_open(local(2026, 5, SAT, 3, 0), BRUSSELS)  # Friday's night shift
    assert hours.is_open(local(2026, 5, FRI, 23, 0), BRUSSELS)
    assert not hours.is_open(local(2026, 5, FRI, 3, 0), BRUSSELS)  # Thursday had no shift
    assert not hours.is_open(local(2026, 5, SAT, 6, 0), BRUSSELS)
    assert not hours.is_open(local(2026, 5, SAT, 23, 0), BRUSSELS)


def test_sunday_night_shift_wraps_into_monday_morning():
    hours = WeeklyHours.parse(["sun 22:00-06:00"])
    assert hours.is_open(local(2026, 5, MON, 5, 0), BRUSSELS)
    assert hours.is_open(local(2026, 5, SUN, 22, 30), BRUSSELS)
    assert not hours.is_open(local(2026, 5, TUE, 5, 0), BRUSSELS)


def test_24_00_as_end_and_round_the_clock():
    evening = WeeklyHours.parse(["mon 18:00-24:00"])
    assert evening.is_open(local(2026, 5, MON, 23, 59), BRUSSELS)
    assert not evening.is_open(local(2026, 5, TUE, 0, 0), BRUSSELS)
    always = WeeklyHours.parse(["mon-sun 00:00-24:00"])
    assert always == WeeklyHours.always()
    assert all(always.is_open(local(2026, 5, d, h, 0), BRUSSELS) for d in range(MON, SUN + 1) for h in range(24))


def test_empty_hours_are_never_open():
    hours = WeeklyHours.parse([])
    assert hours.empty
    assert not hours.is_open(local(2026, 5, MON, 10, 0), BRUSSELS)
    assert hours.next_opening(local(2026, 5, MON, 10, 0), BRUSSELS) is None


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        WeeklyHours.parse(["mon 08:00-16:00"]).is_open(datetime(2026, 5, 11, 9, 0), BRUSSELS)


# -- summer time -------------------------------------------------------------


@pytest.mark.parametrize(
    "winter_day, summer_day",
    [
        (datetime(2026, 3, 27, tzinfo=UTC), datetime(2026, 3, 30, tzinfo=UTC)),  # clocks forward 29 March
        (datetime(2026, 10, 26, tzinfo=UTC), datetime(2026, 10, 23, tzinfo=UTC)),  # clocks back 25 October
    ],
)
def test_a_shift_follows_the_wall_clock_over_the_summer_time_change(winter_day, summer_day):
    hours = WeeklyHours.parse(["mon-fri 08:00-16:00"])
    # Winter (UTC+1): 08:00 local is 07:00 UTC.
    assert hours.is_open(winter_day.replace(hour=7, minute=30), BRUSSELS)
    assert not hours.is_open(winter_day.replace(hour=6, minute=30), BRUSSELS)
    assert hours.is_open(winter_day.replace(hour=14, minute=30), BRUSSELS)
    assert not hours.is_open(winter_day.replace(hour=15, minute=0), BRUSSELS)
    # Summer (UTC+2): 08:00 local is 06:00 UTC.
    assert hours.is_open(summer_day.replace(hour=6, minute=30), BRUSSELS)
    assert not hours.is_open(summer_day.replace(hour=5, minute=30), BRUSSELS)
    assert not hours.is_open(summer_day.replace(hour=14, minute=30), BRUSSELS)


def test_night_shift_on_the_night_clocks_go_back_is_open_for_both_two_oclocks():
    hours = WeeklyHours.parse(["sat 22:00-06:00"])
    # 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 local happens twice.
    assert hours.is_open(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), BRUSSELS)  # 02:30 CEST
    assert hours.is_open(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), BRUSSELS)  # 02:30 CET
    assert not hours.is_open(datetime(2026, 10, 25, 5, 0, tzinfo=UTC), BRUSSELS)  # 06:00 CET


# -- next opening ------------------------------------------------------------


def test_next_opening_across_the_weekend():
    hours = WeeklyHours.parse(["mon-fri 08:00-16:00"])
    friday_evening = local(2026, 5, FRI, 17, 0)
    assert hours.next_opening(friday_evening, BRUSSELS) == local(2026, 5, 18, 8, 0)
    assert hours.next_opening(friday_evening, BRUSSELS).tzinfo == UTC


def test_next_opening_later_today_and_while_open():
    hours = WeeklyHours.parse(["mon-fri 08:00-12:00", "mon-fri 13:00-16:00"])
    assert hours.next_opening(local(2026, 5, TUE, 7, 0), BRUSSELS) == local(2026, 5, TUE, 8, 0)
    assert hours.next_opening(local(2026, 5, TUE, 12, 15), BRUSSELS) == local(2026, 5, TUE, 13, 0)
    # exactly at a start: that is the opening
    assert hours.next_opening(local(2026, 5, TUE, 8, 0), BRUSSELS) == local(2026, 5, TUE, 8, 0)
    # already open: the next start, not now
    assert hours.next_opening(local(2026, 5, TUE, 9, 0), BRUSSELS) == local(2026, 5, TUE, 13, 0)


def test_back_to_back_ranges_are_one_stretch():
    hours = WeeklyHours.parse(["mon 08:00-12:00", "mon 12:00-16:00"])
    assert hours.next_opening(local(2026, 5, MON, 9, 0), BRUSSELS) == local(2026, 5, 18, 8, 0)


def test_next_opening_over_the_spring_change():
    hours = WeeklyHours.parse(["mon-fri 08:00-16:00"])
    # Friday 27 March 2026 (winter) to Monday 30 March (summer): 08:00 CEST = 06:00 UTC.
    assert hours.next_opening(local(2026, 3, 27, 17, 0), BRUSSELS) == datetime(2026, 3, 30, 6, 0, tzinfo=UTC)


def test_round_the_clock_has_no_next_opening():
    assert WeeklyHours.always().next_opening(local(2026, 5, MON, 10, 0), BRUSSELS) is None


def test_sunday_night_shift_opening_is_sunday_evening_not_monday_midnight():
    hours = WeeklyHours.parse(["sun 22:00-06:00"])
    assert hours.next_opening(local(2026, 5, MON, 10, 0), BRUSSELS) == local(2026, 5, SUN, 22, 0)


# -- working time ------------------------------------------------------------


def test_working_time_skips_nights_and_weekends():
    hours = WeeklyHours.parse(["mon-fri 08:00-17:00"])
    asked = local(2026, 5, FRI, 16, 0)
    assert working_time_between(asked, local(2026, 5, 18, 9, 0), BRUSSELS, hours) == timedelta(hours=2)
    assert working_time_between(asked, local(2026, 5, SAT, 12, 0), BRUSSELS, hours) == timedelta(hours=1)
    assert working_time_between(local(2026, 5, SAT, 9, 0), local(2026, 5, SUN, 20, 0), BRUSSELS, hours) == timedelta()


def test_working_time_over_several_weeks():
    hours = WeeklyHours.parse(["mon-fri 08:00-17:00"])
    start = local(2026, 5, MON, 0, 0)
    assert working_time_between(start, start + timedelta(weeks=3), BRUSSELS, hours) == timedelta(hours=3 * 5 * 9)


def test_working_time_of_a_night_shift_when_clocks_go_back_counts_the_real_hour():
    hours = WeeklyHours.parse(["sat 22:00-06:00"])
    start = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    end = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)
    assert working_time_between(start, end, BRUSSELS, hours) == timedelta(hours=9)


def test_working_time_empty_or_backwards():
    hours = WeeklyHours.parse(["mon-fri 08:00-17:00"])
    t = local(2026, 5, MON, 10, 0)
    assert working_time_between(t, t - timedelta(hours=1), BRUSSELS, hours) == timedelta()
    assert working_time_between(t, t + timedelta(hours=1), BRUSSELS, WeeklyHours()) == timedelta()


def test_union_of_hours():
    union = WeeklyHours.union([WeeklyHours.parse(["mon 08:00-12:00"]), WeeklyHours.parse(["mon 11:00-14:00"])])
    assert union.intervals == ((8 * 60, 14 * 60),)
    assert not WeeklyHours.union([]).intervals


def test_same_specs_share_one_compiled_object():
    assert WeeklyHours.parse(["mon-fri 08:00-16:00"]) is WeeklyHours.parse(("mon-fri 08:00-16:00",))
