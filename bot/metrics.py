"""Prometheus metrics for `/metrics`: what the engine did, how fast the FAQ is, what waits.

Each Engine owns its own CollectorRegistry, so two apps in one process (tests,
the load bench) never share or collide on counters. Counters count in this
process (Prometheus sums replicas); they are bumped while a transaction runs,
so a turn rolled back by a database error still counts as an attempt.
Tickets by state and the outbox backlog are read from the database when
scraped: they are the same on every replica, so use max(), not sum(), across
replicas in queries.
"""
from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func, select

from routing.lifecycle import TicketState
from storage.db import Database
from storage.models import OutboxMessage, Ticket

DECISIONS = ("answer", "suggest", "route", "command", "button", "other", "limited", "error")
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages = Counter(
            "digicoach_messages", "Messages handled, by channel and what the engine did with them "
            "(answer/suggest/route: the FAQ's decision on a question; command; button; other: "
            "relays, onboarding; limited: over the per-minute limit; error)",
            ["channel", "decision"], registry=self.registry,
        )
        self.faq_seconds = Histogram(
            "digicoach_faq_match_seconds", "Time to match one question against the FAQ",
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
            registry=self.registry,
        )
        self.offers = Counter("digicoach_offers", "Offers of a ticket made to a coach", registry=self.registry)
        self.offer_timeouts = Counter(
            "digicoach_offer_timeouts", "Offers a coach let time out", registry=self.registry
        )
        self.tickets = Gauge(
            "digicoach_tickets", "Tickets by state, read from the database at scrape time", ["state"],
            registry=self.registry,
        )
        self.outbox_backlog = Gauge(
            "digicoach_outbox_backlog", "Outbox messages neither sent nor given up, read at scrape time",
            registry=self.registry,
        )

    def message(self, channel: str, decision: str) -> None:
        self.messages.labels(channel=channel, decision=decision if decision in DECISIONS else "other").inc()

    async def refresh(self, db: Database) -> None:
        """Read the database-backed gauges: one GROUP BY over tickets, one count over the outbox index."""
        async with db.session() as session:
            rows = await session.execute(select(Ticket.state, func.count()).group_by(Ticket.state))
            counts = {state: n for state, n in rows}
            backlog = await session.scalar(
                select(func.count()).select_from(OutboxMessage).where(
                    OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None)
                )
            )
        for state in TicketState:
            self.tickets.labels(state=state.value).set(counts.get(state.value, 0))
        self.outbox_backlog.set(backlog or 0)

    def render(self) -> bytes:
        return generate_latest(self.registry)
