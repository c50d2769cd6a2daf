"""Personal data: export everything about a person, erase it, and erase old texts after the retention period.

FAQ candidates (storage/faq_learning.py) hold employees' questions until a coordinator approves them: pending
and rejected ones go with the person and with retention; approved ones carry no person and stay (FAQ content).
Self-scans and training requests (storage/scans.py, storage/training.py) are exported and erased with the
person; retention keeps their results and states as anonymous counts, without the person or the answers.

Question texts and relayed messages are personal data; counts are not. Erasing
keeps ticket rows (state, times, outcome) without text or owner, so old
digests and totals stay right.

Copies count too. The person's words and name also travel in messages queued
for others (an offer quotes the question, a relay the message, a digest a gap
example), and a conversation keeps a question typed before the site was
chosen. What erasing does with each copy, and why:
- a message to the person: deleted (nobody is left to receive it);
- a message already delivered or given up: its text is not kept at all
  (`storage/outbox.py` blanks it on delivery; older rows are blanked here);
- a message still to be delivered to someone else that quotes the person's
  words, or passes on their photo or file: dropped. The person asked to be
  forgotten; an offer, relay or reminder about their question is moot and
  must not reach anyone now;
- one that only names them (a relayed photo, an "unreachable" alert, a
  colleague of the same first name): rewritten with the name as "[gewist]",
  so a message about someone else still arrives;
- a digest not yet delivered: dropped, whoever is erased, because its masked
  gap examples cannot be traced to a person; with its keys gone the digest
  job builds the week again from what is left.
Retention does the same by age: every outbox row older than the period goes,
delivered or not, and a conversation untouched that long forgets its data.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import audit, faq_learning, inbox, outbox, scans, training, web_auth
from storage.states import OPEN_STATES, TicketState
from storage.tickets import set_state
from storage.personal_text import carries_attachment, json_strings, needles, quotes, without_name
from storage.models import (
    Address,
    Coach,
    Conversation,
    Coordinator,
    FaqFeedback,
    Offer,
    OutboxMessage,
    Person,
    ProcessedUpdate,
    RelayedMessage,
    Ticket,
    TicketEvent,
)


async def find_person(session: AsyncSession, who: str) -> Person | None:
    """A person id (\"42\") or a channel address (\"console:jan\", \"telegram:1001\")."""
    if who.isascii() and who.isdigit():  # not "²": int() refuses it; not 10+ digits: ids are 32-bit
        return await session.get(Person, int(who)) if len(who) <= 9 else None
    channel, _, address = who.partition(":")
    if not address:
        return None
    row = await session.execute(
        select(Person).join(Address, Address.person_id == Person.id).where(Address.channel == channel, Address.address == address)
    )
    return row.scalar_one_or_none()


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def export_person(session: AsyncSession, person: Person) -> dict[str, Any]:
    addresses = (await session.execute(select(Address).where(Address.person_id == person.id))).scalars().all()
    conversation = await session.get(Conversation, person.id)
    coach = (await session.execute(select(Coach).where(Coach.person_id == person.id))).scalar_one_or_none()
    coordinator = (await session.execute(select(Coordinator).where(Coordinator.person_id == person.id))).scalar_one_or_none()
    tickets = (await session.execute(select(Ticket).where(Ticket.employee_id == person.id).order_by(Ticket.id))).scalars().all()
    ticket_ids = [t.id for t in tickets]
    events = (await session.execute(select(TicketEvent).where(TicketEvent.ticket_id.in_(ticket_ids)))).scalars().all() if ticket_ids else []
    relayed = (
        await session.execute(
            select(RelayedMessage)
            .where(or_(RelayedMessage.sender_id == person.id, RelayedMessage.ticket_id.in_(ticket_ids or [-1])))
            .order_by(RelayedMessage.id)
        )
    ).scalars().all()
    feedback = (await session.execute(select(FaqFeedback).where(FaqFeedback.ticket_id.in_(ticket_ids or [-1])))).scalars().all()
    candidates = await faq_learning.of_person(session, person.id)
    own_scans = await scans.of_person(session, person.id)
    requests = await training.of_person(session, person.id)
    return {
        "person": {
            "id": person.id, "role": person.role, "first_name": person.first_name, "language": person.language,
            "site": person.site_id, "location": [person.lat, person.lon] if person.lat is not None else None,
            "location_at": _when(person.location_at), "created": _when(person.created_at),
        },
        "addresses": [{"channel": a.channel, "address": a.address, "since": _when(a.created_at)} for a in addresses],
        "conversation": {"state": conversation.state, "data": conversation.data} if conversation else None,
        "coach": coach.id if coach else None,
        "coordinator": coordinator.id if coordinator else None,
        "tickets": [
            {
                "id": t.id, "state": t.state, "question": t.question, "language": t.language, "site": t.site_id,
                "coach": t.coach_id, "outcome": t.outcome, "rating": t.rating, "created": _when(t.created_at),
                "closed": _when(t.closed_at),
                "events": [{"kind": e.kind, "at": _when(e.at), "coach": e.coach_id} for e in events if e.ticket_id == t.id],
                "faq_feedback": [{"entry": f.entry_id, "helpful": f.helpful} for f in feedback if f.ticket_id == t.id],
            }
            for t in tickets
        ],
        "messages": [
            {"ticket": m.ticket_id, "from_me": m.sender_id == person.id, "at": _when(m.at), "text": m.text} for m in relayed
        ],
        "faq_candidates": [
            {"id": c.id, "kind": c.kind, "entry": c.entry_id, "question": c.question, "answer": c.answer,
             "status": c.status, "created": _when(c.created_at)}
            for c in candidates
        ],
        "scans": [
            {"id": x.id, "started": _when(x.started_at), "completed": _when(x.completed_at), "round": x.round,
             "department": x.department, "answers": scans.answers_of(x), "profile": x.profile, "skill": x.skill,
             "attitude": x.attitude, "strengths": scans.area_list(x.strengths), "to_work_on": scans.area_list(x.weak),
             "coach_may_see": x.coach_consent}
            for x in own_scans
        ],
        "training_requests": [
            {"id": r.id, "training": r.training_id, "state": r.state, "created": _when(r.created_at),
             "planned": _when(r.planned_at), "done": _when(r.done_at)}
            for r in requests
        ],
    }


def export_json(data: dict[str, Any]) -> str:
    """The export as a file: `digicoach privacy export` and the console's download write the same text."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


async def erase_person(session: AsyncSession, person: Person, now: datetime) -> dict[str, int]:
    """Remove the person and every text about them; ticket rows stay as anonymous counts.

    A question still open is cancelled and its pending offers withdrawn: nobody is left to help, and a coach
    must not be offered a ticket without a person or a question.
    """
    ticket_ids = list((await session.execute(select(Ticket.id).where(Ticket.employee_id == person.id))).scalars())
    counts = {"tickets_anonymised": len(ticket_ids), "tickets_cancelled": await _cancel_open(session, ticket_ids, now)}
    words = await _words_of(session, person, ticket_ids)  # before anything is blanked: what copies look like
    if ticket_ids:
        await session.execute(
            update(Ticket).where(Ticket.id.in_(ticket_ids)).values(question=None, employee_id=None, lat=None, lon=None)
        )
        result = await session.execute(update(RelayedMessage).where(RelayedMessage.ticket_id.in_(ticket_ids)).values(text=None))
        counts["messages_erased"] = result.rowcount or 0
    result = await session.execute(
        update(RelayedMessage).where(RelayedMessage.sender_id == person.id).values(text=None, sender_id=None)
    )
    counts["messages_erased"] = counts.get("messages_erased", 0) + (result.rowcount or 0)
    counts["faq_candidates_deleted"] = await faq_learning.erase_person(session, person.id)
    counts["scans_deleted"] = await scans.erase_person(session, person.id)
    counts["training_requests_deleted"] = await training.erase_person(session, person.id)
    await session.execute(delete(OutboxMessage).where(OutboxMessage.person_id == person.id))
    for channel, address in (await session.execute(select(Address.channel, Address.address).where(Address.person_id == person.id))).all():
        counts["inbox_deleted"] = counts.get("inbox_deleted", 0) + await inbox.erase_address(session, channel, address)
    counts.update(await _erase_from_outbox(session, words, person.first_name, person.id))
    await session.execute(update(Coach).where(Coach.person_id == person.id).values(person_id=None))
    await session.execute(update(Coordinator).where(Coordinator.person_id == person.id).values(person_id=None))
    await session.execute(delete(Conversation).where(Conversation.person_id == person.id))
    await session.execute(delete(Address).where(Address.person_id == person.id))
    await session.execute(delete(Person).where(Person.id == person.id))
    return counts


CANCELLED = TicketState.CANCELLED.value


async def _cancel_open(session: AsyncSession, ticket_ids: list[int], now: datetime) -> int:
    open_tickets = list((await session.execute(
        select(Ticket).where(Ticket.id.in_(ticket_ids or [-1]), Ticket.state.in_(OPEN_STATES)).with_for_update()
    )).scalars())
    for ticket in open_tickets:
        await set_state(session, ticket, CANCELLED, now, detail="erased")
    if open_tickets:
        await session.execute(update(Offer).where(Offer.ticket_id.in_([t.id for t in open_tickets]), Offer.status == "pending")
                              .values(status="withdrawn", answered_at=now))
    return len(open_tickets)


async def _words_of(session: AsyncSession, person: Person, ticket_ids: list[int]) -> set[str]:
    """Everything the person wrote or was told in their tickets, as it can appear quoted in a message."""
    texts: list[str | None] = []
    if ticket_ids:
        texts += (await session.execute(select(Ticket.question).where(Ticket.id.in_(ticket_ids)))).scalars().all()
    texts += (
        await session.execute(
            select(RelayedMessage.text).where(or_(RelayedMessage.sender_id == person.id, RelayedMessage.ticket_id.in_(ticket_ids or [-1])))
        )
    ).scalars().all()
    for candidate in await faq_learning.of_person(session, person.id):
        texts += [candidate.question, candidate.answer]
    conversation = await session.get(Conversation, person.id)
    if conversation is not None:
        # a question typed before the site was chosen, a vague one; not entry ids or step names (no spaces)
        texts += [value for value in json_strings(conversation.data) if any(c.isspace() for c in value)]
    return needles(texts)


async def _erase_from_outbox(session: AsyncSession, words: set[str], name: str | None, person_id: int) -> dict[str, int]:
    """Messages queued for others: see the module's docstring for what happens to each kind and why."""
    counts = {"outbox_blanked": await outbox.forget_delivered(session), "outbox_dropped": 0, "outbox_rewritten": 0}
    for row in await outbox.undelivered(session, except_person=person_id):
        rewritten = without_name(row.payload, name)
        theirs = rewritten is not None and carries_attachment(row.payload)  # "Jan sent a photo": the photo is his
        if row.key.startswith(outbox.DIGEST_KEY_PREFIX) or quotes(row.payload, words) or theirs:
            await session.delete(row)
            counts["outbox_dropped"] += 1
        elif rewritten is not None:
            row.payload = rewritten
            counts["outbox_rewritten"] += 1
    await session.flush()
    return counts


async def apply_retention(session: AsyncSession, now: datetime, days: int) -> dict[str, int]:
    """Erase every text older than `days`: questions, relayed messages, messages in the outbox (sent or not), FAQ
    candidates, a conversation's data; keep every count. Idempotent. A person's name and site stay: they are
    kept until the person is erased (README, "Personal data")."""
    cutoff = now - timedelta(days=days)
    questions = await session.execute(
        update(Ticket).where(Ticket.created_at < cutoff, Ticket.question.is_not(None)).values(question=None)
    )
    messages = await session.execute(
        update(RelayedMessage).where(RelayedMessage.at < cutoff, RelayedMessage.text.is_not(None)).values(text=None)
    )
    # Delivered or not: a message still unsent after the whole period will never be (8 attempts take minutes).
    old = await session.execute(delete(OutboxMessage).where(OutboxMessage.created_at < cutoff))
    blanked = await outbox.forget_delivered(session)
    await session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.at < cutoff))
    candidates = await faq_learning.apply_retention(session, cutoff)
    old_scans = await scans.apply_retention(session, cutoff)
    old_requests = await training.apply_retention(session, cutoff)
    # A conversation untouched for the whole period: a pending question (typed before the site was chosen) is
    # as old as that, and whatever it waited for is long gone; the person starts afresh next time.
    conversations = await session.execute(
        update(Conversation)
        .where(Conversation.updated_at < cutoff, or_(Conversation.data != "{}", Conversation.state != "idle"))
        .values(state="idle", data="{}", buttons="[]")
    )
    await inbox.delete_received_before(session, cutoff)  # handled rows are deleted at once; this catches any left
    web_sessions = await web_auth.forget_old(session, now)  # expired sign-in links and console sessions
    audit_entries = await audit.forget_before(session, cutoff)  # who did what in the console: kept as long as texts
    return {
        "web_sessions_deleted": web_sessions,
        "audit_entries_deleted": audit_entries,
        "questions_erased": questions.rowcount or 0,
        "messages_erased": messages.rowcount or 0,
        "outbox_deleted": old.rowcount or 0,
        "outbox_blanked": blanked,
        "faq_candidates_deleted": candidates,
        "scans_anonymised": old_scans,
        "training_requests_anonymised": old_requests,
        "conversations_reset": conversations.rowcount or 0,
    }
