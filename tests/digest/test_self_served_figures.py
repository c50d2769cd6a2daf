"""'Solved by the FAQ' counts a yes only; answers that were merely not objected to are 'answered, not confirmed',
shown apart in the digest (summary, Markdown, CSV, FAQ table) and in `tickets list`. On SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import io

from bot.digest.content import Week, build_digest
from bot.digest.rendering import render_all
from storage.reports import ticket_rows
from tests.bot.harness import Harness
from tests.digest.scenario import PAYSLIP, at

W48 = Week.parse("2026-W48")
LEAVE = "hoe vraag ik verlof aan"


async def build_week(chat: Harness) -> None:
    """W48, one employee, every way an FAQ answer can end:

    T1  Mon 09:00  PAYSLIP, "ja"                                  self_served, confirmed
    T2  Mon 10:00  PAYSLIP, nothing for an hour                   self_served, silence (not confirmed)
    T3  Tue 09:00  PAYSLIP, then T4 about leave                   self_served, other question (not confirmed)
    T4  Tue 09:05  LEAVE, "ja"                                    self_served, confirmed
    T5  Wed 09:00  PAYSLIP, then T6 asks it again                 cancelled, rephrased
    T6  Wed 09:05  the payslip again, "ja"                        self_served, confirmed
    """
    chat.clock.set(at(23, 8, 55))
    await chat.say("jan", "hallo")
    await chat.say("jan", "Groendienst, ploeg Citadelpark")
    chat.clock.set(at(23, 9))
    await chat.say("jan", PAYSLIP)
    await chat.say("jan", "ja")
    chat.clock.set(at(23, 10))
    await chat.say("jan", PAYSLIP)
    await chat.tick(61)
    chat.clock.set(at(24, 9))
    await chat.say("jan", PAYSLIP)
    chat.clock.set(at(24, 9, 5))
    await chat.say("jan", LEAVE)
    await chat.say("jan", "ja")
    chat.clock.set(at(25, 9))
    await chat.say("jan", PAYSLIP)
    chat.clock.set(at(25, 9, 5))
    await chat.say("jan", "ik kan mijn loonbrief niet vinden")
    await chat.say("jan", "ja")


async def test_tickets_list_tells_confirmed_from_unconfirmed(chat, app):
    await build_week(chat)
    async with app.db.session() as s:
        rows = [r.as_dict() for r in await ticket_rows(s)]
    assert [(r["id"], r["state"], r["faq_confirmed"], r["end_detail"]) for r in rows] == [
        (1, "self_served", True, "confirmed"),
        (2, "self_served", False, "silence"),
        (3, "self_served", False, "other question"),
        (4, "self_served", True, "confirmed"),
        (5, "cancelled", None, "rephrased"),
        (6, "self_served", True, "confirmed"),
    ]
    assert {"id", "state", "outcome", "coach", "site", "created", "wait_seconds", "handling_seconds",
            "minutes_corrected", "language", "rating"} <= set(rows[0]), "every existing key stays"


async def test_digest_counts_a_yes_as_solved_and_the_rest_apart(chat, app):
    await build_week(chat)
    async with app.db.session() as s:
        d = await build_digest(s, W48, app.engine.tz)
    f = d.totals
    assert (f.questions, f.faq_solved, f.faq_unconfirmed, f.cancelled, f.routed) == (6, 3, 2, 1, 0)
    assert f.faq_share == 0.5, "the share is of confirmed answers only"
    entries = {u.entry: (u.shown, u.solved, u.unconfirmed, u.unhelpful) for u in d.faq}
    assert entries == {"payslip": (5, 2, 2, 0), "leave_request": (1, 1, 0, 0)}
    assert d.days[0].endings["faq"] == 2 and d.days[2].endings == {"faq": 1, "coach": 0, "cancelled": 1, "open": 0}


async def test_digest_files_show_the_two_figures(chat, app):
    await build_week(chat)
    async with app.db.session() as s:
        d = await build_digest(s, W48, app.engine.tz)
    nl = render_all(d, "nl")
    assert "Opgelost door de FAQ: 3 (50%)" in nl.summary
    assert "Beantwoord, niet bevestigd: 2 (33%)" in nl.summary
    en = render_all(d, "en")
    assert "| Solved by the FAQ | 3 (50%) |" in en.markdown
    assert "| Answered, not confirmed | 2 (33%) |" in en.markdown
    assert "| FAQ | Shown | Solved | Not confirmed | Did not help |" in en.markdown
    assert "Answered, not confirmed" in en.html
    rows = list(csv.DictReader(io.StringIO(en.csv)))
    total = next(x for x in rows if x["section"] == "total")
    assert (total["faq_solved"], total["faq_unconfirmed"], total["ended_faq"]) == ("3", "2", "5")
    payslip = next(x for x in rows if x["section"] == "faq" and x["key"] == "payslip")
    assert (payslip["questions"], payslip["faq_solved"], payslip["faq_unconfirmed"]) == ("5", "2", "2")
    assert ",ended_open,faq_unconfirmed,people," in en.csv.splitlines()[0], "new columns come after the old ones"
