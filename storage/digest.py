"""Aggregate queries behind the weekly digest: every count and sum is a GROUP BY in the database.

The unit is a *cohort*: the tickets created inside a window (a local week,
given here as UTC bounds). Per ticket, the event rows give the times that
matter (first acceptance, last acceptance, close) and what happened on the
way (routed, queued, escalated, a suggestion used, whether a self-served
answer was confirmed by a yes); the aggregates are taken over that per-ticket
view. Wait and handling time are storage.durations' (the one definition
`tickets list` shares): wait = created -> first acceptance, handling = last
acceptance -> close.

Only percentiles are not SQL aggregates (SQLite has no percentile_cont):
`samples` returns the per-ticket wait and handling seconds of one window,
a few hundred numbers in a real week, and the caller takes the median/p90.

Departments and sites are people, so their slices follow storage.kanon in
these queries: every ticket is counted in a *bucket* (a department or site
with at least K distinct employees that week, else the merged "other"
bucket OTHER, else NULL: not shown), sites nested inside the department
buckets. The names of smaller departments and sites never leave here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import CTE, Integer, and_, case, cast, distinct, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, Subquery

from storage import durations, kanon
from storage.durations import raw_seconds
from storage.models import Coach, FaqFeedback, Site, Ticket, TicketEvent, UTCDateTime
from storage.states import CONFIRMED, OPEN_STATES

EVENT_KINDS = ("accepted", "closed", "offered", "queued", "escalated", "suggestion_used", "self_served")
ROUTED_KINDS = ("offered", "queued", "escalated")
BUCKET_SECONDS = 900  # quarter hours: every real time zone offset is a whole number of them
SUM_COLUMNS = (
    "questions", "faq_solved", "faq_unconfirmed", "suggestions_used", "routed", "accepted", "escalated", "queued",
    "cancelled", "closed", "open", "coach_minutes", "rating_sum", "ratings",
)


def confirmed(event: Any) -> ColumnElement[bool]:
    """A `self_served` event (of the table or an alias) that a "yes" wrote: "solved by the FAQ".

    Events from before the details existed have none, and then only a yes had none (storage.states).
    """
    return and_(event.kind == "self_served", or_(event.detail.is_(None), event.detail == CONFIRMED))


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


async def first_id(session: AsyncSession, scope: Scope) -> int | None:
    """The smallest ticket id of the window (None: no ticket), once per session and scope.

    Every ticket of the window, and so every event of one, has an id from there on. Saying so turns "the
    window's tickets with their events" into index ranges: without it SQLite read all tickets ever written
    in id order (to group by id) and PostgreSQL hashed every event ever written, which at a million tickets
    was most of a digest's and the console's Reports page's time.
    """
    known = session.info.setdefault("digest_first_ids", {})
    if scope not in known:
        # `id + 0`: min(id) itself would be answered by walking the primary key through all the years before
        known[scope] = (await session.execute(select(func.min(Ticket.id + 0)).where(*scope.where()))).scalar_one_or_none()
    return known[scope]


def facts(scope: Scope, dialect: str, first: int) -> Subquery:
    """One row per ticket of the cohort with the event-derived times and flags (a subquery, never fetched whole).

    `first`: the window's smallest ticket id (`first_id`), which bounds both the tickets and their events.
    """
    e = TicketEvent

    def flag(*kinds: str) -> ColumnElement[int]:
        return func.max(case((e.kind.in_(kinds), 1), else_=0))

    stmt = (
        select(
            Ticket.id, Ticket.state, Ticket.outcome, Ticket.department, Ticket.site_id, Ticket.coach_id,
            Ticket.minutes, Ticket.rating, Ticket.created_at, Ticket.employee_id,
            flag(*ROUTED_KINDS).label("routed"),
            flag("queued").label("queued"),
            flag("escalated").label("escalated"),
            flag("suggestion_used").label("suggestion_used"),
            func.max(case((confirmed(e), 1), else_=0)).label("faq_confirmed"),
            durations.wait_seconds(e, Ticket.created_at, dialect).label("wait_s"),
            durations.handling_seconds(e, Ticket.state, dialect).label("handling_s"),
        )
        .select_from(Ticket)
        .outerjoin(e, and_(e.ticket_id == Ticket.id, e.kind.in_(EVENT_KINDS), e.ticket_id >= first))
        .where(*scope.where(), Ticket.id >= first)
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
        count_if(and_(f.c.state == "self_served", f.c.faq_confirmed == 1)).label("faq_solved"),  # a yes only
        count_if(and_(f.c.state == "self_served", f.c.faq_confirmed == 0)).label("faq_unconfirmed"),
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


def add_sums(into: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    for name in SUM_COLUMNS:
        into[name] = into.get(name, 0) + more.get(name, 0)
    return into


@dataclass(frozen=True)
class Buckets:
    """The k-anonymous buckets of one scope: departments, and sites inside the department buckets (storage.kanon)."""

    departments: CTE  # kanon.buckets mapping, department -> bucket
    sites: CTE  # kanon.buckets mapping, (department bucket, site) -> bucket

    def join(self, rows: Any) -> tuple[Any, ColumnElement[str | None], ColumnElement[str | None]]:
        """`rows` (with department and site_id columns) joined to their buckets: (from clause, department bucket,
        site bucket); a bucket is NULL when the rule shows it nowhere."""
        d, s = self.departments, self.sites
        joined = rows.join(d, kanon.joined(d, rows.c.department)).join(s, kanon.joined(s, rows.c.site_id, d.c.bucket))
        return joined, d.c.bucket, s.c.bucket


def buckets(scope: Scope, k: int = kanon.K) -> Buckets:
    """The week's people per department and site (tickets only, no events: cheap), bucketed once per statement."""
    people = (
        select(Ticket.department, Ticket.site_id, Ticket.employee_id.label("who")).where(*scope.where()).cte("people")
    )
    departments = kanon.buckets(people, "department", "who", k, whole=True)
    nested = (
        select(people, departments.c.bucket.label("department_bucket"))
        .join(departments, kanon.joined(departments, people.c.department))
        .cte("nested")
    )
    sites = kanon.buckets(nested, "site_id", "who", k, whole=True, within="department_bucket")
    return Buckets(departments, sites)


