"""The digest never shows a department or site of fewer than 5 people on its own (storage/kanon.py), on SQLite and
PostgreSQL: not in the figures, the chat summary, the Markdown, the HTML or the CSV, and not by subtracting the
rows that are shown from the total (or a department's sites from the department).

A week of known tickets is written straight through storage: each person asks at their department's site, a
coach takes it after a known wait, closes it ten minutes later, and the person rates it.
"""
from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import timedelta
from statistics import median

import pytest

from bot.digest.content import Week, build_digest
from bot.digest.rendering import render_all
from routing.directory import default_directory_path, load_directory
from routing.sync import import_directory
from storage import people, privacy, tickets
from storage.models import Person, Site
from tests.conftest import BRUSSELS

W48 = Week.parse("2026-W48")
SITES = {  # the demo directory's sites and their departments
    "ac-zuid": "Administratie", "stadhuis": "Facility", "groendienst-citadelpark": "Groendienst",
    "groendienst-blaarmeersen": "Groendienst", "wzc-heiveld": "Zorg", "wegen-wiedauwkaai": "Wegen",
}


@dataclass
class Asked:
    person: int
    department: str | None
    site: str | None
    wait: int  # seconds
    rating: int


@dataclass
class City:
    asked: list[Asked] = field(default_factory=list)

    def people(self, keep=lambda a: True) -> int:
        return len({a.person for a in self.asked if keep(a)})


async def a_week(database, groups, week=W48, questions_each=1) -> City:
    """`groups`: (site or None, department or None, people); every person asks `questions_each` questions."""
    city = City()
    monday = week.start(BRUSSELS)
    async with database.session() as s:
        if not await s.get(Site, "ac-zuid"):  # the directory once per database (several weeks share one)
            await import_directory(s, load_directory(default_directory_path()), monday)
    n = 0
    async with database.session() as s:
        for site, department, count in groups:
            for _ in range(count):
                person = (await people.create_person(s, role="employee", now=monday, first_name="X")).id
                for _ in range(questions_each):
                    n += 1
                    city.asked.append(await _asked(s, person, site, department, monday + timedelta(minutes=7 * n), n))
    return city


async def _asked(s, person, site, department, at, n) -> Asked:
    wait, rating = 60 * (1 + n % 7), 1 + n % 5
    ticket = await tickets.create(s, at, employee_id=person, language="nl", site_id=site, department=department,
                                  faq_decision="route")
    taken, closed = at + timedelta(seconds=wait), at + timedelta(seconds=wait + 600)
    await tickets.add_event(s, ticket.id, "offered", at, "anna")
    await tickets.add_event(s, ticket.id, "accepted", taken, "anna")
    await tickets.add_event(s, ticket.id, "closed", closed, "anna")
    ticket.state, ticket.coach_id, ticket.outcome, ticket.rating = "closed", "anna", "resolved", rating
    ticket.accepted_at, ticket.closed_at = taken, closed
    return Asked(person, department, site, wait, rating)


async def digest_of(database, week=W48, departments=()):
    async with database.session() as s:
        return await build_digest(s, week, BRUSSELS, departments, with_trend=False)


def rows_of(text: str, section: str) -> list[dict[str, str]]:
    return [r for r in csv.DictReader(io.StringIO(text)) if r["section"] == section]


def every_text(rendered) -> str:
    return "\n".join((rendered.summary, rendered.markdown, rendered.html, rendered.csv))


CITY = [("wzc-heiveld", "Zorg", 6), ("groendienst-citadelpark", "Groendienst", 5)]


async def test_a_department_of_four_is_not_shown_alone(database):
    city = await a_week(database, CITY + [("wegen-wiedauwkaai", "Wegen", 4), ("stadhuis", "Facility", 1)])
    d = await digest_of(database)
    assert [(s.key, s.figures.people, s.figures.questions, s.merged) for s in d.by_department] == [
        ("Zorg", 6, 6, 1), ("Groendienst", 5, 5, 1), (None, 5, 5, 2)], "Wegen's 4 and Facility's 1 together"
    assert [(s.key, s.figures.people) for s in d.by_site] == [
        ("wzc-heiveld", 6), ("groendienst-citadelpark", 5), (None, 5)]
    other = d.by_department[-1].figures
    small = [a for a in city.asked if a.department in ("Wegen", "Facility")]
    assert other.wait_median == median(a.wait for a in small)
    assert other.rating_avg == pytest.approx(sum(a.rating for a in small) / 5)
    for lang in ("nl", "en", "fr"):
        text = every_text(render_all(d, lang))
        assert "Wegen" not in text and "Facility" not in text and "Wiedauwkaai" not in text and "Stadhuis" not in text
    nl, en = render_all(d, "nl"), render_all(d, "en")
    assert "| Overige (2 afdelingen) | 5 | 5 |" in nl.markdown and "| Overige (2 plekken) | 5 | 5 |" in nl.markdown
    assert "<td>Other (2 departments)</td><td>5</td><td>5</td>" in en.html
    assert "Autres (2 services)" in render_all(d, "fr").markdown
    departments = rows_of(en.csv, "department")
    assert [(r["key"], r["name"], r["people"], r["questions"]) for r in departments] == [
        ("Zorg", "Zorg", "6", "6"), ("Groendienst", "Groendienst", "5", "5"), ("other", "Other (2 departments)", "5", "5")]
    assert [r["key"] for r in rows_of(en.csv, "site")] == ["wzc-heiveld", "groendienst-citadelpark", "other"]
    assert f"score {str(round(d.totals.rating_avg, 1)).replace('.', ',')}/5" in nl.summary, "16 people: rated"


