"""What the console's live view reads: open tickets by state, the queue first and oldest first, and one ticket's whole story.

Every query takes the viewer's departments (None: all), so a scoped coordinator's
page is filtered in the database, never after the fact.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Offer, RelayedMessage, Ticket, TicketEvent
from storage.states import OPEN_STATES, WAITING_STATES, S

# The order of the live list: questions nobody has (the queue), then those being routed (new, offered), then
# those with a coach; every open state is in one group.
SHOWN_FIRST: tuple[tuple[str, ...], ...] = (
    WAITING_STATES, tuple(s for s in OPEN_STATES if s not in WAITING_STATES and s != S.ACCEPTED), (S.ACCEPTED,),
)


def _in_scope(query, departments: Sequence[str] | None):  # type: ignore[no-untyped-def]
    """The department compared as `department || ''`: an expression no index serves, so the ticket's state picks it.

    Open tickets are a few hundred of the department's hundreds of thousands, but SQLite (no statistics: nothing
    runs ANALYZE) preferred the (department, created_at) index of the digests and read the department's whole
    history for every refresh of the live view: 1 s at a million tickets instead of 0.1 s (`digicoach bench web`).
    """
    return query if departments is None else query.where((Ticket.department + "").in_(list(departments)))


async def open_counts(session: AsyncSession, departments: Sequence[str] | None) -> dict[str, int]:
    query = select(Ticket.state, func.count()).where(Ticket.state.in_(OPEN_STATES)).group_by(Ticket.state)
    rows = await session.execute(_in_scope(query, departments))
    return {state: count for state, count in rows.all()}


async def open_tickets(session: AsyncSession, departments: Sequence[str] | None, limit: int = 100) -> list[Ticket]:
    """The queue first, then offers, then tickets with a coach; oldest first in each.

    The longest wait for help is the first thing a coordinator should see, and a question that just joined the
    queue must show even while more than `limit` older ones are with coaches. A query per group, each stopping
    after what is still missing: an index range on (state, created_at), however many are open.
    """
    found: list[Ticket] = []
    for states in SHOWN_FIRST:
        if len(found) >= limit:
            break
        query = select(Ticket).where(Ticket.state.in_(states)).order_by(Ticket.created_at, Ticket.id).limit(limit - len(found))
        found += (await session.execute(_in_scope(query, departments))).scalars()
    return found


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
