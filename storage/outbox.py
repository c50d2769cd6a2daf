"""The outbox table: messages for other people, delivered after the transaction that caused them commits.

A delivered (or given-up) row keeps its key and times, not its message: the key is what "tell once" rules
and the digest's exactly-once need, while the text would be a second copy of what someone wrote, kept for
nothing (personal data, see storage/privacy.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Collection

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage

FORGOTTEN = '{"text": ""}'  # the payload of a row whose message is no longer kept; still decodes as an empty message
DIGEST_KEY_PREFIX = "digest:"  # digest:WEEK:COORDINATOR:PART (bot/digest/delivery.py); privacy drops undelivered ones


def enqueue(
    session: AsyncSession, *, key: str, person_id: int | None, channel: str, address: str, payload: str, now: datetime
) -> OutboxMessage:
    msg = OutboxMessage(
        key=key, person_id=person_id, channel=channel, address=address, payload=payload,
        created_at=now, next_attempt_at=now, attempts=0,
    )
    session.add(msg)
    session.info["outbox"] = True  # Database.session: after the commit, the dispatcher knows there is work
    return msg


async def due(
    session: AsyncSession, now: datetime, channels: Collection[str], limit: int = 50, *, skip_locked: bool = True
) -> list[OutboxMessage]:
    """Claim due messages for these channels only; SKIP LOCKED lets several senders work side by side on PostgreSQL.

    A replica leases only what it can send: a row for a channel it has no
    sender for is left to a replica that has one, instead of being held for
    the lease and put back a minute later (a Teams-only replica must not sit
    on Telegram messages). A row for a channel no replica serves waits until
    one that does starts.
    """
    if not channels:
        return []
    stmt = (
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
            OutboxMessage.channel.in_(sorted(channels)),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=skip_locked)
    )
    return list((await session.execute(stmt)).scalars())


async def mark_sent(session: AsyncSession, message_id: int, now: datetime) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(sent_at=now, attempts=OutboxMessage.attempts + 1, payload=FORGOTTEN)
    )


async def mark_retry(session: AsyncSession, message_id: int, now: datetime, delay: timedelta, error: str) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(next_attempt_at=now + delay, attempts=OutboxMessage.attempts + 1, error=error[:500])
    )


async def mark_failed(session: AsyncSession, message_id: int, now: datetime, error: str) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(failed_at=now, attempts=OutboxMessage.attempts + 1, error=error[:500], payload=FORGOTTEN)
    )


async def is_queued(session: AsyncSession, key: str) -> bool:
    """Whether a message with this key was ever queued: keys make "tell once" rules idempotent."""
    return await session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None


async def forget_delivered(session: AsyncSession) -> int:
    """Blank the messages of rows delivered or given up before `mark_sent` stopped keeping them; idempotent."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.sent_at.is_not(None) | OutboxMessage.failed_at.is_not(None), OutboxMessage.payload != FORGOTTEN)
        .values(payload=FORGOTTEN)
    )
    return result.rowcount or 0


async def undelivered(session: AsyncSession, *, except_person: int | None = None) -> list[OutboxMessage]:
    """Rows still to be sent (or being sent), oldest first: what could still carry someone's words to others."""
    stmt = select(OutboxMessage).where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
    if except_person is not None:
        stmt = stmt.where((OutboxMessage.person_id != except_person) | OutboxMessage.person_id.is_(None))
    return list((await session.execute(stmt.order_by(OutboxMessage.id))).scalars())
