"""Ticket queries. Every state change goes through here and leaves an event row with its time."""
from __future__ import annotations

from datetime import datetime
from typing import Sequence

from sqlalchemy import and_, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import capacity
from storage.models import Coach, FaqFeedback, Offer, OutboxMessage, RelayedMessage, Ticket, TicketEvent

from storage.states import OPEN_STATES, WAITING_FOR_COACH, WAITING_STATES  # noqa: F401  (used by callers as tickets.X)


_ADD_EVENT = insert(TicketEvent.__table__)


async def add_event(
    session: AsyncSession, ticket_id: int, kind: str, at: datetime, coach_id: str | None = None, detail: str | None = None
) -> None:
    """One event row, written now: a Core INSERT with no RETURNING (nothing reads an event back in a turn)."""
    await session.execute(
        _ADD_EVENT, {"ticket_id": ticket_id, "kind": kind, "at": at, "coach_id": coach_id, "detail": detail}
    )


async def lock_ticket(session: AsyncSession, ticket_id: int, *, skip_locked: bool = False) -> Ticket | None:
    """Load a ticket and hold its row lock until commit (PostgreSQL; SQLite already serialises writers)."""
    stmt = (
        select(Ticket)
        .where(Ticket.id == ticket_id)
        .with_for_update(skip_locked=skip_locked)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def set_state(session: AsyncSession, ticket: Ticket, state: str, at: datetime, **detail: str | None) -> None:
    ticket.state = state
    ticket.updated_at = at
    await add_event(session, ticket.id, state, at, coach_id=detail.get("coach_id"), detail=detail.get("detail"))


async def accept_offer(session: AsyncSession, ticket_id: int, coach_id: str, now: datetime) -> bool:
    """The atomic accept: exactly one coach ever wins, and never beyond their capacity.

    The ticket row is locked first (so of several coaches pressing at once one
    goes first and the others then find it taken), then the coach's row while
    their held tickets are counted (storage/capacity.py), then one conditional
    UPDATE ... RETURNING. Raises capacity.AtCapacity when the offer could be
    taken but the coach already holds as many tickets as their capacity.
    """
    pending = exists().where(
        Offer.ticket_id == ticket_id,
        Offer.coach_id == coach_id,
        Offer.status == "pending",
        Offer.deadline > now,
    )
    still_active = exists().where(Coach.id == coach_id, Coach.active.is_(True))
    acceptable = (Ticket.id == ticket_id, Ticket.state == "offered", pending, still_active)
    if await session.scalar(select(Ticket.id).where(*acceptable).with_for_update()) is None:
        return False
    await capacity.check_room_to_accept(session, coach_id)
    stmt = (
        update(Ticket)
        .where(*acceptable)
        .values(state="accepted", coach_id=coach_id, accepted_at=now, updated_at=now, last_activity_at=now)
        .returning(Ticket.id)
    )
    won = (await session.execute(stmt)).scalar_one_or_none()
    if won is None:
        return False
    await session.execute(
        update(Offer)
        .where(Offer.ticket_id == ticket_id, Offer.coach_id == coach_id, Offer.status == "pending")
        .values(status="accepted", answered_at=now)
    )
    await add_event(session, ticket_id, "accepted", now, coach_id=coach_id)
    return True


async def pending_offers(session: AsyncSession, ticket_id: int) -> list[Offer]:
    rows = await session.execute(select(Offer).where(Offer.ticket_id == ticket_id, Offer.status == "pending"))
    return list(rows.scalars())


async def offer_for(session: AsyncSession, ticket_id: int, coach_id: str) -> Offer | None:
    """The latest offer of this ticket to this coach, whatever became of it."""
    rows = await session.execute(
        select(Offer).where(Offer.ticket_id == ticket_id, Offer.coach_id == coach_id).order_by(Offer.id.desc()).limit(1)
    )
    return rows.scalar_one_or_none()


async def excluded_coaches(session: AsyncSession, ticket_id: int) -> set[str]:
    """Coaches who declined, let it time out, or handed it back: never offered this ticket again."""
    rows = await session.execute(
        select(Offer.coach_id).where(
            Offer.ticket_id == ticket_id, Offer.status.in_(("declined", "timed_out", "handed_back", "unreachable"))
        )
    )
    return set(rows.scalars())


async def queue_position(session: AsyncSession, ticket: Ticket) -> int:
    ahead = await session.execute(
        select(func.count()).where(
            Ticket.state.in_(WAITING_STATES),
            (Ticket.created_at < ticket.created_at) | and_(Ticket.created_at == ticket.created_at, Ticket.id < ticket.id),
        )
    )
    return int(ahead.scalar_one()) + 1


async def waiting_tickets(session: AsyncSession, limit: int = 100) -> Sequence[int]:
    rows = await session.execute(
        select(Ticket.id).where(Ticket.state.in_(WAITING_STATES)).order_by(Ticket.created_at, Ticket.id).limit(limit)
    )
    return list(rows.scalars())


async def open_ticket_of_employee(session: AsyncSession, person_id: int) -> Ticket | None:
    rows = await session.execute(
        select(Ticket)
        .where(Ticket.employee_id == person_id, Ticket.state.in_(OPEN_STATES))
        .order_by(Ticket.id.desc())
        .limit(1)
    )
    return rows.scalar_one_or_none()


async def open_tickets_of_employee(session: AsyncSession, person_id: int) -> list[Ticket]:
    """All of an employee's open tickets, newest first (one query where a turn needs both the newest and the "new" ones)."""
    rows = await session.execute(
        select(Ticket).where(Ticket.employee_id == person_id, Ticket.state.in_(OPEN_STATES)).order_by(Ticket.id.desc())
    )
    return list(rows.scalars())


async def tickets_of_coach(session: AsyncSession, coach_id: str) -> list[Ticket]:
    """Tickets this coach may see: the ones offered to them or that they hold."""
    offered = select(Offer.ticket_id).where(Offer.coach_id == coach_id)
    rows = await session.execute(
        select(Ticket)
        .where((Ticket.coach_id == coach_id) | Ticket.id.in_(offered))
        .order_by(Ticket.id.desc())
        .limit(20)
    )
    return list(rows.scalars())


async def tickets_with_dead_offers(session: AsyncSession, now: datetime) -> list[int]:
    """Tickets with a pending offer that can no longer be taken: past its deadline, or its coach deactivated."""
    inactive = select(Coach.id).where(Coach.active.is_(False))
    rows = await session.execute(
        select(Offer.ticket_id)
        .where(Offer.status == "pending", (Offer.deadline <= now) | Offer.coach_id.in_(inactive))
        .distinct()
    )
    return list(rows.scalars())


async def new_tickets_of_employee(session: AsyncSession, person_id: int) -> list[Ticket]:
    """The employee's answered or suggested questions nobody has judged yet."""
    rows = await session.execute(select(Ticket).where(Ticket.employee_id == person_id, Ticket.state == "new"))
    return list(rows.scalars())


async def accepted_by(session: AsyncSession, coach_id: str) -> list[Ticket]:
    """The tickets a coach is helping with, the latest accepted first."""
    rows = await session.execute(
        select(Ticket).where(Ticket.coach_id == coach_id, Ticket.state == "accepted").order_by(Ticket.accepted_at.desc())
    )
    return list(rows.scalars())


async def stuck(session: AsyncSession, stale_before: datetime, limit: int = 10) -> list[Ticket]:
    """Waiting tickets, and tickets a coach has held since before `stale_before`: the coordinator's list."""
    rows = await session.execute(
        select(Ticket)
        .where(Ticket.state.in_(WAITING_STATES) | ((Ticket.state == "accepted") & (Ticket.accepted_at < stale_before)))
        .order_by(Ticket.created_at)
        .limit(limit)
    )
    return list(rows.scalars())


async def pending_offers_of_coach(session: AsyncSession, coach_id: str) -> list[Offer]:
    rows = await session.execute(select(Offer).where(Offer.coach_id == coach_id, Offer.status == "pending"))
    return list(rows.scalars())


# -- what the sweeps look for; each locks what it returns (SKIP LOCKED: two replicas never take the same row) ----


async def waiting_unalerted(session: AsyncSession) -> list[Ticket]:
    rows = await session.execute(
        select(Ticket).where(Ticket.state.in_(WAITING_STATES), Ticket.alerted_at.is_(None)).with_for_update(skip_locked=True)
    )
    return list(rows.scalars())


async def accepted_unreminded(session: AsyncSession, accepted_before: datetime) -> list[Ticket]:
    rows = await session.execute(
        select(Ticket)
        .where(Ticket.state == "accepted", Ticket.reminded_at.is_(None), Ticket.accepted_at <= accepted_before)
        .with_for_update(skip_locked=True)
    )
    return list(rows.scalars())


async def accepted_silent(session: AsyncSession, quiet_since: datetime) -> list[Ticket]:
    rows = await session.execute(
        select(Ticket).where(Ticket.state == "accepted", Ticket.last_activity_at <= quiet_since).with_for_update(skip_locked=True)
    )
    return list(rows.scalars())


async def unjudged_before(session: AsyncSession, updated_before: datetime) -> list[Ticket]:
    """FAQ answers and suggestions nobody judged since ``updated_before``; silence means nothing while a reply to
    the employee is still on its way (a refused reply waits in the outbox): they may not have seen it yet."""
    undelivered = exists().where(
        OutboxMessage.person_id == Ticket.employee_id, OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None)
    )
    rows = await session.execute(
        select(Ticket).where(Ticket.state == "new", Ticket.updated_at <= updated_before, ~undelivered)
        .with_for_update(skip_locked=True)
    )
    return list(rows.scalars())


