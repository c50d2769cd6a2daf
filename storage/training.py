"""Training requests: "Ik wil me inschrijven" after a self-scan, planned and done by a coordinator.

The chat buttons and the web console move a request with the same function (`mark`), one conditional UPDATE, so
two coordinators pressing at once cannot both win, and a coordinator outside the request's department cannot
move it at all. Requests name the person: `privacy erase` deletes them, retention unlinks older ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from sqlalchemy import delete, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from storage.models import TrainingRequest, UTCDateTime

REQUESTED, PLANNED, DONE = "requested", "planned", "done"
STATES = (REQUESTED, PLANNED, DONE)
MOVES_TO = {PLANNED: (REQUESTED,), DONE: (REQUESTED, PLANNED)}  # a course may be done without being planned here


def in_departments(departments: Sequence[str]) -> ColumnElement[bool] | None:
    """A coordinator's scope: their departments, or (empty) the whole city."""
    return TrainingRequest.department.in_(list(departments)) if departments else None


async def request(
    session: AsyncSession, now: datetime, *, person_id: int, training_id: str, department: str | None, scan_id: int | None
) -> tuple[TrainingRequest, bool]:
    """The person's open request for this training, or a new one; True when it is new (coordinators are told once)."""
    existing = (await session.execute(
        select(TrainingRequest).where(
            TrainingRequest.person_id == person_id, TrainingRequest.training_id == training_id,
            TrainingRequest.state.in_((REQUESTED, PLANNED)),
        ).limit(1)
    )).scalar_one_or_none()
    if existing is not None:
        return existing, False
    row = TrainingRequest(person_id=person_id, training_id=training_id, department=department, scan_id=scan_id,
                          state=REQUESTED, created_at=now)
    session.add(row)
    await session.flush()
    return row, True


async def get(session: AsyncSession, request_id: int) -> TrainingRequest | None:
    return await session.get(TrainingRequest, request_id)


async def in_scope(
    session: AsyncSession, departments: Sequence[str] = (), states: Sequence[str] = (), limit: int = 200
) -> list[TrainingRequest]:
    """Requests a coordinator of `departments` (empty: the whole city) may see, open ones first, oldest first.

    For the web console's list; each row has the person (person_id), training_id, department, state and times.
    """
    stmt = select(TrainingRequest)
    scope = in_departments(departments)
    if scope is not None:
        stmt = stmt.where(scope)
    if states:
        stmt = stmt.where(TrainingRequest.state.in_(list(states)))
    order = (TrainingRequest.state == DONE, TrainingRequest.id)
    return list((await session.execute(stmt.order_by(*order).limit(limit))).scalars())


@dataclass(frozen=True)
class Marked:
    """What `mark` did: `changed` (it moved now), `already` (it was there or further), `missing` (no such request,
    or not in the coordinator's departments: the same answer, so a scope cannot be probed)."""

    outcome: str
    request: TrainingRequest | None = None


async def mark(
    session: AsyncSession, request_id: int, state: str, now: datetime, *, by: str, departments: Sequence[str] = ()
) -> Marked:
    """Move a request to `planned` or `done` for a coordinator of `departments` (empty: the whole city)."""
    if state not in MOVES_TO:
        raise ValueError(f"a request is marked planned or done, not {state!r}")
    scope = in_departments(departments)
    conds = [TrainingRequest.id == request_id, TrainingRequest.state.in_(MOVES_TO[state])]
    if scope is not None:
        conds.append(scope)
    values: dict[str, object] = {"state": state, "decided_by": by, f"{state}_at": now}
    if state == DONE:
        # done without being planned here: planned at the same moment, so the funnel's steps nest
        values["planned_at"] = func.coalesce(TrainingRequest.planned_at, literal(now, UTCDateTime))
    moved = (await session.execute(
        update(TrainingRequest).where(*conds).values(**values).returning(TrainingRequest.id)
    )).scalar_one_or_none()
    row = (await session.execute(
        select(TrainingRequest).where(TrainingRequest.id == request_id).execution_options(populate_existing=True)
    )).scalar_one_or_none()
    if moved is not None:
        return Marked("changed", row)
    if row is None or (scope is not None and row.department not in departments):
        return Marked("missing")
    return Marked("already", row)


async def of_person(session: AsyncSession, person_id: int) -> list[TrainingRequest]:
    return list((await session.execute(
        select(TrainingRequest).where(TrainingRequest.person_id == person_id).order_by(TrainingRequest.id)
    )).scalars())


async def erase_person(session: AsyncSession, person_id: int) -> int:
    result = await session.execute(delete(TrainingRequest).where(TrainingRequest.person_id == person_id))
    return result.rowcount or 0


async def apply_retention(session: AsyncSession, cutoff: datetime) -> int:
    """Requests made before `cutoff` keep their state and times (the funnel's counts), not the person."""
    result = await session.execute(
        update(TrainingRequest)
        .where(TrainingRequest.created_at < cutoff, TrainingRequest.person_id.is_not(None))
        .values(person_id=None)
    )
    return result.rowcount or 0