Cube = list[tuple[str | None, str | None, str | None, dict[str, int]]]
People = dict[tuple[str, str | None], tuple[int, int]]


async def cube(session: AsyncSession, scope: Scope, k: int = kanon.K) -> tuple[Cube, People]:
    """The sums per (department bucket, site bucket, coach) in one pass over the events; every other slice is a
    roll-up of these few hundred rows, because all of them are counts and sums. A bucket is a name, kanon.OTHER,
    or None (not shown: only when the whole scope has fewer than k people).

    And the distinct employees: ("total", None), and per ("department" | "site", bucket) shown, each with how
    many departments or sites the bucket holds (the other bucket's "3 sites"; 1 for a named one)."""
    first = await first_id(session, scope)
    if first is None:
        return [], {}
    f = facts(scope, _dialect(session), first)
    b = buckets(scope, k)
    rows, department, site = b.join(f)
    d, s = b.departments, b.sites
    sizes = [func.max(c) for c in (d.c.bucket_people, d.c.bucket_groups, s.c.bucket_people, s.c.bucket_groups,
                                   d.c.all_people)]
    keys = (department.label("department"), site.label("site"), f.c.coach_id)
    result = await session.execute(
        select(*keys, *_sums(f), *sizes).select_from(rows).group_by(department, site, f.c.coach_id)
    )
    sums: Cube = []
    people: People = {}
    for r in result:
        sums.append((r.department, r.site, r.coach_id, _as_numbers(r)))
        *counts, everyone = (int(n or 0) for n in r[-len(sizes):])
        people[("total", None)] = (everyone, 0)
        if r.department is not None:
            people[("department", r.department)] = (counts[0], counts[1])
        if r.site is not None:
            people[("site", r.site)] = (counts[2], counts[3])
    return sums, people


async def outcomes(session: AsyncSession, scope: Scope) -> dict[str, int]:
    rows = await session.execute(
        select(Ticket.outcome, func.count()).where(*scope.where(), Ticket.state == "closed").group_by(Ticket.outcome)
    )
    return {outcome or "?": int(n) for outcome, n in rows}


async def samples(
    session: AsyncSession, scope: Scope, k: int = kanon.K
) -> list[tuple[str | None, str | None, float | None, float | None]]:
    """(department bucket, site bucket, wait seconds, handling seconds) of the accepted tickets: only numbers,
    one window; the buckets are cube()'s."""
    first = await first_id(session, scope)
    if first is None:
        return []
    f = facts(scope, _dialect(session), first)
    rows, department, site = buckets(scope, k).join(f)
    result = await session.execute(
        select(department, site, f.c.wait_s, f.c.handling_s).select_from(rows).where(f.c.wait_s.is_not(None))
    )
    return [(d, s, None if w is None else float(w), None if h is None else float(h)) for d, s, w, h in result]


