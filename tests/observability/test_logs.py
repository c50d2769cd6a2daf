"""Structured logs: JSON lines with ticket and pseudonymous person ids, and never a message text at info level."""
from __future__ import annotations

import io
import json
import logging
import re

import pytest

from bot import logs
from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from storage.settings import get_setting
from tests.bot.harness import ask_coach, payloads_to
from tests.conftest import MONDAY_MORNING

QUESTION = "de deur van de loods klemt en het alarm gaat af"
SECRET_FROM_JAN = "mijn pincode is 4711 zegt Jan"
SECRET_FROM_ANNA = "probeer wachtwoord Zomer2026 eens"


@pytest.fixture
def json_lines():
    """Every log record at INFO and above, formatted as `digicoach run` formats them in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [line for line in stream.getvalue().splitlines() if line]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


async def test_a_conversation_logs_json_without_texts(chat, app, json_lines):
    await chat.say("jan", "hallo")
    await chat.say("jan", "Groendienst, ploeg Citadelpark")
    await chat.say("jan", "waar vind ik mijn loonbrief")
    out = await ask_coach(chat, "jan", QUESTION)
    ticket = int(payloads_to(out, "coach:anna")[0].split(":")[1])
    await chat.say("coach:anna", payload=f"accept:{ticket}")
    await chat.say("jan", SECRET_FROM_JAN)
    await chat.say("coach:anna", SECRET_FROM_ANNA)
    await chat.say("coach:lotte", payload=f"close:{ticket}")  # a forged press: logged as a warning
    await chat.say("coach:anna", payload=f"outcome:{ticket}:resolved")
    await chat.say("jan", payload=f"rate:{ticket}:5")
    await chat.say("jan", "/frobnicate het geheim")

    lines = json_lines()
    assert len(lines) >= 10
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    for record in records:
        assert {"ts", "level", "logger", "msg"} <= record.keys()
        assert record["level"] in ("info", "warning", "error")
        assert "person_id" not in record, "raw person ids never reach the log"
        if "person" in record:
            assert re.fullmatch(r"[0-9a-f]{16}", record["person"])
    text = "\n".join(lines)
    for secret in (QUESTION, "loonbrief", "pincode", "4711", "Zomer2026", "wachtwoord", "geheim"):
        assert secret not in text, f"{secret!r} in the logs"

    messages = [r for r in records if r.get("event") == "message"]
    assert len(messages) >= 9 and all(r["channel"] == "console" and r["person"] for r in messages)
    assert any(r.get("ticket") == ticket for r in messages), "the ticket a message was about"
    people = {r["person"] for r in messages}
    assert len(people) == 3, "jan, anna and lotte, each under one stable pseudonym"
    refused = [r for r in records if r.get("event") == "button_refused"]
    assert refused and refused[0]["level"] == "warning" and refused[0]["ticket"] == ticket


async def test_pseudonyms_are_stable_per_deployment_and_secret(database, monkeypatch):
    monkeypatch.delenv("DIGICOACH_LOG_SALT", raising=False)
    first = await build_app(Config(), FakeClock(MONDAY_MORNING), db=database)
    a = logs.pseudonym(42)
    async with first.db.session() as session:
        stored = await get_setting(session, logs.SALT_SETTING)
    assert stored and len(stored) == 64
    await build_app(Config(), FakeClock(MONDAY_MORNING), db=database)  # a second replica, a restart
    assert logs.pseudonym(42) == a and logs.pseudonym(43) != a
    monkeypatch.setenv("DIGICOACH_LOG_SALT", "from-the-environment")
    await logs.load_salt(database)
    assert logs.pseudonym(42) != a
    assert logs.pseudonym(None) is None


def test_text_format_for_the_console():
    record = logging.LogRecord("digicoach.engine", logging.INFO, __file__, 1, "handled %s", ("x",), None)
    record.person_id = 7
    record.ticket = 3
    line = logs.TextFormatter().format(record)
    assert line.endswith(f"handled x person={logs.pseudonym(7)} ticket=3")


def test_json_wanted():
    assert logs.json_wanted({}) is False
    assert logs.json_wanted({}, default=True) is True
    assert logs.json_wanted({"DIGICOACH_LOG_FORMAT": "json"}) is True
    assert logs.json_wanted({"DIGICOACH_LOG_FORMAT": "text"}, default=True) is False


def test_setup_logging_quiets_libraries_that_log_tokens():
    root = logging.getLogger()
    before = list(root.handlers), root.level
    try:
        logs.setup_logging(logging.INFO, json_format=True)
        ours = [h for h in root.handlers if getattr(h, "_digicoach", False)]
        assert len(ours) == 1 and isinstance(ours[0].formatter, logs.JsonFormatter)
        logs.setup_logging(logging.INFO, json_format=False)  # switching does not add a second handler
        ours = [h for h in root.handlers if getattr(h, "_digicoach", False)]
        assert len(ours) == 1 and isinstance(ours[0].formatter, logs.TextFormatter)
        assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
    finally:
        for h in root.handlers[:]:
            if getattr(h, "_digicoach", False):
                root.removeHandler(h)
        root.setLevel(before[1])


def test_database_errors_do_not_carry_parameters():
    from storage.db import make_engine

    engine = make_engine("sqlite+aiosqlite:///:memory:")
    assert engine.sync_engine.hide_parameters is True
