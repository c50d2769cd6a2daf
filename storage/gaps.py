"""FAQ gap candidates: questions the FAQ did not answer, or answered unhelpfully, or that went to a coach."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FaqFeedback, Ticket, TicketEvent


async def gap_texts(session: AsyncSession, since: datetime, departments: list[str] | None = None) -> list[str]:
    rejected = exists().where(FaqFeedback.ticket_id == Ticket.id, FaqFeedback.helpful.is_(False))
    no_suggestion_fit = exists().where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == "suggestions_rejected")
    stmt = select(Ticket.question).where(
        Ticket.created_at >= since,
        Ticket.question.is_not(None),
        or_(Ticket.faq_decision == "route", rejected, no_suggestion_fit),
    )
    if departments:
        stmt = stmt.where(Ticket.department.in_(departments))
    return [q for q in (await session.execute(stmt)).scalars() if q]


async def gap_rows(session: AsyncSession, since: datetime) -> list[tuple[int, int | None, str, str]]:
    """The same questions as `gap_texts`, with ticket, asker and language: what a gap candidate needs
    (the asker, so that erasing them erases the candidate too)."""
    rejected = exists().where(FaqFeedback.ticket_id == Ticket.id, FaqFeedback.helpful.is_(False))
    no_suggestion_fit = exists().where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == "suggestions_rejected")
    stmt = select(Ticket.id, Ticket.employee_id, Ticket.language, Ticket.question).where(
        Ticket.created_at >= since,
        Ticket.question.is_not(None),
        or_(Ticket.faq_decision == "route", rejected, no_suggestion_fit),
    ).order_by(Ticket.id)
    return [(r[0], r[1], r[2], r[3]) for r in (await session.execute(stmt)) if r[3]]
