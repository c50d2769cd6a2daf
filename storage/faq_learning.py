"""FAQ candidates in the database: proposing them (deduplicated), reviewing them, and the approved ones.

A decision is one conditional UPDATE (`... WHERE status = 'pending'`), so when
two coordinators on two replicas press at the same moment exactly one wins and
the other is told who decided. Approved rows are the learned FAQ: every
replica merges them into its knowledge base, and `fingerprint` is the cheap
question each one asks on its periodic check to learn whether that set changed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FaqCandidate

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
PHRASING, ENTRY = "phrasing", "entry"
CONSOLE = "console"  # written by a coordinator in the web console, approved as it was written
SOURCES = ("picked", "confirmed", "coach", "gap", CONSOLE)


async def propose(
    session: AsyncSession,
    now: datetime,
    *,
    kind: str,
    entry_id: str | None,
    lang: str,
    question: str,
    key: str,
    source: str,
    answer: str | None = None,
    ticket_id: int | None = None,
    person_id: int | None = None,
    seen: int = 1,
) -> FaqCandidate:
    """Store a candidate, or count it on the row that already holds the same one.

    The same means: same kind, language and `key` (the caller's faq.kb.phrasing_key of the question: case,
    spaces and punctuation aside), and for a phrasing the same entry. Whatever that row's status: a rejected text asked again stays rejected (the coordinator said no
    once), an approved one is FAQ content already. `seen` > 1 (a gap group of that many questions) sets the
    count rather than adds to it, so importing the same gaps twice counts nothing twice.
    """
    question = " ".join(question.split())
    stmt = select(FaqCandidate).where(
        FaqCandidate.kind == kind, FaqCandidate.lang == lang, FaqCandidate.question_key == key
    )
    if kind == PHRASING:
        stmt = stmt.where(FaqCandidate.entry_id == entry_id)
    existing = (await session.execute(stmt.order_by(FaqCandidate.id).limit(1).with_for_update())).scalar_one_or_none()
    if existing is not None:
        if seen > 1:
            existing.seen = max(existing.seen, seen)
        elif existing.ticket_id != ticket_id or ticket_id is None:
            existing.seen += 1
            existing.ticket_id = ticket_id if existing.status == PENDING else existing.ticket_id
        if existing.answer is None and answer and existing.status == PENDING:
            existing.answer = answer
        return existing
    row = FaqCandidate(
        kind=kind, entry_id=entry_id, lang=lang, question=question, question_key=key, answer=answer,
        source=source, ticket_id=ticket_id, person_id=person_id, seen=max(1, seen), created_at=now, status=PENDING,
    )
    session.add(row)
    await session.flush()
    return row


async def get(session: AsyncSession, candidate_id: int) -> FaqCandidate | None:
    return await session.get(FaqCandidate, candidate_id, populate_existing=True)


async def pending(session: AsyncSession, limit: int = 100) -> list[FaqCandidate]:
    """Pending candidates, the most asked first (then oldest): the coordinator's time goes where it helps most."""
    stmt = (select(FaqCandidate).where(FaqCandidate.status == PENDING)
            .order_by(FaqCandidate.seen.desc(), FaqCandidate.id).limit(limit))
    return list((await session.execute(stmt)).scalars())


async def next_pending(session: AsyncSession, skipped: Sequence[int] = ()) -> tuple[FaqCandidate | None, int]:
    """The next candidate to review (not one skipped in this round, unless only those are left) and how many wait."""
    count = await session.scalar(select(func.count()).select_from(FaqCandidate).where(FaqCandidate.status == PENDING))
    stmt = select(FaqCandidate).where(FaqCandidate.status == PENDING)
    order = (FaqCandidate.seen.desc(), FaqCandidate.id)
    if skipped:
        fresh = (await session.execute(stmt.where(FaqCandidate.id.not_in(list(skipped))).order_by(*order).limit(1))).scalar_one_or_none()
        if fresh is not None:
            return fresh, count or 0
    return (await session.execute(stmt.order_by(*order).limit(1))).scalar_one_or_none(), count or 0


@dataclass(frozen=True)
class Decided:
    """What a decision found: `ok`, or the row as another coordinator left it (None: no such candidate)."""

    ok: bool
    row: FaqCandidate | None


