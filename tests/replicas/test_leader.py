"""Leader election by advisory lock (PostgreSQL), always-leader on SQLite, and the leader-only retention job."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from bot.jobs import run_retention
from bot.leader import LOCK_KEY, AdvisoryLockLeader, AlwaysLeader, leadership_for
from bot.messages import Incoming
from storage.db import Database
from storage.models import Ticket
from tests.conftest import MONDAY_MORNING, PG_URL, require_postgres

TEST_KEY = LOCK_KEY + 7  # not the production key: the shared test database may have a real bot on it


async def test_sqlite_is_always_leader(sqlite_url):
    db = Database(sqlite_url)
    leader = leadership_for(db, FakeClock(MONDAY_MORNING))
    assert isinstance(leader, AlwaysLeader) and await leader.check()
    await db.dispose()


async def test_one_leader_and_a_takeover_when_it_goes():
    require_postgres()
    clock = FakeClock(MONDAY_MORNING)
    dbs = [Database(PG_URL), Database(PG_URL)]
    a, b = (AdvisoryLockLeader(db, clock, key=TEST_KEY, retry=timedelta(seconds=5)) for db in dbs)
    try:
        assert await a.check() and not await b.check()
        assert await a.check(), "the leader stays leader"
        clock.advance(timedelta(seconds=1))
        assert not await b.check(), "and the other does not ask again before its retry interval"
        async with dbs[0].engine.connect() as conn:
            holders = (await conn.execute(
                text("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                     "WHERE l.locktype = 'advisory' AND l.objid = :k AND l.granted"), {"k": TEST_KEY})).scalars().all()
        assert len(holders) == 1 and holders[0].startswith("digicoach-leader-")

        # The leader's connection dies (its backend is terminated, as when the process is killed).
        async with dbs[1].engine.connect() as conn:
            # With a timeout, PostgreSQL (14+) returns once the backend has exited and its lock is gone;
            # without one it only sends the signal, and the takeover below raced the backend's exit.
            await conn.execute(text("SELECT pg_terminate_backend(l.pid, 5000) FROM pg_locks l "
                                    "WHERE l.locktype = 'advisory' AND l.objid = :k"), {"k": TEST_KEY})
            await conn.commit()
        clock.advance(timedelta(seconds=5))
        assert await b.check(), "the other replica takes over at its next try"
        assert not await a.check(), "the old leader notices its lost connection and is not leader"
        await b.close()
        clock.advance(timedelta(seconds=5))
        assert await a.check(), "a clean stop releases the lock at once"
    finally:
        await a.close()
        await b.close()
        for db in dbs:
            await db.dispose()


async def test_retention_job_runs_once_a_day(database):
    clock = FakeClock(MONDAY_MORNING)
    app = await build_app(Config(), clock, db=database)
    await app.engine.handle(Incoming(channel="console", address="jan", text="hallo"))
    await app.engine.handle(Incoming(channel="console", address="jan", text="1"))
    await app.engine.handle(Incoming(channel="console", address="jan", text="mijn badge werkt niet meer aan de poort"))
    async with database.session() as s:
        assert [t.question for t in (await s.execute(select(Ticket))).scalars()] != [None]

    assert await run_retention(app) is not None, "first run applies"
    assert await run_retention(app) is None, "not again the same day"
    clock.advance(timedelta(days=200))
    counts = await run_retention(app)
    assert counts and counts["questions_erased"] >= 1
    async with database.session() as s:
        assert [t.question for t in (await s.execute(select(Ticket))).scalars()] == [None]
