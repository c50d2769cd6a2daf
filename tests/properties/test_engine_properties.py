"""Property-based tests: arbitrary conversations pushed through the real engine, on SQLite and PostgreSQL.

One run of the state machine is one conversation history between three
employees, three coaches of the demo directory (``coach:anna``,
``coach:lotte``, ``coach:wout``; the other demo coaches are linked too and
never answer) and the coordinator ``coordinator:tom``. Every step is one
thing that can happen: an actor sends text (any unicode, control characters,
empty, 5,000 characters), a command with random arguments, a button payload
(real ones built from the tickets and offers in the database, ones the actor
was shown, and garbage), a bare number, a location; the fake clock moves and
the sweeper runs; the outbox is delivered (or a person turns out to be
unreachable); a platform update is delivered twice.

After every step the database is checked against the ticket life cycle of
docs/design.md: valid states, closed tickets with outcome and time, accepted ones
with coach and time, at most ``offers_at_once`` pending offers and only for
offered tickets, never more open work for a coach than their capacity unless
a coordinator assigned it by hand, at most one accepted offer per ticket, an
event row for every state change, in time order and along allowed moves; and
nothing went wrong unexpectedly: ``handle`` returned a list without the
generic error answer, nothing was logged at ERROR level.

Each example starts from a copy of one migrated database with the demo
directory, so an example costs a copy rather than a migration: a file copy on
SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL (the local server at
127.0.0.1:5432; its databases are dropped again at the end of each run). The
default (25 runs of up to 50 steps per variant, derandomized under CI=true)
takes about 30 s on a 2-core machine; for a deeper search run e.g.
``DIGICOACH_PROPERTY_EXAMPLES=300 python -m pytest -s tests/properties``
(``-s`` prints in how many runs each ticket state was reached).
"""
from __future__ import annotations

import asyncio
import logging
import os
import shutil
import uuid
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test,
)
from sqlalchemy import select, update

from bot.app import build_app, faq_paths
from bot.clock import FakeClock
from bot.config import Config, RoutingConfig
from bot.engine.core import Engine
from bot.messages import Attachment, Incoming, Location, Outgoing
from bot.outbox import DeliveryError, Dispatcher
from bot.texts import LANGUAGES, t
from faq.live import LiveKnowledgeBase
from routing.lifecycle import FINAL_STATES, OPEN_STATES, OUTCOMES, TicketState, can_transition
from storage.db import Database
from storage.models import Coach, Offer, Person, Site, Ticket, TicketEvent
from tests.conftest import MONDAY_MORNING, PG_URL, require_postgres

EMPLOYEES = ("jan", "fatima", "piet")
COACHES = ("coach:anna", "coach:lotte", "coach:wout")
COORDINATOR = "coordinator:tom"
ACTORS = EMPLOYEES + COACHES + (COORDINATOR,)
STATES = {s.value for s in TicketState}
ERROR_TEXTS = {t("error", lang) for lang in LANGUAGES}
HAND_ASSIGNED = "assigned by"

