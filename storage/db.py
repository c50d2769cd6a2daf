"""Engine and session setup for SQLite (file, WAL) and PostgreSQL (asyncpg)."""
from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Awaitable, Callable, TypeVar

from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

T = TypeVar("T")


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the engine; on SQLite every transaction is BEGIN IMMEDIATE so two writers queue instead of failing.

    Parameters are left out of database error messages: they hold question
    texts and relayed messages, and those errors end up in the logs.
    """
    kwargs.setdefault("hide_parameters", True)
    if is_sqlite(url):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # let us issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # No pool_pre_ping: it is a round trip before every transaction. A connection that died in the pool fails
    # its first statement instead; SQLAlchemy then drops every pooled connection and the engine retries the turn.
    return create_async_engine(url, **kwargs)


class ConnectionLost(OSError):
    """The database connection broke mid-statement; the pool has dropped it, so trying again gets a fresh one."""


ATTEMPTS = 3  # a unit of work that lost its connection is tried again (the pool holds no pre-pinged connections)


def connection_lost(exc: BaseException) -> bool:
    """The error says the connection died (not that the database refused the statement): worth a fresh try."""
    return isinstance(exc, ConnectionLost) or bool(getattr(exc, "connection_invalidated", False))


# PostgreSQL ended the transaction so that another could go on: a deadlock (two turns locking the same rows in
# a different order, e.g. a sweep offering several tickets to several coaches) or a serialization failure.
# Nothing of it was kept, so the same work may simply be done again.
_TRY_AGAIN_STATES = frozenset({"40P01", "40001"})


def rolled_back_to_retry(exc: BaseException) -> bool:
    """The database gave up this transaction in favour of a concurrent one (deadlock): worth a fresh try."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in _TRY_AGAIN_STATES


class Database:
    """The one handle the engine gets: sessions are short, one per unit of work."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Set once a transaction that queued outbox messages has committed (storage.outbox.enqueue marks the
        # session), so a channel can skip looking for messages to send after a turn that queued none.
        self.outbox_pending = False
        # SQLite has one writer at a time, and every transaction here is a write (BEGIN IMMEDIATE). Waiting
        # on the file lock means sleeping and polling (busy_timeout), so a burst of turns finishes in random
        # order with seconds of p99. Queued on this lock instead, the turns of one process go first come,
        # first served and none sleeps. Other processes (a CLI command) still meet at the file lock.
        self._writer = asyncio.Lock() if is_sqlite(url) else None

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A transaction: committed when the block ends, rolled back on any error."""
        async with self._turn_of_writer():
            async with self._sessions() as session:
                async with session.begin():
                    yield session
                if session.info.get("outbox"):
                    self.outbox_pending = True

    @asynccontextmanager
    async def _turn_of_writer(self) -> AsyncIterator[None]:
        if self._writer is None:
            yield
            return
        async with self._writer:
            yield

    async def run(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """`work` in one transaction, tried again on a fresh connection when a pooled one turns out dead.

        Safe because a transaction that lost its connection was rolled back whole.
        """
        for attempt in range(1, ATTEMPTS + 1):
            try:
                async with self.session() as session:
                    return await work(session)
            except (DBAPIError, OSError) as exc:
                if attempt == ATTEMPTS or not (connection_lost(exc) or rolled_back_to_retry(exc)):
                    raise
        raise AssertionError("unreachable")

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    async def ping(self) -> None:
        """SELECT 1, for /readyz. A pooled connection that died (a database restart) is replaced once first."""
        for attempt in (1, 2):
            try:
                async with self.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
                return
            except DBAPIError as exc:
                if attempt == 2 or not exc.connection_invalidated:
                    raise

    async def dispose(self) -> None:
        await self.engine.dispose()
