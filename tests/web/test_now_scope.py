"""A scoped coordinator sees and changes only their departments' questions; what employees typed stays text."""
from __future__ import annotations

import json

from sqlalchemy import update

from storage.models import Coordinator
from tests.bot.harness import ask_coach
from tests.web.conftest import csrf_of, signed_in

PAUSED = ("coach:anna", "coach:bram", "coach:lotte", "coach:jens", "coach:sofie", "coach:wout")


async def waiting_question(chat, actor: str, site: str, text: str) -> int:
    for coach in PAUSED:
        await chat.say(coach, "/pause")
    await chat.say(actor, "hallo")
    await chat.say(actor, payload=f"site:{site}")
    await ask_coach(chat, actor, text)
    async with chat.app.db.session() as session:
        from storage.models import Ticket
        from sqlalchemy import select

        return (await session.execute(select(Ticket.id).order_by(Ticket.id.desc()))).scalars().first()


async def scope_tom(app, departments: list[str]) -> None:
    async with app.db.session() as session:
        await session.execute(update(Coordinator).where(Coordinator.id == "tom").values(departments=json.dumps(departments)))


async def test_a_scoped_coordinator_cannot_see_or_assign_another_departments_question(chat, server, app):
    zorg = await waiting_question(chat, "jan", "wzc-heiveld", "mijn badge werkt niet meer aan de poort van het wzc")
    await scope_tom(app, ["Groendienst"])
    client = await signed_in(chat, server)
    async with client:
        now = await (await client.get(f"{server}/console/now/live")).text()
        assert f"#{zorg}" not in now
        guessed = await client.get(f"{server}/console/tickets/{zorg}")
        assert guessed.status == 404 and "badge" not in await guessed.text()
        csrf = csrf_of(await (await client.get(f"{server}/console/now")).text())
        forced = await client.post(f"{server}/console/tickets/{zorg}/assign", data={"csrf": csrf, "coach": "anna"},
                                   allow_redirects=False)
        assert forced.status == 404
        missing = await client.get(f"{server}/console/tickets/{zorg + 1000}")
        assert missing.status == 404 and (await missing.text()) == (await guessed.text()), "out of scope looks like missing"
    assert (await chat.flush()) == [], "nobody was offered anything"


async def test_the_whole_organisation_coordinator_sees_it(chat, server, app):
    zorg = await waiting_question(chat, "jan", "wzc-heiveld", "mijn badge werkt niet meer aan de poort van het wzc")
    client = await signed_in(chat, server)
    async with client:
        assert f"#{zorg}" in await (await client.get(f"{server}/console/now/live")).text()
        assert "badge" in await (await client.get(f"{server}/console/tickets/{zorg}")).text()


async def test_what_an_employee_typed_is_shown_as_text(chat, server, app):
    ticket = await waiting_question(chat, "jan", "groendienst-blaarmeersen",
                                    'mijn badge <script>alert("x")</script><img src=x onerror=alert(1)> werkt niet')
    client = await signed_in(chat, server)
    async with client:
        html = await (await client.get(f"{server}/console/tickets/{ticket}")).text()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html


async def test_a_ticket_number_that_is_no_number_is_not_found(chat, server):
    client = await signed_in(chat, server)
    async with client:
        for raw in ("²", "12a", "9999999999", "-1"):
            response = await client.get(f"{server}/console/tickets/{raw}")
            assert response.status == 404, raw


async def test_an_assignment_is_in_the_audit_log_and_a_refused_one_is_not(chat, server, app):
    from sqlalchemy import select

    from storage.models import AuditEntry

    ticket = await waiting_question(chat, "jan", "groendienst-blaarmeersen", "mijn badge werkt niet meer aan de poort")
    client = await signed_in(chat, server)
    async with client:
        csrf = csrf_of(await (await client.get(f"{server}/console/now")).text())
        for _ in range(2):  # the second is refused: the question is no longer waiting
            response = await client.post(f"{server}/console/tickets/{ticket}/assign", data={"csrf": csrf, "coach": "anna"},
                                         allow_redirects=False)
            assert response.status == 303
    async with app.db.session() as session:
        rows = [(a.action, a.target, a.detail) for a in (await session.execute(select(AuditEntry))).scalars()
                if a.action == "assign"]
    assert rows == [("assign", f"ticket {ticket}", "coach anna")]
