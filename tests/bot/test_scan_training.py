"""Training requests: "Ik wil me inschrijven" reaches the coordinators of the person's department (only them),
who mark it planned or done; the person is told each step; the web console's function is the same one."""
from __future__ import annotations

import json

from sqlalchemy import update

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from storage import training
from storage.models import Coordinator
from tests.bot.harness import Harness, buttons_to, payloads_to, text_to
from tests.bot.scan_helpers import STARTER, onboard, take_scan
from tests.conftest import MONDAY_MORNING

SIGN_UP = "Ik wil me inschrijven: Basiscursus digitaal (5 sessies)"


async def app_with(tmp_path, departments: list[str]):
    from storage.db import Database

    app = await build_app(Config(), FakeClock(MONDAY_MORNING), db=Database(f"sqlite+aiosqlite:///{tmp_path}/d.db"))
    async with app.db.session() as s:
        await s.execute(update(Coordinator).where(Coordinator.id == "tom").values(departments=json.dumps(departments)))
    await app.link_console()
    return app, Harness(app)


async def signed_up(chat: Harness):
    await onboard(chat, "jan")  # Groendienst
    out = await take_scan(chat, "jan", STARTER)
    assert SIGN_UP in buttons_to(out, "jan")
    chat.sign_up = payloads_to(out, "jan")[buttons_to(out, "jan").index(SIGN_UP)]
    return await chat.say("jan", SIGN_UP)


async def test_the_coordinator_of_the_department_plans_it_and_the_person_hears_each_step(tmp_path):
    app, chat = await app_with(tmp_path, ["Groendienst"])
    out = await signed_up(chat)
    assert "is doorgegeven aan je coördinator" in text_to(out, "jan")
    told = text_to(out, "coordinator:tom")
    assert "Inschrijving #1: Jan (Groendienst) wil de opleiding Basiscursus digitaal (5 sessies) volgen" in told
    assert buttons_to(out, "coordinator:tom") == ["Ingepland", "Gevolgd"]
    buttons = payloads_to(out, "coordinator:tom")

    out = await chat.say("jan", payload=chat.sign_up)  # pressed again: no second message to the coordinator
    assert "Je vroeg al" in text_to(out, "jan") and not text_to(out, "coordinator:tom")

    out = await chat.say("coordinator:tom", payload=buttons[0])
    assert "staat nu op ingepland" in text_to(out, "coordinator:tom")
    assert "je bent ingepland voor Basiscursus digitaal" in text_to(out, "jan")
    out = await chat.say("coordinator:tom", payload=buttons[0])  # pressed twice: said plainly, the person not again
    assert "staat al op ingepland (door tom)" in text_to(out, "coordinator:tom") and not text_to(out, "jan")
    out = await chat.say("coordinator:tom", payload=buttons[1])
    assert "Proficiat met je opleiding" in text_to(out, "jan") and buttons_to(out, "jan") == ["Doe de digiscan"]
    async with app.db.session() as s:
        [row] = await training.in_scope(s, ["Groendienst"])
    assert (row.state, row.decided_by, row.planned_at is not None, row.done_at is not None) == ("done", "tom", True, True)
    await app.close()


async def test_a_coordinator_of_another_department_is_not_told_and_cannot_move_it(tmp_path):
    app, chat = await app_with(tmp_path, ["Wegen"])
    out = await signed_up(chat)
    assert "is doorgegeven" in text_to(out, "jan") and not text_to(out, "coordinator:tom")
    out = await chat.say("coordinator:tom", payload="trplan:1")  # a forged or old button
    assert "niet meer geldig" in text_to(out, "coordinator:tom") and not text_to(out, "jan")
    async with app.db.session() as s:
        assert [r.state for r in await training.in_scope(s)] == ["requested"]
        assert await training.in_scope(s, ["Wegen"]) == []
        marked = await training.mark(s, 1, training.PLANNED, MONDAY_MORNING, by="tom", departments=["Wegen"])
    assert marked.outcome == "missing"
    await app.close()
