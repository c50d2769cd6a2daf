"""One person's self-scans: answers as they come, the result once complete, consent, and erasing them.

A scan is personal data (docs/design.md, "The self-scan"). The person sees it; the coach of their learning
question only with their consent (`shared_with_coach`, the one rule); nobody else individually: coordinators see
figures of groups of at least five (storage/scan_figures.py). `/scan wissen` and `privacy erase` delete a
person's scans; retention unlinks older ones from the person and drops the answers, keeping the result as an
anonymous count.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Mapping, Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Scan, ScanArea, Ticket, TrainingRequest


def answers_of(scan: Scan) -> dict[str, int]:
    try:
        value = json.loads(scan.answers or "{}")
    except ValueError:
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int)} if isinstance(value, dict) else {}


def area_list(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


async def get(session: AsyncSession, scan_id: int) -> Scan | None:
    return await session.get(Scan, scan_id)


async def unfinished(session: AsyncSession, person_id: int) -> Scan | None:
    """The person's scan still being answered (the latest), to resume where they stopped."""
    return (await session.execute(
        select(Scan).where(Scan.person_id == person_id, Scan.completed_at.is_(None)).order_by(Scan.id.desc()).limit(1)
    )).scalar_one_or_none()


async def start(session: AsyncSession, person_id: int, department: str | None, version: int, now: datetime) -> Scan:
    scan = Scan(person_id=person_id, department=department, version=version, answers="{}", started_at=now, updated_at=now)
    session.add(scan)
    await session.flush()
    return scan


def record_answer(scan: Scan, item_id: str, answer: int, now: datetime) -> None:
    answers = answers_of(scan)
    answers[item_id] = answer
    scan.answers = json.dumps(answers, sort_keys=True)
    scan.updated_at = now


async def complete(
    session: AsyncSession, scan: Scan, now: datetime, *, round_id: str, profile: str, skill: float, attitude: float,
    areas: Mapping[str, float], strengths: Sequence[str], weak: Sequence[str],
) -> None:
    scan.completed_at = now
    scan.updated_at = now
    scan.round = round_id
    scan.profile = profile
    scan.skill = skill
    scan.attitude = attitude
    scan.strengths = json.dumps(list(strengths))
    scan.weak = json.dumps(list(weak))
    for area, value in areas.items():
        session.add(ScanArea(scan_id=scan.id, area=area, score=value, weak=area in weak))
    await session.flush()


async def latest_completed(session: AsyncSession, person_id: int, *, before_id: int | None = None) -> Scan | None:
    """The person's last complete scan (before scan `before_id`: the one a repeat compares with)."""
    stmt = select(Scan).where(Scan.person_id == person_id, Scan.completed_at.is_not(None))
    if before_id is not None:
        stmt = stmt.where(Scan.id < before_id)
    return (await session.execute(stmt.order_by(Scan.id.desc()).limit(1))).scalar_one_or_none()


async def area_scores(session: AsyncSession, scan_id: int) -> dict[str, float]:
    rows = await session.execute(select(ScanArea.area, ScanArea.score).where(ScanArea.scan_id == scan_id))
    return {area: score for area, score in rows.all()}


def note_advice_used(scan: Scan, now: datetime) -> None:
    """The first advice button pressed after a result: the funnel's "advice" step."""
    if scan.advice_used_at is None:
        scan.advice_used_at = now


async def shared_with_coach(session: AsyncSession, ticket: Ticket) -> Scan | None:
    """The scan the coach of a learning question may see: only one its own employee said yes to sharing.

    The one consent rule; the caller shows it only to the coach the ticket is offered to or held by.
    """
    if ticket.scan_id is None or ticket.employee_id is None:
        return None
    scan = await session.get(Scan, ticket.scan_id)
    if scan is None or scan.person_id != ticket.employee_id or scan.coach_consent is not True or scan.completed_at is None:
        return None
    return scan


async def of_person(session: AsyncSession, person_id: int) -> list[Scan]:
    return list((await session.execute(select(Scan).where(Scan.person_id == person_id).order_by(Scan.id))).scalars())


async def erase_person(session: AsyncSession, person_id: int) -> int:
    """Delete every scan of the person (`/scan wissen`, `privacy erase`); their training requests lose the link."""
    ids = list((await session.execute(select(Scan.id).where(Scan.person_id == person_id))).scalars())
    if not ids:
        return 0
    await session.execute(update(TrainingRequest).where(TrainingRequest.scan_id.in_(ids)).values(scan_id=None))
    await session.execute(update(Ticket).where(Ticket.scan_id.in_(ids)).values(scan_id=None))
    await session.execute(delete(ScanArea).where(ScanArea.scan_id.in_(ids)))
    await session.execute(delete(Scan).where(Scan.id.in_(ids)))
    return len(ids)


async def apply_retention(session: AsyncSession, cutoff: datetime) -> int:
    """Scans last touched before `cutoff`: an unfinished one is deleted; a complete one keeps only its result,
    without the person, the answers or the consent (an anonymous count in the figures)."""
    old = select(Scan.id).where(Scan.updated_at < cutoff, Scan.completed_at.is_(None)).scalar_subquery()
    await session.execute(update(TrainingRequest).where(TrainingRequest.scan_id.in_(old)).values(scan_id=None))
    dropped = await session.execute(delete(Scan).where(Scan.updated_at < cutoff, Scan.completed_at.is_(None)))
    unlinked = await session.execute(
        update(Scan).where(Scan.updated_at < cutoff, Scan.person_id.is_not(None))
        .values(person_id=None, answers="{}", coach_consent=None)
    )
    return (dropped.rowcount or 0) + (unlinked.rowcount or 0)


async def count_completed(session: AsyncSession, person_id: int) -> int:
    return await session.scalar(
        select(func.count()).select_from(Scan).where(Scan.person_id == person_id, Scan.completed_at.is_not(None))
    ) or 0
