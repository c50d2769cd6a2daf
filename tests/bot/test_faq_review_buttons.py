"""Review buttons that are forged, stale or pressed by the wrong person: a plain answer, never a change."""
from __future__ import annotations

from sqlalchemy import select

from storage.models import FaqCandidate
from tests.bot.harness import text_to

PRINTER = "de printer in de kantine drukt alles scheef af"


async def a_candidate(chat) -> None:
    await chat.say("jan", "hallo")
    await chat.say("jan", "1")
    await chat.say("jan", PRINTER)
    await chat.say("jan", "1")


async def statuses(app) -> list[tuple[str, str | None]]:
    async with app.db.session() as s:
        return [(r.status, r.decided_by) for r in (await s.execute(select(FaqCandidate))).scalars()]


async def test_only_a_coordinator_decides(app, chat):
    await a_candidate(chat)
    for actor, payload in (("coach:lotte", "faqok:1"), ("jan", "faqno:1"), ("coach:lotte", "faqedit:1")):
        out = await chat.say(actor, payload=payload)
        assert "Die knop is niet meer geldig" in text_to(out, actor)
    assert await statuses(app) == [("pending", None)]


async def test_unknown_and_forged_candidates_get_a_plain_answer(app, chat):
    await a_candidate(chat)
    for payload, expected in (("faqok:999", "Voorstel #999 bestaat niet"), ("faqno:1x", "niet meer geldig"),
                              ("faqskip:-1", "niet meer geldig"), ("faqok:99999999999", "niet meer geldig")):
        out = await chat.say("coordinator:tom", payload=payload)
        assert expected in text_to(out, "coordinator:tom"), payload
    assert await statuses(app) == [("pending", None)]


async def test_a_second_coordinator_is_told_who_decided(app, chat):
    await a_candidate(chat)
    await chat.say("coordinator:tom", "/faq")
    await chat.say("coordinator:tom", payload="faqok:1")
    async with app.db.session() as s:  # Tom's press happened on another replica; this one sees the row decided
        assert (await s.execute(select(FaqCandidate.status))).scalar_one() == "approved"
    out = await chat.say("coordinator:tom", payload="faqno:1")
    assert "Voorstel #1 is al goedgekeurd door tom" in text_to(out, "coordinator:tom")
    assert await statuses(app) == [("approved", "tom")]
