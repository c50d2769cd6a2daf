"""`tickets list --json` and the weekly digest tell the same wait and handling time (finding 4 of issue 15).

One definition (storage/durations.py): wait = creation to the first acceptance,
so a hand-back does not reset it; handling = the last acceptance to the close.
On SQLite and PostgreSQL.
"""
from __future__ import annotations

import csv
import io

from bot.digest.content import Week, build_digest
from bot.digest.rendering import render_all
from storage.reports import ticket_rows
from tests.bot.harness import ask_coach, payloads_to, text_to
from tests.digest.scenario import DOOR, at

W48 = Week.parse("2026-W48")


async def test_a_handed_back_ticket_has_one_wait_in_every_report(chat, app):
    """Asked 09:00, Anna takes it 09:05 and hands it back 09:08, Lotte takes it 09:12 and closes 09:20."""
    chat.clock.set(at(23, 8, 55))
    await chat.say("jan", "hallo")
    await chat.say("jan", "Groendienst, ploeg Citadelpark")
    chat.clock.set(at(23, 9))
    out = await ask_coach(chat, "jan", DOOR)
    assert "Nieuwe vraag #1" in text_to(out, "coach:anna")
    chat.clock.set(at(23, 9, 5))
    out = await chat.say("coach:anna", "Ik help")
    hand_back = next(p for p in payloads_to(out, "coach:anna") if p.startswith("handback:"))
    chat.clock.set(at(23, 9, 8))
    out = await chat.say("coach:anna", payload=hand_back)
    assert "Nieuwe vraag #1" in text_to(out, "coach:lotte"), "handed back: offered to the next nearest"
    chat.clock.set(at(23, 9, 12))
    assert "Je helpt Jan" in text_to(await chat.say("coach:lotte", "Ik help"), "coach:lotte")
    chat.clock.set(at(23, 9, 20))
    await chat.say("coach:lotte", "/close resolved")

    async with app.db.session() as s:
        [listed] = [r.as_dict() for r in await ticket_rows(s)]
        digest = await build_digest(s, W48, app.engine.tz)
    assert (listed["state"], listed["coach"]) == ("closed", "lotte")
    assert (listed["wait_seconds"], listed["handling_seconds"]) == (300, 480), \
        "wait until a coach first took it (09:05), handling from the last acceptance (09:12) to the close"

    totals = digest.totals
    assert (totals.wait_median, totals.handling_median) == (300, 480), "the digest tells the same times"
    total = next(row for row in csv.DictReader(io.StringIO(render_all(digest, "en").csv)) if row["section"] == "total")
    assert (float(total["wait_median_s"]), float(total["handling_median_s"])) == (300, 480)
    assert total["coach_minutes"] == "8", "coach minutes are the handling time when the coach gave none"
