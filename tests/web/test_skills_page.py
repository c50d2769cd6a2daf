"""The Digiscan page over HTTP, on both databases: only groups of five or more, in the coordinator's departments;
sign-ups marked planned through the chat's own rule (the person told, an audit line, a second press "already"),
and none of another department's."""
from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape
from urllib.parse import unquote

from sqlalchemy import select, update

from storage import training
from storage.models import AuditEntry, Coordinator, Person, Scan
from tests.bot.harness import buttons_to, payloads_to, text_to
from tests.bot.scan_helpers import STARTER, take_scan
from tests.conftest import MONDAY_MORNING
from tests.storage.test_scan_figures import scanned
from tests.web.conftest import csrf_of, signed_in

SIGN_UP = "Ik wil me inschrijven: Basiscursus digitaal (5 sessies)"


def text_of(html: str) -> str:
    """What a reader sees: tags gone, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


async def scope_tom(app, departments: list[str]) -> None:
    async with app.db.session() as session:
        await session.execute(
            update(Coordinator).where(Coordinator.id == "tom").values(departments=json.dumps(departments)))


async def city(app, sizes: dict[str, int], profile: str = "starter", weak=("phone",), round_id: str = "2026",
               at=MONDAY_MORNING):
    """Complete scans written through storage, `sizes[department]` new people each."""
    async with app.db.session() as session:
        for department, n in sizes.items():
            for _ in range(n):
                await scanned(session, department, profile, weak, round_id=round_id, at=at)


async def skills(client, server: str, query: str = "") -> str:
    response = await client.get(f"{server}/console/skills{query}")
    assert response.status == 200
    return await response.text()


async def signed_up(chat, actor: str = "jan") -> None:
    """An employee of Groendienst takes the scan in the chat and presses "Ik wil me inschrijven"."""
    await chat.say(actor, "hallo")
    await chat.say(actor, payload="site:groendienst-blaarmeersen")
    out = await take_scan(chat, actor, STARTER)
    out = await chat.say(actor, payload=payloads_to(out, actor)[buttons_to(out, actor).index(SIGN_UP)])
    assert "Ingepland" in buttons_to(out, "coordinator:tom"), "the chat told the coordinator"


async def mark(client, server: str, request_id: int, state: str):
    csrf = csrf_of(await skills(client, server))
    return await client.post(f"{server}/console/skills/requests/{request_id}/{state}", data={"csrf": csrf},
                             allow_redirects=False)


async def audit_lines(app) -> list[tuple[str, str, str | None]]:
    async with app.db.session() as session:
        rows = (await session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
        return [(r.coordinator_id, r.action, r.target) for r in rows if r.action.startswith("training")]


async def test_a_department_of_four_is_not_shown_on_its_own_and_one_of_five_is(chat, server, app):
    await city(app, {"Groendienst": 5, "Wegen": 4})
    client = await signed_in(chat, server)
    async with client:
        page = text_of(await skills(client, server))
        assert "Groendienst · 5 mensen" in page and "Rustige starter 5" in page
        assert "Je telefoon gebruiken 5" in page, "the area to work on, named in the coordinator's language"
        assert "Wegen" not in page and "Andere afdelingen samen ·" not in page, "four people are never shown"
        assert "Scans afgewerkt in ronde 2026: 5" in page, "the total is what is shown, not the database's count"
        await city(app, {"Wegen": 1}, profile="guide", weak=())
        page = text_of(await skills(client, server))
        assert "Wegen · 5 mensen" in page and "Scans afgewerkt in ronde 2026: 10" in page
        assert "Digitale gids 1" in page and "Niets om aan te werken" not in page


async def test_small_departments_together_and_the_funnel(chat, server, app):
    await city(app, {"Groendienst": 5, "Wegen": 3, "Zorg": 2})
    async with app.db.session() as session:
        first = (await session.execute(select(Scan).where(Scan.department == "Groendienst").limit(2))).scalars().all()
        for scan in first:
            row, _ = await training.request(session, MONDAY_MORNING, person_id=scan.person_id, training_id="basics",
                                            department="Groendienst", scan_id=scan.id)
        await training.mark(session, row.id, training.PLANNED, MONDAY_MORNING, by="tom")
    client = await signed_in(chat, server)
    async with client:
        page = text_of(await skills(client, server))
    assert "Andere afdelingen samen · 5 mensen" in page, "Wegen (3) and Zorg (2) only together"
    assert "Wegen ·" not in page and "Zorg ·" not in page
    groen = page.split("Groendienst · 5 mensen")[1].split("Andere afdelingen samen")[0]
    assert "scan gedaan 5 advies gebruikt 2 opleiding gevraagd 2 ingepland 1 gevolgd 0" in groen


async def test_the_trend_between_rounds_and_the_round_picker(chat, server, app):
    await city(app, {"Groendienst": 5}, profile="careful", weak=("login",), round_id="2024",
               at=MONDAY_MORNING - timedelta(days=700))
    await city(app, {"Groendienst": 6}, round_id="2026")
    client = await signed_in(chat, server)
    async with client:
        html = await skills(client, server)
        page = text_of(html)
        assert '<option value="2024">' in html and '<option value="2026" selected>' in html
        assert "Scans afgewerkt in ronde 2026: 6" in page
        trend = page.split("Verloop tussen de rondes 2024 en 2026")[1]
        assert "Groendienst 2024 5 0 5 0 0 Inloggen en wachtwoorden (5)" in trend
        assert "Groendienst 2026 6 6 0 0 0 Je telefoon gebruiken (6)" in trend
        earlier = text_of(await skills(client, server, "?round=2024"))
        assert "Scans afgewerkt in ronde 2024: 5" in earlier and "Zorgvuldige doener 5" in earlier
        assert "Verloop tussen" not in earlier, "nothing before the first round"


async def test_a_scoped_coordinator_sees_only_their_departments(chat, server, app):
    await city(app, {"Groendienst": 5, "Zorg": 6})
    await signed_up(chat)
    await scope_tom(app, ["Zorg"])
    client = await signed_in(chat, server)
    async with client:
        page = text_of(await skills(client, server))
    assert "Zorg · 6 mensen" in page and "Jouw afdelingen: Zorg" in page
    assert "Groendienst" not in page and "Basiscursus" not in page, "neither the figures nor the sign-up"


async def test_marking_planned_tells_the_person_is_audited_and_a_second_press_says_already(chat, server, app):
    await signed_up(chat)
    client = await signed_in(chat, server)
    async with client:
        page = text_of(await skills(client, server))
        assert "1 Basiscursus digitaal (5 sessies) Jan Groendienst aangevraagd" in page
        assert "Groendienst ·" not in page, "one person's scan is no figure"
        response = await mark(client, server, 1, "planned")
        assert response.status == 303 and response.headers["Location"].startswith("/console/skills")
        note = unquote(response.cookies["digicoach_note"].value)
        assert "Inschrijving #1 staat nu op ingepland. Jan krijgt een bericht." in note, "the chat's own reply"
        told = await chat.flush()
        assert "je bent ingepland voor Basiscursus digitaal" in text_to(told, "jan")
        assert await audit_lines(app) == [("tom", "training_planned", "training request 1")]
        page = text_of(await skills(client, server))
        assert "Jan Groendienst ingepland" in page

        again = await mark(client, server, 1, "planned")
        assert "staat al op ingepland (door tom)" in unquote(again.cookies["digicoach_note"].value)
        assert text_to(await chat.flush(), "jan") == "", "the person is told once"
        assert len(await audit_lines(app)) == 1, "no change, no audit line"


async def test_a_scoped_coordinator_cannot_mark_another_departments_sign_up(chat, server, app):
    await signed_up(chat)
    await scope_tom(app, ["Zorg"])
    client = await signed_in(chat, server)
    async with client:
        guessed = await mark(client, server, 1, "planned")
        assert guessed.status == 404
        missing = await mark(client, server, 99, "planned")
        assert missing.status == 404 and await missing.text() == await guessed.text(), "out of scope looks like missing"
        assert (await mark(client, server, 1, "requested")).status == 404
    assert await chat.flush() == []
    assert await audit_lines(app) == []
    async with app.db.session() as session:
        assert [r.state for r in await training.in_scope(session)] == ["requested"]


async def test_a_name_is_shown_as_text(chat, server, app):
    await signed_up(chat)
    async with app.db.session() as session:
        await session.execute(
            update(Person).where(Person.first_name == "Jan").values(first_name="<script>alert(1)</script>"))
    client = await signed_in(chat, server)
    async with client:
        html = await skills(client, server)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
