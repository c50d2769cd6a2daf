"""FAQ candidates on SQLite and PostgreSQL: deduplicated, decided once, erased with the person who typed them."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from faq.kb import phrasing_key
from storage import faq_learning
from storage.models import FaqCandidate
from storage.privacy import apply_retention, erase_person, export_person, find_person
from tests.bot.harness import Harness
from tests.conftest import MONDAY_MORNING

PRINTER = "de printer in de kantine drukt alles scheef af"


async def propose(session, question: str, entry: str = "printing", **kw):
    return await faq_learning.propose(
        session, MONDAY_MORNING, kind=kw.pop("kind", faq_learning.PHRASING), entry_id=entry, lang="nl",
        question=question, key=phrasing_key(question), source=kw.pop("source", "picked"), **kw,
    )


async def test_the_same_question_is_counted_not_stored_twice(database):
    async with database.session() as s:
        first = await propose(s, PRINTER, ticket_id=None)
        again = await propose(s, "De printer in de kantine  drukt alles scheef af!")
        other_entry = await propose(s, PRINTER, entry="payslip")
    async with database.session() as s:
        rows = (await s.execute(select(FaqCandidate).order_by(FaqCandidate.id))).scalars().all()
    assert again.id == first.id
    assert [(r.entry_id, r.seen) for r in rows] == [("printing", 2), ("payslip", 1)]
    assert other_entry.id != first.id


async def test_a_rejected_question_asked_again_stays_rejected(database):
    async with database.session() as s:
        row = await propose(s, PRINTER)
        await faq_learning.decide(s, row.id, faq_learning.REJECTED, "tom", MONDAY_MORNING)
    async with database.session() as s:
        again = await propose(s, PRINTER)
        waiting, count = await faq_learning.next_pending(s)
    assert (again.id, again.status, again.seen) == (row.id, "rejected", 2)
    assert (waiting, count) == (None, 0)


async def test_the_first_decision_wins(database):
    async with database.session() as s:
        row = await propose(s, PRINTER, person_id=None)
    later = MONDAY_MORNING + timedelta(minutes=1)
    async with database.session() as s:
        first = await faq_learning.decide(s, row.id, faq_learning.APPROVED, "tom", MONDAY_MORNING)
    async with database.session() as s:
        second = await faq_learning.decide(s, row.id, faq_learning.REJECTED, "ilse", later)
        unknown = await faq_learning.decide(s, 999, faq_learning.REJECTED, "ilse", later)
    assert first.ok and not second.ok and not unknown.ok and unknown.row is None
    assert (second.row.status, second.row.decided_by) == ("approved", "tom")


async def test_the_fingerprint_moves_only_with_approvals(database):
    async with database.session() as s:
        empty = await faq_learning.fingerprint(s)
        a, b = await propose(s, PRINTER), await propose(s, "mijn afdrukken komen scheef uit de printer")
    async with database.session() as s:
        await faq_learning.decide(s, b.id, faq_learning.REJECTED, "tom", MONDAY_MORNING)
        after_reject = await faq_learning.fingerprint(s)
        await faq_learning.decide(s, a.id, faq_learning.APPROVED, "tom", MONDAY_MORNING)
        after_approve = await faq_learning.fingerprint(s)
        approved = await faq_learning.approved(s)
    assert empty == after_reject == (0, "")
    assert after_approve[0] == 1 and after_approve != empty
    assert [r.question for r in approved] == [PRINTER]


async def picked_by_jan(database):
    """Jan picks a suggestion: his typed question becomes a candidate that carries him as its author."""
    app = await build_app(Config(), FakeClock(MONDAY_MORNING), db=database)
    await app.link_console()
    chat = Harness(app)
    await chat.say("jan", "hallo")
    await chat.say("jan", "1")
    await chat.say("jan", PRINTER)
    await chat.say("jan", "1")
    return app, chat


async def test_erasing_an_employee_erases_their_pending_questions(database):
    app, _ = await picked_by_jan(database)
    async with database.session() as s:
        jan = await find_person(s, "console:jan")
        exported = await export_person(s, jan)
        counts = await erase_person(s, jan, MONDAY_MORNING)
    async with database.session() as s:
        left = (await s.execute(select(FaqCandidate))).scalars().all()
    await app.close()
    assert [c["question"] for c in exported["faq_candidates"]] == [PRINTER]
    assert counts["faq_candidates_deleted"] == 1 and left == []


async def test_an_approved_phrasing_is_faq_content_and_survives_erasure_and_retention(database):
    app, chat = await picked_by_jan(database)
    await chat.say("coordinator:tom", "/faq")
    await chat.say("coordinator:tom", "Goedkeuren")
    async with database.session() as s:
        jan = await find_person(s, "console:jan")
        await erase_person(s, jan, MONDAY_MORNING)
        counts = await apply_retention(s, MONDAY_MORNING + timedelta(days=400), 180)
    async with database.session() as s:
        [row] = (await s.execute(select(FaqCandidate))).scalars().all()
    await app.close()
    assert (row.status, row.person_id, row.decided_by, row.question) == ("approved", None, "tom", PRINTER)
    assert counts["faq_candidates_deleted"] == 0


async def test_retention_deletes_old_undecided_questions(database):
    app, _ = await picked_by_jan(database)
    async with database.session() as s:
        early = await apply_retention(s, MONDAY_MORNING + timedelta(days=10), 180)
        late = await apply_retention(s, MONDAY_MORNING + timedelta(days=181), 180)
    await app.close()
    assert (early["faq_candidates_deleted"], late["faq_candidates_deleted"]) == (0, 1)
