"""The audit log: every change a coordinator makes in the web console, for the other coordinators to read."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


def record(session: AsyncSession, at: datetime, coordinator_id: str, action: str, target: str | None = None,
           detail: str | None = None) -> None:
    """Added in the same transaction as the change it describes: no change without its line, no line without it."""
    session.add(AuditEntry(at=at, coordinator_id=coordinator_id, action=action, target=target,
                           detail=(detail or None) and detail[:500]))


async def recent(session: AsyncSession, limit: int = 100, before_id: int | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return list((await session.execute(query)).scalars())


async def forget_before(session: AsyncSession, cutoff: datetime) -> int:
    """Retention reaches the audit log too: it names coordinators, so it is kept as long as the texts are."""
    result = await session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff))
    return result.rowcount or 0