SETTINGS = settings(
    max_examples=int(os.environ.get("DIGICOACH_PROPERTY_EXAMPLES", "25")),
    stateful_step_count=50,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# -- what actors send ------------------------------------------------------------

PHRASES = [
    "hallo", "mijn badge werkt niet", "waar vind ik mijn loonbrief", "paswoord vergeten",
    "kzie mn loonbrief nie", "ik kan niet inloggen op de app van mijn gsm", "mijn loonbrief klopt niet",
    "Groendienst Citadelpark", "stadhuis", "wegen wiedauwkaai", "ja", "nee", "Geen van deze", "Accepteren",
    "bedankt!", "How do I see my payslip", "mon badge ne marche pas", "1", "2", "3", "12", "٣", "²", "0",
]
QUESTIONS = [  # not in the FAQ: these go to a coach
    "de deur van de loods klemt en het alarm gaat af", "mijn kluisje gaat niet meer open",
    "de koffieautomaat in de kantine geeft geen wisselgeld", "the printer in the depot shows a red light",
    "waar vind ik mijn loonbrief", "paswoord vergeten",
]
text_any = st.one_of(
    st.sampled_from(PHRASES),
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=20),
    st.text(st.characters(max_codepoint=0x3F), max_size=10),  # control characters, digits, punctuation
    st.just(""),
    st.builds(lambda s, n: (s * n)[:n], st.text(min_size=1, max_size=5), st.sampled_from([1999, 2000, 2001, 5000])),
)
COMMANDS = [
    "/help", "/lang", "/cancel", "/pause", "/resume", "/tickets", "/close", "/status", "/start",
    "/HELP", "/close@digicoach_bot", "/", "/foo", "/start@x", "//close", "/faq",
]
ARGS = [
    "resolved", "no_show", "referred_servicedesk", "nope", "10", "0", "1440", "1441", "-5", "²", "٣",
    "99999999999999999999999", "2h", "30 min", "tot vrijdag", "until 14:00", "morgen", "nl", "en", "fr", "de",
    "ABCD-EFGH-JKLM", "25:99", "tot", "",
]
command_text = st.builds(
    lambda c, args, sep: sep.join([c, *args]),
    st.sampled_from(COMMANDS),
    st.lists(st.one_of(st.sampled_from(ARGS), st.text(max_size=8)), max_size=3),
    st.sampled_from([" ", "  ", " \t"]),
)
KINDS = ["accept", "decline", "close", "handback", "yes", "no", "none", "rate", "outcome", "faq", "assign", "reason", "site", "lang",
         "faqmark", "faqmarkno", "faqok", "faqedit", "faqno", "faqskip"]
garbage_payload = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda k, rest: f"{k}:{':'.join(rest)}",
        st.sampled_from(KINDS + ["", "x"]),
        st.lists(st.one_of(st.sampled_from(["", "0", "-1", "²", "٣", "1e3", "99999999999999999999999"]), st.text(max_size=5)), max_size=3),
    ),
)
numbers = st.integers(0, 9).map(str)
coordinates = st.one_of(
    st.tuples(st.floats(51.0, 51.1), st.floats(3.6, 3.8)),
    st.tuples(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True)),
)
minutes = st.one_of(st.integers(0, 15), st.integers(0, 240), st.sampled_from([60 * 24, 60 * 24 * 3 + 1, 60 * 24 * 7]))
message_ids = st.one_of(st.none(), st.integers(1, 8).map(str))


# -- the shared starting point ------------------------------------------------------


