"""The two-statement FAQ turn (PostgreSQL) answers and stores exactly what the general turn does.

Two employees live through the same conversation at the same instants, one
with the quick path and one without; what they are shown and every row the
turns leave behind must be the same, ticket ids aside.
"""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from bot.messages import Incoming
from storage import faq_turn
from storage.models import Address, Conversation, ProcessedUpdate, Ticket, TicketEvent

SCRIPT = [
    "hallo",
    "1",  # the first site
    "waar vind ik mijn loonbrief",  # answered
    "paswoord vergeten",  # answered; the payslip answer nobody judged counts as self-served
    "mijn loonbrief klopt niet",  # suggestions: the general path
    "hoe vraag ik verlof aan",  # answered; the unchosen suggestions are cancelled
    "Nee",  # a button's label typed: the general path (suggestions or a coach)
    "hoe meld ik mij ziek",  # answered, or added to a question a coach is asked (general path)
]


async def _conversation(app, actor: str, quick: bool, seen: dict[str, list]) -> None:
    app.engine.quick_faq_turns = quick
    for n, text in enumerate(SCRIPT):
        replies = await app.engine.handle(
            Incoming(channel="console", address=actor, text=text, message_id=f"{actor}-{n}", locale="nl")
        )
        seen.setdefault(actor, []).append([(r.text, [(b.label, b.payload) for b in r.buttons]) for r in replies])


async def _rows(app, actor: str) -> dict:
    async with app.db.session() as session:
        person_id = await session.scalar(select(Address.person_id).where(Address.address == actor))
        tickets = list((await session.execute(select(Ticket).where(Ticket.employee_id == person_id).order_by(Ticket.id))).scalars())
        ids = {t.id: n for n, t in enumerate(tickets)}
        events = list((await session.execute(
            select(TicketEvent).where(TicketEvent.ticket_id.in_(ids)).order_by(TicketEvent.ticket_id, TicketEvent.kind)
        )).scalars())
        conv = await session.get(Conversation, person_id)
        seen = await session.scalar(select(ProcessedUpdate.message_id).where(ProcessedUpdate.message_id == f"{actor}-3"))

    return {
        "tickets": [
            (t.state, t.question, t.language, t.site_id, t.department, t.lat, t.lon, t.offer_count, t.faq_decision,
             t.faq_entry, t.created_at, t.closed_at, t.updated_at, t.last_activity_at, t.coach_id)
            for t in tickets
        ],
        "events": [(ids[e.ticket_id], e.kind, e.at, e.coach_id, e.detail) for e in events],
        "conversation": (conv.state, _renumber(conv.data, ids), _renumber(conv.buttons, ids)),
        "processed": seen is not None,
        "ids": ids,
    }


def _renumber(text: str, ids: dict[int, int]) -> str:
    """Ticket ids as each employee's first, second... ticket: the two employees' ids differ."""
    return re.sub(r"\d+", lambda m: f"#{ids.get(int(m.group(0)), m.group(0))}", text)


def _normalise(replies: list, ids: dict[int, int]) -> list:
    return [[(text, [(label, _renumber(p, ids)) for label, p in buttons]) for text, buttons in turn] for turn in replies]


async def test_quick_and_general_turns_show_and_store_the_same(app, database, monkeypatch) -> None:
    if database.backend != "postgresql":
        pytest.skip("the two-statement turn is PostgreSQL's; SQLite always takes the general path")
    saves = []
    original = faq_turn.save

    async def counting_save(*args, **kwargs):
        saves.append(kwargs["person_id"])
        return await original(*args, **kwargs)

    monkeypatch.setattr(faq_turn, "save", counting_save)
    seen: dict[str, list] = {}
    for quick, actor in ((True, "ann"), (False, "bob")):
        await _conversation(app, actor, quick, seen)
    ann, bob = await _rows(app, "ann"), await _rows(app, "bob")
    assert len(saves) >= 3, "the quick path answered none of the plain questions"
    assert _normalise(seen["ann"], ann["ids"]) == _normalise(seen["bob"], bob["ids"])
    for key in ("tickets", "events", "conversation", "processed"):
        assert ann[key] == bob[key], key
    assert [t[0] for t in ann["tickets"]][:4] == ["self_served", "self_served", "cancelled", "self_served"]


async def test_a_second_delivery_of_an_answered_question_is_dropped(app, database) -> None:
    if database.backend != "postgresql":
        pytest.skip("PostgreSQL's quick path; the general path's duplicate check is tested in test_help_loop")
    for text in ("hallo", "1"):
        await app.engine.handle(Incoming(channel="console", address="ann", text=text))
    question = Incoming(channel="console", address="ann", text="paswoord vergeten", message_id="m-1")
    first = await app.engine.handle(question)
    again = await app.engine.handle(question)
    assert "Heeft dit geholpen?" in first[-1].text and again == []
    async with app.db.session() as session:
        questions = list((await session.execute(select(Ticket.question))).scalars())
    assert questions == ["paswoord vergeten"]


async def test_the_answer_names_the_ticket_the_buttons_act_on(app, database, chat) -> None:
    """Pressing "Ja" under a quick answer closes that ticket as self-served, as under any answer."""
    await chat.say("ann", "hallo")
    await chat.say("ann", "1")
    out = await chat.say("ann", "waar vind ik mijn loonbrief")
    yes = next(b.payload for _, m in out for b in m.buttons if b.label == "Ja")
    async with app.db.session() as session:
        ticket_id = await session.scalar(select(Ticket.id))
        stored = json.loads((await session.scalar(select(Conversation.data).where(Conversation.state == "feedback"))))
    assert yes == f"yes:{ticket_id}" and stored["ticket"] == ticket_id
    out = await chat.say("ann", "ja")  # typed: the label of the stored button
    async with app.db.session() as session:
        states = list((await session.execute(select(Ticket.state))).scalars())
    assert states == ["self_served"] and "Fijn" in out[0][1].text
