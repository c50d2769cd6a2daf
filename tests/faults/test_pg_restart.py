"""A PostgreSQL server stopped and started under a running bot.

The server is a throw-away cluster of this test's own (the `pg_cluster` fixture:
initdb in a temp folder, own port), never the shared one other tests use.
"""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from bot.leader import AdvisoryLockLeader
from bot.server import build_web_app
from storage.db import Database
from storage.models import Ticket, TicketEvent
from tests.bot.harness import Harness, ask_coach, text_to
from tests.conftest import MONDAY_MORNING
from tests.faults.test_database_faults import TRY_AGAIN, assert_nothing_half_written, say
from tests.pgcluster import PgCluster

pytestmark = pytest.mark.pgrestart


def wait_ready(pg: PgCluster, up: bool, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pg.ready() == up:
            return
        time.sleep(0.3)
    raise AssertionError(f"PostgreSQL did not become {'ready' if up else 'unavailable'} in {seconds} s")


async def test_server_stopped_and_started_the_bot_recovers_by_itself(pg_cluster: PgCluster):
    clock = FakeClock(MONDAY_MORNING)
    db = Database(pg_cluster.url, connect_args={"timeout": 3})
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
            pg_cluster.stop()
            wait_ready(pg_cluster, False)
            assert await say(app, "jan", "/cancel") == TRY_AGAIN
            assert await say(app, "piet", "hallo") == TRY_AGAIN
            assert (await client.get("/readyz")).status == 503
            assert (await client.get("/healthz")).status == 200, "the process itself is fine"
            assert not await app.leader.check(), "a leader without its connection is no leader"
        finally:
            pg_cluster.start()
            wait_ready(pg_cluster, True)

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
