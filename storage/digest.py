"""Aggregate queries behind the weekly digest: every count and sum is a GROUP BY in the database.

The unit is a *cohort*: the tickets created inside a window (a local week,
given here as UTC bounds). Per ticket, the event rows give the times that
matter (first acceptance, last acceptance, close) and what happened on the
way (routed, queued, escalated, a suggestion used); the aggregates are taken
over that per-ticket view. Wait = created -> first acceptance (what the
employee lived through; a hand-back does not reset it), handling = last
acceptance -> close (the coach who finished it).

Only percentiles are not SQL aggregates (SQLite has no percentile_cont):
`samples` returns the per-ticket wait and handling seconds of one window,
a few hundred numbers in a real week, and the caller takes the median/p90.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import Float, Integer, and_, case, cast, exists, extract, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, Subquery

from storage.models import Coach, FaqFeedback, Site, Ticket, TicketEvent, UTCDateTime

OPEN_STATES = ("new", "offered", "queued", "escalated", "accepted")
EVENT_KINDS = ("accepted", "closed", "offered", "queued", "escalated", "suggestion_used")
ROUTED_KINDS = ("offered", "queued", "escalated")
BUCKET_SECONDS = 900  # quarter hours: every real time zone offset is a whole number of them
SUM_COLUMNS = (
    "questions", "faq_solved", "suggestions_used", "routed", "accepted", "escalated", "queued",
    "cancelled", "closed", "open", "coach_minutes", "rating_sum", "ratings",
)


@dataclass(frozen=True)
class Scope:
    """Which tickets: created in [start, end) (aware UTC), optionally only some departments."""

    start: datetime
    end: datetime
    departments: tuple[str, ...] = ()

    def where(self) -> list[ColumnElement[bool]]:
        conds: list[ColumnElement[bool]] = [Ticket.created_at >= self.start, Ticket.created_at < self.end]
        if self.departments:
            conds.append(Ticket.department.in_(self.departments))
        return conds


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def raw_seconds(later: Any, earlier: Any, dialect: str) -> ColumnElement[float]:
    """Seconds between two stored timestamps, in SQL (julianday on SQLite, epoch of an interval on PostgreSQL)."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return cast(extract("epoch", later - earlier), Float)


def seconds_between(later: Any, earlier: Any, dialect: str) -> ColumnElement[float]:
    """Whole seconds (julianday arithmetic is off by microseconds, so round)."""
    return func.round(raw_seconds(later, earlier, dialect))


def facts(scope: Scope, dialect: str) -> Subquery:
    """One row per ticket of the cohort with the event-derived times and flags (a subquery, never fetched whole)."""
    e = TicketEvent
    first_accepted = func.min(case((e.kind == "accepted", e.at)))
    last_accepted = func.max(case((e.kind == "accepted", e.at)))
    closed = func.max(case((e.kind == "closed", e.at)))

    def flag(*kinds: str) -> ColumnElement[int]:
        return func.max(case((e.kind.in_(kinds), 1), else_=0))

    stmt = (
        select(
            Ticket.id, Ticket.state, Ticket.outcome, Ticket.department, Ticket.site_id, Ticket.coach_id,
            Ticket.minutes, Ticket.rating, Ticket.created_at,
            flag(*ROUTED_KINDS).label("routed"),
            flag("queued").label("queued"),
            flag("escalated").label("escalated"),
            flag("suggestion_used").label("suggestion_used"),
            seconds_between(first_accepted, Ticket.created_at, dialect).label("wait_s"),
            case((Ticket.state == "closed", seconds_between(closed, last_accepted, dialect))).label("handling_s"),
        )
        .select_from(Ticket)
        .outerjoin(e, and_(e.ticket_id == Ticket.id, e.kind.in_(EVENT_KINDS)))
        .where(*scope.where())
        .group_by(Ticket.id)
    )
    return stmt.subquery("facts")


