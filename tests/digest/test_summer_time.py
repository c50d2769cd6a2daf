"""2026-W13 ends on Sunday 29 March, when Brussels moves from UTC+1 to UTC+2: days and hours stay local."""
from __future__ import annotations

from datetime import datetime

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from bot.digest.content import Week, build_digest
from tests.bot.harness import Harness
from tests.conftest import BRUSSELS
from tests.digest.scenario import faq_question


def local(day: int, hour: int, minute: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BRUSSELS)


async def test_week_across_the_summer_time_change(database):
    app = await build_app(Config(), FakeClock(local(23, 0, 10)), db=database)
    chat = Harness(app)
    await chat.say("jan", "hallo")
    await chat.say("jan", "Groendienst, ploeg Citadelpark")
    moments = [
        local(22, 23, 50),  # Sunday of W12 (22:50 UTC): not in W13
        local(23, 0, 15),   # Monday 00:15 CET = Sunday 23:15 UTC: in W13
        local(29, 1, 30),   # Sunday 01:30 CET, before the change
        local(29, 3, 30),   # Sunday 03:30 CEST, after it (01:30 UTC)
        local(29, 23, 30),  # Sunday 23:30 CEST = 21:30 UTC: still W13
        local(30, 0, 30),   # Monday 00:30 CEST = Sunday 22:30 UTC: W14, though UTC+1 would put it in W13
    ]
    for moment in moments:
        chat.clock.set(moment)
        await faq_question(chat, "jan")
    async with app.db.session() as s:
        w13 = await build_digest(s, Week.parse("2026-W13"), app.engine.tz)
        w14 = await build_digest(s, Week.parse("2026-W14"), app.engine.tz, with_trend=False)
    assert w13.totals.questions == 4 and w13.totals.faq_solved == 4
    assert [d.total for d in w13.days] == [1, 0, 0, 0, 0, 0, 3]
    assert {h: n for h, n in w13.hours.items() if n} == {0: 1, 1: 1, 3: 1, 23: 1}
    assert (w13.end - w13.start).total_seconds() == 167 * 3600
    assert [p.figures.questions for p in w13.trend][-2:] == [1, 4]
    assert w14.totals.questions == 1 and w14.days[0].total == 1 and w14.hours[0] == 1
    await app.close()