async def unjudged_of(session: AsyncSession, employee_id: int) -> list[Ticket]:
    rows = await session.execute(
        select(Ticket).where(Ticket.state == "new", Ticket.employee_id == employee_id).with_for_update()
    )
    return list(rows.scalars())


async def get(session: AsyncSession, ticket_id: int) -> Ticket | None:
    return await session.get(Ticket, ticket_id)


async def offer(session: AsyncSession, offer_id: int) -> Offer | None:
    return await session.get(Offer, offer_id)


async def create(session: AsyncSession, at: datetime, **columns: object) -> Ticket:
    """A new ticket with its "created" event; every column in the one INSERT (no second UPDATE)."""
    ticket = Ticket(state="new", created_at=at, updated_at=at, last_activity_at=at, offer_count=0, **columns)
    session.add(ticket)
    await session.flush()
    await add_event(session, ticket.id, "created", at)
    return ticket


async def add_offer(
    session: AsyncSession, ticket_id: int, coach_id: str, at: datetime, deadline: datetime, distance_km: float | None
) -> Offer:
    offer = Offer(ticket_id=ticket_id, coach_id=coach_id, offered_at=at, deadline=deadline, status="pending", distance_km=distance_km)
    session.add(offer)
    await session.flush()
    await add_event(session, ticket_id, "offer", at, coach_id=coach_id)
    return offer


