"""Self-scan figures for coordinators (digest, web console): never one person's result, never a small group's.

The k-anonymity rule is storage.kanon's, applied in these queries: a department with fewer than `k` (5) people
counted is not shown on its own; its people go into one "other" bucket (department None) together with everyone
without a department, and that bucket is left out too when it has fewer than `k` (`whole=False`). Totals are the
sum of the buckets shown, so nothing hidden can be worked out by subtraction.

Each person counts once: with their latest complete scan in the scope (a period, a round, some departments).
The funnel follows that scan: scanned -> used the advice -> asked for a training -> planned -> done, each step
included in the one before it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy import CTE
from sqlalchemy.sql import ColumnElement, Subquery

from storage import kanon
from storage.models import Scan, ScanArea, TrainingRequest
from storage.training import DONE, PLANNED

K = kanon.K  # groups under this many people are never shown separately


@dataclass(frozen=True)
class FigureScope:
    """Which scans: completed in [start, end) (aware UTC, either open), in one round, in some departments."""

    departments: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    round: str | None = None

    def where(self, s: Any) -> list[ColumnElement[bool]]:
        conds: list[ColumnElement[bool]] = [s.completed_at.is_not(None)]
        if self.start is not None:
            conds.append(s.completed_at >= self.start)
        if self.end is not None:
            conds.append(s.completed_at < self.end)
        if self.round is not None:
            conds.append(s.round == self.round)
        if self.departments:
            conds.append(s.department.in_(list(self.departments)))
        return conds


@dataclass
class Group:
    department: str | None  # None: the smaller departments (and people without one) together
    people: int
    profiles: dict[str, int] = field(default_factory=dict)
    weak_areas: dict[str, int] = field(default_factory=dict)  # people for whom the area is one to work on


@dataclass(frozen=True)
class FunnelStep:
    department: str | None
    scanned: int
    advice: int
    requested: int
    planned: int
    done: int


def _counted(scope: FigureScope) -> CTE:
    """One row per person: their latest complete scan in the scope (an unlinked, retained scan counts alone)."""
    s, later = aliased(Scan), aliased(Scan)
    newer = exists().where(later.person_id == s.person_id, later.id > s.id, *scope.where(later))
    return (
        select(s.id.label("scan_id"), s.department, func.coalesce(s.person_id, -s.id).label("who"), s.profile,
               s.advice_used_at)
        .where(*scope.where(s), ~newer)
        .cte("counted")  # read three times by the bucketing: computed once
    )


def _bucketed(scope: FigureScope, k: int) -> Subquery:
    """The counted scans with their bucket (storage.kanon): only the rows of buckets that are shown."""
    counted = _counted(scope)
    mapping = kanon.buckets(counted, "department", "who", k, whole=False)
    return (
        select(counted, mapping.c.bucket)
        .join(mapping, kanon.joined(mapping, counted.c.department))
        .where(mapping.c.bucket.is_not(None))
        .subquery("shown")
    )


def _department(bucket: str) -> str | None:
    return None if bucket == kanon.OTHER else bucket


def _order(rows: list[Any]) -> list[Any]:
    """Departments by name, the other bucket last."""
    return sorted(rows, key=lambda r: (r.department is None, r.department or ""))


async def groups(session: AsyncSession, scope: FigureScope = FigureScope(), k: int = K) -> list[Group]:
    """People, profile distribution and areas to work on, per department (k-anonymous)."""
    b = _bucketed(scope, k)
    found: dict[str, Group] = {}
    for bucket, people in (await session.execute(select(b.c.bucket, func.count()).group_by(b.c.bucket))).all():
        found[bucket] = Group(_department(bucket), people)
    profiles = select(b.c.bucket, b.c.profile, func.count()).group_by(b.c.bucket, b.c.profile)
    for bucket, profile, n in (await session.execute(profiles)).all():
        found[bucket].profiles[profile] = n
    weak = (
        select(b.c.bucket, ScanArea.area, func.count())
        .join(ScanArea, ScanArea.scan_id == b.c.scan_id)
        .where(ScanArea.weak.is_(True))
        .group_by(b.c.bucket, ScanArea.area)
    )
    for bucket, area, n in (await session.execute(weak)).all():
        found[bucket].weak_areas[area] = n
    return _order(list(found.values()))


async def funnel(session: AsyncSession, scope: FigureScope = FigureScope(), k: int = K) -> list[FunnelStep]:
    """Scan -> advice -> training requested -> planned -> done, in people, per department (k-anonymous)."""
    b = _bucketed(scope, k)

    def request_in(*states: str) -> ColumnElement[bool]:
        conds = [TrainingRequest.scan_id == b.c.scan_id]
        if states:
            conds.append(TrainingRequest.state.in_(states))
        return exists().where(*conds)

    def people(cond: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((cond, 1), else_=0))

    requested = request_in()
    stmt = select(
        b.c.bucket, func.count(), people(b.c.advice_used_at.is_not(None) | requested), people(requested),
        people(request_in(PLANNED, DONE)), people(request_in(DONE)),
    ).group_by(b.c.bucket)
    rows = [FunnelStep(_department(bucket), *(int(n or 0) for n in counts))
            for bucket, *counts in (await session.execute(stmt)).all()]
    return _order(rows)


async def trend(
    session: AsyncSession, rounds: Sequence[str], departments: Sequence[str] = (), k: int = K
) -> dict[str, list[Group]]:
    """The groups of each round (in the order given): who moved between rounds, department by department."""
    return {r: await groups(session, FigureScope(tuple(departments), round=r), k) for r in rounds}


async def rounds(session: AsyncSession, departments: Sequence[str] = ()) -> list[str]:
    """The rounds that have complete scans, oldest first."""
    stmt = select(Scan.round, func.min(Scan.completed_at)).where(*FigureScope(tuple(departments)).where(Scan))
    stmt = stmt.where(Scan.round.is_not(None)).group_by(Scan.round).order_by(func.min(Scan.completed_at))
    return [r for r, _ in (await session.execute(stmt)).all()]


def total(found: Sequence[Group]) -> Group:
    """The sum of the buckets shown (never the database's full count: that would reveal the hidden ones)."""
    out = Group(None, sum(g.people for g in found))
    for g in found:
        for key, n in g.profiles.items():
            out.profiles[key] = out.profiles.get(key, 0) + n
        for key, n in g.weak_areas.items():
            out.weak_areas[key] = out.weak_areas.get(key, 0) + n
    return out
