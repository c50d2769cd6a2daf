"""The inbox table: webhook updates stored before they are acknowledged, so a replica's death loses none.

The life of a row (bot/inbox.py runs it): inserted while the HTTP request is
open; marked handled, with the turn's replies, inside the turn's own
transaction; deleted once the replies went out (or were queued in the
outbox). A row whose lease ran out belongs to a replica that died: another
one claims it. Rows hold message text, so they live seconds, and erase and
retention reach them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InboxItem


@dataclass(frozen=True)
class Claimed:
    """A row taken over from a replica that stopped renewing its lease."""

    id: int
    channel: str
    platform_id: str
    address: str
    body: str
    handled: bool
    replies: str | None
    attempts: int


async def add(
    session: AsyncSession, *, channel: str, platform_id: str, address: str, body: str,
    now: datetime, owner: str, lease: timedelta,
) -> int | None:
    """Store one update, leased to `owner`; None when a row for this update is already there (a platform resend)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(InboxItem)
        .values(
            channel=channel, platform_id=platform_id, address=address, body=body, received_at=now,
            claimed_by=owner, lease_until=now + lease, attempts=1,
        )
        .on_conflict_do_nothing(index_elements=["channel", "platform_id"])
        .returning(InboxItem.id)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def mark_handled(session: AsyncSession, item_id: int, now: datetime, replies: str) -> None:
    """In the turn's transaction: the turn committed exactly when this did, and its replies are kept until sent."""
    await session.execute(update(InboxItem).where(InboxItem.id == item_id).values(handled_at=now, replies=replies))


async def remove(session: AsyncSession, item_id: int) -> None:
    await session.execute(delete(InboxItem).where(InboxItem.id == item_id))


async def renew(session: AsyncSession, ids: list[int], owner: str, until: datetime) -> None:
    """Keep what this replica is still working on: a slow turn is not taken over while its replica lives."""
    await session.execute(
        update(InboxItem).where(InboxItem.id.in_(ids), InboxItem.claimed_by == owner).values(lease_until=until)
    )


async def claim_expired(
    session: AsyncSession, now: datetime, owner: str, lease: timedelta, channels: list[str], limit: int,
    *, skip_locked: bool,
) -> list[Claimed]:
    """Take over rows whose lease ran out; SKIP LOCKED lets replicas recover side by side on PostgreSQL."""
    stmt = (
        select(InboxItem)
        .where(InboxItem.lease_until <= now, InboxItem.channel.in_(channels))
        .order_by(InboxItem.id)
        .limit(limit)
        .with_for_update(skip_locked=skip_locked)
    )
    rows = list((await session.execute(stmt)).scalars())
    claimed = []
    for row in rows:
        row.claimed_by, row.lease_until, row.attempts = owner, now + lease, row.attempts + 1
        claimed.append(Claimed(
            row.id, row.channel, row.platform_id, row.address, row.body, row.handled_at is not None, row.replies, row.attempts,
        ))
    return claimed


async def erase_address(session: AsyncSession, channel: str, address: str) -> int:
    """`privacy erase`: the person's updates not handled yet go with them."""
    result = await session.execute(delete(InboxItem).where(InboxItem.channel == channel, InboxItem.address == address))
    return result.rowcount or 0


async def delete_received_before(session: AsyncSession, cutoff: datetime) -> int:
    """Retention: a row this old is one nobody could handle; its text goes like every other."""
    result = await session.execute(delete(InboxItem).where(InboxItem.received_at < cutoff))
    return result.rowcount or 0