def record_judgement(session: AsyncSession, ticket_id: int, at: datetime, entry_id: str, helpful: bool) -> None:
    """The employee's yes or no to an FAQ answer: what the digest's FAQ figures count."""
    session.add(FaqFeedback(ticket_id=ticket_id, at=at, entry_id=entry_id, helpful=helpful))


def keep_relayed(session: AsyncSession, ticket_id: int, sender_id: int, at: datetime, text: str) -> None:
    """A message relayed between employee and coach, kept with the ticket until retention erases it."""
    session.add(RelayedMessage(ticket_id=ticket_id, sender_id=sender_id, at=at, text=text))


async def answer_rejected(session: AsyncSession, ticket: Ticket) -> bool:
    """Whether the employee said "no" to the answer this ticket holds now.

    An answer that was rejected never counts as self-served, even if nothing else happens; a suggestion
    picked after the "no" is a new answer (the ticket's `faq_entry` changes), judged on its own.
    """
    if not ticket.faq_entry:
        return False
    said_no = exists().where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "faq_rejected", TicketEvent.detail == ticket.faq_entry
    )
    return bool((await session.execute(select(said_no))).scalar())


async def events_of(session: AsyncSession, ticket_id: int, kinds: Sequence[str]) -> list[TicketEvent]:
    """A ticket's events of these kinds, in the order they happened."""
    rows = await session.execute(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind.in_(kinds)).order_by(TicketEvent.id)
    )
    return list(rows.scalars())
