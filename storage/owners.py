"""Who a ticket or an offer belongs to: what bot.engine.permissions checks before a button does anything."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Offer, Scan, Ticket, TrainingRequest


async def ticket_employee(session: AsyncSession, ticket_id: int) -> int | None:
    return await session.scalar(select(Ticket.employee_id).where(Ticket.id == ticket_id))


async def ticket_coach(session: AsyncSession, ticket_id: int) -> str | None:
    return await session.scalar(select(Ticket.coach_id).where(Ticket.id == ticket_id))


async def was_offered(session: AsyncSession, ticket_id: int, coach_id: str) -> bool:
    """Whether this ticket was ever offered to this coach (an offer that ended still counts: its button says so)."""
    found = await session.scalar(select(Offer.id).where(Offer.ticket_id == ticket_id, Offer.coach_id == coach_id).limit(1))
    return found is not None


async def offer_coach(session: AsyncSession, offer_id: int) -> str | None:
    return await session.scalar(select(Offer.coach_id).where(Offer.id == offer_id))


async def scan_person(session: AsyncSession, scan_id: int) -> int | None:
    return await session.scalar(select(Scan.person_id).where(Scan.id == scan_id))


async def training_department(session: AsyncSession, request_id: int) -> tuple[str | None] | None:
    """The department of a training request, as a 1-tuple (its department may be None); None: no such request."""
    row = (await session.execute(select(TrainingRequest.department).where(TrainingRequest.id == request_id))).first()
    return None if row is None else (row[0],)
