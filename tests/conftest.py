"""Shared fixtures: every storage test runs on SQLite and on PostgreSQL.

PostgreSQL is the one at 127.0.0.1:5432 (trust auth, database `test`). On a
developer machine without it those cases are skipped; under CI (CI=true) a
missing server is an error, so the suite cannot go green without them.
Tests that stop, cut or restart a database never touch that shared server:
they use `pg_cluster`, a throw-away cluster of their own.
"""
from __future__ import annotations

import os
import socket
import tempfile
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

# The FAQ's sentence vectors and fitted thresholds are cached on disk; tests share one cache of their own
# (fitted once per KB, not once per test) and never write into the developer's ~/.cache.
os.environ.setdefault("DIGICOACH_FAQ_CACHE", tempfile.mkdtemp(prefix="digicoach-faq-cache-"))

PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_URL = os.environ.get("DIGICOACH_TEST_PG_URL", f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/test")
BRUSSELS = ZoneInfo("Europe/Brussels")
# Monday 23 November 2026, 09:00 in Ghent: every demo coach with weekday hours is working.
MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=BRUSSELS)


def postgres_reachable() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


def require_postgres() -> None:
    if postgres_reachable():
        return
    if os.environ.get("CI"):
        pytest.fail("PostgreSQL at 127.0.0.1:5432 is required under CI but is not reachable")
    pytest.skip("PostgreSQL at 127.0.0.1:5432 not reachable")


class PgSchema:
    """A throw-away schema per test, so tests never see each other's rows."""

    def __init__(self) -> None:
        self.name = f"t_{uuid.uuid4().hex[:12]}"

    async def create(self) -> None:
        import asyncpg

        conn = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
        try:
            await conn.execute(f'CREATE SCHEMA "{self.name}"')
        finally:
            await conn.close()

    async def drop(self) -> None:
        import asyncpg

        conn = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
        try:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE')
        finally:
            await conn.close()

    def engine_kwargs(self) -> dict:
        return {"connect_args": {"server_settings": {"search_path": self.name}}}


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request, tmp_path):
    """A migrated, empty Database on each backend."""
    from storage.db import Database
    from storage.migrate import upgrade

    if request.param == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{tmp_path}/digicoach.db")
        schema = None
    else:
        require_postgres()
        schema = PgSchema()
        await schema.create()
        db = Database(PG_URL, **schema.engine_kwargs())
    db.backend = request.param  # type: ignore[attr-defined]
    db.schema = schema  # type: ignore[attr-defined]
    await upgrade(db.engine)
    try:
        yield db
    finally:
        await db.dispose()
        if schema:
            await schema.drop()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/digicoach.db"


@pytest.fixture
def pg_cluster():
    """A throw-away PostgreSQL cluster of this test's own (tests/pgcluster.py): `.url`, `.stop()`, `.start()`.

    For tests that stop, cut or restart a database: they never touch the shared
    server. Always stopped and deleted afterwards. Without the PostgreSQL server
    binaries: a failure under CI, a skip elsewhere.
    """
    from tests.pgcluster import throwaway_cluster

    cluster = throwaway_cluster()
    try:
        yield cluster
    finally:
        cluster.remove()


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    config.addinivalue_line(
        "markers", "pgrestart: stops and starts a PostgreSQL server (a throw-away cluster of its own, see pg_cluster)"
    )
