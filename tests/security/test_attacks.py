"""Attacks through the real engine: forged button presses and wrong-role commands change nothing.

A chat client can send any callback data it likes (Telegram) or any card
`data` (Teams); these tests press such payloads as the wrong person, for
someone else's ticket, with garbage, and check that the database is
untouched, the person gets a plain answer, and the refusal is logged.
"""
from __future__ import annotations

import logging

from sqlalchemy import select

from storage.models import Offer, Ticket
from tests.bot.harness import Harness, ask_coach, payloads_to, text_to
from tests.security.helpers import snapshot

QUESTION = "de deur van de loods klemt en het alarm gaat af"
ERROR_TEXT = "Er ging iets mis"


async def onboard(chat: Harness, actor: str, site: str = "Groendienst, ploeg Citadelpark") -> None:
    await chat.say(actor, "hallo")
    await chat.say(actor, site)


async def scene(chat: Harness) -> None:
    """jan's question #1 is offered to anna; piet's #2 got an FAQ answer and waits for yes/no."""
    await onboard(chat, "jan")
    await onboard(chat, "piet")
    out = await ask_coach(chat, "jan", QUESTION)
    assert "accept:1" in payloads_to(out, "coach:anna")
    out = await chat.say("piet", "waar vind ik mijn loonbrief")
    assert "yes:2" in payloads_to(out, "piet")


async def assert_no_effect(chat: Harness, actor: str, caplog, **message) -> str:  # type: ignore[no-untyped-def]
    """Send one message; the database must be the same afterwards and the answer a plain sentence."""
    before = await snapshot(chat.app)
    out = await chat.say(actor, **message)
    after = await snapshot(chat.app)
    for table in before:
        assert before[table] == after[table], f"{actor} {message}: {table} changed"
    answer = text_to(out, actor)
    assert answer and ERROR_TEXT not in answer, f"{actor} {message}: {answer!r}"
    assert [a for a, _ in out] == [actor] * len(out), f"{actor} {message}: someone else was told"
    return answer


WRONG_PERSON = [
    # a coach the ticket was never offered to
    ("coach:lotte", "accept:1"),
    ("coach:lotte", "decline:1"),
    ("coach:lotte", "close:1"),
    ("coach:lotte", "outcome:1:resolved"),
    ("coach:lotte", "handback:1"),
    ("coach:lotte", "reason:1:busy"),  # offer 1 is anna's
    # the offered coach, but the ticket is not accepted yet
    ("coach:anna", "outcome:1:resolved"),
    ("coach:anna", "handback:1"),
    ("coach:anna", "close:1"),
    ("coach:anna", "reason:1:busy"),  # not declined
    # employees pressing coach and coordinator buttons
    ("jan", "accept:1"),
    ("jan", "decline:1"),
    ("jan", "outcome:1:resolved"),
    ("jan", "handback:1"),
    ("jan", "assign:1:lotte"),
    ("piet", "close:1"),
    # an employee answering someone else's ticket
    ("jan", "yes:2"),
    ("jan", "no:2"),
    ("jan", "faq:2:payslip"),
    ("jan", "none:2"),
    ("jan", "rate:2:1"),
    ("piet", "none:1"),
    ("piet", "rate:1:5"),
    # coaches and coordinators pressing employee buttons
    ("coach:anna", "yes:2"),
    ("coach:anna", "none:1"),
    ("coordinator:tom", "no:2"),
    ("coordinator:tom", "rate:1:5"),
    ("coordinator:tom", "site:groendienst-depot"),
    # a coach pressing the coordinator's assign, and a coordinator a coach's buttons
    ("coach:anna", "assign:1:anna"),
    ("coach:lotte", "assign:1:lotte"),
    ("coordinator:tom", "accept:1"),
    ("coordinator:tom", "outcome:1:resolved"),
]


async def test_buttons_pressed_by_the_wrong_person_do_nothing(chat, app, caplog):
    await scene(chat)
    caplog.set_level(logging.INFO, logger="digicoach.engine")
    for actor, payload in WRONG_PERSON:
        caplog.clear()
        await assert_no_effect(chat, actor, caplog, payload=payload)
        # refused by the table (a warning), or owned but no longer in a state to press (stale)
        refused = [r for r in caplog.records if "button refused" in r.getMessage() or "stale" in r.getMessage()]
        assert refused, f"{actor} {payload}: refusal not logged"
    async with app.db.session() as s:
        assert (await s.get(Ticket, 1)).state == "offered"
        assert (await s.get(Ticket, 2)).state == "new"
    # the real owner can still act afterwards
    assert "Je helpt" in text_to(await chat.say("coach:anna", payload="accept:1"), "coach:anna")


GARBAGE = [
    "", ":", "::::", "accept", "accept:", "accept:abc", "accept:-1", "accept:+1", "accept:1.0", "accept:1e3",
    "accept: 1", "accept:1 ", "accept:0x1", "accept:1:2", "accept:0", "accept:99999999999999999999999999",
    "accept:2147483648", "accept:9223372036854775808", "accept:²", "accept:١", "accept:\x00", "accept:1\n",
    "close:-5", "outcome:1:deleted", "outcome:1:", "outcome::resolved", "outcome:1:resolved:extra",
    "rate:2:6", "rate:2:0", "rate:2:-1", "rate:2:5.0", "yes:2 OR 1=1", "yes:2;DROP TABLE tickets",
    "no:2'--", "faq:2:' OR '1'='1", "faq:2:../../etc/passwd", "site:'; DELETE FROM sites; --",
    "assign:1:anna' OR 'x'='x", "assign:1;DELETE FROM tickets", "reason:1:busy;drop", "lang:xx", "lang:",
    "lang:nl:extra", "unknown:1", "__proto__:1", "ACCEPT:1", "Accept:1", "x" * 5000, "accept:" + "9" * 5000,
    "%s%s%s", "{ticket}", "accept:{0}", "\u202eaccept:1",
]


