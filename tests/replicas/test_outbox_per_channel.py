"""A replica leases only the outbox rows it can send (finding 14 of issue 15).

Two dispatchers on one database, as two replicas: one configured with Teams
only, one with Telegram. A Telegram message must go out at once through the
Telegram replica, however often the Teams-only one looks first; before, the
Teams-only replica leased it, found no sender and put it back for a minute
(long enough for a short offer time-out to pass undelivered). SQLite and PostgreSQL.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from bot.clock import FakeClock
from bot.messages import Outgoing
from bot.outbox import Dispatcher, encode
from storage import outbox
from storage.models import OutboxMessage

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, address: str, message: Outgoing) -> None:
        self.sent.append((address, message.text))


async def test_a_teams_only_replica_leaves_telegram_rows_to_the_replica_that_can_send_them(database):
    clock = FakeClock(NOW)
    teams_only, teams = Dispatcher(database, clock), Recorder()
    teams_only.register("teams", teams)
    with_telegram, telegram = Dispatcher(database, clock), Recorder()
    with_telegram.register("telegram", telegram)
    async with database.session() as s:
        for key, channel, address in (("offer:1", "telegram", "4711"), ("offer:2", "teams", "conv-anna")):
            outbox.enqueue(s, key=key, person_id=None, channel=channel, address=address,
                           payload=encode(Outgoing(text=f"Nieuwe vraag {key}")), now=NOW)

    assert await teams_only.flush() == 1, "the Teams row is sent by the replica that has Teams"
    assert teams.sent == [("conv-anna", "Nieuwe vraag offer:2")]
    async with database.session() as s:
        row = await s.scalar(select(OutboxMessage).where(OutboxMessage.key == "offer:1"))
        assert (row.attempts, row.error, row.next_attempt_at) == (0, None, NOW), "the Telegram row was never leased"

    assert await with_telegram.flush() == 1, "sent at once, not a minute later"
    assert telegram.sent == [("4711", "Nieuwe vraag offer:1")]
    async with database.session() as s:
        row = await s.scalar(select(OutboxMessage).where(OutboxMessage.key == "offer:1"))
        assert row.sent_at is not None and row.attempts == 1 and row.error is None