def ending(state: Any) -> ColumnElement[str]:
    """How a ticket ended, for the stacked charts: the state alone says it, so no events are needed."""
    return case(
        (state == "self_served", "faq"),
        (state == "closed", "coach"),
        (state == "cancelled", "cancelled"),
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
    b = bucket(Ticket.created_at, scope.start, _dialect(session)).label("b")
    end = ending(Ticket.state).label("ending")
    rows = await session.execute(select(b, end, func.count()).where(*scope.where()).group_by(b, end))
    return [(int(q), str(how), int(n)) for q, how, n in rows]


async def faq_entries(session: AsyncSession, scope: Scope, limit: int = 5) -> list[tuple[str, int, int, int, int]]:
    """(entry, times shown as the answer, solved, judged unhelpful, self-served without a yes) for the most used
    FAQ entries; "solved" is a yes only, as in the totals."""
    e = TicketEvent
    self_served = Ticket.state == "self_served"
    solved = func.sum(case((and_(self_served, confirmed(e)), 1), else_=0))
    unconfirmed = func.sum(case((and_(self_served, ~confirmed(e)), 1), else_=0))
    rows = (
        await session.execute(
            select(Ticket.faq_entry, func.count(), solved, unconfirmed)
            .select_from(Ticket)
            .outerjoin(e, and_(e.ticket_id == Ticket.id, e.kind == "self_served"))  # at most one: a final state
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
    return [(str(e), int(n), int(s or 0), unhelpful.get(str(e), 0), int(u or 0)) for e, n, s, u in rows]


async def gap_text_counts(session: AsyncSession, scope: Scope, limit: int = 500) -> list[tuple[str, int]]:
    """Unanswered questions of the window, identical texts counted in the database.

    The rule of storage.gaps (routed, an answer judged unhelpful, or no suggestion fit), with "judged
    unhelpful" read from its `faq_rejected` event (written with the feedback row). The gap events are read
    once, from the window's first ticket id on (`first_id`), and looked up per ticket: at a million tickets,
    30 days, 0.09 s on PostgreSQL and 0.08 s on SQLite instead of 0.39 s and 0.38 s.
    """
    first = await first_id(session, scope)
    if first is None:
        return []
    gap_event = select(TicketEvent.ticket_id).where(
        TicketEvent.kind.in_(("faq_rejected", "suggestions_rejected")), TicketEvent.ticket_id >= first
    )
    n = func.count()
    rows = await session.execute(
        select(Ticket.question, n)
        .where(*scope.where(), Ticket.question.is_not(None),
               or_(Ticket.faq_decision == "route", Ticket.id.in_(gap_event)))
        .group_by(Ticket.question)
        .order_by(n.desc(), Ticket.question)
        .limit(limit)
    )
    return [(q, int(c)) for q, c in rows if q]


async def weekly(
    session: AsyncSession, bounds: Sequence[datetime], departments: Sequence[str] = ()
) -> tuple[list[dict[str, int]], dict[int, float], dict[int, dict[str, int]]]:
    """Sums (with each week's distinct employees, "people"), median wait and endings for consecutive weeks given
    by their len(weeks)+1 UTC bounds.

    The median is percentile_cont on PostgreSQL; SQLite has none, so there the per-ticket waits come back
    (a few hundred a week in real use) and the caller's percentile() takes the same interpolated median.
    """
    dialect = _dialect(session)
    scope = Scope(bounds[0], bounds[-1], tuple(departments))

    def week_of(column: Any) -> ColumnElement[int]:
        return case(*[(column < b, i) for i, b in enumerate(bounds[1:-1])], else_=len(bounds) - 2)

    first = await first_id(session, scope)
    if first is None:
        return [{name: 0 for name in SUM_COLUMNS} for _ in bounds[1:]], {}, {}
    f = facts(scope, dialect, first)
    week = week_of(f.c.created_at).label("week")
    columns = [*_sums(f), func.count(distinct(f.c.employee_id)).label("people")]  # the k rule on each week's rating
    if dialect == "postgresql":  # the median in the same pass (percentile_cont skips the NULLs)
        columns.append(func.percentile_cont(0.5).within_group(f.c.wait_s).label("wait_median"))
    result = list(await session.execute(select(week, *columns).group_by(week)))
    rows = {int(r.week): {**_as_numbers(r), "people": int(r.people)} for r in result}
    sums = [rows.get(i, {name: 0 for name in (*SUM_COLUMNS, "people")}) for i in range(len(bounds) - 1)]
    medians: dict[int, float] = {}
    if dialect == "postgresql":
        medians = {int(r.week): float(r.wait_median) for r in result if r.wait_median is not None}
    else:
        from statistics import median as middle  # the mean of the two middle values, as percentile_cont

        waits: dict[int, list[float]] = {}
        for w, s in await session.execute(select(week, f.c.wait_s).where(f.c.wait_s.is_not(None))):
            waits.setdefault(int(w), []).append(float(s))
        medians = {w: float(middle(v)) for w, v in waits.items()}
    tweek = week_of(Ticket.created_at).label("week")
    end = ending(Ticket.state).label("ending")
    endings: dict[int, dict[str, int]] = {}
    for w, how, n in await session.execute(select(tweek, end, func.count()).where(*scope.where()).group_by(tweek, end)):
        endings.setdefault(int(w), {})[str(how)] = int(n)
    return sums, medians, endings


async def names(session: AsyncSession) -> tuple[dict[str, str], dict[str, str]]:
    """Site and coach display names (small directory tables)."""
    sites = {i: n for i, n in await session.execute(select(Site.id, Site.name))}
    coaches = {i: n for i, n in await session.execute(select(Coach.id, Coach.name))}
    return sites, coaches
