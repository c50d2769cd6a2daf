"""Per-person limits: messages a minute (on the injected clock), message length, invisible characters."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.config import ConfigError, LimitsConfig, parse_config
from bot.engine.receive import MAX_TEXT, clean_text
from bot.engine.limits import RateLimiter, Verdict
from storage.models import Ticket
from tests.bot.harness import text_to

SLOW_DOWN = "Wacht even een minuutje"
T0 = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


def test_window_slides_and_warns_once():
    limiter = RateLimiter(3)
    assert [limiter.check("telegram", "1", T0 + timedelta(seconds=i)) for i in range(3)] == [Verdict.OK] * 3
    assert limiter.check("telegram", "1", T0 + timedelta(seconds=10)) is Verdict.WARN
    assert limiter.check("telegram", "1", T0 + timedelta(seconds=20)) is Verdict.DROP
    assert limiter.check("telegram", "2", T0 + timedelta(seconds=20)) is Verdict.OK, "per person"
    assert limiter.check("teams", "1", T0 + timedelta(seconds=20)) is Verdict.OK, "per channel address"
    # the first message leaves the window one minute after it was sent
    assert limiter.check("telegram", "1", T0 + timedelta(seconds=60)) is Verdict.OK
    assert limiter.check("telegram", "1", T0 + timedelta(seconds=61)) is Verdict.OK
    assert limiter.check("telegram", "1", T0 + timedelta(seconds=61.5)) is Verdict.WARN


def test_zero_means_no_limit():
    limiter = RateLimiter(0)
    assert all(limiter.check("c", "a", T0) is Verdict.OK for _ in range(1000))


def test_idle_people_are_forgotten():
    limiter = RateLimiter(5)
    for i in range(10_001):
        limiter.check("telegram", str(i), T0)
    limiter.check("telegram", "late", T0 + timedelta(minutes=2))
    assert len(limiter._seen) == 1


def test_config_section():
    assert parse_config({}).limits == LimitsConfig(messages_per_minute=20)
    assert parse_config({"limits": {"messages_per_minute": 5}}).limits.messages_per_minute == 5
    with pytest.raises(ConfigError, match=r"\[limits\] messages_per_minute"):
        parse_config({"limits": {"messages_per_minute": -1}})
    with pytest.raises(ConfigError, match=r"\[limits\] burst"):
        parse_config({"limits": {"burst": 3}})


async def test_a_flood_gets_one_friendly_answer_then_silence(chat, app):
    limit = app.config.limits.messages_per_minute
    assert limit == 20
    await chat.say("jan", "hallo")
    await chat.say("jan", "Groendienst, ploeg Citadelpark")
    for i in range(limit - 3):
        out = await chat.say("jan", "waar vind ik mijn loonbrief")
        assert SLOW_DOWN not in text_to(out, "jan")
    out = await chat.say("jan", "/help")  # the 20th message this minute is still handled
    assert "/cancel" in text_to(out, "jan")
    async with app.db.session() as s:
        before = await s.scalar(select(func.count()).select_from(Ticket))
    out = await chat.say("jan", "waar vind ik mijn loonbrief")
    assert text_to(out, "jan") == "Je stuurt veel berichten na elkaar. Wacht even een minuutje en probeer dan opnieuw."
    assert await chat.say("jan", "waar vind ik mijn loonbrief") == [], "warned once, then silent"
    assert await chat.say("jan", payload="yes:1") == []
    async with app.db.session() as s:
        assert await s.scalar(select(func.count()).select_from(Ticket)) == before, "nothing handled while limited"
    # someone else is not affected
    assert SLOW_DOWN not in text_to(await chat.say("piet", "hallo"), "piet")
    # a minute later jan is welcome again
    chat.clock.advance(minutes=1)
    out = await chat.say("jan", "waar vind ik mijn loonbrief")
    assert "Mia" in text_to(out, "jan") or "loonbrief" in text_to(out, "jan").lower()
    assert SLOW_DOWN not in text_to(out, "jan")


async def test_the_friendly_answer_is_in_the_persons_language(chat, app):
    app.engine.limiter = RateLimiter(2)
    await chat.say("marie", "bonjour")
    await chat.say("marie", "/lang fr")
    out = await chat.say("marie", "bonjour")
    assert "Attendez une minute" in text_to(out, "marie")


async def test_configured_limit_reaches_the_engine(database):
    from bot.app import build_app
    from bot.clock import FakeClock
    from bot.config import Config
    from tests.conftest import MONDAY_MORNING

    app = await build_app(replace(Config(), limits=LimitsConfig(messages_per_minute=0)), FakeClock(MONDAY_MORNING), db=database)
    assert app.engine.limiter.per_minute == 0


async def test_long_message_is_cut_and_the_user_told(chat, app):
    await chat.say("jan", "hallo")
    await chat.say("jan", "Groendienst, ploeg Citadelpark")
    out = await chat.say("jan", "mijn scherm blijft zwart " + "x" * 10_000)
    assert "erg lang" in text_to(out, "jan")
    async with app.db.session() as s:
        question = await s.scalar(select(Ticket.question).order_by(Ticket.id.desc()).limit(1))
    assert question is not None and len(question) <= MAX_TEXT


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("paswoord\u202e vergeten", "paswoord vergeten"),  # right-to-left override
        ("\u202aloon\u202c\u202bbrief\u202c", "loonbrief"),  # embeddings and pop
        ("\u2066isolate\u2069 \u2067rtl\u2069 \u2068first\u2069", "isolate rtl first"),
        ("zero\u200bwidth\u200c\u200djoin\u2060er", "zerowidthjoiner"),
        ("\ufeffbom", "bom"),
        ("lrm\u200e rlm\u200f alm\u061c", "lrm rlm alm"),
        ("soft\u00adhyphen", "softhyphen"),
        ("tag\U000e0041\U000e0042s", "tags"),
        ("bell\x07 nul\x00 esc\x1b[31m c1\x9b", "bell nul esc[31m c1"),
        ("line\u2028sep\u2029para", "lineseppara"),
        ("two\nlines\tand tab", "two\nlines\tand tab"),
        ("crlf\r\nline", "crlf\nline"),
        ("é composed", "é composed"),
        ("  ", ""),
    ],
)
def test_invisible_and_control_characters_are_stripped(raw, clean):
    assert clean_text(raw) == clean


async def test_a_question_with_a_bidi_override_reaches_the_coach_clean(chat, app):
    await chat.say("jan", "hallo")
    await chat.say("jan", "Groendienst, ploeg Citadelpark")
    out = await chat.say("jan", "de deur van de loods\u202e klemt\u200b en het alarm gaat af")
    if "Geen van deze" in [b.label for _, m in out for b in m.buttons]:
        out = await chat.say("jan", "Geen van deze")
    offer = text_to(out, "coach:anna")
    assert "de deur van de loods klemt en het alarm gaat af" in offer
    assert not any(c in offer for c in "\u202e\u200b")
