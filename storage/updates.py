"""Platform updates already handled, so a second delivery of one update is dropped."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedUpdate

_INSERT = insert(ProcessedUpdate.__table__)


async def record(session: AsyncSession, channel: str, message_id: str, at: datetime) -> None:
    """A plain INSERT with bound values (compiled once), no ORM object: nothing reads the row back, and a
    duplicate fails on the primary key."""
    await session.execute(_INSERT, {"channel": channel, "message_id": message_id, "at": at})
