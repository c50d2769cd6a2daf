"""The consent rule: the coach of a learning question sees the self-scan's result only when the colleague said
yes; a no keeps it from every coach; nobody else is ever shown it."""
from __future__ import annotations

from sqlalchemy import select

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from storage.models import Scan, Ticket
from tests.bot.harness import Harness, buttons_to, payloads_to, text_to
from tests.bot.scan_helpers import LEARNER, onboard, take_scan
from tests.conftest import MONDAY_MORNING

PROFILE = "Leergierige ontdekker"


async def learning_question(tmp_path, consent: str):
    from storage.db import Database

    app = await build_app(Config(), FakeClock(MONDAY_MORNING), db=Database(f"sqlite+aiosqlite:///{tmp_path}/d.db"))
    await app.link_console()
    chat = Harness(app)
    await onboard(chat, "jan")
    out = await take_scan(chat, "jan", LEARNER)
    assert PROFILE in text_to(out, "jan") and "Praat met een digicoach" in buttons_to(out, "jan")
    out = await chat.say("jan", "Praat met een digicoach")
    assert "Mag de digicoach die je helpt je scanresultaat zien" in text_to(out, "jan")
    out = await chat.say("jan", consent)
    return app, chat, out


async def test_with_consent_the_offered_and_accepting_coach_see_the_profile(tmp_path):
    app, chat, out = await learning_question(tmp_path, "Ja, dat mag")
    [coach] = {a for a, _ in out if a.startswith("coach:")}
    offer = text_to(out, coach)
    assert "Leervraag na de digiscan" in offer and PROFILE in offer and "Je telefoon gebruiken" in offer
    accepted = await chat.say(coach, payload=payloads_to(out, coach)[0])
    assert PROFILE in text_to(accepted, coach)
    async with app.db.session() as s:
        ticket = (await s.execute(select(Ticket))).scalar_one()
        scan = (await s.execute(select(Scan))).scalar_one()
    assert (ticket.faq_decision, ticket.scan_id, scan.coach_consent) == ("learning", scan.id, True)
    await app.close()


async def test_without_consent_no_coach_sees_the_profile(tmp_path):
    app, chat, out = await learning_question(tmp_path, "Nee, liever niet")
    [coach] = {a for a, _ in out if a.startswith("coach:")}
    offer = text_to(out, coach)
    assert "Leervraag na de digiscan" in offer and "deelt het scanresultaat niet" in offer
    assert PROFILE not in offer
    out = await chat.say(coach, "Niet nu")  # declined: the next coach gets it, and does not see it either
    [other] = {a for a, _ in out if a.startswith("coach:") and a != coach}
    assert "Leervraag na de digiscan" in text_to(out, other) and PROFILE not in text_to(out, other)
    accepted = await chat.say(other, payload=payloads_to(out, other)[0])
    assert "Je helpt Jan" in text_to(accepted, other) and PROFILE not in text_to(accepted, other)
    await app.close()


async def test_a_coordinator_never_sees_a_persons_result(tmp_path):
    app, chat, out = await learning_question(tmp_path, "Ja, dat mag")
    assert not any(a.startswith("coordinator:") for a, _ in out)
    listed = await chat.say("coordinator:tom", "/tickets")
    assert PROFILE not in text_to(listed, "coordinator:tom")
    await app.close()
