"""Export and erasure of a person, and retention of texts: counts survive, texts do not."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from storage.models import Offer, Person, RelayedMessage, Ticket
from storage.privacy import apply_retention, erase_person, export_person, find_person
from tests.bot.harness import Harness, ask_coach, text_to
from tests.conftest import MONDAY_MORNING


async def jan_at_his_site(database):
    app = await build_app(Config(), FakeClock(MONDAY_MORNING), db=database)
    await app.link_console()
    chat = Harness(app)
    await chat.say("jan", "hallo")
    await chat.say("jan", "Groendienst, ploeg Citadelpark")
    return app, chat


async def a_helped_employee(database):
    app, chat = await jan_at_his_site(database)
    await ask_coach(chat, "jan", "mijn naam is Jan Peeters en mijn badge 1234 werkt niet")
    await chat.say("coach:anna", "Ik help")
    await chat.say("jan", "het is aan de poort")
    await chat.say("coach:anna", "/close resolved 5")
    await chat.say("jan", "4")
    return app, chat


async def test_export_contains_everything_about_the_person(database):
    app, _ = await a_helped_employee(database)
    async with database.session() as s:
        person = await find_person(s, "console:jan")
        data = await export_person(s, person)
    assert data["person"]["first_name"] == "Jan"
    assert data["addresses"] == [{"channel": "console", "address": "jan", "since": data["addresses"][0]["since"]}]
    [ticket] = data["tickets"]
    assert "badge 1234" in ticket["question"] and ticket["rating"] == 4 and ticket["outcome"] == "resolved"
    assert "accepted" in [e["kind"] for e in ticket["events"]]
    assert {m["text"] for m in data["messages"]} == {"het is aan de poort"}
    json.dumps(data)  # serialisable as it is written to a file


async def test_erase_removes_texts_and_identity_but_keeps_counts(database):
    app, _ = await a_helped_employee(database)
    async with database.session() as s:
        counts = await erase_person(s, await find_person(s, "console:jan"), MONDAY_MORNING)
    assert counts["tickets_anonymised"] == 1
    async with database.session() as s:
        assert await find_person(s, "console:jan") is None
        ticket = (await s.execute(select(Ticket))).scalar_one()
        texts = (await s.execute(select(RelayedMessage.text))).scalars().all()
        people = await s.scalar(select(func.count()).select_from(Person).where(Person.first_name == "Jan"))
    assert (ticket.state, ticket.outcome, ticket.rating, ticket.question, ticket.employee_id) == ("closed", "resolved", 4, None, None)
    assert texts == [None]
    assert people == 0


async def test_retention_erases_old_texts_only(database):
    app, chat = await a_helped_employee(database)
    chat.clock.advance(timedelta(days=100))
    await chat.say("piet", "hallo")
    await chat.say("piet", "Stadhuis, Botermarkt")
    await ask_coach(chat, "piet", "de koffieautomaat in de kantine geeft geen wisselgeld")
    async with database.session() as s:
        first = await apply_retention(s, chat.clock.now(), days=90)
    async with database.session() as s:
        again = await apply_retention(s, chat.clock.now(), days=90)
        questions = dict((await s.execute(select(Ticket.id, Ticket.question))).all())
    assert first["questions_erased"] == 1 and first["messages_erased"] == 1
    assert again["questions_erased"] == 0, "idempotent"
    assert questions[1] is None and "koffieautomaat" in questions[2]


def test_privacy_cli_export_and_erase(tmp_path):
    env = {**os.environ, "DIGICOACH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/p.db"}
    env.pop("DIGICOACH_CONFIG", None)
    run = lambda *a, stdin="": subprocess.run([sys.executable, "-m", "bot.cli", *a], input=stdin, capture_output=True, text=True, env=env, timeout=120)
    assert run("chat", stdin="hallo\n1\nwaar vind ik mijn loonbrief\n").returncode == 0
    out = tmp_path / "jan.json"
    res = run("privacy", "export", "console:jan", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert json.loads(out.read_text())["tickets"][0]["question"] == "waar vind ik mijn loonbrief"
    assert run("privacy", "erase", "console:jan", stdin="no\n").returncode == 1
    res = run("privacy", "erase", "console:jan", "--yes")
    assert res.returncode == 0 and "erased" in res.stdout
    assert run("privacy", "export", "console:jan").returncode == 1
    assert "no person" in run("privacy", "erase", "telegram:42", "--yes").stdout


async def test_erasing_someone_waiting_for_a_coach_cancels_the_question_and_withdraws_the_offer(database):
    app, chat = await jan_at_his_site(database)
    await ask_coach(chat, "jan", "mijn badge werkt niet aan de poort van het depot")
    async with database.session() as s:
        counts = await erase_person(s, await find_person(s, "console:jan"), MONDAY_MORNING)
    assert counts["tickets_cancelled"] == 1
    async with database.session() as s:  # at once, not only when a coach happens to press a button
        ticket = (await s.execute(select(Ticket))).scalar_one()
        offers = (await s.execute(select(Offer))).scalars().all()
    assert ticket.state == "cancelled" and ticket.question is None
    assert offers and all(o.status == "withdrawn" for o in offers)
    app.clock.advance(minutes=30)  # offers time out: nobody else is offered a question without a person
    await app.engine.sweep()
    async with database.session() as s:
        assert len((await s.execute(select(Offer))).scalars().all()) == len(offers)
    pressed = text_to(await chat.say("coach:anna", "Ik help"), "coach:anna")
    assert "Je helpt" not in pressed, pressed
    await app.close()
