"""The digest's self-scan section: departments of five or more by name, smaller ones only together, the funnel,
and the round before next to the current one; a coordinator of one department sees only theirs."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.digest.content import Week, build_digest
from bot.digest.rendering import render_all
from storage import training
from tests.conftest import BRUSSELS, MONDAY_MORNING
from tests.storage.test_scan_figures import scanned

WEEK = Week.containing(MONDAY_MORNING, BRUSSELS)


async def a_city(session) -> None:
    for n in range(6):
        person, scan = await scanned(session, "Groendienst", "starter" if n < 4 else "learner", ("phone",),
                                     round_id="2026")
        if n < 2:
            row, _ = await training.request(session, MONDAY_MORNING, person_id=person, training_id="basics",
                                            department="Groendienst", scan_id=scan.id)
            await training.mark(session, row.id, training.DONE, MONDAY_MORNING, by="tom")
    for _ in range(3):
        await scanned(session, "Wegen", "guide", round_id="2026")
    for _ in range(5):
        await scanned(session, "Groendienst", "careful", ("login",), round_id="2024",
                      at=MONDAY_MORNING - timedelta(days=700))


async def test_the_section_shows_big_groups_the_funnel_and_the_round_before(database):
    async with database.session() as s:
        await a_city(s)
        digest = await build_digest(s, WEEK, BRUSSELS, with_trend=False)
    rendered = render_all(digest, "nl")
    assert "Digiscan: 6 deze week; ronde 2026: 6 mensen, 2 vroegen een opleiding, 2 volgden er een." in rendered.summary
    assert "| Groendienst | 2026 | 6 | 4 | 0 | 2 | 0 | Je telefoon gebruiken (6) |" in rendered.markdown
    assert "| Groendienst | 2024 | 5 | 0 | 5 | 0 | 0 | Inloggen en wachtwoorden (5) |" in rendered.markdown
    assert "scan 6 → advies 2 → opleiding gevraagd 2 → ingepland 2 → gevolgd 2" in rendered.markdown
    assert "Wegen" not in rendered.markdown.split("Digiscan")[-1], "three people are never shown on their own"
    rows = list(csv.DictReader(io.StringIO(rendered.csv)))
    funnel = [r for r in rows if r["section"] == "scan_funnel"]
    assert [(r["key"], r["name"], r["people"], r["requested"], r["done"]) for r in funnel] == [
        ("2026", "Groendienst", "6", "2", "2")]
    assert {(r["key"], r["profile"]): r["people"] for r in rows if r["section"] == "scan_profile"}[("2026", "starter")] == "4"


async def test_a_coordinator_of_a_small_department_sees_no_scan_figures(database):
    async with database.session() as s:
        await a_city(s)
        digest = await build_digest(s, WEEK, BRUSSELS, ("Wegen",), with_trend=False)
    rendered = render_all(digest, "en")
    assert "Skills scan" not in rendered.summary and "Skills scan" not in rendered.markdown
