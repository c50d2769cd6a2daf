"""Synthetic ticket history for `digicoach bench digest`: N tickets over a year, written in bulk.

Rows go in as Core executemany batches of BATCH (SQLite) or COPY (PostgreSQL,
asyncpg's copy_records_to_table): building a million ORM objects would time
the generator, not the digest. The mix roughly follows the pilot's: four in
ten self-served by the FAQ, half handed to a coach, a few cancelled or still
open (from the last days only: the sweep closes a ticket silent for [routing]
no_show_days); event rows are what the engine writes for each path. Each
ticket is asked by one of n/40 employees (at least 20), each at one site, so
the digest's k-anonymity counts real distinct people.
"""
from __future__ import annotations

import random
import time as clock
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text

from bot.config import RoutingConfig
from bot.digest.content import Week, build_digest, build_trend
from bot.digest.rendering import render_all
from routing.directory import default_directory_path, load_directory
from routing.sync import import_directory
from storage.db import Database
from storage.models import Coach, FaqFeedback, Person, Site, Ticket, TicketEvent

BATCH = 10_000
EVENT_COLUMNS = ("ticket_id", "at", "kind", "coach_id", "detail")
ENTRIES = ["payslip", "password_reset", "leave_request", "teams_install", "mia_login", "expense_claim", "wifi",
           "printer", "phone_setup", "training_catalogue", "holiday_calendar", "sick_leave"]
QUESTIONS = [
    "mijn badge werkt niet aan de poort", "de printer in de refter drukt niet af", "ik kan niet inloggen op de tablet",
    "hoe vraag ik een nieuwe gsm aan", "mijn mails komen niet binnen op mijn gsm", "teams vraagt steeds een code",
    "de scanner in het depot doet raar", "ik ben mijn pincode van de kluis vergeten", "hoe zet ik mijn uren in",
    "het wifi paswoord van het depot werkt niet", "ik krijg een foutmelding in mia", "mijn loonbrief klopt niet",
]
# How long a ticket a coach accepted stays open without a word before the sweep closes it ([routing] no_show_days)
SILENT = timedelta(days=RoutingConfig().no_show_days)
OUTCOMES = ("resolved", "resolved", "resolved", "referred_servicedesk", "needs_training", "not_resolved", "no_show")


@dataclass
class Generated:
    tickets: int
    events: int
    seconds: float


