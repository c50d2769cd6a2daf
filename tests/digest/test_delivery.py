"""Delivery: on time, late after downtime, scoped, exactly once with replicas and a crash halfway."""
from __future__ import annotations

import asyncio
import json
from datetime import datetime

import pytest
from sqlalchemy import func, select

from bot.config import DigestConfig
from bot.digest import delivery
from bot.digest.content import Week
from bot.digest.delivery import DigestSender, due_week, send_time
from bot.engine.work import Work
from storage.models import Coordinator, OutboxMessage
from tests.bot.harness import to
from tests.conftest import BRUSSELS
from tests.digest.scenario import build_fortnight

MONDAY_8 = datetime(2026, 11, 30, 8, 0, tzinfo=BRUSSELS)


def test_send_time_and_due_week():
    config = DigestConfig()
    assert send_time(Week.parse("2026-W48"), config, BRUSSELS) == MONDAY_8
    assert due_week(MONDAY_8, config, BRUSSELS) == (Week.parse("2026-W48"), MONDAY_8)
    week, at = due_week(datetime(2026, 11, 30, 7, 59, tzinfo=BRUSSELS), config, BRUSSELS)
    assert week.label == "2026-W47" and at == datetime(2026, 11, 23, 8, 0, tzinfo=BRUSSELS)
    friday = DigestConfig(weekday="fri", time="17:30")
    assert send_time(Week.parse("2026-W13"), friday, BRUSSELS) == datetime(2026, 4, 3, 17, 30, tzinfo=BRUSSELS)


async def digest_rows(app):
    async with app.db.session() as s:
        rows = await s.execute(select(OutboxMessage.key).where(OutboxMessage.key.like("digest:%")).order_by(OutboxMessage.id))
        return list(rows.scalars())


async def add_scoped_coordinator(app, cid="sara", departments=("Administratie",)):
    async with app.db.session() as s:
        s.add(Coordinator(id=cid, name="Sara", departments=json.dumps(list(departments)), active=True))
    await app.engine.link_directory_person("console", f"coordinator:{cid}", "coordinator", cid)


async def test_on_time_summary_chart_and_files_once(chat, app):
    await build_fortnight(chat)
    chat.clock.set(MONDAY_8)
    sender = DigestSender(app.engine, DigestConfig())
    result = await sender.run()
    assert result.week.label == "2026-W48" and result.sent == ["tom"] and not result.late
    assert await digest_rows(app) == [f"digest:2026-W48:tom:{p}" for p in ("summary", "html", "csv")]
    out = await chat.flush()
    summary, page, sheet = to(out, "coordinator:tom")
    assert summary.text.startswith("Weekoverzicht 2026-W48 · 23/11 tot 29/11/2026")
    assert "laat" not in summary.text
    assert "Vragen: 6 ↑ +2300%" in summary.text and "Opgelost door de FAQ: 1 (17%)" in summary.text
    assert "Naar een digicoach: 5 · aanvaard 4 · geëscaleerd 0" in summary.text
    assert "Wachttijd: 4 min (p90 5 min)" in summary.text  # 210 s and 324 s
    assert "Digicoach-minuten: 62 · score – (minder dan 5 mensen)" in summary.text, "two people: no average rating"
    assert summary.image and summary.image.startswith(b"\x89PNG")
    assert page.document[0] == "digest-2026-W48.html" and b"data:image/png;base64," in page.document[1]
    assert sheet.document[0] == "digest-2026-W48.csv" and sheet.document[1].startswith(b"week,section,key,name,questions")
    assert "loods" not in summary.text and "piet@example.com" not in page.document[1].decode()
    assert await sender.run() is None, "nothing left to send"
    chat.clock.set(datetime(2026, 12, 2, 12, 0, tzinfo=BRUSSELS))
    assert await sender.run() is None
    assert len(await digest_rows(app)) == 3


async def test_a_digest_missed_while_down_is_sent_late_and_says_so(chat, app):
    await build_fortnight(chat)
    chat.clock.set(datetime(2026, 11, 30, 11, 15, tzinfo=BRUSSELS))  # the bot was down at 08:00
    result = await DigestSender(app.engine, DigestConfig()).run()
    assert result.week.label == "2026-W48" and result.late
    [summary, *_] = to(await chat.flush(), "coordinator:tom")
    assert "(laat: de bot was offline op het gewone uur)" in summary.text


