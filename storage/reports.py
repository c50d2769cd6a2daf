"""Read-only views over tickets for operators and coordinators; wait and handling times come from events,
by the one definition in storage/durations.py (the digest's too).

How a ticket ended comes from its final state event too: `end_detail` is that event's detail (for an FAQ
answer: storage.states CONFIRMED, SILENCE, OTHER_QUESTION, REPHRASED, ...), and `faq_confirmed` says whether a
self-served answer was confirmed by the employee (true), only not objected to (false), or was no self-service
at all (null): the same split as the digest's "solved by the FAQ" and "answered, not confirmed".
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import durations
from storage.models import Site, Ticket, TicketEvent, UTCDateTime
from storage.states import CONFIRMED


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
    faq_confirmed: bool | None = None  # self_served: confirmed by a yes (true) or not (false); else null
    end_detail: str | None = None  # the detail of the self_served or cancelled event: how it ended

    def as_dict(self) -> dict:
        return asdict(self)


def _whole(seconds: float | None) -> int | None:
    return None if seconds is None else int(round(float(seconds)))


async def ticket_rows(session: AsyncSession, limit: int | None = None) -> list[TicketRow]:
    """Every ticket with its times; wait and handling are storage.durations', exactly as the digest counts them."""
    dialect = session.get_bind().dialect.name
    e = TicketEvent
    events = (
        select(
            Ticket.id.label("tid"),
            func.min(case((e.kind == "created", e.at)), type_=UTCDateTime()).label("created"),
            durations.wait_seconds(e, Ticket.created_at, dialect).label("wait_s"),
            durations.handling_seconds(e, Ticket.state, dialect).label("handling_s"),
            # one final event per ticket; a yes from before the details existed has none: it was a yes
            func.max(case((e.kind == "self_served", func.coalesce(e.detail, literal(CONFIRMED))),
                          (e.kind == "cancelled", func.coalesce(e.detail, literal(""))))).label("ended"),
        )
        .select_from(Ticket)
        .join(e, e.ticket_id == Ticket.id)
        .group_by(Ticket.id)
        .subquery()
    )
    stmt = (
        select(Ticket, Site.name, events.c.created, events.c.wait_s, events.c.handling_s, events.c.ended)
        .outerjoin(Site, Site.id == Ticket.site_id)
        .outerjoin(events, events.c.tid == Ticket.id)
        .order_by(Ticket.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    rows = []
    for ticket, site_name, created, wait_s, handling_s, ended in (await session.execute(stmt)).all():
        self_served = ticket.state == "self_served"
        rows.append(
            TicketRow(
                id=ticket.id,
                state=ticket.state,
                outcome=ticket.outcome,
                coach=ticket.coach_id,
                site=ticket.site_id,
                created=(created or ticket.created_at).isoformat(),
                wait_seconds=_whole(wait_s),
                handling_seconds=_whole(handling_s),
                minutes_corrected=ticket.minutes,
                language=ticket.language,
                rating=ticket.rating,
                faq_confirmed=(ended == CONFIRMED) if self_served else None,
                end_detail=(ended or None) if ticket.state in ("self_served", "cancelled") else None,
            )
        )
    return rows