def _sums(f: Subquery) -> list[ColumnElement[Any]]:
    def count_if(cond: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    spent = case(
        (f.c.state == "closed", func.coalesce(f.c.minutes, func.round(f.c.handling_s / 60.0))),
        else_=0,
    )
    return [
        func.count().label("questions"),
        count_if(f.c.state == "self_served").label("faq_solved"),
        func.coalesce(func.sum(f.c.suggestion_used), 0).label("suggestions_used"),
        func.coalesce(func.sum(f.c.routed), 0).label("routed"),
        count_if(f.c.wait_s.is_not(None)).label("accepted"),
        func.coalesce(func.sum(f.c.escalated), 0).label("escalated"),
        func.coalesce(func.sum(f.c.queued), 0).label("queued"),
        count_if(f.c.state == "cancelled").label("cancelled"),
        count_if(f.c.state == "closed").label("closed"),
        count_if(f.c.state.in_(OPEN_STATES)).label("open"),
        func.coalesce(func.sum(spent), 0).label("coach_minutes"),
        func.coalesce(func.sum(f.c.rating), 0).label("rating_sum"),
        func.count(f.c.rating).label("ratings"),
    ]


def _as_numbers(row: Any) -> dict[str, int]:
    return {name: int(round(float(getattr(row, name) or 0))) for name in SUM_COLUMNS}


async def totals(session: AsyncSession, scope: Scope) -> dict[str, int]:
    f = facts(scope, _dialect(session))
    row = (await session.execute(select(*_sums(f)))).one()
    return _as_numbers(row)


async def totals_by(session: AsyncSession, scope: Scope, key: str) -> dict[str | None, dict[str, int]]:
    """The same sums per `department`, `site_id` or `coach_id`."""
    f = facts(scope, _dialect(session))
    column = f.c[key]
    rows = await session.execute(select(column.label("key"), *_sums(f)).group_by(column))
    return {row.key: _as_numbers(row) for row in rows}


async def outcomes(session: AsyncSession, scope: Scope) -> dict[str, int]:
    rows = await session.execute(
        select(Ticket.outcome, func.count()).where(*scope.where(), Ticket.state == "closed").group_by(Ticket.outcome)
    )
    return {outcome or "?": int(n) for outcome, n in rows}


async def samples(session: AsyncSession, scope: Scope) -> list[tuple[str | None, str | None, float | None, float | None]]:
    """(department, site, wait seconds, handling seconds) of the accepted tickets: only numbers, one window."""
    f = facts(scope, _dialect(session))
    rows = await session.execute(
        select(f.c.department, f.c.site_id, f.c.wait_s, f.c.handling_s).where(f.c.wait_s.is_not(None))
    )
    return [(d, s, None if w is None else float(w), None if h is None else float(h)) for d, s, w, h in rows]


def ending(f: Subquery) -> ColumnElement[str]:
    """How a ticket ended, for the stacked day chart."""
    return case(
        (f.c.state == "self_served", "faq"),
        (f.c.state == "closed", "coach"),
        (f.c.state == "cancelled", "cancelled"),
        else_="open",
    )


def bucket(column: Any, start: datetime, dialect: str) -> ColumnElement[int]:
    """Quarter hours since `start`: UTC buckets the caller maps to local days and hours with the zone rules."""
    seconds = raw_seconds(column, literal(start, UTCDateTime()), dialect) + 0.001  # julianday: 08:00 is not 07:59:59.99
    if dialect == "sqlite":  # no floor() in every SQLite build; CAST truncates, and these are never negative
        return cast(seconds / BUCKET_SECONDS, Integer)
    return cast(func.floor(seconds / BUCKET_SECONDS), Integer)


async def quarter_hours(session: AsyncSession, scope: Scope) -> list[tuple[int, str, int]]:
    """(quarter hour since the window start, how it ended, tickets): at most 672 x 4 rows for a week."""
    dialect = _dialect(session)
    f = facts(scope, dialect)
    b = bucket(f.c.created_at, scope.start, dialect).label("b")
    end = ending(f).label("ending")
    rows = await session.execute(select(b, end, func.count()).group_by(b, end))
    return [(int(q), str(how), int(n)) for q, how, n in rows]


async def faq_entries(session: AsyncSession, scope: Scope, limit: int = 5) -> list[tuple[str, int, int, int]]:
    """(entry, times shown as the answer, solved, judged unhelpful) for the most used FAQ entries."""
    solved = func.sum(case((Ticket.state == "self_served", 1), else_=0))
    rows = (
        await session.execute(
            select(Ticket.faq_entry, func.count(), solved)
            .where(*scope.where(), Ticket.faq_entry.is_not(None))
            .group_by(Ticket.faq_entry)
            .order_by(solved.desc(), func.count().desc(), Ticket.faq_entry)
            .limit(limit)
        )
    ).all()
    entries = [str(r[0]) for r in rows]
    unhelpful: dict[str, int] = {}
    if entries:
        fb = await session.execute(
            select(FaqFeedback.entry_id, func.count())
            .join(Ticket, Ticket.id == FaqFeedback.ticket_id)
            .where(*scope.where(), FaqFeedback.helpful.is_(False), FaqFeedback.entry_id.in_(entries))
            .group_by(FaqFeedback.entry_id)
        )
        unhelpful = {e: int(n) for e, n in fb}
    return [(str(e), int(n), int(s or 0), unhelpful.get(str(e), 0)) for e, n, s in rows]


async def gap_text_counts(session: AsyncSession, scope: Scope, limit: int = 500) -> list[tuple[str, int]]:
    """Unanswered questions of the window (same rule as storage.gaps), identical texts counted in the database."""
    rejected = exists().where(FaqFeedback.ticket_id == Ticket.id, FaqFeedback.helpful.is_(False))
    no_fit = exists().where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == "suggestions_rejected")
    n = func.count()
    rows = await session.execute(
        select(Ticket.question, n)
        .where(*scope.where(), Ticket.question.is_not(None), or_(Ticket.faq_decision == "route", rejected, no_fit))
        .group_by(Ticket.question)
        .order_by(n.desc(), Ticket.question)
        .limit(limit)
    )
    return [(q, int(c)) for q, c in rows if q]


