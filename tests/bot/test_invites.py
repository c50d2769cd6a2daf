"""Coaches join by invitation only: single-use, expiring, stored hashed."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.invites import create_invite
from storage.models import Invite
from tests.bot.harness import text_to


async def make_code(app, role="coach", ident="sofie", days=7):
    async with app.db.session() as s:
        return await create_invite(s, role, ident, app.clock.now(), timedelta(days=days))


async def test_code_links_account_once_and_is_stored_hashed(chat, app):
    code = await make_code(app)
    out = await chat.say("kim", f"/start {code}")
    assert "Welkom, Sofie" in text_to(out, "kim") and "/pause" in text_to(out, "kim")
    assert "beschikbaar" in text_to(await chat.say("kim", "/status"), "kim") or "buiten" in text_to(await chat.say("kim", "/status"), "kim")
    out = await chat.say("lies", start_code=code.replace("-", ""))
    assert "ongeldig, al gebruikt of verlopen" in text_to(out, "lies")
    assert "voor digicoaches" in text_to(await chat.say("lies", "/pause"), "lies")
    async with app.db.session() as s:
        stored = (await s.execute(select(Invite))).scalar_one()
    assert code.replace("-", "") not in stored.code_hash and stored.used_at is not None


async def test_expired_code_is_refused(chat, app):
    code = await make_code(app, days=7)
    chat.clock.advance(timedelta(days=7, minutes=1))
    out = await chat.say("kim", code)
    assert "verlopen" in text_to(out, "kim")


async def test_employee_who_redeems_becomes_the_coach(chat, app):
    await chat.say("kim", "hallo")
    code = await make_code(app, ident="anna")
    out = await chat.say("kim", code.lower())
    assert "Welkom, Anna" in text_to(out, "kim")
    assert "op pauze" in text_to(await chat.say("kim", "/pause 1h") + await chat.say("kim", "/status"), "kim")


async def test_coordinator_invitation(chat, app):
    code = await make_code(app, role="coordinator", ident="tom")
    out = await chat.say("els", code)
    assert "Coördinator-commando's" in text_to(out, "els")
    assert "Er wachten geen vragen" in text_to(await chat.say("els", "/tickets"), "els")
