"""The real local PostgreSQL server stopped and started under a running bot.

This stops the server every other PostgreSQL test uses, so it is marked
`pgrestart` and tests/conftest.py orders it after every other test of the run
(one `python -m pytest` still runs everything). It always starts the server
again in `finally` and waits for pg_isready. It is skipped where stopping the
server cannot be safe: no pg_ctlcluster (not this kind of machine), a test
database that is not the local server, parallel workers (pytest-xdist), or
DIGICOACH_TEST_NO_PGRESTART set. `-m "not pgrestart"` leaves it out.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from bot.leader import AdvisoryLockLeader
from bot.server import build_web_app
from storage.db import Database
from storage.models import Ticket, TicketEvent
from tests.bot.harness import Harness, ask_coach, text_to
from tests.conftest import MONDAY_MORNING, PG_URL, PgSchema, require_postgres
from tests.faults.test_database_faults import TRY_AGAIN, assert_nothing_half_written, say

pytestmark = pytest.mark.pgrestart


def cluster() -> list[str]:
    """pg_ctlcluster's VERSION NAME for the local server, or skip when it cannot be controlled safely."""
    url = make_url(PG_URL)
    if (url.host, url.port or 5432) not in (("127.0.0.1", 5432), ("localhost", 5432)):
        pytest.skip("the test database is not the local server")
    if os.environ.get("PYTEST_XDIST_WORKER") or os.environ.get("DIGICOACH_TEST_NO_PGRESTART"):
        pytest.skip("stopping the shared server is not safe here")
    if not shutil.which("pg_ctlcluster") or not Path("/etc/postgresql").is_dir():
        pytest.skip("no pg_ctlcluster: cannot stop and start the server")
    versions = sorted(os.listdir("/etc/postgresql"))
    if not versions:
        pytest.skip("no PostgreSQL cluster configured")
    return [versions[0], "main"]


def pg_ctl(action: str, which: list[str]) -> None:
    extra = ["-m", "fast"] if action == "stop" else []
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *which, action, *extra], check=True, timeout=60)


def wait_ready(up: bool, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0
        if ready == up:
            return
        time.sleep(0.3)
    raise AssertionError(f"PostgreSQL did not become {'ready' if up else 'unavailable'} in {seconds} s")


async def test_server_stopped_and_started_the_bot_recovers_by_itself():
    require_postgres()
    which = cluster()
    schema = PgSchema()
    await schema.create()
    clock = FakeClock(MONDAY_MORNING)
    db = Database(PG_URL, connect_args={"server_settings": {"search_path": schema.name}, "timeout": 3})
    app = await build_app(Config(), clock, db=db)
    await app.link_console()
    app.leader = AdvisoryLockLeader(db, clock, key=0x44434C31 + 9, retry=timedelta(seconds=5))
    client = TestClient(TestServer(build_web_app(app, [])))
    await client.start_server()
    chat = Harness(app)
    try:
        await chat.say("jan", "hallo")
        await chat.say("jan", "1")
        assert "Ik zoek een digicoach" in text_to(await ask_coach(chat, "jan", "mijn badge werkt niet meer aan de poort"), "jan")
        assert await app.leader.check()
        assert (await client.get("/readyz")).status == 200

        try:
            pg_ctl("stop", which)
            wait_ready(False)
            assert await say(app, "jan", "/cancel") == TRY_AGAIN
            assert await say(app, "piet", "hallo") == TRY_AGAIN
            assert (await client.get("/readyz")).status == 503
            assert (await client.get("/healthz")).status == 200, "the process itself is fine"
            assert not await app.leader.check(), "a leader without its connection is no leader"
        finally:
            pg_ctl("start", which)
            wait_ready(True)

        # No restart of the bot: a dead pooled connection is replaced when a statement finds it dead.
        assert (await client.get("/readyz")).status == 200
        out = await chat.say("piet", "hallo")
        assert text_to(out, "piet") and TRY_AGAIN not in text_to(out, "piet")
        assert await say(app, "jan", "/cancel") != TRY_AGAIN
        clock.advance(timedelta(seconds=5))
        assert await app.leader.check(), "leadership is taken again once the database is back"
        await assert_nothing_half_written(app)
        async with app.db.session() as s:
            assert (await s.execute(select(func.count()).select_from(Ticket))).scalar_one() == 1
            assert (await s.execute(select(func.count()).select_from(TicketEvent))).scalar_one() >= 2
    finally:
        await client.close()
        await app.close()
        await schema.drop()