def _utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def synthetic(n: int, end: datetime, employees: list[tuple[int, str, str | None]], coaches: list[str], seed: int = 5
              ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]], bool | None]]:
    """(ticket row, its event rows, FAQ feedback or None) for n tickets created in the year before `end`, each
    asked by one of `employees` (id, site, department)."""
    rng = random.Random(seed)
    first = (end - timedelta(days=365)).replace(hour=0, minute=0, second=0, microsecond=0)
    # working hours, roughly; sorted, because real tickets are written in time order (ids and pages follow time)
    offsets = sorted(rng.randrange(365) * 86400 + (6 + rng.random() * 11) * 3600 for _ in range(n))
    for i, offset in enumerate(offsets, 1):
        created = first + timedelta(seconds=offset)
        employee, site, department = employees[rng.randrange(len(employees))]
        roll = rng.random()
        t = dict(
            id=i, employee_id=employee, state="new", question=QUESTIONS[rng.randrange(len(QUESTIONS))], language="nl",
            site_id=site, department=department, coach_id=None, outcome=None, minutes=None, rating=None,
            offer_count=0, faq_decision="route", faq_entry=None, created_at=created, accepted_at=None, closed_at=None,
            updated_at=created,
        )
        events = [dict(ticket_id=i, at=created, kind="created", coach_id=None, detail=None)]
        feedback: bool | None = None

        def event(kind: str, at: datetime, coach: str | None = None) -> None:
            events.append(dict(ticket_id=i, at=at, kind=kind, coach_id=coach, detail=None))

        if roll < 0.45:  # the FAQ answered; a few picked a suggestion first
            t.update(faq_decision="answer", faq_entry=ENTRIES[int(rng.random() ** 2 * len(ENTRIES))], state="self_served")
            if roll < 0.05:
                t["faq_decision"] = "suggest"
                event("suggestion_used", created + timedelta(seconds=20))
            done = created + timedelta(seconds=40 + rng.random() * 600)
            event("self_served", done)
            t.update(closed_at=done, updated_at=done)
            feedback = True if rng.random() < 0.6 else None
        elif roll < 0.50:  # cancelled while waiting
            coach = coaches[rng.randrange(len(coaches))]
            event("offered", created, coach)
            event("offer", created, coach)
            done = created + timedelta(minutes=1 + rng.random() * 20)
            event("cancelled", done)
            t.update(state="cancelled", closed_at=done, updated_at=done, offer_count=1)
        else:  # a coach helped: sometimes queued or escalated first; a few are still open
            coach = coaches[rng.randrange(len(coaches))]
            miss = rng.random()
            if miss < 0.15:  # the FAQ answered, the employee said "no"
                t.update(faq_decision="answer", faq_entry=ENTRIES[rng.randrange(len(ENTRIES))])
                event("faq_rejected", created + timedelta(seconds=30))
                feedback = False
            elif miss < 0.25:  # suggestions shown, none fitted
                t["faq_decision"] = "suggest"
                event("suggestions_rejected", created + timedelta(seconds=30))
            wait = timedelta(seconds=30 + rng.expovariate(1 / 600))
            if rng.random() < 0.1:
                event("queued", created)
                wait += timedelta(minutes=30 + rng.random() * 120)
                if rng.random() < 0.3:
                    event("escalated", created + wait / 2)
            event("offered", created + wait - timedelta(seconds=20), coach)
            event("offer", created + wait - timedelta(seconds=20), coach)
            accepted = created + wait
            event("accepted", accepted, coach)
            t.update(state="accepted", coach_id=coach, accepted_at=accepted, offer_count=1, updated_at=accepted)
            if rng.random() < 0.95:
                done = accepted + timedelta(minutes=3 + rng.random() * 25)
                event("closed", done, coach)
                t.update(state="closed", outcome=OUTCOMES[rng.randrange(len(OUTCOMES))], closed_at=done, updated_at=done)
                if rng.random() < 0.3:
                    t["minutes"] = rng.randrange(5, 30)
                if rng.random() < 0.5:
                    t["rating"] = rng.choice((3, 4, 4, 5, 5, 5))
            elif accepted < end - SILENT:
                # never closed by the coach: the sweep closed it as a no-show (no random draw here, so every
                # other ticket stays as it was)
                done = accepted + SILENT
                event("closed", done, coach)
                t.update(state="closed", outcome="no_show", closed_at=done, updated_at=done)
        yield t, events, feedback


# What is open on a busy morning: most with a coach, a quarter being offered, some in the queue (a few alerted).
OPEN_MIX = (("accepted", 0.50), ("offered", 0.25), ("new", 0.05), ("queued", 0.15), ("escalated", 0.05))


