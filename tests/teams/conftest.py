"""A running Teams endpoint: the project's aiohttp server with the real botbuilder SDK, and a fake connector."""
from __future__ import annotations

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.app import build_app
from bot.channels.teams import TeamsChannel
from bot.clock import FakeClock
from bot.config import Config
from bot.server import build_web_app
from tests.conftest import MONDAY_MORNING
from tests.teams.fake_connector import FakeConnector
from tests.teams.harness import TeamsUser


class TeamsWorld:
    """Everything a Teams test talks to; users are made with `user(name)`."""

    def __init__(self, app, channel: TeamsChannel, server: TestServer, connector: FakeConnector, http) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.channel = channel
        self.server = server
        self.connector = connector
        self.http = http
        self.endpoint = f"http://127.0.0.1:{server.port}/api/messages"

    def user(self, name: str, **kw) -> TeamsUser:  # type: ignore[no-untyped-def]
        return TeamsUser(self.http, self.endpoint, self.connector, name, **kw)

    async def flush(self) -> None:
        """Deliver the outbox now (the scheduler does this every 2 s in production)."""
        await self.channel.bot.drain()
        await self.app.dispatcher.flush()


async def start_world(app, **channel_kw) -> TeamsWorld:  # type: ignore[no-untyped-def]
    connector = FakeConnector()
    await connector.start()
    channel = TeamsChannel(app, **{"allow_unauthenticated": True, **channel_kw})
    app.dispatcher.register(channel.name, channel.sender)
    server = TestServer(build_web_app(app, [channel]), host="127.0.0.1")
    await server.start_server()
    http = aiohttp.ClientSession()
    return TeamsWorld(app, channel, server, connector, http)


async def stop_world(world: TeamsWorld) -> None:
    await world.channel.stop()
    await world.http.close()
    await world.server.close()
    await world.connector.close()


@pytest.fixture
async def teams_app(database):
    app = await build_app(Config(), FakeClock(MONDAY_MORNING), db=database)
    yield app


@pytest.fixture
async def world(teams_app):
    w = await start_world(teams_app)
    yield w
    await stop_world(w)
