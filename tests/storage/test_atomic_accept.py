"""Accept is one conditional UPDATE ... RETURNING: exactly one coach wins, however many press at once."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from routing.directory import default_directory_path, load_directory
from routing.sync import import_directory
from storage.db import Database
from storage.models import Coach, Offer, Ticket, TicketEvent
from storage.tickets import accept_offer
from tests.conftest import PG_URL, PgSchema, require_postgres

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


async def _ticket_offered_to(db: Database, coach_ids: list[str]) -> int:
    async with db.session() as s:
        ticket = Ticket(state="offered", language="nl", created_at=NOW, updated_at=NOW, offer_count=len(coach_ids))
        s.add(ticket)
        await s.flush()
        for cid in coach_ids:
            s.add(Offer(ticket_id=ticket.id, coach_id=cid, offered_at=NOW, deadline=NOW + timedelta(minutes=10), status="pending"))
        return ticket.id


async def _many_coaches(db: Database, n: int) -> list[str]:
    """Coaches with room for every round: these tests are about one winner per ticket, not about capacity."""
    async with db.session() as s:
        await import_directory(s, load_directory(default_directory_path()), NOW)
        ids = [f"c{i}" for i in range(n)]
        for cid in ids:
            s.add(Coach(id=cid, name=cid, site_id="stadhuis", languages="nl", capacity=10, hours='["mon-sun 00:00-24:00"]', active=True, paused=False))
    return ids


async def test_accept_wins_once_and_not_after_deadline(database):
    coaches = await _many_coaches(database, 2)
    tid = await _ticket_offered_to(database, coaches)
    async with database.session() as s:
        assert await accept_offer(s, tid, "c0", NOW + timedelta(minutes=1))
    async with database.session() as s:
        assert not await accept_offer(s, tid, "c1", NOW + timedelta(minutes=1))
    late = await _ticket_offered_to(database, coaches)
    async with database.session() as s:
        assert not await accept_offer(s, late, "c0", NOW + timedelta(minutes=10))
    async with database.session() as s:
        ticket = await s.get(Ticket, tid)
        assert (ticket.state, ticket.coach_id) == ("accepted", "c0")


async def test_accept_of_a_ticket_not_offered_to_you_does_nothing(database):
    coaches = await _many_coaches(database, 2)
    tid = await _ticket_offered_to(database, coaches[:1])
    async with database.session() as s:
        assert not await accept_offer(s, tid, "c1", NOW)
    async with database.session() as s:
        assert (await s.get(Ticket, tid)).state == "offered"


async def test_fifty_concurrent_accepts_on_postgresql_have_exactly_one_winner():
    """50 coaches, 50 separate connections, the same instant: one winner, every time (10 rounds)."""
    require_postgres()
    schema = PgSchema()
    await schema.create()
    db = Database(PG_URL, pool_size=50, max_overflow=5, **schema.engine_kwargs())
    try:
        from storage.migrate import upgrade

        await upgrade(db.engine)
        coaches = await _many_coaches(db, 50)
        for _ in range(10):
            tid = await _ticket_offered_to(db, coaches)
            start = asyncio.Event()

            async def press(cid: str) -> bool:
                async with db.session() as s:
                    await s.connection()  # hold a separate connection before the starting gun
                    await start.wait()
                    return await accept_offer(s, tid, cid, NOW + timedelta(seconds=30))

            tasks = [asyncio.create_task(press(c)) for c in coaches]
            await asyncio.sleep(0.2)
            start.set()
            results = await asyncio.gather(*tasks)
            assert sum(results) == 1
            async with db.session() as s:
                accepted = await s.scalar(
                    select(func.count()).select_from(TicketEvent).where(TicketEvent.ticket_id == tid, TicketEvent.kind == "accepted")
                )
                offers_won = await s.scalar(
                    select(func.count()).select_from(Offer).where(Offer.ticket_id == tid, Offer.status == "accepted")
                )
            assert accepted == 1 and offers_won == 1
    finally:
        await db.dispose()
        await schema.drop()
