"""The conversation engine: one Incoming in, replies out, everything for others through the outbox.

Channels translate; this decides. A message takes one path, one module per step:

    receive     bot/engine/receive.py     duplicate delivery, per-person limit, clean text
    identify    bot/engine/identify.py    who is talking; a new person, an invitation
    understand  bot/engine/understand.py  command, button, location, media or text
    act         bot/engine/act.py         the employee, coach or coordinator handler
    deliver     bot/engine/deliver.py     replies to the sender (others: the outbox, in the same transaction)

Each message is handled in one database transaction, so a crash or a database
hiccup leaves no half-written ticket. What the clock causes is in
bot/engine/sweeps.py.
"""
from __future__ import annotations

import logging
from typing import Awaitable, Callable, Protocol, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from bot.clock import Clock
from bot.config import LimitsConfig, RoutingConfig
from bot.engine import identify, receive, sweeps, unreachable
from bot.engine.act import act
from bot.engine.deliver import deliver
from bot.engine.learned_faq import LearnedFaq
from bot.engine.limits import RateLimiter
from bot.engine.understand import understand
from bot.engine.work import Turn, Work
from bot.inbox import encode_replies
from bot.metrics import Metrics
from bot.messages import Incoming, Outgoing
from bot.outbox import Unreachable
from bot.texts import t
from routing.hours import WeeklyHours
from routing.sync import directory_timezone
from skills.definition import ScanDefinition, load_scan
from storage import inbox, people
from storage.db import ATTEMPTS, Database, connection_lost, rolled_back_to_retry

log = logging.getLogger("digicoach.engine")


T = TypeVar("T")


class FaqSource(Protocol):
    def current(self): ...  # type: ignore[no-untyped-def]


