"""The audit log: every change a coordinator makes in the web console, for the other coordinators to read.

Who reads what: a coordinator of the whole organisation reads every entry. A
coordinator scoped to departments reads the entries of coordinators who can
act only inside those departments (themselves, and others scoped to some of
the same departments): an entry carries no department of its own, and an entry
by a wider coordinator ("assign ticket 12", "coach anna") may be about another
department, which a scoped coordinator does not see anywhere in the console.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, Coordinator
from storage.people import coordinator_departments


def record(session: AsyncSession, at: datetime, coordinator_id: str, action: str, target: str | None = None,
           detail: str | None = None) -> None:
    """Added in the same transaction as the change it describes: no change without its line, no line without it."""
    session.add(AuditEntry(at=at, coordinator_id=coordinator_id, action=action, target=target,
                           detail=(detail or None) and detail[:500]))


async def recent(session: AsyncSession, limit: int = 100, before_id: int | None = None,
                 coordinator_ids: Sequence[str] | None = None) -> list[AuditEntry]:
    """Newest first; `coordinator_ids` (None: everyone's) limits it to what those coordinators did."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if coordinator_ids is not None:
        query = query.where(AuditEntry.coordinator_id.in_(list(coordinator_ids)))
    return list((await session.execute(query)).scalars())


async def forget_before(session: AsyncSession, cutoff: datetime) -> int:
    """Retention reaches the audit log too: it names coordinators, so it is kept as long as the texts are."""
    result = await session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff))
    return result.rowcount or 0


def acts_within(scope: Sequence[str], departments: Sequence[str] | None) -> bool:
    """Whether a coordinator with `scope` (empty: everything) can act only inside `departments` (None: everything)."""
    return departments is None or (bool(scope) and set(scope) <= set(departments))


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    names: dict[str, str]  # coordinator id -> name, for "who"
    older: bool  # there are older entries this reader may see


async def readable(session: AsyncSession, departments: Sequence[str] | None, limit: int = 50,
                   before_id: int | None = None) -> AuditPage:
    """One page of the log as a coordinator with `departments` (None: the whole organisation) may read it."""
    everyone = list((await session.execute(select(Coordinator))).scalars())
    authors = None if departments is None else [
        c.id for c in everyone if acts_within(coordinator_departments(c), departments)
    ]
    entries = await recent(session, limit + 1, before_id, authors)
    return AuditPage(entries[:limit], {c.id: c.name for c in everyone}, len(entries) > limit)
