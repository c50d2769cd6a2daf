"""Delivers outbox rows through the channel they are addressed to, with retries and back-off.

The engine only writes rows; this is the one place that talks to channels
about other people, so a channel that is down delays messages but loses none.
"""
from __future__ import annotations

import asyncio
import functools
import base64
import json
import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Awaitable, Callable, Protocol

from bot.clock import Clock
from bot.messages import Attachment, Button, Outgoing
from storage import outbox as rows
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database, is_sqlite

log = logging.getLogger("digicoach.outbox")

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=2)  # a leased row is retried after this if its sender died


class DeliveryError(Exception):
    """A send that failed. `permanent` means retrying cannot help (the person blocked the bot)."""

    def __init__(self, message: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


class Sender(Protocol):
    async def send(self, address: str, message: Outgoing) -> None: ...


def encode(message: Outgoing) -> str:
    return json.dumps(
        {
            "text": message.text,
            "buttons": [[b.label, b.payload] for b in message.buttons],
            "image": base64.b64encode(message.image).decode() if message.image else None,
            "document": [message.document[0], base64.b64encode(message.document[1]).decode()] if message.document else None,
            "attachment": [message.attachment.kind, message.attachment.ref, message.attachment.caption]
            if message.attachment
            else None,
            "tag": message.tag,
        }
    )


def decode(payload: str) -> Outgoing:
    d = json.loads(payload)
    return Outgoing(
        text=d["text"],
        buttons=tuple(Button(label, value) for label, value in d.get("buttons") or ()),
        image=base64.b64decode(d["image"]) if d.get("image") else None,
        document=(d["document"][0], base64.b64decode(d["document"][1])) if d.get("document") else None,
        attachment=Attachment(*d["attachment"]) if d.get("attachment") else None,
        tag=d.get("tag"),
    )


@dataclass
class Unreachable:
    person_id: int | None
    channel: str
    address: str


class Dispatcher:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        senders: dict[str, Sender] | None = None,
        on_unreachable: Callable[[Unreachable], Awaitable[None]] | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.senders: dict[str, Sender] = dict(senders or {})
        self.on_unreachable = on_unreachable
        self._lock = asyncio.Lock()

    def register(self, channel: str, sender: Sender) -> None:
        self.senders[channel] = sender

    async def flush_if_pending(self) -> int:
        """After a turn: flush only if some committed transaction of this process queued a message since the last look.

        Rows queued elsewhere (another replica, a CLI command) are left to the
        outbox job, which calls `flush` every few seconds regardless.
        """
        if not self.db.outbox_pending:
            return 0
        self.db.outbox_pending = False  # cleared before the flush starts, so a row committed meanwhile is not skipped
        return await self.flush()

    async def flush(self, limit: int = 200) -> int:
        """Send what is due now; returns how many were delivered.

        Rows are leased in one short transaction and sent outside it, so a slow
        channel never holds a database lock; a crash mid-send lets the lease
        run out and the row is tried again.

        A crash after the platform accepted a message but before `mark_sent`
        means it is sent again when the lease runs out: at-least-once in that
        window. Each send carries the row's key (`Outgoing.idempotency_key`);
        Teams activities carry it in channelData so a duplicate is
        recognisable; Telegram has no such key (see README, "Running several
        replicas").
        """
        async with self._lock:
            leased = await self.db.run(functools.partial(self._lease, limit=limit))
            delivered = 0
            for msg_id, key, person_id, channel, address, payload, attempts in leased:
                if await self._deliver(msg_id, key, person_id, channel, address, payload, attempts):
                    delivered += 1
            return delivered

    async def _lease(self, session: AsyncSession, limit: int) -> list[tuple]:
        # Only rows this process has a sender for: another replica may serve the other channels.
        batch = await rows.due(session, self.clock.now(), tuple(self.senders), limit, skip_locked=not is_sqlite(self.db.url))
        for m in batch:
            m.next_attempt_at = self.clock.now() + LEASE
        return [(m.id, m.key, m.person_id, m.channel, m.address, m.payload, m.attempts) for m in batch]

    async def _deliver(
        self, msg_id: int, key: str, person_id: int | None, channel: str, address: str, payload: str, attempts: int
    ) -> bool:
        sender = self.senders.get(channel)
        error: DeliveryError | None = None
        if sender is None:
            error = DeliveryError(f"no sender for channel {channel}", retry_after=60)
        else:
            try:
                # The row's key goes along: a channel that can mark a message as "same as before" uses it.
                await sender.send(address, replace(decode(payload), idempotency_key=key))
            except DeliveryError as exc:
                error = exc
            except Exception as exc:  # a bug or an unforeseen error: retried with back-off, never the batch lost
                log.exception("outbox %s: unexpected error sending to %s", key, channel)
                error = DeliveryError(f"unexpected: {exc!r}")
        async with self.db.session() as session:
            now = self.clock.now()
            if error is None:
                await rows.mark_sent(session, msg_id, now)
                return True
            if error.permanent or attempts + 1 >= MAX_ATTEMPTS:
                await rows.mark_failed(session, msg_id, now, str(error))
                log.warning(
                    "outbox %s: gave up on %s: %s", key, channel, error,
                    extra={"event": "outbox_gave_up", "channel": channel, "person_id": person_id},
                )
            else:
                delay = error.retry_after or min(2**attempts * 5, 600)
                await rows.mark_retry(session, msg_id, now, timedelta(seconds=delay), str(error))
                log.info(
                    "outbox %s: retry in %ss: %s", key, delay, error,
                    extra={"event": "outbox_retry", "channel": channel, "person_id": person_id},
                )
                return False
        if self.on_unreachable:
            await self.on_unreachable(Unreachable(person_id, channel, address))
        return False