async def weekly(
    session: AsyncSession, bounds: Sequence[datetime], departments: Sequence[str] = ()
) -> tuple[list[dict[str, int]], dict[int, list[float]], dict[int, dict[str, int]]]:
    """Sums, wait samples and endings for consecutive weeks given by their len(weeks)+1 UTC bounds, in three queries."""
    dialect = _dialect(session)
    scope = Scope(bounds[0], bounds[-1], tuple(departments))
    f = facts(scope, dialect)
    week = case(*[(f.c.created_at < b, i) for i, b in enumerate(bounds[1:-1])], else_=len(bounds) - 2).label("week")
    rows = {int(r.week): _as_numbers(r) for r in await session.execute(select(week, *_sums(f)).group_by(week))}
    empty = {name: 0 for name in SUM_COLUMNS}
    sums = [rows.get(i, dict(empty)) for i in range(len(bounds) - 1)]
    waits: dict[int, list[float]] = {}
    for w, s in await session.execute(select(week, f.c.wait_s).where(f.c.wait_s.is_not(None))):
        waits.setdefault(int(w), []).append(float(s))
    end = ending(f).label("ending")
    endings: dict[int, dict[str, int]] = {}
    for w, how, n in await session.execute(select(week, end, func.count()).group_by(week, end)):
        endings.setdefault(int(w), {})[str(how)] = int(n)
    return sums, waits, endings


async def names(session: AsyncSession) -> tuple[dict[str, str], dict[str, str]]:
    """Site and coach display names (small directory tables)."""
    sites = {i: n for i, n in await session.execute(select(Site.id, Site.name))}
    coaches = {i: n for i, n in await session.execute(select(Coach.id, Coach.name))}
    return sites, coaches
