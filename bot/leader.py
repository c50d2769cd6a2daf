"""Which replica runs the jobs that must run once (weekly digest, retention).

On PostgreSQL the leader is the process holding a session-level advisory lock
(`pg_try_advisory_lock`) on one dedicated connection, kept for the process
lifetime. When the leader dies its connection closes, PostgreSQL releases the
lock, and the next replica to try (each job interval) takes over. A leader
whose connection breaks stops being leader at its next check and tries again
like any other replica.

On SQLite there is one process, so it is always the leader.

The jobs are idempotent anyway (the digest by unique outbox keys, retention by
its WHERE clauses): a short overlap while a dead connection is noticed costs
wasted work, never a double message. Leadership only avoids that waste.
"""
from __future__ import annotations

import logging
import os
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import AsyncIterator, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock
from storage.db import Database, is_sqlite

log = logging.getLogger("digicoach.leader")

# One 64-bit key for the whole database: "DCL1". Below 2**31, so pg_locks shows it as classid 0, objid LOCK_KEY.
LOCK_KEY = 0x44434C31
STARTUP_KEY = 0x44435331  # "DCS1": replicas starting together migrate and import the directory one after the other


class Leadership(Protocol):
    async def check(self) -> bool:
        """Are we the leader now? Tries to become it when not (at most once per retry interval)."""
        ...

    async def close(self) -> None: ...


class AlwaysLeader:
    """A single process (SQLite): nobody to compete with."""

    is_leader = True

    async def check(self) -> bool:
        return True

    async def close(self) -> None:
        return None


class AdvisoryLockLeader:
    """Leader by a PostgreSQL advisory lock held on a connection of its own."""

    def __init__(
        self, db: Database, clock: Clock, *, key: int = LOCK_KEY, retry: timedelta = timedelta(seconds=10)
    ) -> None:
        self.db = db
        self.clock = clock
        self.key = key
        self.retry = retry
        self.is_leader = False
        self.since: datetime | None = None
        self._conn: AsyncConnection | None = None
        self._next_try: datetime | None = None

    async def check(self) -> bool:
        if self.is_leader:
            if await self._still_connected():
                return True
            log.warning("leader connection lost: no longer leader")
            await self._drop()
        now = self.clock.now()
        if self._next_try is not None and now < self._next_try:
            return False
        self._next_try = now + self.retry
        try:
            if self._conn is None:
                self._conn = await self._connect()
            got = (await self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key})).scalar_one()
        except Exception as exc:  # database down: not leader, try again next interval
            log.info("leader check failed: %s", exc)
            await self._drop()
            return False
        if got:
            self.is_leader, self.since = True, now
            log.info("became leader (pid %s)", os.getpid())
        return bool(got)

    async def _connect(self) -> AsyncConnection:
        """A connection outside the pool's turnover, in autocommit: never idle in a transaction."""
        conn = await self.db.engine.connect()
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        # Lets an operator (and the replica test) see in pg_stat_activity which process leads.
        await conn.execute(text(f"SET application_name = 'digicoach-leader-{os.getpid()}'"))
        return conn

    async def _still_connected(self) -> bool:
        try:
            assert self._conn is not None
            await self._conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    async def _drop(self) -> None:
        self.is_leader, self.since = False, None
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.invalidate()  # a broken connection must not go back into the pool
                await conn.close()
            except Exception:
                pass

    async def close(self) -> None:
        """Leave cleanly: closing the connection releases the lock for the next replica at once."""
        conn, self._conn = self._conn, None
        self.is_leader = False
        if conn is not None:
            try:
                if not conn.invalidated:
                    await conn.execute(text("SELECT pg_advisory_unlock_all()"))
                await conn.close()
            except Exception:
                pass


def leadership_for(db: Database, clock: Clock, retry: timedelta = timedelta(seconds=10)) -> Leadership:
    if is_sqlite(db.url):
        return AlwaysLeader()
    return AdvisoryLockLeader(db, clock, retry=retry)


@asynccontextmanager
async def startup_lock(db: Database) -> AsyncIterator[None]:
    """Serialise start-up work (migrations, directory import) between replicas started at the same moment."""
    if is_sqlite(db.url):
        yield
        return
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": STARTUP_KEY})
        try:
            yield
        finally:
            await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": STARTUP_KEY})
