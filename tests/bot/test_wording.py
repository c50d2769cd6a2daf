"""bot.engine.wording: the words a reader sees for dates, hours, states and outcomes."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.engine import wording
from routing.hours import WeeklyHours
from storage.states import TicketState

BRUSSELS = ZoneInfo("Europe/Brussels")
FRIDAY_2PM = datetime(2026, 11, 27, 13, 0, tzinfo=timezone.utc)  # 14:00 in Ghent


def test_weekdays():
    assert [wording.weekday(d, "nl") for d in range(7)] == ["ma", "di", "wo", "do", "vr", "za", "zo"]
    assert [wording.weekday(d, "fr") for d in range(7)] == ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]
    assert wording.weekday(2, "en") == "Wed"
    assert wording.weekday(4, None) == "vr", "no language: the default, Dutch"


def test_date_time_on_the_local_wall_clock():
    assert wording.date_time(FRIDAY_2PM, BRUSSELS, "nl") == "vr 27/11 14:00"
    assert wording.date_time(FRIDAY_2PM, BRUSSELS, "fr") == "ven 27/11 14:00"
    assert wording.date_time(FRIDAY_2PM, BRUSSELS, "en") == FRIDAY_2PM.astimezone(BRUSSELS).strftime("%a %d/%m %H:%M")


@pytest.mark.parametrize(
    ("spec", "lang", "shown"),
    [
        ("mon-fri 08:00-16:00", "nl", "ma-vr 08:00-16:00"),
        ("mon-fri 08:00-16:00", "fr", "lun-ven 08:00-16:00"),
        ("mon-fri 08:00-16:00", "en", "mon-fri 08:00-16:00"),
        ("mon,wed,fri 09:00-12:00", "nl", "ma,wo,vr 09:00-12:00"),
        ("Saturday-sunday 10:00-14:00", "fr", "sam-dim 10:00-14:00"),
    ],
)
def test_hours_patterns(spec, lang, shown):
    assert wording.hours(spec, lang) == shown


def test_hours_of_a_coach_with_several_shifts_and_none():
    hours = WeeklyHours.parse(["mon-thu 06:30-15:00", "fri 06:30-12:30"])
    assert wording.hours(hours, "nl") == "ma-do 06:30-15:00; vr 06:30-12:30"
    assert wording.hours(hours, "en") == str(hours)
    assert wording.hours(WeeklyHours(), "nl") == "geen uren"
    assert wording.hours(WeeklyHours(), "en") == str(WeeklyHours())


def test_every_state_has_dutch_and_french_words_and_english_keeps_the_names():
    for state in [*TicketState, "taken"]:
        assert wording.state(state, "en") == str(state)
        for lang in ("nl", "fr"):
            assert wording.state(state, lang) != str(state), (state, lang)
    assert wording.state("offered", "nl") == "aangeboden"
    assert wording.state("accepted", "fr") == "en cours"
    assert wording.state("something_new", "nl") == "something_new", "an unknown name is shown as it is"


def test_outcomes():
    assert wording.outcome("resolved", "nl") == "Opgelost"
    assert wording.outcome("no_show", "fr") == "Absent"
    assert wording.outcome_choices("nl") == "opgelost, doorverwezen, opleiding, niet opgelost, niet gekomen"
    assert wording.outcome_choices("en") == "resolved, referred_servicedesk, needs_training, not_resolved, no_show"
