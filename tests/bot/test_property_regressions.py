"""Plain regression tests for bugs the property-based tests (tests/properties) found in the engine."""
from __future__ import annotations

from bot.texts import LANGUAGES, t
from storage.models import Ticket
from tests.bot.harness import ask_coach, text_to

ERRORS = {t("error", lang) for lang in LANGUAGES}


async def onboard(chat, actor="jan", site="Groendienst, ploeg Citadelpark"):
    await chat.say(actor, "hallo")
    return await chat.say(actor, site)


async def test_a_superscript_digit_is_not_a_button_number(chat):
    """'²'.isdigit() is True but int('²') fails: a typed '²' crashed the turn ("Er ging iets mis")."""
    await chat.say("jan", "hallo")  # the answer has site buttons, so a bare number picks one
    for text in ("²", "1²", "³"):
        out = await chat.say("jan", text)
        assert text_to(out, "jan") and text_to(out, "jan") not in ERRORS


async def test_other_decimal_digits_still_pick_a_button(chat):
    await chat.say("jan", "hallo")
    out = await chat.say("jan", "\u0661")  # ARABIC-INDIC DIGIT ONE picks the first site
    assert "Groendienst" in text_to(out, "jan") or "Administratief" in text_to(out, "jan")


async def test_close_with_superscript_minutes_is_a_usage_answer(chat):
    """`/close resolved ²` crashed on int('²'); it is a wrong number of minutes, answered with the usage."""
    await onboard(chat)
    await ask_coach(chat, "jan", "mijn badge werkt niet meer aan de poort")
    await chat.say("coach:anna", "1")  # accept
    out = await chat.say("coach:anna", "/close resolved ²")
    assert text_to(out, "coach:anna") not in ERRORS
    assert "opgelost" in text_to(out, "coach:anna")  # the usage lists the outcomes (in the coach's Dutch)


QUESTION = "de deur van de loods klemt en het alarm gaat af"


async def pause_all(chat, *, but=()):
    for coach in ("anna", "bram", "lotte", "jens", "wout", "sofie"):
        if coach not in but:
            await chat.say(f"coach:{coach}", "/pause")


async def ticket_state(app, ticket_id=1):
    async with app.db.session() as s:
        ticket = await s.get(Ticket, ticket_id)
        return ticket.state, ticket.coach_id


async def test_queue_position_told_twice_in_one_instant(chat, app):
    """Queued, offered again and declined at the same instant: the second "you are number N" reused the
    outbox key `queued:TICKET:TIME`, the UNIQUE key failed and the decline was lost ("Er ging iets mis")."""
    await pause_all(chat, but=("anna",))
    await onboard(chat)
    await ask_coach(chat, "jan", QUESTION)  # offered to Anna
    out = await chat.tick(11)  # Anna lets it time out: queued, Jan is told his place
    assert "nummer 1" in text_to(out, "jan")
    out = await chat.say("coach:lotte", "/resume")  # at the same instant: offered to Lotte
    assert "#1" in text_to(out, "coach:lotte")
    out = await chat.say("coach:lotte", payload="decline:1")  # and declined: queued again, Jan told again
    assert text_to(out, "coach:lotte") not in ERRORS
    assert (await ticket_state(app))[0] == "queued"


async def test_coach_assigned_by_hand_after_handing_back_can_accept(chat, app):
    """A coach who handed a ticket back, assigned it again by the coordinator, accepts: the employee's
    "coach found" message reused the outbox key `found:TICKET:COACH` and the accept failed."""
    await pause_all(chat, but=("anna",))
    await onboard(chat)
    await ask_coach(chat, "jan", QUESTION)
    await chat.say("coach:anna", payload="accept:1")
    await chat.say("coach:anna", payload="handback:1")  # nobody else: queued
    assert (await ticket_state(app))[0] == "queued"
    out = await chat.say("coordinator:tom", payload="assign:1:anna")
    assert "Anna" in text_to(out, "coordinator:tom")
    out = await chat.say("coach:anna", payload="accept:1")
    assert text_to(out, "coach:anna") not in ERRORS
    assert await ticket_state(app) == ("accepted", "anna")
    assert "Anna" in text_to(out, "jan")  # told again who helps


async def test_an_old_topic_button_while_a_coach_helps_opens_no_second_ticket(chat, app):
    """The topic buttons shown after a greeting, pressed after the next question went to a coach: the topic's
    answer came with a new ticket, so the employee had two open tickets (one accepted, one new)."""
    from sqlalchemy import select

    await onboard(chat)
    await chat.say("jan", "hallo")  # the topics, as buttons
    await ask_coach(chat, "jan", "de koffieautomaat in de kantine geeft geen wisselgeld")
    await chat.say("coach:anna", "Ik help")
    out = await chat.say("jan", payload="topic:two_step_login")
    assert "Microsoft Authenticator" in text_to(out, "jan"), "the answer, still"
    async with app.db.session() as s:
        assert [(x.id, x.state) for x in (await s.execute(select(Ticket))).scalars()] == [(1, "accepted")]