async def test_a_department_of_five_is_shown(database):
    city = await a_week(database, CITY + [("wegen-wiedauwkaai", "Wegen", 5)])
    d = await digest_of(database)
    assert [(s.key, s.figures.people) for s in d.by_department] == [("Zorg", 6), ("Groendienst", 5), ("Wegen", 5)]
    wegen = d.by_department[-1].figures
    mine = [a for a in city.asked if a.department == "Wegen"]
    assert (wegen.questions, wegen.closed, wegen.wait_median) == (5, 5, median(a.wait for a in mine))
    assert wegen.rating_avg == pytest.approx(sum(a.rating for a in mine) / 5)
    csv_text = render_all(d, "en").csv
    assert [(r["key"], r["people"]) for r in rows_of(csv_text, "department")][-1] == ("Wegen", "5")
    assert "| Wegen | 5 | 5 | 0% | 5 |" in render_all(d, "nl").markdown


async def test_people_are_counted_not_questions(database):
    """Four people with three questions each (12 questions) are still four people."""
    await a_week(database, CITY + [("wegen-wiedauwkaai", "Wegen", 4)], questions_each=3)
    d = await digest_of(database)
    assert "Wegen" not in [s.key for s in d.by_department]


async def test_a_small_other_row_takes_the_smallest_department_with_it(database):
    """Wegen's 4 alone would be an "other" row of 4; leaving it out would let the total minus Zorg and Groendienst
    show it. So the smallest department shown (Groendienst, 5) joins it: nothing is left out and nothing is small."""
    await a_week(database, CITY + [("wegen-wiedauwkaai", "Wegen", 4)])
    d = await digest_of(database)
    assert [(s.key, s.figures.people, s.figures.questions) for s in d.by_department] == [("Zorg", 6, 6), (None, 9, 9)]
    assert sum(s.figures.questions for s in d.by_department) == d.totals.questions == 15
    assert [(s.key, s.figures.people) for s in d.by_site] == [("wzc-heiveld", 6), (None, 9)]
    en = render_all(d, "en")
    assert [(r["key"], r["name"], r["people"]) for r in rows_of(en.csv, "department")] == [
        ("Zorg", "Zorg", "6"), ("other", "Other (2 departments)", "9")]
    assert "Groendienst" not in en.csv and "Wegen" not in en.csv


async def test_a_departments_small_site_is_not_its_department_minus_its_other_sites(database):
    """Groendienst (7) is shown; Citadelpark has 5 of them, Blaarmeersen 2. Showing Citadelpark would show
    Blaarmeersen's 2 as Groendienst minus Citadelpark, so inside Groendienst Citadelpark joins "other" too."""
    await a_week(database, [("wzc-heiveld", "Zorg", 6), ("groendienst-citadelpark", "Groendienst", 5),
                            ("groendienst-blaarmeersen", "Groendienst", 2), ("wegen-wiedauwkaai", "Wegen", 5),
                            ("ac-zuid", "Administratie", 4), ("stadhuis", "Facility", 1)])
    d = await digest_of(database)
    assert [(s.key, s.figures.people) for s in d.by_department] == [
        ("Groendienst", 7), ("Zorg", 6), ("Wegen", 5), (None, 5)]
    assert [(s.key, s.figures.people, s.merged) for s in d.by_site] == [
        ("wzc-heiveld", 6, 1), ("wegen-wiedauwkaai", 5, 1), (None, 12, 4)]
    assert "Citadelpark" not in render_all(d, "nl").markdown.split("Per plek")[1]


async def test_a_week_of_fewer_than_five_people_shows_counts_only(database):
    await a_week(database, [("wzc-heiveld", "Zorg", 3), ("wegen-wiedauwkaai", "Wegen", 1)])
    d = await digest_of(database)
    f = d.totals
    assert (f.questions, f.closed, f.ratings, f.people, f.rating_avg) == (4, 4, 4, 4, None)
    assert d.by_department == [] and d.by_site == []
    nl, en = render_all(d, "nl"), render_all(d, "en")
    assert "Vragen: 4" in nl.summary and "score – (minder dan 5 mensen)" in nl.summary
    assert "| Score | – (minder dan 5 mensen) |" in nl.markdown
    assert "Minder dan 5 mensen deze week: niet apart getoond." in nl.markdown
    assert "Fewer than 5 people this week: not shown separately." in en.html
    total = rows_of(en.csv, "total")[0]
    assert (total["questions"], total["people"], total["ratings"], total["rating_avg"]) == ("4", "4", "4", "")
    assert rows_of(en.csv, "department") == [] and rows_of(en.csv, "site") == []
    for text in (nl.summary, nl.markdown, nl.html, en.csv):
        assert "Zorg" not in text and "Wegen" not in text


