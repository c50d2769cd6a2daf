"""With an app id the SDK authenticates every request: no or a bad token is a 401 and the engine sees nothing."""
from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from bot.config import Config, TeamsConfig
from bot.runner import build_channels
from storage.models import Address, ProcessedUpdate
from tests.teams.conftest import start_world, stop_world

APP_ID = "8f0c4b6e-1d2a-4c3b-9e5f-6a7b8c9d0e1f"


@pytest.fixture
async def secured(teams_app):
    world = await start_world(teams_app, app_id=APP_ID, password="not-used-offline", allow_unauthenticated=False)
    yield world
    await stop_world(world)


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic YW5uYTpzZWNyZXQ=", "Bearer "])
async def test_request_without_a_valid_token_is_refused_and_not_processed(secured, authorization):
    assert not secured.channel.local_only
    jan = secured.user("jan", authorization=authorization)
    assert await jan.post(jan.activity(text="waar vind ik mijn loonbrief")) == 401
    assert await jan.post(jan.activity("conversationUpdate", membersAdded=[{"id": "28:bot"}])) == 401
    assert secured.connector.calls == []
    async with secured.app.db.session() as s:
        assert await s.scalar(select(func.count()).select_from(ProcessedUpdate)) == 0
        assert await s.scalar(select(func.count()).select_from(Address)) == 0


async def test_not_json_is_refused(secured):
    async with secured.http.post(secured.endpoint, data="hello", headers={"Content-Type": "text/plain"}) as response:
        assert response.status == 415


async def test_unauthenticated_mode_is_local_only_and_needs_the_switch(teams_app):
    app = replace(teams_app, config=replace(Config(), teams=TeamsConfig(allow_unauthenticated=True)))
    [channel] = build_channels(app, env={})
    assert channel.name == "teams" and channel.local_only
    app = replace(teams_app, config=replace(Config(), teams=TeamsConfig(app_id=APP_ID)))
    [channel] = build_channels(app, env={"DIGICOACH_TEAMS_APP_PASSWORD": "secret"})
    assert not channel.local_only
    assert build_channels(replace(teams_app, config=Config()), env={}) == []
