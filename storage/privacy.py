"""Personal data: export everything about a person, erase it, and erase old texts after the retention period.

FAQ candidates (storage/faq_learning.py) hold employees' questions until a coordinator approves them: pending
and rejected ones go with the person and with retention; approved ones carry no person and stay (FAQ content).

Question texts and relayed messages are personal data; counts are not. Erasing
keeps ticket rows (state, times, outcome) without text or owner, so old
digests and totals stay right.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import faq_learning, inbox
from storage.models import (
    Address,
    Coach,
    Conversation,
    Coordinator,
    FaqFeedback,
    OutboxMessage,
    Person,
    ProcessedUpdate,
    RelayedMessage,
    Ticket,
    TicketEvent,
)


async def find_person(session: AsyncSession, who: str) -> Person | None:
    """A person id (\"42\") or a channel address (\"console:jan\", \"telegram:1001\")."""
    if who.isdigit():
        return await session.get(Person, int(who))
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
    }


async def erase_person(session: AsyncSession, person: Person) -> dict[str, int]:
    """Remove the person and every text about them; ticket rows stay as anonymous counts."""
    ticket_ids = list((await session.execute(select(Ticket.id).where(Ticket.employee_id == person.id))).scalars())
    counts = {"tickets_anonymised": len(ticket_ids)}
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
    await session.execute(delete(OutboxMessage).where(OutboxMessage.person_id == person.id))
    for channel, address in (await session.execute(select(Address.channel, Address.address).where(Address.person_id == person.id))).all():
        counts["inbox_deleted"] = counts.get("inbox_deleted", 0) + await inbox.erase_address(session, channel, address)
    await session.execute(update(Coach).where(Coach.person_id == person.id).values(person_id=None))
    await session.execute(update(Coordinator).where(Coordinator.person_id == person.id).values(person_id=None))
    await session.execute(delete(Conversation).where(Conversation.person_id == person.id))
    await session.execute(delete(Address).where(Address.person_id == person.id))
    await session.execute(delete(Person).where(Person.id == person.id))
    return counts


async def apply_retention(session: AsyncSession, now: datetime, days: int) -> dict[str, int]:
    """Erase question texts and relayed messages older than `days`; keep every count. Idempotent."""
    cutoff = now - timedelta(days=days)
    questions = await session.execute(
        update(Ticket).where(Ticket.created_at < cutoff, Ticket.question.is_not(None)).values(question=None)
    )
    messages = await session.execute(
        update(RelayedMessage).where(RelayedMessage.at < cutoff, RelayedMessage.text.is_not(None)).values(text=None)
    )
    sent = await session.execute(
        delete(OutboxMessage).where(OutboxMessage.created_at < cutoff, OutboxMessage.sent_at.is_not(None) | OutboxMessage.failed_at.is_not(None))
    )
    await session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.at < cutoff))
    candidates = await faq_learning.apply_retention(session, cutoff)
    await inbox.delete_received_before(session, cutoff)  # handled rows are deleted at once; this catches any left
    return {
        "questions_erased": questions.rowcount or 0,
        "messages_erased": messages.rowcount or 0,
        "outbox_deleted": sent.rowcount or 0,
        "faq_candidates_deleted": candidates,
    }
