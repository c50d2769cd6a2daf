"""Coordinators' self-scan figures on SQLite and PostgreSQL: k-anonymity in the query, the funnel, the trend.

A known set of scans is written straight through storage (one latest scan per person counts); the figures are
compared with what a person counts by hand.
"""
from __future__ import annotations

from datetime import timedelta

from storage import people, scan_figures, scans, training
from storage.scan_figures import FigureScope, FunnelStep, funnel, groups, rounds, total, trend
from tests.conftest import MONDAY_MORNING

AREAS = ("phone", "login", "safety")


async def scanned(session, department, profile, weak=(), *, round_id="2026", at=MONDAY_MORNING, person=None):
    """One complete scan (a new person unless `person` is given); returns (person id, scan)."""
    if person is None:
        person = (await people.create_person(session, role="employee", now=at, first_name="X")).id
    scan = await scans.start(session, person, department, 1, at)
    await scans.complete(session, scan, at, round_id=round_id, profile=profile, skill=1.0, attitude=1.0,
                         areas={a: (1.0 if a in weak else 2.0) for a in AREAS}, strengths=(), weak=weak)
    return person, scan


async def test_a_department_of_four_is_never_shown_and_one_of_five_is(database):
    async with database.session() as s:
        for _ in range(5):
            await scanned(s, "Groendienst", "starter", ("phone",))
        for _ in range(4):
            await scanned(s, "Wegen", "guide")
    async with database.session() as s:
        found = await groups(s)
    assert [(g.department, g.people) for g in found] == [("Groendienst", 5)]  # Wegen (4) alone in "other": left out
    assert found[0].profiles == {"starter": 5} and found[0].weak_areas == {"phone": 5}
    assert total(found).people == 5, "the total is what is shown: the four hidden people cannot be subtracted out"


async def test_small_departments_together_make_an_other_bucket_once_it_reaches_five(database):
    async with database.session() as s:
        for _ in range(5):
            await scanned(s, "Groendienst", "learner")
        for department in ("Wegen", "Wegen", "Zorg", "Zorg"):
            await scanned(s, department, "careful", ("login",))
        await scanned(s, None, "guide")  # no department: always with the small ones
    async with database.session() as s:
        found = await groups(s)
    assert [(g.department, g.people, g.profiles) for g in found] == [
        ("Groendienst", 5, {"learner": 5}), (None, 5, {"careful": 4, "guide": 1})]
    assert found[1].weak_areas == {"login": 4}


async def test_a_coordinators_departments_limit_the_figures_and_k_applies_within_them(database):
    async with database.session() as s:
        for _ in range(6):
            await scanned(s, "Groendienst", "starter")
        for _ in range(4):
            await scanned(s, "Wegen", "starter")
    async with database.session() as s:
        assert [(g.department, g.people) for g in await groups(s, FigureScope(("Groendienst",)))] == [("Groendienst", 6)]
        assert await groups(s, FigureScope(("Wegen",))) == []


async def test_a_person_counts_once_with_their_latest_scan(database):
    async with database.session() as s:
        first = []
        for _ in range(5):
            person, _scan = await scanned(s, "Zorg", "starter", ("phone", "login"))
            first.append(person)
        later = MONDAY_MORNING + timedelta(days=30)
        for person in first[:2]:
            await scanned(s, "Zorg", "learner", ("login",), at=later, person=person)
    async with database.session() as s:
        [zorg] = await groups(s)
    assert (zorg.people, zorg.profiles, zorg.weak_areas) == (5, {"starter": 3, "learner": 2}, {"phone": 3, "login": 5})


async def test_the_funnel_against_a_known_set(database):
    """Ten people in Groendienst: 8 used the advice (2 of them only by asking for a training, which is advice
    too), 5 asked for a training, 3 were planned (one of them straight to done), 2 did it."""
    async with database.session() as s:
        made = [await scanned(s, "Groendienst", "starter", ("phone",)) for _ in range(10)]
        for _person, scan in made[:6]:
            scans.note_advice_used(scan, MONDAY_MORNING)
        requests = []
        for person, scan in made[3:8]:
            row, _ = await training.request(s, MONDAY_MORNING, person_id=person, training_id="basics",
                                            department="Groendienst", scan_id=scan.id)
            requests.append(row.id)
        await training.mark(s, requests[0], training.PLANNED, MONDAY_MORNING, by="tom")
        await training.mark(s, requests[1], training.PLANNED, MONDAY_MORNING, by="tom")
        await training.mark(s, requests[1], training.DONE, MONDAY_MORNING, by="tom")
        await training.mark(s, requests[2], training.DONE, MONDAY_MORNING, by="tom")  # done without "planned" first
        for _ in range(3):  # a small department: not in the funnel at all
            person, scan = await scanned(s, "Wegen", "starter")
            await training.request(s, MONDAY_MORNING, person_id=person, training_id="basics", department="Wegen",
                                   scan_id=scan.id)
    async with database.session() as s:
        steps = await funnel(s)
    assert steps == [FunnelStep("Groendienst", scanned=10, advice=8, requested=5, planned=3, done=2)]


async def test_the_trend_compares_rounds_department_by_department(database):
    async with database.session() as s:
        people_ids = []
        for _ in range(5):
            person, _ = await scanned(s, "Zorg", "starter", ("phone",), round_id="2026")
            people_ids.append(person)
        later = MONDAY_MORNING + timedelta(days=700)
        for n, person in enumerate(people_ids):
            await scanned(s, "Zorg", "learner" if n < 3 else "starter", ("phone",) if n >= 3 else (), round_id="2028",
                          at=later, person=person)
    async with database.session() as s:
        assert await rounds(s) == ["2026", "2028"]
        both = await trend(s, ["2026", "2028"])
    assert [(g.department, g.profiles, g.weak_areas) for g in both["2026"]] == [("Zorg", {"starter": 5}, {"phone": 5})]
    assert [(g.department, g.profiles, g.weak_areas) for g in both["2028"]] == [
        ("Zorg", {"learner": 3, "starter": 2}, {"phone": 2})]


async def test_k_is_a_parameter_of_the_query(database):
    async with database.session() as s:
        for _ in range(3):
            await scanned(s, "Wegen", "guide")
    async with database.session() as s:
        assert await groups(s) == []
        assert [(g.department, g.people) for g in await groups(s, k=3)] == [("Wegen", 3)]
        assert scan_figures.K == 5