async def test_not_before_the_configured_time(chat, app):
    await build_fortnight(chat)
    config = DigestConfig(weekday="tue", time="09:30")
    chat.clock.set(datetime(2026, 12, 1, 9, 29, tzinfo=BRUSSELS))
    result = await DigestSender(app.engine, config).run()
    assert result.week.label == "2026-W47", "only the week before, whose time has long passed"
    chat.clock.set(datetime(2026, 12, 1, 9, 30, tzinfo=BRUSSELS))
    result = await DigestSender(app.engine, config).run()
    assert result.week.label == "2026-W48" and not result.late


async def test_scoped_coordinator_gets_only_their_departments(chat, app):
    await add_scoped_coordinator(app)
    await build_fortnight(chat)
    chat.clock.set(MONDAY_8)
    result = await DigestSender(app.engine, DigestConfig()).run()
    assert sorted(result.sent) == ["sara", "tom"]
    out = await chat.flush()
    summary, page, sheet = to(out, "coordinator:sara")
    assert "Afdelingen: Administratie" in summary.text and "Vragen: 2" in summary.text
    html = page.document[1].decode()
    assert "Lotte" in html and "Anna" not in html, "coach activity of their departments only"
    assert "Groendienst" not in html and "Groendienst" not in sheet.document[1].decode()
    assert "Vragen: 6" in to(out, "coordinator:tom")[0].text


async def test_two_replicas_at_once_send_once(chat, app):
    await add_scoped_coordinator(app)
    await build_fortnight(chat)
    chat.clock.set(MONDAY_8)
    first, second = DigestSender(app.engine, DigestConfig()), DigestSender(app.engine, DigestConfig())
    results = await asyncio.gather(first.run(), second.run())
    sent = sorted(c for r in results if r for c in r.sent)
    assert sent == ["sara", "tom"]
    keys = await digest_rows(app)
    assert len(keys) == 6 and len(set(keys)) == 6
    out = await chat.flush()
    assert len(to(out, "coordinator:tom")) == 3 and len(to(out, "coordinator:sara")) == 3


async def test_a_replica_that_lost_the_race_backs_off(chat, app, monkeypatch):
    """Both checked 'not sent yet'; the second's insert hits the unique key and counts as already sent."""
    await build_fortnight(chat)
    chat.clock.set(MONDAY_8)
    await DigestSender(app.engine, DigestConfig()).run()

    async def never_queued(*args, **kw):
        return False

    monkeypatch.setattr(delivery, "already_queued", never_queued)
    result = await DigestSender(app.engine, DigestConfig()).send(Week.parse("2026-W48"), ["tom"])
    assert result.sent == [] and result.skipped == ["tom"]
    assert len(await digest_rows(app)) == 3


async def test_a_crash_halfway_leaves_nothing_and_the_next_run_sends_all(chat, app, monkeypatch):
    await build_fortnight(chat)
    chat.clock.set(MONDAY_8)
    real_notify = Work.notify

    async def crash_on_csv(self, person_id, text, buttons=(), *, key=None, **kw):
        if key and key.endswith(":csv"):
            raise RuntimeError("process killed")
        return await real_notify(self, person_id, text, buttons, key=key, **kw)

    monkeypatch.setattr(Work, "notify", crash_on_csv)
    with pytest.raises(RuntimeError):
        await DigestSender(app.engine, DigestConfig()).run()
    assert await digest_rows(app) == []
    monkeypatch.setattr(Work, "notify", real_notify)
    result = await DigestSender(app.engine, DigestConfig()).run()  # "after the restart"
    assert result.sent == ["tom"] and len(await digest_rows(app)) == 3


async def test_unreachable_coordinator_is_skipped(app):
    async with app.db.session() as s:
        s.add(Coordinator(id="nobody", name="Nobody", departments="[]", active=True))
    app.clock.set(MONDAY_8)
    result = await DigestSender(app.engine, DigestConfig()).run()
    assert result.sent == ["tom"], "a coordinator who never linked a chat account has nowhere to get it"
    async with app.db.session() as s:
        assert await s.scalar(select(func.count()).select_from(OutboxMessage)) == 3
