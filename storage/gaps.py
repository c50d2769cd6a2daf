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
