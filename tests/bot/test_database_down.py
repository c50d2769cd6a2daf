"""A database that is unreachable: the user gets a plain "try again", nothing is half-written."""
from __future__ import annotations

import logging

from bot.clock import FakeClock
from bot.engine.core import Engine
from bot.messages import Incoming
from faq.kb import default_kb_paths
from faq.live import LiveKnowledgeBase
from storage.db import Database
from tests.conftest import MONDAY_MORNING


async def test_unreachable_database_gets_a_plain_answer_and_a_log_line(caplog):
    db = Database("postgresql+asyncpg://postgres@127.0.0.1:1/test", connect_args={"timeout": 2})
    engine = Engine(db, FakeClock(MONDAY_MORNING), LiveKnowledgeBase(default_kb_paths()))
    with caplog.at_level(logging.ERROR, logger="digicoach.engine"):
        replies = await engine.handle(Incoming(channel="telegram", address="1001", text="hallo", locale="en"))
    await db.dispose()
    assert [r.text for r in replies] == ["Something went wrong. Please try again in a moment."]
    assert "database unavailable" in caplog.text
