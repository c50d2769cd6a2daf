"""Read-only views over tickets for operators and coordinators; wait and handling times come from events."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Site, Ticket, TicketEvent, UTCDateTime


@dataclass
class TicketRow:
    id: int
    state: str
    outcome: str | None
    coach: str | None
    site: str | None
    created: str
    wait_seconds: int | None
    handling_seconds: int | None
    minutes_corrected: int | None
    language: str
    rating: int | None

    def as_dict(self) -> dict:
        return asdict(self)


def _seconds(later: datetime | None, earlier: datetime | None) -> int | None:
    if later is None or earlier is None:
        return None
    return int((later - earlier).total_seconds())


async def ticket_rows(session: AsyncSession, limit: int | None = None) -> list[TicketRow]:
    events = (
        select(
            TicketEvent.ticket_id.label("tid"),
            func.min(case((TicketEvent.kind == "created", TicketEvent.at)), type_=UTCDateTime()).label("created"),
            func.max(case((TicketEvent.kind == "accepted", TicketEvent.at)), type_=UTCDateTime()).label("accepted"),
            func.max(case((TicketEvent.kind == "closed", TicketEvent.at)), type_=UTCDateTime()).label("closed"),
        )
        .group_by(TicketEvent.ticket_id)
        .subquery()
    )
    stmt = (
        select(Ticket, Site.name, events.c.created, events.c.accepted, events.c.closed)
        .outerjoin(Site, Site.id == Ticket.site_id)
        .outerjoin(events, events.c.tid == Ticket.id)
        .order_by(Ticket.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    rows = []
    for ticket, site_name, created, accepted, closed in (await session.execute(stmt)).all():
        rows.append(
            TicketRow(
                id=ticket.id,
                state=ticket.state,
                outcome=ticket.outcome,
                coach=ticket.coach_id,
                site=ticket.site_id,
                created=(created or ticket.created_at).isoformat(),
                wait_seconds=_seconds(accepted, created),
                handling_seconds=_seconds(closed, accepted) if ticket.state == "closed" else None,
                minutes_corrected=ticket.minutes,
                language=ticket.language,
                rating=ticket.rating,
            )
        )
    return rows