async def decide(
    session: AsyncSession,
    candidate_id: int,
    status: str,
    by: str,
    now: datetime,
    *,
    question: str | None = None,
    key: str | None = None,
    answer: str | None = None,
    entry_id: str | None = None,
) -> Decided:
    """Approve or reject a pending candidate, with the coordinator's corrections; first decision wins."""
    values: dict[str, object] = {"status": status, "decided_at": now, "decided_by": by[:100]}
    if status == APPROVED:
        values["person_id"] = None  # vetted: FAQ content now, no longer an employee's personal text
    if question is not None:
        assert key is not None, "a corrected question comes with its key"
        values.update(question=" ".join(question.split()), question_key=key)
    if answer is not None:
        values["answer"] = answer.strip()
    if entry_id is not None:
        values["entry_id"] = entry_id
    result = await session.execute(
        update(FaqCandidate).where(FaqCandidate.id == candidate_id, FaqCandidate.status == PENDING).values(**values)
    )
    row = await get(session, candidate_id)
    return Decided(bool(result.rowcount), row)


async def add_approved(
    session: AsyncSession, now: datetime, by: str, *, kind: str, entry_id: str, lang: str, question: str, key: str,
    answer: str | None = None,
) -> FaqCandidate:
    """A coordinator's own change to the FAQ (the web console): a row approved at once by `decide`.

    No dedupe as in `propose`: every change is a row of its own, so an answer edited twice is two approved
    rows and the later one wins in the merge (`approved` keeps the order). The merge rule, the replicas'
    fingerprint and `digicoach faq export` then take it like any other approval.
    """
    row = FaqCandidate(kind=kind, entry_id=entry_id, lang=lang, question=" ".join(question.split()), question_key=key,
                       answer=answer.strip() if answer is not None else None, source=CONSOLE, seen=1, created_at=now,
                       status=PENDING)
    session.add(row)
    await session.flush()
    decided = await decide(session, row.id, APPROVED, by, now)
    assert decided.ok and decided.row is not None, "a row of this transaction is pending until decided here"
    return decided.row


async def edit(session: AsyncSession, candidate_id: int, *, answer: str | None = None, entry_id: str | None = None) -> Decided:
    """Change a pending candidate before deciding (a new entry's answer or id); refused once decided."""
    values: dict[str, object] = {}
    if answer is not None:
        values["answer"] = answer.strip()
    if entry_id is not None:
        values["entry_id"] = entry_id
    result = await session.execute(
        update(FaqCandidate).where(FaqCandidate.id == candidate_id, FaqCandidate.status == PENDING).values(**values)
    )
    return Decided(bool(result.rowcount), await get(session, candidate_id))


async def approved(session: AsyncSession) -> list[FaqCandidate]:
    """The learned FAQ, in the order it was approved (a later answer to the same entry wins in the merge)."""
    stmt = select(FaqCandidate).where(FaqCandidate.status == APPROVED).order_by(FaqCandidate.decided_at, FaqCandidate.id)
    return list((await session.execute(stmt)).scalars())


async def approved_entry_ids(session: AsyncSession) -> set[str]:
    stmt = select(FaqCandidate.entry_id).where(FaqCandidate.status == APPROVED, FaqCandidate.kind == ENTRY)
    return {e for e in (await session.execute(stmt)).scalars() if e}


async def fingerprint(session: AsyncSession) -> tuple[int, str]:
    """How many approved rows and the last decision time: one cheap query per periodic check and replica."""
    row = (await session.execute(
        select(func.count(), func.max(FaqCandidate.decided_at)).where(FaqCandidate.status == APPROVED)
    )).one()
    return int(row[0] or 0), str(row[1] or "")


async def of_person(session: AsyncSession, person_id: int) -> list[FaqCandidate]:
    stmt = select(FaqCandidate).where(FaqCandidate.person_id == person_id).order_by(FaqCandidate.id)
    return list((await session.execute(stmt)).scalars())


async def erase_person(session: AsyncSession, person_id: int) -> int:
    """Delete a person's undecided and rejected texts (approved ones carry no person: they are FAQ content)."""
    result = await session.execute(
        delete(FaqCandidate).where(FaqCandidate.person_id == person_id, FaqCandidate.status != APPROVED)
    )
    return result.rowcount or 0


async def apply_retention(session: AsyncSession, cutoff: datetime) -> int:
    """Pending and rejected candidates older than the retention period go, like the tickets' texts."""
    result = await session.execute(
        delete(FaqCandidate).where(FaqCandidate.created_at < cutoff, FaqCandidate.status != APPROVED)
    )
    return result.rowcount or 0