class Engine:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        faq: FaqSource,
        routing: RoutingConfig | None = None,
        default_language: str = "nl",
        limits: LimitsConfig | None = None,
        scan: ScanDefinition | None = None,
        console_url: str = "http://127.0.0.1:8080",
    ) -> None:
        """`limits` None means no per-person limit (an Engine built directly by a test or benchmark); `scan` None
        means the shipped self-scan."""
        self.db = db
        self.clock = clock
        self.faq = faq
        self.routing = routing or RoutingConfig()
        self.default_language = default_language
        self.tz = ZoneInfo("Europe/Brussels")
        self.max_question_chars = receive.MAX_TEXT
        self.coordinator_hours = WeeklyHours.parse(list(self.routing.coordinator_hours))
        self.limiter = RateLimiter(limits.messages_per_minute if limits else 0)
        self.metrics = Metrics()
        self.scan = scan or load_scan()  # the self-scan's questions, profiles and trainings (skills/)
        self.learned = LearnedFaq(db, faq)  # approved FAQ candidates, merged into `faq` (bot/engine/learned_faq.py)
        self.console_url = console_url.rstrip("/")  # where `/web` links point ([web] public_url)

    async def start(self) -> None:
        """Read what the directory import stored (the time zone) and what the FAQ learned so far."""
        await self.refresh_timezone()
        await self.learned.refresh()

    async def refresh_timezone(self) -> None:
        """The directory's time zone as the last import stored it. Everything else about coaches and sites is read
        from the database for every decision; this one value is kept per process, so every sweep reads it again:
        a file imported on another replica, or with `digicoach directory import`, counts here too."""
        async with self.db.session() as session:
            self.tz = ZoneInfo(await directory_timezone(session))

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        """Never raises: a failed turn is rolled back whole and the sender gets a plain "try again"."""
        limited = await receive.over_limit(self, incoming, self.clock.now())
        if limited is not None:
            return limited
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await self._turn(incoming)
            except IntegrityError as exc:
                if incoming.message_id and "processed_updates" in str(exc):
                    log.info("duplicate delivery %s:%s dropped", incoming.channel, incoming.message_id)
                    return []
                log.exception("integrity error handling a %s message", incoming.channel)
            except (OperationalError, DBAPIError, OSError) as exc:
                if connection_lost(exc) and attempt < ATTEMPTS:
                    # A pooled connection the database closed (a restart, a cut): the pool has dropped it and
                    # the turn was rolled back, so the same message is handled again on a fresh connection.
                    log.warning("database connection lost while handling a %s message; trying again", incoming.channel)
                    continue
                if rolled_back_to_retry(exc) and attempt < ATTEMPTS:
                    # A deadlock with a concurrent turn (row locks on tickets and coaches): this turn was rolled
                    # back whole so the other could finish; the same message is handled again.
                    log.info("database rolled back a %s message for a concurrent one; trying again", incoming.channel)
                    continue
                log.error("database unavailable while handling a %s message: %s", incoming.channel, exc)
            except Exception:
                log.exception("unexpected error handling a %s message", incoming.channel)
            break
        self.metrics.message(incoming.channel, "error")
        return [Outgoing(text=t("error", receive.guess_language(self, incoming)))]

    async def _turn(self, incoming: Incoming) -> list[Outgoing]:
        """One attempt, in one transaction: the five steps, top to bottom."""
        async with self.db.session() as session:
            now = self.clock.now()
            await receive.record_delivery(session, incoming, now)
            turn = await identify.identify(self, session, incoming, now)
            if incoming.reference is not None:  # the channel's handle for reaching this address later (Teams)
                await people.save_reference(session, incoming.channel, incoming.address, incoming.reference, row=turn.address_row)
            if not turn.handled:
                await act(turn, incoming, understand(turn, incoming))
            replies = deliver(turn, incoming)
            if incoming.inbox_id is not None:  # handled exactly when this commits; the replies kept until sent
                await inbox.mark_handled(session, incoming.inbox_id, now, encode_replies(replies))
        if turn.faq_learned:  # committed: the approving replica answers with it from the next message on
            try:
                await self.learned.refresh()
            except Exception:  # the approval stands; the periodic check rebuilds it
                log.warning("learned FAQ not rebuilt after an approval; the periodic check will", exc_info=True)
        return replies

    async def act_as(self, person_id: int, action: Callable[[Turn], Awaitable[T]]) -> tuple[T, list[Outgoing]]:
        """A coordinator's action from the web console, run as a turn of theirs.

        The same handlers, rules, transaction and outbox as a chat message, so the
        console writes no rule a second time; the replies come back for the page to
        show instead of going to the chat.
        """
        async with self.db.session() as session:
            now = self.clock.now()
            person = await people.person(session, person_id)
            if person is None:
                raise LookupError(f"no person {person_id}")
            turn = Turn(engine=self, session=session, now=now, person=person,
                        conv=await people.conversation(session, person_id, now))
            result = await action(turn)
        if turn.faq_learned:
            try:
                await self.learned.refresh()
            except Exception:  # the change stands; the periodic check rebuilds it
                log.warning("learned FAQ not rebuilt after a console change; the periodic check will", exc_info=True)
        return result, turn.replies

    async def sweep(self) -> dict[str, int]:
        """Everything the clock causes. Safe to run on every replica, as often as you like."""
        await self.refresh_timezone()
        return await sweeps.sweep(self)

    async def after_capacity_freed(self, work: Work) -> None:
        """A coach became free (closed, resumed, cancelled): the oldest waiting tickets get a chance now."""
        await sweeps.dispatch_waiting(work)

    async def on_unreachable(self, gone: Unreachable) -> None:
        async with self.db.session() as session:
            await unreachable.on_unreachable(Work(engine=self, session=session, now=self.clock.now()), gone)

    async def link_directory_person(self, channel: str, address: str, role: str, directory_id: str) -> bool:
        """Give a coach or coordinator from the directory a channel address (console, Teams e-mail)."""
        async with self.db.session() as session:
            linked = await identify.link_person(self, session, role, directory_id, channel, address, self.clock.now())
            return linked is not None