async def test_the_trend_gives_no_rating_average_of_a_small_week(database):
    await a_week(database, [("wzc-heiveld", "Zorg", 2)], week=W48.shifted(-1))
    await a_week(database, CITY)
    async with database.session() as s:
        d = await build_digest(s, W48, BRUSSELS)
    small, this = d.trend[-2].figures, d.trend[-1].figures
    assert (small.questions, small.people, small.rating_avg) == (2, 2, None)
    assert this.people == 11 and this.rating_avg is not None
    trend = {r["key"]: r for r in rows_of(render_all(d, "en").csv, "trend")}
    assert (trend["2026-W47"]["rating_avg"], trend["2026-W47"]["people"]) == ("", "2")
    assert trend["2026-W48"]["rating_avg"] != ""
    assert d.changes["rating_avg"].before is None, "the small week's ratings do not make the arrow either"


async def test_an_erased_persons_questions_count_no_one(database):
    """Five people in Wegen, one of whom is erased: their questions stay (anonymous), but they are no longer anyone,
    so Wegen has four people and is not shown on its own."""
    city = await a_week(database, CITY + [("wegen-wiedauwkaai", "Wegen", 5), ("stadhuis", "Facility", 1)])
    d = await digest_of(database)
    assert "Wegen" in [s.key for s in d.by_department]
    erased = next(a.person for a in city.asked if a.department == "Wegen")
    async with database.session() as s:
        await privacy.erase_person(s, await s.get(Person, erased), W48.start(BRUSSELS) + timedelta(days=8))
    d = await digest_of(database)
    assert [(s.key, s.figures.people, s.figures.questions) for s in d.by_department] == [
        ("Zorg", 6, 6), ("Groendienst", 5, 5), (None, 5, 6)], "Wegen's 4 people (5 questions) and Facility's 1"


async def test_a_scoped_coordinator_gets_the_rule_within_their_departments(database):
    await a_week(database, CITY + [("wegen-wiedauwkaai", "Wegen", 4), ("stadhuis", "Facility", 1)])
    d = await digest_of(database, departments=("Wegen", "Zorg"))
    assert [(s.key, s.figures.people) for s in d.by_department] == [(None, 10)], \
        "Wegen (4) alone is too small, so Zorg joins it"
    assert d.totals.questions == 10 and d.totals.rating_avg is not None
    d = await digest_of(database, departments=("Wegen",))
    assert d.by_department == [] and d.totals.questions == 4 and d.totals.rating_avg is None


def random_city(rng: random.Random) -> list[tuple[str | None, str | None, int]]:
    groups = [(site, department, rng.choice((0, 0, 1, 2, 3, 4, 5, 6, 8))) for site, department in SITES.items()]
    groups.append((None, None, rng.choice((0, 1, 3))))  # people without a site or department
    return [g for g in groups if g[2]]


@pytest.mark.parametrize("seed", range(12))
async def test_no_shown_row_or_difference_of_rows_is_under_five_people(database, seed):
    """Random cities: every row shown has 5 or more people; the rows of each table add up to the total (nothing
    left out to subtract); and what a department's row holds beyond its sites' rows is 0 or 5+ people."""
    week = Week.parse(f"2026-W{10 + seed:02d}")
    city = await a_week(database, random_city(random.Random(seed)), week=week)
    d = await digest_of(database, week)
    everyone = city.people()
    if everyone < 5:
        assert d.by_department == [] and d.by_site == [] and d.totals.rating_avg is None
        return
    named_departments = {s.key for s in d.by_department if s.key is not None}
    named_sites = {s.key for s in d.by_site if s.key is not None}
    for slices in (d.by_department, d.by_site):
        assert sum(s.figures.questions for s in slices) == d.totals.questions == len(city.asked)
        assert sum(s.figures.ratings for s in slices) == d.totals.ratings
        assert all(s.figures.people >= 5 for s in slices)
    for s in d.by_department:
        mine = (lambda a, k=s.key: a.department == k) if s.key else (lambda a: a.department not in named_departments)
        assert (s.figures.people, s.figures.questions) == (city.people(mine), sum(map(mine, city.asked)))
    for s in d.by_site:
        if s.key is not None:
            assert s.figures.people == city.people(lambda a, k=s.key: a.site == k) >= 5
    buckets = [(k, lambda a, k=k: a.department == k) for k in named_departments]
    buckets.append((None, lambda a: a.department not in named_departments))
    for key, in_bucket in buckets:
        beyond = city.people(lambda a: in_bucket(a) and a.site not in named_sites)
        assert beyond == 0 or beyond >= 5, (key, beyond)
