"""The durable inbox: a webhook update is in the database before its request is acknowledged.

Telegram forgets an update once we answered 200, and the Bot Framework does
not resend an activity either, so an update only in a replica's memory dies
with it (SIGKILL, out of memory, a node lost). Here a channel stores the
update (`accept`) before it answers, hands it to the engine with the row's id
(the turn marks the row handled and keeps its replies, in the turn's own
transaction), sends the replies and then `settle`s: the row is deleted, and
replies that could not be sent go to the outbox in that same transaction,
where they are retried like any message to others.

Every replica renews the lease of what it is working on and takes over rows
whose lease ran out (`recover`, at start and as a job): a row not handled yet
is handled again by its channel's normal path (the processed-update row still
stops a double); a handled one whose replies may not have gone out has them
queued in the outbox. A replica dying after the platform took a reply but
before the row was deleted sends that reply again: at least once, like the outbox.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import uuid
from datetime import timedelta
from functools import partial
from typing import Awaitable, Callable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.messages import Outgoing
from bot.outbox import decode, encode
from storage import inbox as rows
from storage import outbox, people
from storage.db import Database, is_sqlite

log = logging.getLogger("digicoach.inbox")

MAX_ATTEMPTS = 5  # a row that took its replica down this often is dropped (logged), not retried forever
Replay = Callable[[rows.Claimed], Awaitable[None]]


def encode_replies(replies: Sequence[Outgoing]) -> str:
    """A turn's replies as one column value, in the outbox's message format."""
    return json.dumps([encode(reply) for reply in replies])


def decode_replies(stored: str | None) -> list[Outgoing]:
    return [decode(payload) for payload in json.loads(stored or "[]")]


def reply_key(channel: str, platform_id: str) -> str:
    """The outbox key prefix of one update's replies (keys are at most 100 characters)."""
    ident = platform_id if len(platform_id) <= 60 else hashlib.sha256(platform_id.encode()).hexdigest()[:40]
    return f"reply:{channel}:{ident}"


class Inbox:
    def __init__(self, db: Database, clock: Clock, *, lease: timedelta = timedelta(seconds=60), owner: str | None = None) -> None:
        self.db = db
        self.clock = clock
        self.lease = lease
        self.owner = owner or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.replays: dict[str, Replay] = {}  # channel -> how it handles a stored update again
        self.working: set[int] = set()  # rows this replica holds: their leases are renewed

    def register(self, channel: str, replay: Replay) -> None:
        self.replays[channel] = replay

    async def accept(self, channel: str, platform_id: str, address: str, body: str) -> int | None:
        """Store before acknowledging; None when this update is stored already (the platform sent it again).

        A database error propagates: the channel then answers 5xx and the platform tries again later.
        """
        now = self.clock.now()
        item = await self.db.run(partial(
            rows.add, channel=channel, platform_id=platform_id, address=address, body=body,
            now=now, owner=self.owner, lease=self.lease,
        ))
        if item is not None:
            self.working.add(item)
        return item

    async def settle(
        self, channel: str, address: str, item_id: int | None, unsent: Sequence[Outgoing], key: str
    ) -> None:
        """The update is done: its row goes, and the replies that did not go out are queued in the outbox."""
        if item_id is None and not unsent:
            return

        async def work(session: AsyncSession) -> None:
            if unsent:
                await self._queue(session, channel, address, unsent, key)
            if item_id is not None:
                await rows.remove(session, item_id)

        try:
            await self.db.run(work)
        except Exception:  # the lease runs out and a replica settles it then (the stored replies are kept)
            log.exception("could not settle a %s update", channel)
        finally:
            self.working.discard(item_id)  # type: ignore[arg-type]

    async def _queue(self, session: AsyncSession, channel: str, address: str, unsent: Sequence[Outgoing], key: str) -> None:
        person = await people.find_by_address(session, channel, address)
        now = self.clock.now()
        for n, message in enumerate(unsent):
            outbox.enqueue(
                session, key=f"{key}:{n}", person_id=person.id if person else None, channel=channel,
                address=address, payload=encode(message), now=now,
            )
        log.info("%d replies to a %s sender queued in the outbox", len(unsent), channel,
                 extra={"event": "reply_queued", "channel": channel, "person_id": person.id if person else None})

    async def recover(self, limit: int = 50) -> int:
        """Renew this replica's leases, then take over expired rows of the channels it serves; how many were taken."""
        if not self.replays:
            return 0
        now = self.clock.now()
        working = sorted(self.working)

        async def claim(session: AsyncSession) -> list[rows.Claimed]:
            if working:
                await rows.renew(session, working, self.owner, now + self.lease)
            return await rows.claim_expired(
                session, now, self.owner, self.lease, sorted(self.replays), limit, skip_locked=not is_sqlite(self.db.url)
            )

        claimed = await self.db.run(claim)
        for item in claimed:
            self.working.add(item.id)
            key = reply_key(item.channel, item.platform_id)
            if item.handled:  # the turn committed; whether its replies went out is unknown: the outbox sends them
                await self.settle(item.channel, item.address, item.id, decode_replies(item.replies), key)
            elif item.attempts > MAX_ATTEMPTS:
                log.error("a %s update failed %d times; dropped", item.channel, item.attempts - 1,
                          extra={"event": "inbox_dropped", "channel": item.channel})
                await self.settle(item.channel, item.address, item.id, (), key)
            else:
                log.warning("taking over a %s update a stopped replica left", item.channel,
                            extra={"event": "inbox_recovered", "channel": item.channel})
                try:
                    await self.replays[item.channel](item)
                except Exception:  # left to its lease: tried again later
                    log.exception("replaying a %s update failed", item.channel)
                    self.working.discard(item.id)
        return len(claimed)