class Template:
    """A migrated database with the demo directory and every coach and coordinator linked on the console,
    and cheap copies of it: one per run of the state machine."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend = backend
        self.name = f"dc_prop_{uuid.uuid4().hex[:10]}"
        if backend == "sqlite":
            self.url = f"sqlite+aiosqlite:///{folder / 'digicoach.db'}"
        else:
            self.url = PG_URL.rsplit("/", 1)[0] + f"/{self.name}"

    async def build(self) -> None:
        if self.backend == "postgresql":
            await _admin(f'CREATE DATABASE "{self.name}"')
        db = Database(self.url)
        app = await build_app(Config(), FakeClock(MONDAY_MORNING), db=db)
        await app.link_console()
        await db.dispose()  # a template database must have no connections while it is copied

    async def copy(self, folder: Path, run_no: int) -> str:
        if self.backend == "sqlite":
            path = folder / f"run{run_no}.db"
            shutil.copyfile(self.url.removeprefix("sqlite+aiosqlite:///"), path)
            return f"sqlite+aiosqlite:///{path}"
        name = f"{self.name}_{run_no}"
        await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    async def remove(self, url: str) -> None:
        if self.backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite+aiosqlite:///") + suffix).unlink(missing_ok=True)
        else:
            await _admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


async def _admin(statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def template(request, tmp_path_factory) -> tuple[Template, LiveKnowledgeBase]:
    if request.param == "postgresql":
        require_postgres()
    built = Template(request.param, tmp_path_factory.mktemp("template"))
    asyncio.run(built.build())
    yield built, LiveKnowledgeBase(faq_paths(Config()))
    if request.param == "postgresql":
        asyncio.run(built.remove(built.url))


class ErrorLog(logging.Handler):
    """Anything logged at ERROR under `digicoach` (the engine's 'unexpected error', 'integrity error', ...)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Recorder:
    """The console channel: remembers who was shown which buttons; can fail for people we make unreachable."""

    def __init__(self) -> None:
        self.shown: dict[str, list[str]] = defaultdict(list)
        self.latest: dict[str, list[str]] = {}
        self.unreachable: set[str] = set()
        self.texts: list[str] = []

    def see(self, address: str, message: Outgoing) -> None:
        self.texts.append(message.text)
        payloads = [b.payload for b in message.buttons]
        self.latest[address] = payloads
        self.shown[address] = (self.shown[address] + payloads)[-30:]

    async def send(self, address: str, message: Outgoing) -> None:
        if address in self.unreachable:
            raise DeliveryError("blocked by the user", permanent=True)
        self.see(address, message)


class EngineConversation(RuleBasedStateMachine):
    template: "Template"
    faq: LiveKnowledgeBase
    workdir: Path
    offers_at_once = 1

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.run_no = next(_runs)
        self.db = Database(self.run(self.template.copy(self.workdir, self.run_no)))
        self.clock = FakeClock(MONDAY_MORNING)
        self.routing = RoutingConfig(offers_at_once=self.offers_at_once)
        self.engine = Engine(self.db, self.clock, self.faq, self.routing, "nl")
        self.run(self.engine.start())
        self.recorder = Recorder()
        self.dispatcher = Dispatcher(self.db, self.clock, on_unreachable=self.engine.on_unreachable)
        self.dispatcher.register("console", self.recorder)
        self.errors = ErrorLog()
        logging.getLogger("digicoach").addHandler(self.errors)
        self.sent: list[Incoming] = []
        self.reached: set[str] = set()
        self.steps = 0

    def run(self, coro):  # type: ignore[no-untyped-def]
        return self.loop.run_until_complete(coro)

    def teardown(self) -> None:
        REACHED.update(self.reached)
        REACHED["(runs)"] += 1
        REACHED["(messages)"] += self.steps
        logging.getLogger("digicoach").removeHandler(self.errors)
        try:
            self.run(self.db.dispose())
            self.run(self.template.remove(self.db.url))
        finally:
            self.loop.close()

    # -- sending ---------------------------------------------------------------

    def send(self, actor: str, **kw: object) -> None:
        incoming = Incoming(channel="console", address=actor, **kw)  # type: ignore[arg-type]
        note(f"{actor} -> {kw!r}"[:300])
        self.steps += 1
        replies = self.run(self.engine.handle(incoming))
        assert isinstance(replies, list), replies
        for reply in replies:
            assert isinstance(reply, Outgoing), reply
            assert reply.text not in ERROR_TEXTS, f"generic error answer to {actor} for {kw!r}"
            self.recorder.see(actor, reply)
        self.sent.append(incoming)

    @rule(actor=st.sampled_from(ACTORS), text=text_any, message_id=message_ids)
    def says(self, actor: str, text: str, message_id: str | None) -> None:
        self.send(actor, text=text, message_id=message_id)

    @initialize(starts=st.lists(
        st.tuples(st.sampled_from([None, "groendienst-citadelpark", "ac-zuid", "groendienst-blaarmeersen", "stadhuis"]), st.sampled_from([None, *QUESTIONS])),
        min_size=len(EMPLOYEES), max_size=len(EMPLOYEES),
    ))
    def onboard(self, starts: list[tuple[str | None, str | None]]) -> None:
        """Most runs start with employees who told their site and maybe asked something, so coaches get work early."""
        for actor, (site, question) in zip(EMPLOYEES, starts):
            if site:
                self.send(actor, text="hallo")
                self.send(actor, payload=f"site:{site}")
                if question:
                    self.send(actor, text=question)

    @rule(actor=st.sampled_from(EMPLOYEES), text=st.sampled_from(PHRASES + QUESTIONS * 3))
    def employee_asks(self, actor: str, text: str) -> None:
        self.send(actor, text=text)

    @rule(data=st.data())
    def coach_answers_offer(self, data: st.DataObject) -> None:
        """A coach with a pending offer accepts or declines it (by button, or by typing its number)."""
        pending = self.run(self.rows(select(Offer.ticket_id, Offer.coach_id).where(Offer.status == "pending")))
        mine = [(tid, f"coach:{cid}") for tid, cid in pending if f"coach:{cid}" in COACHES]
        if not mine:
            return
        tid, actor = data.draw(st.sampled_from(mine), label="offer")
        how = data.draw(st.sampled_from(["accept", "accept", "decline", "1", "2"]), label="how")
        if how.isdigit():
            self.send(actor, text=how)
        else:
            self.send(actor, payload=f"{how}:{tid}")

    @rule(data=st.data())
    def coaches_work_through_their_offers(self, data: st.DataObject) -> None:
        """Every coach looks at their chat: each pending offer is accepted or declined, in a random order."""
        pending = self.run(self.rows(select(Offer.ticket_id, Offer.coach_id).where(Offer.status == "pending")))
        mine = data.draw(st.permutations([(tid, f"coach:{cid}") for tid, cid in pending if f"coach:{cid}" in COACHES]))
        for tid, actor in mine:
            self.send(actor, payload=f"{data.draw(st.sampled_from(['accept', 'accept', 'decline']))}:{tid}")

    @rule(data=st.data())
    def coach_finishes(self, data: st.DataObject) -> None:
        """A coach holding a ticket closes it (command or buttons), hands it back, or talks to the employee."""
        held = self.run(self.rows(select(Ticket.id, Ticket.coach_id).where(Ticket.state == "accepted")))
        mine = [(tid, f"coach:{cid}") for tid, cid in held if f"coach:{cid}" in COACHES]
        if not mine:
            return
        tid, actor = data.draw(st.sampled_from(mine), label="ticket")
        outcome = data.draw(st.sampled_from([o.value for o in OUTCOMES]), label="outcome")
        how = data.draw(st.sampled_from(["command", "buttons", "handback", "talk"]), label="how")
        if how == "command":
            self.send(actor, text=f"/close {outcome} {data.draw(st.sampled_from(['', '5', '30']))}".strip())
        elif how == "buttons":
            self.send(actor, payload=f"close:{tid}")
            self.send(actor, payload=f"outcome:{tid}:{outcome}")
        elif how == "handback":
            self.send(actor, payload=f"handback:{tid}")
        else:
            self.send(actor, text="Ik kom om 10 uur langs")

    @rule(actor=st.sampled_from(COACHES), text=st.sampled_from(["/pause", "/pause 2h", "/pause tot morgen", "/resume", "/resume"]))
    def coach_pauses_or_resumes(self, actor: str, text: str) -> None:
        self.send(actor, text=text)

    @rule(data=st.data())
    def coordinator_assigns(self, data: st.DataObject) -> None:
        waiting = self.run(self.rows(select(Ticket.id).where(Ticket.state.in_(("queued", "escalated")))))
        if not waiting:
            return
        (tid,) = data.draw(st.sampled_from(waiting), label="ticket")
        coach = data.draw(st.sampled_from(["anna", "lotte", "wout", "bram"]), label="coach")
        self.send(COORDINATOR, payload=f"assign:{tid}:{coach}")

    async def rows(self, stmt) -> list:  # type: ignore[no-untyped-def]
        async with self.db.session() as session:
            return list((await session.execute(stmt)).all())

    @rule(actor=st.sampled_from(ACTORS), text=command_text)
    def command(self, actor: str, text: str) -> None:
        self.send(actor, text=text)

    @rule(actor=st.sampled_from(ACTORS), number=numbers)
    def number(self, actor: str, number: str) -> None:
        self.send(actor, text=number)

    @rule(actor=st.sampled_from(ACTORS), where=coordinates)
    def location(self, actor: str, where: tuple[float, float]) -> None:
        self.send(actor, location=Location(*where))

    @rule(actor=st.sampled_from(ACTORS), kind=st.sampled_from(["photo", "photo", "voice", "sticker"]),
          caption=st.one_of(st.none(), text_any))
    def attachment(self, actor: str, kind: str, caption: str | None) -> None:
        self.send(actor, attachment=Attachment(kind=kind, ref=f"file-{kind}", caption=caption))

    @precondition(lambda self: any(self.recorder.latest.get(a) for a in ACTORS))
    @rule(data=st.data())
    def press_latest_button(self, data: st.DataObject) -> None:
        """What a real user mostly does: press one of the buttons of the last message they got."""
        actor = data.draw(st.sampled_from([a for a in ACTORS if self.recorder.latest.get(a)]), label="actor")
        payload = data.draw(st.sampled_from(self.recorder.latest[actor]), label="payload")
        self.send(actor, payload=payload)

    @precondition(lambda self: any(self.recorder.shown.get(a) for a in ACTORS))
    @rule(data=st.data())
    def press_old_button(self, data: st.DataObject) -> None:
        """A button from an earlier message (stale), possibly one that was shown to somebody else (forged)."""
        shown = sorted({p for a in ACTORS for p in self.recorder.shown.get(a, [])})
        payload = data.draw(st.sampled_from(shown), label="payload")
        self.send(data.draw(st.sampled_from(ACTORS), label="actor"), payload=payload)

    @rule(data=st.data())
    def press_real_payload(self, data: st.DataObject) -> None:
        """A well-formed payload built from the tickets, offers, coaches and sites in the database."""
        payloads = self.run(self.real_payloads())
        actor = data.draw(st.sampled_from(ACTORS), label="actor")
        self.send(actor, payload=data.draw(st.sampled_from(payloads), label="payload"))

    @rule(actor=st.sampled_from(ACTORS), payload=garbage_payload)
    def press_garbage(self, actor: str, payload: str) -> None:
        self.send(actor, payload=payload)

    @precondition(lambda self: bool(self.sent))
    @rule(data=st.data())
    def delivered_twice(self, data: st.DataObject) -> None:
        """A channel delivers an update again (with its platform id it is dropped, without it handled again)."""
        incoming = data.draw(st.sampled_from(self.sent[-5:]), label="again")
        note(f"again: {incoming!r}"[:300])
        replies = self.run(self.engine.handle(incoming))
        assert isinstance(replies, list)
        assert not any(r.text in ERROR_TEXTS for r in replies)

    async def real_payloads(self) -> list[str]:
        async with self.db.session() as session:
            ticket_ids = list((await session.execute(select(Ticket.id))).scalars())
            offer_ids = list((await session.execute(select(Offer.id))).scalars())
            coach_ids = list((await session.execute(select(Coach.id))).scalars())
            site_ids = list((await session.execute(select(Site.id))).scalars())
        ticket_ids = ticket_ids + [max(ticket_ids, default=0) + 1]
        payloads = [f"site:{s}" for s in site_ids] + [f"lang:{lang}" for lang in ("nl", "en", "fr", "de")]
        for tid in ticket_ids:
            payloads += [f"{kind}:{tid}" for kind in ("accept", "decline", "close", "handback", "yes", "no", "none")]
            payloads += [f"rate:{tid}:{n}" for n in (0, 1, 5, 6)]
            payloads += [f"outcome:{tid}:{o.value}" for o in OUTCOMES] + [f"outcome:{tid}:bogus"]
            payloads += [f"faq:{tid}:payslip", f"faq:{tid}:nope"]
            payloads += [f"assign:{tid}:{c}" for c in coach_ids + ["nobody"]]
        for oid in offer_ids:
            payloads += [f"reason:{oid}:{r}" for r in ("busy", "topic", "away", "bogus")]
        return payloads

    # -- time and delivery ---------------------------------------------------------

    @rule(minutes=minutes)
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(timedelta(minutes=minutes))
        note(f"clock +{minutes} min -> {self.clock.now().isoformat()}")
        counts = self.run(self.engine.sweep())
        note(f"sweep: {counts}")

    @rule(coach=st.sampled_from(["anna", "lotte", "wout", "bram"]), active=st.booleans())
    def directory_changes(self, coach: str, active: bool) -> None:
        """A directory re-import deactivates (or brings back) a coach, whatever they are doing."""
        note(f"directory: {coach} active={active}")

        async def change() -> None:
            async with self.db.session() as session:
                await session.execute(update(Coach).where(Coach.id == coach).values(active=active))

        self.run(change())

    @rule()
    def sweep_again(self) -> None:
        """A second replica, or the next run, sweeps at the same instant: nothing may happen twice."""
        self.run(self.engine.sweep())

    @rule()
    def deliver(self) -> None:
        self.run(self.dispatcher.flush())

    @rule(actor=st.sampled_from(ACTORS))
    def becomes_unreachable(self, actor: str) -> None:
        """The person blocked the bot: the next delivery to them fails for good (offers are re-routed)."""
        self.recorder.unreachable.add(actor)
        self.run(self.dispatcher.flush())
        self.recorder.unreachable.discard(actor)

    # -- what must always hold ----------------------------------------------------

    @invariant()
    def nothing_went_wrong(self) -> None:
        messages = [f"{r.getMessage()}\n{r.exc_text or ''}" for r in self.errors.records]
        if self.errors.records and self.errors.records[0].exc_info:
            raise AssertionError(messages[0]) from self.errors.records[0].exc_info[1]
        assert not messages, messages
        assert not any(text in ERROR_TEXTS for text in self.recorder.texts)

    @invariant()
    def tickets_are_consistent(self) -> None:
        problems = self.run(self.check_database())
        assert not problems, "\n".join(problems)
        self.reached |= self.states_seen

    async def check_database(self) -> list[str]:
        now = self.clock.now()
        problems: list[str] = []
        async with self.db.session() as session:
            all_tickets = list((await session.execute(select(Ticket).order_by(Ticket.id))).scalars())
            all_offers = list((await session.execute(select(Offer).order_by(Offer.id))).scalars())
            events = list((await session.execute(select(TicketEvent).order_by(TicketEvent.id))).scalars())
            coaches = {c.id: c for c in (await session.execute(select(Coach))).scalars()}
            employees = {p.id for p in (await session.execute(select(Person).where(Person.role == "employee"))).scalars()}

        by_ticket: dict[int, list[TicketEvent]] = defaultdict(list)
        for event in events:
            by_ticket[event.ticket_id].append(event)
        offers_of: dict[int, list[Offer]] = defaultdict(list)
        for offer in all_offers:
            offers_of[offer.ticket_id].append(offer)

        def hand_assigned(offer: Offer) -> bool:
            return any(
                e.kind == "offered" and e.coach_id == offer.coach_id and e.at == offer.offered_at
                and (e.detail or "").startswith(HAND_ASSIGNED)
                for e in by_ticket[offer.ticket_id]
            )

        self.states_seen = {ticket.state for ticket in all_tickets}
        open_per_employee: Counter[int] = Counter()
        for ticket in all_tickets:
            tid, state = ticket.id, ticket.state
            where = f"ticket {tid} ({state})"
            if state not in STATES:
                problems.append(f"{where}: unknown state")
                continue
            if state in OPEN_STATES and ticket.employee_id is not None:
                open_per_employee[ticket.employee_id] += 1
            if state == "closed" and (ticket.outcome not in {o.value for o in OUTCOMES} or ticket.coach_id is None):
                problems.append(f"{where}: closed without outcome or coach ({ticket.outcome!r}, {ticket.coach_id!r})")
            if state in FINAL_STATES and ticket.closed_at is None:
                problems.append(f"{where}: final without closed_at")
            if state in OPEN_STATES and ticket.closed_at is not None:
                problems.append(f"{where}: open with closed_at")
            if state == "accepted" and (ticket.coach_id is None or ticket.accepted_at is None):
                problems.append(f"{where}: accepted without coach or accepted_at")
            if state != "closed" and ticket.outcome is not None:
                problems.append(f"{where}: outcome {ticket.outcome} but not closed")
            if ticket.rating is not None and state != "closed":
                problems.append(f"{where}: rated but not closed")

            offers = offers_of[tid]
            pending = [o for o in offers if o.status == "pending"]
            accepted = [o for o in offers if o.status == "accepted"]
            if len(pending) > self.routing.offers_at_once:
                problems.append(f"{where}: {len(pending)} pending offers ({[o.coach_id for o in pending]})")
            if len({o.coach_id for o in pending}) != len(pending):
                problems.append(f"{where}: two pending offers to one coach")
            if pending and state != "offered":
                problems.append(f"{where}: pending offers to {[o.coach_id for o in pending]} while not offered")
            if state == "offered" and not pending:
                problems.append(f"{where}: offered to nobody")
            if len(accepted) > 1:
                problems.append(f"{where}: {len(accepted)} accepted offers")
            if state == "accepted" and [o.coach_id for o in accepted] != [ticket.coach_id]:
                problems.append(f"{where}: held by {ticket.coach_id} but accepted offers {[o.coach_id for o in accepted]}")
            if state in ("new", "offered", "queued", "escalated") and accepted:
                problems.append(f"{where}: an accepted offer but the ticket is {state}")
            for offer in pending:
                earlier = [o for o in offers if o.id < offer.id and o.coach_id == offer.coach_id]
                if any(o.status in ("declined", "timed_out", "handed_back", "unreachable") for o in earlier) and not hand_assigned(offer):
                    problems.append(f"{where}: offered again to {offer.coach_id}, who declined or let it go")

            history = by_ticket[tid]
            if not history or history[0].kind != "created":
                problems.append(f"{where}: first event is not 'created' ({[e.kind for e in history[:1]]})")
            previous = "new"
            for before, after in zip(history, history[1:]):
                if after.at < before.at:
                    problems.append(f"{where}: event {after.id} {after.kind} at {after.at} before event {before.id} at {before.at}")
            for event in history:
                if event.at > now:
                    problems.append(f"{where}: event {event.kind} in the future")
                if event.kind in STATES:
                    if not can_transition(previous, event.kind):
                        problems.append(f"{where}: events go from {previous} to {event.kind}")
                    previous = event.kind
            if previous != state:
                problems.append(f"{where}: last state event says {previous}; kinds {[e.kind for e in history]}")

        for person_id, count in open_per_employee.items():
            if count > 1 and person_id in employees:
                problems.append(f"employee {person_id} has {count} open tickets")

        # Open work per coach (accepted tickets plus pending offers) stays within capacity, except by hand.
        load: Counter[str] = Counter()
        by_hand: Counter[str] = Counter()
        state_of = {ticket.id: ticket.state for ticket in all_tickets}
        for offer in all_offers:
            counts = offer.status == "pending" or (offer.status == "accepted" and state_of.get(offer.ticket_id) == "accepted")
            if counts:
                load[offer.coach_id] += 1
                if hand_assigned(offer):
                    by_hand[offer.coach_id] += 1
        for coach_id, n in load.items():
            capacity = coaches[coach_id].capacity
            if n > capacity + by_hand[coach_id]:
                problems.append(f"coach {coach_id}: {n} open (capacity {capacity}, {by_hand[coach_id]} by hand)")
        return problems


_runs = iter(range(10**9))
REACHED: Counter[str] = Counter()  # in how many runs each ticket state was reached; printed with `pytest -s`


def _machine(template: tuple[Template, LiveKnowledgeBase], workdir: Path, at_once: int) -> type[EngineConversation]:
    path, faq = template
    return type(
        f"EngineConversation{at_once}", (EngineConversation,),
        {"template": path, "faq": faq, "workdir": workdir, "offers_at_once": at_once},
    )


def check(template, tmp_path, at_once: int) -> None:
    REACHED.clear()
    run_state_machine_as_test(_machine(template, tmp_path, at_once), settings=SETTINGS)
    print(f"\noffers_at_once={at_once}: runs reaching each ticket state: {dict(sorted(REACHED.items()))}")


def test_engine_survives_any_conversation(template, tmp_path) -> None:
    check(template, tmp_path, 1)


def test_engine_survives_any_conversation_with_two_offers_at_once(template, tmp_path) -> None:
    check(template, tmp_path, 2)
