"""The tables. Times are stored as naive UTC and handed out as aware UTC, the same on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from storage.states import OPEN_STATES_SQL


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use the injected clock")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    pass


class Site(Base):
    __tablename__ = "sites"
    __table_args__ = (Index("ix_sites_lat_lon", "lat", "lon"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    department: Mapped[str | None] = mapped_column(String(100))


class Person(Base):
    """Anyone who talks to the bot. Coaches and coordinators also have a directory row."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    role: Mapped[str] = mapped_column(String(16))  # employee | coach | coordinator
    first_name: Mapped[str | None] = mapped_column(String(100))
    language: Mapped[str | None] = mapped_column(String(2))
    site_id: Mapped[str | None] = mapped_column(ForeignKey("sites.id"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    location_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Address(Base):
    """One person's id on one channel; Teams also keeps the conversation reference here."""

    __tablename__ = "addresses"
    __table_args__ = (UniqueConstraint("channel", "address", name="uq_address"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Coach(Base):
    __tablename__ = "coaches"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    department: Mapped[str | None] = mapped_column(String(100))
    languages: Mapped[str] = mapped_column(String(32))  # "nl,en"
    capacity: Mapped[int] = mapped_column(Integer)
    hours: Mapped[str] = mapped_column(Text)  # JSON list of specs
    email: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Coordinator(Base):
    __tablename__ = "coordinators"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    departments: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    email: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Conversation(Base):
    """Where a person is in their dialogue, and the buttons last shown to them."""

    __tablename__ = "conversations"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(32), default="idle")
    data: Mapped[str] = mapped_column(Text, default="{}")
    buttons: Mapped[str] = mapped_column(Text, default="[]")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


_OPEN = text(OPEN_STATES_SQL)


class Ticket(Base):
    """One help request, from the question to its end (self-served, closed, cancelled)."""

    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_state_created", "state", "created_at"),
        Index("ix_tickets_created", "created_at"),
        Index("ix_tickets_department_created", "department", "created_at"),  # scoped digests
        # an employee's open tickets, read on every question (migration 0005)
        Index("ix_tickets_employee_open", "employee_id", "id", postgresql_where=_OPEN, sqlite_where=_OPEN),
        Index("ix_tickets_open_created", "created_at", postgresql_where=_OPEN, sqlite_where=_OPEN),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    question: Mapped[str | None] = mapped_column(Text)  # personal data: erased by retention
    language: Mapped[str] = mapped_column(String(2))
    site_id: Mapped[str | None] = mapped_column(String(64))
    department: Mapped[str | None] = mapped_column(String(100))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    coach_id: Mapped[str | None] = mapped_column(ForeignKey("coaches.id"), index=True)
    outcome: Mapped[str | None] = mapped_column(String(32))
    minutes: Mapped[int | None] = mapped_column(Integer)  # the coach's correction of time spent
    rating: Mapped[int | None] = mapped_column(Integer)
    offer_count: Mapped[int] = mapped_column(Integer, default=0)
    faq_decision: Mapped[str | None] = mapped_column(String(16))
    faq_entry: Mapped[str | None] = mapped_column(String(64))
    scan_id: Mapped[int | None] = mapped_column(Integer)  # a learning question after this self-scan (faq_decision "learning")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TicketEvent(Base):
    __tablename__ = "ticket_events"
    # digest: per-ticket times of chosen kinds straight from the index, without touching the table
    __table_args__ = (Index("ix_ticket_events_ticket_kind_at", "ticket_id", "kind", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(32))  # created, offered, declined, timed_out, accepted, ...
    coach_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)


class Offer(Base):
    __tablename__ = "offers"
    __table_args__ = (Index("ix_offers_status_deadline", "status", "deadline"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[str] = mapped_column(ForeignKey("coaches.id"), index=True)
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))  # pending | accepted | declined | timed_out | withdrawn
    distance_km: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RelayedMessage(Base):
    """What coach and employee said to each other inside a ticket; personal data, erased by retention."""

    __tablename__ = "relayed_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str | None] = mapped_column(Text)


class FaqFeedback(Base):
    __tablename__ = "faq_feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    entry_id: Mapped[str] = mapped_column(String(64))
    helpful: Mapped[bool] = mapped_column(Boolean)


class OutboxMessage(Base):
    """A message to someone other than the sender, written in the transaction that causes it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)  # idempotency key
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)  # JSON of the Outgoing
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)


class InboxItem(Base):
    """A platform update (Telegram) or activity (Teams) stored before its HTTP request is acknowledged.

    It is deleted once handled and its replies were sent; a row whose lease ran out belongs to a replica that
    died and is claimed by another (bot/inbox.py). It holds the message text: personal data, kept minutes.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("channel", "platform_id", name="uq_inbox_platform_id"),
        Index("ix_inbox_lease_until", "lease_until"),
        Index("ix_inbox_channel_address", "channel", "address"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    platform_id: Mapped[str] = mapped_column(String(200))  # Telegram update_id, Teams activity id
    address: Mapped[str] = mapped_column(String(200))  # the sender's chat: erase finds their rows by it
    body: Mapped[str] = mapped_column(Text)  # the request body as JSON, as the platform sent it
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str] = mapped_column(String(100))  # the replica handling it
    lease_until: Mapped[datetime] = mapped_column(UTCDateTime)  # after this another replica may take it over
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the turn committed (in its transaction)
    replies: Mapped[str | None] = mapped_column(Text)  # the turn's replies (JSON list), until they are sent
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


class ProcessedUpdate(Base):
    """Platform message ids already handled, so a duplicate delivery is handled once."""

    __tablename__ = "processed_updates"
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Setting(Base):
    """Small facts the whole deployment shares, such as the directory's time zone."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Invite(Base):
    """A single-use invitation that links a chat account to a coach or coordinator; only its hash is kept."""

    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # coach | coordinator
    directory_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class FaqCandidate(Base):
    """A phrasing or a new entry the FAQ could learn, waiting for a coordinator; approved rows ARE the learned FAQ.

    Pending and rejected rows hold an employee's text (personal data: erased with the person and by retention);
    on approval `person_id` is cleared, because the coordinator vetted the text and it is FAQ content now.
    """

    __tablename__ = "faq_candidates"
    __table_args__ = (
        Index("ix_faq_candidates_status_id", "status", "id"),
        Index("ix_faq_candidates_key", "kind", "lang", "question_key"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8))  # phrasing | entry
    entry_id: Mapped[str | None] = mapped_column(String(64))  # the entry it joins; a new entry's proposed id
    lang: Mapped[str] = mapped_column(String(2))
    question: Mapped[str] = mapped_column(Text)
    question_key: Mapped[str] = mapped_column(Text)  # faq.kb.phrasing_key(question): what "the same" means
    answer: Mapped[str | None] = mapped_column(Text)  # new entries only
    source: Mapped[str] = mapped_column(String(16))  # picked | confirmed | coach | gap
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    seen: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | approved | rejected
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(100))  # a coordinator's directory id, or cli:NAME


class WebLink(Base):
    """A one-time sign-in link to the web console, made by `/web` in the chat; only its hash is kept."""

    __tablename__ = "web_links"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    coordinator_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WebSession(Base):
    """A signed-in browser: the cookie holds the secret, the database its hash, so a leaked table signs no one in."""

    __tablename__ = "web_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    coordinator_id: Mapped[str] = mapped_column(String(64), index=True)
    csrf: Mapped[str] = mapped_column(String(64))  # every form of this session carries it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # signed out


class AuditEntry(Base):
    """What a coordinator did in the web console: who, what, when; never the personal text itself."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    coordinator_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))  # assign, coach_pause, faq_edit, erase, ...
    target: Mapped[str | None] = mapped_column(String(200))  # ticket 12, coach anna, entry payslip
    detail: Mapped[str | None] = mapped_column(Text)


class Scan(Base):
    """One run of the digital-skills self-scan by one person: answers as they come, the result once complete.

    Personal data: the person sees it, nobody else without their consent (`coach_consent`, for the coach of their
    learning question). `/scan wissen` and `privacy erase` delete it; retention unlinks it from the person and
    drops the answers, keeping the result as an anonymous count (storage/scans.py).
    """

    __tablename__ = "scans"
    __table_args__ = (Index("ix_scans_completed", "completed_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    department: Mapped[str | None] = mapped_column(String(100))  # of the person's site when they started
    version: Mapped[int] = mapped_column(Integer)  # the scan definition's `version`
    answers: Mapped[str] = mapped_column(Text, default="{}")  # JSON {item id: option position}
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    round: Mapped[str | None] = mapped_column(String(32))  # set on completion (skills.definition round_of)
    profile: Mapped[str | None] = mapped_column(String(32))
    skill: Mapped[float | None] = mapped_column(Float)  # average answer 0-3
    attitude: Mapped[float | None] = mapped_column(Float)
    strengths: Mapped[str | None] = mapped_column(Text)  # JSON list of area ids
    weak: Mapped[str | None] = mapped_column(Text)  # JSON list of area ids, the ones to work on
    coach_consent: Mapped[bool | None] = mapped_column(Boolean)  # None: never asked
    advice_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # an advice button pressed (the funnel)


class ScanArea(Base):
    """A completed scan's average per area: what the weak-areas figures group by, in SQL."""

    __tablename__ = "scan_areas"
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True)
    area: Mapped[str] = mapped_column(String(32), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    weak: Mapped[bool] = mapped_column(Boolean)


class TrainingRequest(Base):
    """"Ik wil me inschrijven" for a training offer: the coordinators of the person's department plan it."""

    __tablename__ = "training_requests"
    __table_args__ = (Index("ix_training_requests_department_state", "department", "state"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    scan_id: Mapped[int | None] = mapped_column(ForeignKey("scans.id", ondelete="SET NULL"))
    training_id: Mapped[str] = mapped_column(String(32))
    department: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(16))  # requested | planned | done
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    planned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(100))  # the coordinator's directory id who last moved it