async def test_garbage_payloads_do_nothing(chat, app, caplog):
    await scene(chat)
    caplog.set_level(logging.WARNING, logger="digicoach.engine")
    actors = ["jan", "piet", "coach:anna", "coordinator:tom"]
    for i, payload in enumerate(GARBAGE):
        actor = actors[i % len(actors)]
        caplog.clear()
        answer = await assert_no_effect(chat, actor, caplog, payload=payload)
        assert "niet meer geldig" in answer or "niet aan jou aangeboden" in answer, (payload, answer)
        assert any("button refused" in r.getMessage() for r in caplog.records), payload
        assert all(payload[:20] not in r.getMessage() for r in caplog.records if len(payload) > 6), "payload echoed to the log"


async def test_employee_cannot_use_coach_or_coordinator_commands(chat, app, caplog):
    await scene(chat)
    for command in ("/pause", "/resume", "/status", "/close resolved", "/close resolved 5", "/tickets"):
        answer = await assert_no_effect(chat, "jan", caplog, text=command)
        assert "is voor digicoaches" in answer, (command, answer)
    for actor in ("coach:anna", "coordinator:tom"):
        answer = await assert_no_effect(chat, actor, caplog, text="/cancel")
        assert "is voor collega's met een vraag" in answer
    answer = await assert_no_effect(chat, "coordinator:tom", caplog, text="/pause")
    assert "is voor digicoaches" in answer


async def test_coach_gets_no_coordinator_view_or_powers(chat, app, caplog):
    await scene(chat)
    out = await chat.say("coordinator:tom", "/tickets")
    assign = [p for p in payloads_to(out, "coordinator:tom") if p.startswith("assign:")]
    # a coach copying the coordinator's assign payloads (or making up their own) gets nowhere
    for payload in assign + ["assign:1:anna", "assign:1:lotte"]:
        await assert_no_effect(chat, "coach:lotte", caplog, payload=payload)
    out = await chat.say("coach:lotte", "/tickets")
    assert not [p for p in payloads_to(out, "coach:lotte") if p.startswith("assign:")]


async def test_coach_acting_after_the_ticket_was_offered_to_someone_else(chat, app, caplog):
    await scene(chat)
    await chat.say("coach:anna", payload="decline:1")  # re-routed to the next nearest
    async with app.db.session() as s:
        pending = (await s.execute(select(Offer.coach_id).where(Offer.ticket_id == 1, Offer.status == "pending"))).scalars().all()
    assert pending and "anna" not in pending
    other = pending[0]
    answer = await assert_no_effect(chat, "coach:anna", caplog, payload="accept:1")
    assert "Je helpt" not in answer
    assert "Je helpt" in text_to(await chat.say(f"coach:{other}", payload="accept:1"), f"coach:{other}")
    for payload in ("accept:1", "decline:1", "close:1", "outcome:1:resolved", "handback:1"):
        answer = await assert_no_effect(chat, "coach:anna", caplog, payload=payload)
        assert "Je helpt" not in answer
    # typing does not reach jan either: anna holds no ticket
    answer = await assert_no_effect(chat, "coach:anna", caplog, text="hallo jan, ik ben het")
    async with app.db.session() as s:
        ticket = await s.get(Ticket, 1)
        assert ticket.state == "accepted" and ticket.coach_id == other


async def test_old_buttons_after_a_hand_back_do_nothing(chat, app, caplog):
    await scene(chat)
    await chat.say("coach:anna", payload="accept:1")
    await chat.say("coach:anna", payload="handback:1")
    for payload in ("close:1", "outcome:1:resolved", "handback:1"):
        await assert_no_effect(chat, "coach:anna", caplog, payload=payload)


async def test_only_the_employee_of_a_closed_ticket_rates_it_and_cancels_their_own(chat, app, caplog):
    await scene(chat)
    await chat.say("coach:anna", payload="accept:1")
    out = await chat.say("coach:anna", payload="outcome:1:resolved")
    assert "rate:1:5" in payloads_to(out, "jan")
    for actor in ("piet", "coach:anna", "coordinator:tom"):
        await assert_no_effect(chat, actor, caplog, payload="rate:1:1")
    await assert_no_effect(chat, "jan", caplog, payload="rate:1:9")
    await chat.say("jan", payload="rate:1:5")
    await assert_no_effect(chat, "jan", caplog, payload="rate:1:1")  # once only
    async with app.db.session() as s:
        assert (await s.get(Ticket, 1)).rating == 5
    # piet's /cancel ends piet's own question, never jan's or anyone else's
    await chat.say("piet", "/cancel")
    async with app.db.session() as s:
        assert (await s.get(Ticket, 1)).state == "closed"


async def test_forged_press_with_a_message_id_is_still_refused_once(chat, app, caplog):
    """A replayed forged update (same platform id) is dropped as a duplicate; a new one is refused again."""
    await scene(chat)
    await assert_no_effect(chat, "jan", caplog, payload="accept:1", message_id="m1")
    before = await snapshot(app)
    assert await chat.say("jan", payload="accept:1", message_id="m1") == []
    assert await snapshot(app) == before