def open_now(n: int, now: datetime, first_id: int, sites: list[tuple[str, str | None]], coaches: list[str], seed: int = 7
             ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(ticket row, its event rows) for n tickets asked in the 6 hours before `now` and still open, oldest first.

    The year `synthetic` writes leaves open only tickets a coach accepted; a live view also has questions being
    offered, waiting in the queue and alerted, in every department.
    """
    rng = random.Random(seed)
    states = [state for state, _ in OPEN_MIX]
    weights = [weight for _, weight in OPEN_MIX]
    ages = sorted((rng.random() * 6 * 3600 for _ in range(n)), reverse=True)
    for i, age in enumerate(ages, first_id):
        created = now - timedelta(seconds=age)
        state = rng.choices(states, weights)[0]
        site, department = sites[rng.randrange(len(sites))]
        t = dict(
            id=i, employee_id=None, state=state, question=QUESTIONS[rng.randrange(len(QUESTIONS))], language="nl",
            site_id=site, department=department, coach_id=None, outcome=None, minutes=None, rating=None,
            offer_count=0, faq_decision="route", faq_entry=None, created_at=created, accepted_at=None, closed_at=None,
            updated_at=created, queued_at=None, alerted_at=None, last_activity_at=created,
        )
        events = [dict(ticket_id=i, at=created, kind="created", coach_id=None, detail=None)]
        later = created + timedelta(seconds=min(age, 30 + rng.random() * 300))
        if state in ("offered", "accepted"):
            coach = coaches[rng.randrange(len(coaches))]
            events += [dict(ticket_id=i, at=created, kind=k, coach_id=coach, detail=None) for k in ("offered", "offer")]
            t.update(offer_count=1)
            if state == "accepted":
                events.append(dict(ticket_id=i, at=later, kind="accepted", coach_id=coach, detail=None))
                t.update(coach_id=coach, accepted_at=later, updated_at=later, last_activity_at=later)
        elif state in ("queued", "escalated"):
            events.append(dict(ticket_id=i, at=created, kind="queued", coach_id=None, detail=None))
            t.update(queued_at=created, alerted_at=later if state == "escalated" or rng.random() < 0.2 else None)
            if state == "escalated":
                events.append(dict(ticket_id=i, at=later, kind="escalated", coach_id=None, detail=None))
                t.update(updated_at=later)
        yield t, events


async def populate_open(db: Database, n: int, now: datetime, seed: int = 7) -> int:
    """Adds `open_now` tickets after the ones there, in the same bulk way; returns how many events it wrote."""
    sites, coaches = await _sites_and_coaches(db)
    async with db.session() as session:
        first = ((await session.execute(select(func.max(Ticket.id)))).scalar_one() or 0) + 1
    tickets: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for ticket, evs in open_now(n, now, first, sites, coaches, seed):
        tickets.append(ticket)
        events.extend(evs)
    written = await _write(db, tickets, events, [], not db.url.startswith("sqlite")) if tickets else 0
    await _settle(db)
    return written


async def populate(db: Database, n: int, end: datetime, seed: int = 5) -> Generated:
    started = clock.perf_counter()
    async with db.session() as session:
        await import_directory(session, load_directory(default_directory_path()), end)
    sites, coaches = await _sites_and_coaches(db)
    async with db.session() as session:
        first_id = int(await session.scalar(select(func.coalesce(func.max(Person.id), 0)))) + 1
    employees = _employees(sites, max(20, n // 40), first_id, seed)
    async with db.engine.begin() as conn:
        for start in range(0, len(employees), BATCH):
            await conn.execute(insert(Person.__table__), [
                dict(id=i, role="employee", first_name=None, language="nl", site_id=site, created_at=end - timedelta(days=400))
                for i, site, _ in employees[start : start + BATCH]
            ])
    tickets: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    feedback: list[dict[str, Any]] = []
    written = 0
    postgres = not db.url.startswith("sqlite")
    for ticket, evs, fb in synthetic(n, end, employees, coaches, seed):
        tickets.append(ticket)
        events.extend(evs)
        if fb is not None:
            feedback.append(dict(ticket_id=ticket["id"], at=ticket["closed_at"] or ticket["created_at"], entry_id=ticket["faq_entry"], helpful=fb))
        if len(tickets) >= BATCH:
            written += await _write(db, tickets, events, feedback, postgres)
            tickets, events, feedback = [], [], []
    if tickets:
        written += await _write(db, tickets, events, feedback, postgres)
    await _settle(db)
    return Generated(n, written, clock.perf_counter() - started)


async def _sites_and_coaches(db: Database) -> tuple[list[tuple[str, str | None]], list[str]]:
    async with db.session() as session:
        sites = [(s, d) for s, d in await session.execute(select(Site.id, Site.department).order_by(Site.id))]
        coaches = list((await session.execute(select(Coach.id))).scalars())
    return sites, coaches


async def _settle(db: Database) -> None:
    if not db.url.startswith("sqlite"):  # tickets and people are written with their ids: the engine's next come after
        async with db.engine.begin() as conn:
            for table in ("tickets", "people"):
                await conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"))
    # fresh statistics and visibility map, as autovacuum (PostgreSQL) or a nightly ANALYZE (SQLite) leaves them
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("ANALYZE" if db.url.startswith("sqlite") else "VACUUM ANALYZE"))


def _employees(sites: list[tuple[str, str | None]], count: int, first_id: int, seed: int) -> list[tuple[int, str, str | None]]:
    """(person id, site, department) for `count` employees spread over the sites (their own random stream, so the
    tickets' stream stays the one it was)."""
    rng = random.Random(seed + 1)
    return [(first_id + i, *sites[rng.randrange(len(sites))]) for i in range(count)]


async def _write(db: Database, tickets: list[dict], events: list[dict], feedback: list[dict], postgres: bool) -> int:
    if postgres:
        async with db.engine.connect() as conn:
            raw = (await conn.get_raw_connection()).driver_connection
            columns = tuple(tickets[0])  # every row of a batch has the same keys
            await raw.copy_records_to_table(
                "tickets", columns=columns,
                records=[tuple(_utc_naive(t[c]) if isinstance(t[c], datetime) else t[c] for c in columns) for t in tickets],
            )
            await raw.copy_records_to_table(
                "ticket_events", columns=EVENT_COLUMNS,
                records=[(e["ticket_id"], _utc_naive(e["at"]), e["kind"], e["coach_id"], e["detail"]) for e in events],
            )
            if feedback:
                await raw.copy_records_to_table(
                    "faq_feedback", columns=("ticket_id", "at", "entry_id", "helpful"),
                    records=[(f["ticket_id"], _utc_naive(f["at"]), f["entry_id"], f["helpful"]) for f in feedback],
                )
            await conn.commit()
        return len(events)
    async with db.engine.begin() as conn:  # Core executemany, no ORM: plain INSERTs in one transaction
        await conn.execute(insert(Ticket.__table__), tickets)
        for start in range(0, len(events), BATCH):
            await conn.execute(insert(TicketEvent.__table__), events[start : start + BATCH])
        if feedback:
            await conn.execute(insert(FaqFeedback.__table__), feedback)
    return len(events)


@dataclass
class Timing:
    week_s: float
    trend_s: float
    full_s: float
    scoped_s: float
    questions: int


async def measure(db: Database, week: Week, tz: ZoneInfo, repeat: int = 3) -> Timing:
    """Median of `repeat` runs each: the week's figures, the 8-week trend, and the whole digest with charts and files."""

    async def timed(fn) -> float:  # type: ignore[no-untyped-def]
        runs = []
        for _ in range(repeat):
            started = clock.perf_counter()
            await fn()
            runs.append(clock.perf_counter() - started)
        return sorted(runs)[len(runs) // 2]

    questions = [0]

    async def week_only() -> None:
        async with db.session() as session:
            questions[0] = (await build_digest(session, week, tz, with_trend=False)).totals.questions

    async def trend() -> None:
        async with db.session() as session:
            await build_trend(session, week, tz)

    async def full() -> None:
        async with db.session() as session:
            digest = await build_digest(session, week, tz)
        render_all(digest, "nl")

    async def scoped() -> None:
        async with db.session() as session:
            digest = await build_digest(session, week, tz, ("Groendienst",))
        render_all(digest, "nl")

    return Timing(await timed(week_only), await timed(trend), await timed(full), await timed(scoped), questions[0])
