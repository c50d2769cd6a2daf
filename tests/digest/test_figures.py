"""Every figure of a digest against values worked out by hand from tests/digest/scenario.py, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from bot.digest.content import Week, build_digest, percentile
from storage.models import Ticket
from tests.bot.harness import Harness
from tests.conftest import BRUSSELS
from tests.digest.scenario import build_fortnight

W48 = Week.parse("2026-W48")


async def digest_of(app, week=W48, departments=()):
    async with app.db.session() as s:
        return await build_digest(s, week, app.engine.tz, departments)


@pytest.fixture
async def fortnight(chat: Harness, app):
    await build_fortnight(chat)
    return app


def test_week_names_and_local_bounds():
    week = Week.parse("2026-W48")
    assert week.label == "2026-W48" and week.monday == date(2026, 11, 23)
    start, end = week.bounds(BRUSSELS)
    assert start.isoformat() == "2026-11-22T23:00:00+00:00" and end.isoformat() == "2026-11-29T23:00:00+00:00"
    summer = Week.parse("2026W13")
    start, end = summer.bounds(BRUSSELS)
    assert (end - start).total_seconds() == 167 * 3600, "the week of 29 March 2026 loses an hour"
    assert Week.parse("2026-W01").shifted(-1).label == "2025-W52"
    with pytest.raises(ValueError):
        Week.parse("2026-W54")
    assert Week.containing(datetime(2026, 11, 29, 23, 30, tzinfo=BRUSSELS), BRUSSELS) == week


def test_percentiles_match_percentile_cont():
    assert percentile([], 0.5) is None
    assert percentile([240, 120, 360, 180], 0.5) == 210
    assert percentile([240, 120, 360, 180], 0.9) == pytest.approx(324)
    assert percentile([7], 0.9) == 7


async def test_totals_of_the_known_week(fortnight):
    d = await digest_of(fortnight)
    f = d.totals
    assert (f.questions, f.faq_solved, f.suggestions_used) == (6, 1, 0)
    assert (f.routed, f.accepted, f.queued, f.escalated) == (5, 4, 0, 0)
    assert (f.cancelled, f.closed, f.open) == (1, 3, 1)
    assert f.coach_minutes == 12 + 20 + 30  # a correction where given, else the handling time
    assert f.people == 2, "jan and piet"
    assert (f.ratings, f.rating_sum, f.rating_avg) == (2, None, None), "two people: counts only, no rating average"
    assert f.wait_median == 210 and f.wait_p90 == pytest.approx(324)  # waits 240, 120, 360, 180 s
    assert f.handling_median == 1200  # handling 600, 1200, 1800 s
    assert f.faq_share == pytest.approx(1 / 6)
    assert d.outcomes == {"resolved": 2, "needs_training": 1}


async def test_two_people_are_not_shown_per_department_or_site(fortnight):
    """jan (Groendienst) and piet (Administratie): each department and site is one person, and all of them together
    are two, so no slice is shown at all (the total is, as counts). tests/digest/test_small_groups.py has the
    figures of departments and sites big enough to be shown."""
    d = await digest_of(fortnight)
    assert d.totals.questions == 6 and d.by_department == [] and d.by_site == []


async def test_days_hours_faq_gaps_and_coaches(fortnight):
    d = await digest_of(fortnight)
    assert [(x.day.day, x.endings) for x in d.days] == [
        (23, {"faq": 1, "coach": 1, "cancelled": 0, "open": 0}),
        (24, {"faq": 0, "coach": 1, "cancelled": 1, "open": 0}),
        (25, {"faq": 0, "coach": 1, "cancelled": 0, "open": 0}),
        (26, {"faq": 0, "coach": 0, "cancelled": 0, "open": 1}),
        (27, {"faq": 0, "coach": 0, "cancelled": 0, "open": 0}),
        (28, {"faq": 0, "coach": 0, "cancelled": 0, "open": 0}),
        (29, {"faq": 0, "coach": 0, "cancelled": 0, "open": 0}),
    ]
    assert {h: n for h, n in d.hours.items() if n} == {9: 3, 10: 1, 11: 1, 14: 1}, "local hours, not UTC"
    assert d.busiest_day.day == date(2026, 11, 23) and d.busiest_hours() == [(9, 3), (10, 1), (11, 1)]
    async with fortnight.db.session() as s:
        entry = (await s.execute(select(Ticket.faq_entry).where(Ticket.id == 2))).scalar_one()
    assert [(u.entry, u.shown, u.solved, u.unhelpful) for u in d.faq] == [(entry, 1, 1, 0)]
    assert [(g.example, g.count) for g in d.gaps] == [
        ("de deur van de loods klemt en het alarm gaat af", 3),
        ("de koffiemachine in de refter lekt, mail me op [e-mail]", 2),
    ]
    assert [(c.coach, c.tickets, c.closed, c.minutes) for c in d.coaches] == [("anna", 3, 2, 42), ("lotte", 1, 1, 20)]


async def test_trend_against_the_previous_four_weeks(fortnight):
    d = await digest_of(fortnight)
    assert [p.week.label for p in d.trend] == [f"2026-W{n}" for n in range(41, 49)]
    assert [p.figures.questions for p in d.trend] == [0, 0, 0, 0, 0, 0, 1, 6]
    assert d.trend[-2].endings == {"faq": 1, "coach": 0, "cancelled": 0, "open": 0}
    assert d.trend[-1].endings == {"faq": 1, "coach": 3, "cancelled": 1, "open": 1}
    q = d.changes["questions"]
    assert (q.now, q.before, q.arrow) == (6, 0.25, "↑") and q.percent == pytest.approx(2300)
    share = d.changes["faq_share"]
    assert (share.before, share.arrow) == (1.0, "↓"), "an empty week has no share to average"
    assert d.changes["wait_median"].arrow == "–", "no wait before this week: nothing to compare"


async def test_an_empty_week(fortnight):
    d = await digest_of(fortnight, Week.parse("2026-W46"))
    assert d.totals.questions == 0 and d.totals.wait_median is None and d.totals.faq_share is None
    assert d.by_department == [] and d.coaches == [] and d.gaps == [] and d.faq == [] and d.outcomes == {}
    assert all(x.total == 0 for x in d.days) and d.busiest_day is None
    assert d.changes["questions"].arrow == "→"


async def test_a_scoped_coordinator_sees_only_their_departments(fortnight):
    d = await digest_of(fortnight, departments=("Administratie",))
    f = d.totals
    assert (f.questions, f.faq_solved, f.routed, f.accepted, f.cancelled, f.closed, f.coach_minutes) == (2, 0, 2, 1, 1, 1, 20)
    assert d.by_department == [], "one person: not shown per department"
    assert [c.coach for c in d.coaches] == ["lotte"]
    assert [(g.example, g.count) for g in d.gaps] == [("de koffiemachine in de refter lekt, mail me op [e-mail]", 2)]
    assert d.faq == []
    assert [p.figures.questions for p in d.trend][-2:] == [0, 2]
