"""Coaches and coordinators read dates, hours, states and outcomes in their own language, and type outcomes in it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Ticket
from tests.bot.harness import ask_coach, payloads_to, text_to

QUESTION = "de deur van de loods klemt en het alarm gaat af"
ENGLISH_WORDS = ("Mon", "Tue", "Wed", "Thu", "Fri", "mon-fri", "offered", "accepted", "queued", "resolved")


async def onboard(chat, actor: str = "jan") -> None:
    await chat.say(actor, "hallo")
    await chat.say(actor, "Groendienst, ploeg Citadelpark")


def no_english(text: str) -> bool:
    return not any(word in text for word in ENGLISH_WORDS)


async def test_dutch_coach_sees_dutch_pause_status_and_hours(chat):
    out = await chat.say("coach:anna", "/pause tot vrijdag")  # Monday 23 Nov 2026: until Friday 27/11
    assert "tot vr 27/11 00:00" in text_to(out, "coach:anna") and no_english(text_to(out, "coach:anna"))
    status = text_to(await chat.say("coach:anna", "/status"), "coach:anna")
    assert "op pauze tot vr 27/11" in status and "ma-vr 07:00-15:30" in status and no_english(status)


async def test_french_and_english_coaches_get_their_own_words(chat):
    await chat.say("coach:lotte", "/lang fr")
    out = await chat.say("coach:lotte", "/pause tot vrijdag")
    assert "jusqu'à ven 27/11" in text_to(out, "coach:lotte")
    assert "lun-ven 08:30-17:00" in text_to(await chat.say("coach:lotte", "/status"), "coach:lotte")
    await chat.say("coach:anna", "/lang en")
    out = await chat.say("coach:anna", "/pause tot vrijdag")
    assert "until Fri 27/11 00:00" in text_to(out, "coach:anna"), "English stays as it was"
    assert "mon-fri 07:00-15:30" in text_to(await chat.say("coach:anna", "/status"), "coach:anna")


async def test_ticket_lists_show_states_in_dutch(chat):
    await onboard(chat)
    accept = payloads_to(await ask_coach(chat, "jan", QUESTION), "coach:anna")[0]
    listing = text_to(await chat.say("coach:anna", "/tickets"), "coach:anna")
    assert "#1 aangeboden" in listing and no_english(listing)
    await chat.say("coach:anna", payload=accept)
    listing = text_to(await chat.say("coach:anna", "/tickets"), "coach:anna")
    assert "#1 in behandeling" in listing and no_english(listing)


async def test_coordinator_list_shows_a_queued_ticket_in_dutch(chat):
    for coach in ("anna", "bram", "lotte", "jens", "wout", "sofie"):
        await chat.say(f"coach:{coach}", "/pause")
    await onboard(chat)
    await ask_coach(chat, "jan", QUESTION)
    listing = text_to(await chat.say("coordinator:tom", "/tickets"), "coordinator:tom")
    assert "#1 in de wachtrij" in listing and no_english(listing)


@pytest.mark.parametrize(
    ("typed", "outcome", "minutes"),
    [
        ("/close opgelost 10", "resolved", 10),
        ("/close doorverwezen", "referred_servicedesk", None),
        ("/close résolu", "resolved", None),
        ("/close resolved", "resolved", None),
        ("/close niet opgelost 5", "not_resolved", 5),
    ],
)
async def test_outcomes_typed_in_each_language(chat, app, typed, outcome, minutes):
    await onboard(chat)
    await ask_coach(chat, "jan", QUESTION)
    await chat.say("coach:anna", "Ik help")
    out = await chat.say("coach:anna", typed)
    assert "afgesloten" in text_to(out, "coach:anna")
    async with app.db.session() as s:
        ticket = (await s.execute(select(Ticket))).scalar_one()
    assert (ticket.state, ticket.outcome, ticket.minutes) == ("closed", outcome, minutes)


async def test_an_unknown_outcome_lists_the_choices_in_the_coachs_language(chat):
    out = text_to(await chat.say("coach:anna", "/close klaar"), "coach:anna")
    assert "opgelost, doorverwezen, opleiding, niet opgelost, niet gekomen" in out and "resolved" not in out
    await chat.say("coach:lotte", "/lang fr")
    out = text_to(await chat.say("coach:lotte", "/close truc"), "coach:lotte")
    assert "résolu, transmis, formation, non résolu, absent" in out
    await chat.say("coach:sofie", "/lang en")
    out = text_to(await chat.say("coach:sofie", "/close whatever"), "coach:sofie")
    assert "resolved, referred_servicedesk, needs_training, not_resolved, no_show" in out
