"""What the console's live view reads: open tickets by state, oldest first, and one ticket's whole story.

Every query takes the viewer's departments (None: all), so a scoped coordinator's
page is filtered in the database, never after the fact.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Offer, RelayedMessage, Ticket, TicketEvent
from storage.states import OPEN_STATES


def _in_scope(query, departments: Sequence[str] | None):  # type: ignore[no-untyped-def]
    return query if departments is None else query.where(Ticket.department.in_(list(departments)))


async def open_counts(session: AsyncSession, departments: Sequence[str] | None) -> dict[str, int]:
    query = select(Ticket.state, func.count()).where(Ticket.state.in_(OPEN_STATES)).group_by(Ticket.state)
    rows = await session.execute(_in_scope(query, departments))
    return {state: count for state, count in rows.all()}


async def open_tickets(session: AsyncSession, departments: Sequence[str] | None, limit: int = 100) -> list[Ticket]:
    """Oldest first: the longest wait is the first thing a coordinator should see."""
    query = select(Ticket).where(Ticket.state.in_(OPEN_STATES)).order_by(Ticket.created_at, Ticket.id).limit(limit)
    return list((await session.execute(_in_scope(query, departments))).scalars())


async def ticket_in_scope(session: AsyncSession, ticket_id: int, departments: Sequence[str] | None) -> Ticket | None:
    query = select(Ticket).where(Ticket.id == ticket_id)
    return (await session.execute(_in_scope(query, departments))).scalar_one_or_none()


@dataclass(frozen=True)
class Story:
    events: list[TicketEvent]
    offers: list[Offer]
    messages: list[RelayedMessage]  # within retention: retention blanks or deletes them


async def story(session: AsyncSession, ticket_id: int) -> Story:
    events = (await session.execute(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                                    .order_by(TicketEvent.at, TicketEvent.id))).scalars()
    offers = (await session.execute(select(Offer).where(Offer.ticket_id == ticket_id).order_by(Offer.offered_at))).scalars()
    messages = (await session.execute(select(RelayedMessage).where(RelayedMessage.ticket_id == ticket_id)
                                      .order_by(RelayedMessage.at, RelayedMessage.id))).scalars()
    return Story(list(events), list(offers), list(messages))
