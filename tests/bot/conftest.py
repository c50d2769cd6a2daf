from __future__ import annotations

import pytest

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from tests.conftest import MONDAY_MORNING
from tests.bot.harness import Harness


@pytest.fixture
async def app(database):
    app = await build_app(Config(), FakeClock(MONDAY_MORNING), db=database)
    await app.link_console()
    yield app


@pytest.fixture
async def chat(app) -> Harness:
    return Harness(app)
