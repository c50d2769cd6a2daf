"""The conversation engine: one Incoming in, replies out, everything else through the outbox.

Channels translate; this decides. Each message is handled in one database
transaction, so a crash or a database hiccup leaves no half-written ticket.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from datetime import timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from bot.clock import Clock
from bot.config import LimitsConfig, RoutingConfig
from bot.engine import coach as coach_actions
from bot.engine import coordinator as coordinator_actions
from bot.engine import employee as employee_actions
from bot.engine import offers, permissions
from bot.engine import faq_turn
from bot.engine.limits import RateLimiter, Verdict
from bot.engine.typed_buttons import buttons_json, is_button_number, payload_of_label, stored_buttons
from bot.engine.work import Turn, Work
from bot.metrics import Metrics
from bot.messages import Incoming, Outgoing
from bot.outbox import Unreachable
from bot.texts import LANGUAGES, t
from faq.language import detect_language
from routing.geo import haversine_km
from routing.hours import WeeklyHours, working_time_between
from routing.sync import directory_timezone
from storage import invites, people, tickets
from storage.db import ConnectionLost, Database
from storage.models import Address, Coach, Coordinator, Offer, OutboxMessage, Person, ProcessedUpdate, Site, Ticket

log = logging.getLogger("digicoach.engine")

MAX_TEXT = 2000  # longer messages are cut; the user is told
ATTEMPTS = 3  # a turn that lost its database connection is tried again (the pool holds no pre-pinged connections)
# Control characters (line breaks and tabs kept), and the invisible ones that can hide or reorder text
# a coach is shown: soft hyphen, Arabic letter mark, zero-width spaces and joiners, bidi embeddings,
# overrides and isolates, word joiner and invisible operators, BOM, interlinear annotations, tag characters.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


class FaqSource(Protocol):
    def current(self): ...  # type: ignore[no-untyped-def]


def clean_text(text: str | None) -> str:
    """Strip control characters and surrounding space; keep line breaks."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub("", text).strip()


class Engine:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        faq: FaqSource,
        routing: RoutingConfig | None = None,
        default_language: str = "nl",
        limits: LimitsConfig | None = None,
    ) -> None:
        """`limits` None means no per-person limit (an Engine built directly by a test or benchmark)."""
        self.db = db
        self.clock = clock
        self.faq = faq
        self.routing = routing or RoutingConfig()
        self.default_language = default_language
        self.tz = ZoneInfo("Europe/Brussels")
        self.max_question_chars = MAX_TEXT
        self.coordinator_hours = WeeklyHours.parse(list(self.routing.coordinator_hours))
        self.limiter = RateLimiter(limits.messages_per_minute if limits else 0)
        self.metrics = Metrics()
        # The two-statement FAQ turn on PostgreSQL (bot/engine/faq_turn.py); False: every turn takes the general
        # path (its equivalence test compares the two).
        self.quick_faq_turns = True

    async def start(self) -> None:
        """Read what the directory import stored (the time zone)."""
        async with self.db.session() as session:
            self.tz = ZoneInfo(await directory_timezone(session))

    # -- one message --------------------------------------------------------

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        verdict = self.limiter.check(incoming.channel, incoming.address, self.clock.now())
        if verdict is not Verdict.OK:
            return await self._limited(incoming, verdict)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await self._handle_once(incoming, quick=attempt == 1)
            except IntegrityError as exc:
                if incoming.message_id and "processed_updates" in str(exc):
                    log.info("duplicate delivery %s:%s dropped", incoming.channel, incoming.message_id)
                    return []
                log.exception("integrity error handling a %s message", incoming.channel)
            except (OperationalError, DBAPIError, OSError) as exc:
                if _connection_lost(exc) and attempt < ATTEMPTS:
                    # A pooled connection the database closed (a restart, a cut): the pool has dropped it and
                    # the turn was rolled back, so the same message is handled again on a fresh connection.
                    log.warning("database connection lost while handling a %s message; trying again", incoming.channel)
                    continue
                log.error("database unavailable while handling a %s message: %s", incoming.channel, exc)
            except Exception:
                log.exception("unexpected error handling a %s message", incoming.channel)
            break
        self.metrics.message(incoming.channel, "error")
        return [Outgoing(text=t("error", self._guess_language(incoming)))]

    async def _handle_once(self, incoming: Incoming, *, quick: bool) -> list[Outgoing]:
        """One attempt in one transaction; `quick`: try the two-statement FAQ turn first (PostgreSQL)."""
        if quick and self.quick_faq_turns and self.db.is_postgresql:
            question = self._plain_question(incoming)
            if question is not None:
                replies = await faq_turn.answer(self, incoming, question)
                if replies is not None:
                    return replies
        async with self.db.session() as session:
            turn = await self._begin(session, incoming)
            if turn is None:
                return []
            if incoming.reference is not None:  # in this transaction: no second one per turn
                await people.save_reference(
                    session, incoming.channel, incoming.address, incoming.reference, row=turn.address_row
                )
            if not turn.handled:
                await self._dispatch(turn, incoming)
            self._remember_buttons(turn)
            self.metrics.message(incoming.channel, turn.decision)
            log.info(
                "handled a %s message (%s): %d replies, %d notifications",
                incoming.channel, turn.person.role, len(turn.replies), turn.notified,
                extra={
                    "event": "message", "channel": incoming.channel, "person_id": turn.person.id,
                    "ticket": turn.data.get("ticket"),
                },
            )
            return turn.replies

    @staticmethod
    def _plain_question(incoming: Incoming) -> str | None:
        """The cleaned text when the message can only be a question (no button, command, code or media)."""
        if incoming.payload is not None or incoming.location is not None or incoming.attachment is not None:
            return None
        if _invite_code(incoming) is not None:
            return None
        text = clean_text(incoming.text)
        if not text or len(text) > MAX_TEXT or text.startswith("/"):
            return None
        return text

    async def _limited(self, incoming: Incoming, verdict: Verdict) -> list[Outgoing]:
        """Over the per-minute limit: one friendly answer, then silence; a flood never reaches the database twice."""
        log.info("message over the per-minute limit (%s)", verdict.value, extra={"event": "rate_limited", "channel": incoming.channel})
        self.metrics.message(incoming.channel, "limited")
        if verdict is Verdict.DROP:
            return []
        lang = self._guess_language(incoming)
        try:
            async with self.db.session() as session:
                person = await people.find_by_address(session, incoming.channel, incoming.address)
                lang = (person.language if person else None) or lang
        except (OperationalError, DBAPIError, OSError):
            pass  # the guess will do
        return [Outgoing(text=t("slow_down", lang))]

    def _guess_language(self, incoming: Incoming) -> str:
        locale = (incoming.locale or "")[:2].lower()
        return locale if locale in LANGUAGES else self.default_language

    async def _begin(self, session, incoming: Incoming) -> Turn | None:  # type: ignore[no-untyped-def]
        now = self.clock.now()
        if incoming.message_id:  # a second delivery fails this INSERT: `handle` drops it (no SELECT first)
            # A plain INSERT of the table, not an ORM object and a flush: nothing reads the row back.
            await session.execute(
                insert(ProcessedUpdate.__table__).values(channel=incoming.channel, message_id=incoming.message_id, at=now)
            )
        code = _invite_code(incoming)
        if code is not None:
            return await self._redeem_invite(session, incoming, code, now)
        found = await people.load_for_turn(session, incoming.channel, incoming.address)
        person, address_row, conv, site = found if found is not None else (None, None, None, None)
        created = person is None
        if person is None:
            language = self._guess_language(incoming) if incoming.locale else None
            if language is None:
                language = detect_language(clean_text(incoming.text)) or self.default_language
            person = await people.create_person(
                session, role="employee", now=now, first_name=_first_name(incoming), language=language
            )
            address_row = await people.add_address(session, person, incoming.channel, incoming.address, now)
        if conv is None:
            conv = await people.conversation(session, person.id, now)
        turn = Turn(engine=self, session=session, now=now, person=person, conv=conv)
        turn.address_row = address_row
        turn.held = (site,)  # keeps the site in the session: `session.get(Site, ...)` then needs no query
        if created:
            turn.say(t("welcome", turn.lang))
        return turn

    async def _redeem_invite(self, session, incoming: Incoming, code: str, now) -> Turn:  # type: ignore[no-untyped-def]
        """Link this chat account to a coach or coordinator; the code is the only way to become one."""
        address = await session.scalar(
            select(Address).where(Address.channel == incoming.channel, Address.address == incoming.address)
        )
        current = await session.get(Person, address.person_id) if address else None
        invite = await invites.redeem(session, code, current.id if current else None, now)
        if invite is None:
            person = current or await people.create_person(
                session, role="employee", now=now, first_name=_first_name(incoming),
                language=self._guess_language(incoming) if incoming.locale else self.default_language,
            )
            if address is None:
                await people.add_address(session, person, incoming.channel, incoming.address, now)
            turn = Turn(engine=self, session=session, now=now, person=person, conv=await people.conversation(session, person.id, now))
            log.warning("invalid, used or expired invitation code on %s", incoming.channel)
            turn.say(t("invite_invalid", turn.lang))
            return turn
        model = Coach if invite.role == "coach" else Coordinator
        row = await session.get(model, invite.directory_id)
        if row is None:
            raise LookupError(f"invitation for unknown {invite.role} {invite.directory_id}")
        if row.person_id is None:
            language = (row.languages.split(",")[0] if isinstance(row, Coach) else None) or self.default_language
            person = await people.create_person(session, role=invite.role, now=now, first_name=row.name.split()[0], language=language)
            row.person_id = person.id
        else:
            person = await session.get(Person, row.person_id)
        if address is None:
            await people.add_address(session, person, incoming.channel, incoming.address, now)
        else:
            address.person_id = person.id  # this account now speaks as the coach, not as an employee
            address.created_at = now
        turn = Turn(engine=self, session=session, now=now, person=person, conv=await people.conversation(session, person.id, now))
        log.info("%s linked on %s by invitation", invite.role, incoming.channel, extra={"event": "linked", "person_id": person.id})
        turn.say(t("invite_welcome", turn.lang, name=row.name.split()[0]))
        turn.say(t("help_coach" if invite.role == "coach" else "help_coordinator", turn.lang))
        turn.handled = True
        return turn

    def _remember_buttons(self, turn: Turn) -> None:
        """A bare number or a button's label typed later picks from the last message's buttons."""
        if turn.replies:
            last = turn.replies[-1]
            turn.conv.buttons = buttons_json(last.buttons)

    async def _dispatch(self, turn: Turn, incoming: Incoming) -> None:
        if incoming.location is not None:
            await self._on_location(turn, incoming)
            return
        if incoming.attachment is not None and not incoming.text:
            await self._on_attachment(turn, incoming)
            return
        payload = incoming.payload
        raw = clean_text(incoming.text or (incoming.attachment.caption if incoming.attachment else None))
        if payload is None:
            if not raw:
                turn.say(t("empty", turn.lang))
                return
            if len(raw) > MAX_TEXT:
                raw = raw[:MAX_TEXT]
                turn.say(t("too_long", turn.lang))
            if raw.startswith("/"):
                turn.decision = "command"
                await self._command(turn, raw)
                return
            payload = self._button_for(turn, raw)
            if payload == "":
                return  # a number that matched nothing: already answered
        if payload is not None:
            turn.decision = "button"
            await self._on_payload(turn, payload)
            return
        await self._on_text(turn, raw)

    def _button_for(self, turn: Turn, text: str) -> str | None:
        buttons = stored_buttons(turn.conv.buttons)
        if is_button_number(text):
            if not buttons:
                turn.say(t("no_buttons", turn.lang))
                return ""
            index = int(text)
            if not 1 <= index <= len(buttons):
                turn.say(t("bad_number", turn.lang, count=len(buttons)))
                return ""
            return buttons[index - 1][1]
        return payload_of_label(buttons, text)

    # -- by role --------------------------------------------------------------

    async def _on_text(self, turn: Turn, text: str) -> None:
        role = turn.person.role
        if role == "employee":
            await employee_actions.on_text(turn, text)
        elif role == "coach":
            coach = await people.coach_of(turn.session, turn.person.id)
            if coach is None:
                turn.say(t("unknown_person", turn.lang))
                return
            await coach_actions.relay_to_employee(turn, coach, text)
        else:
            turn.say(t("coordinator_idle", turn.lang))

    async def _on_payload(self, turn: Turn, payload: str) -> None:
        """A button press: allowed by bot.engine.permissions first, then handled; a refused press changes nothing."""
        grant = await permissions.authorize(turn.session, turn.person, payload)
        if isinstance(grant, permissions.Refusal):
            log.warning(
                "button refused (%s): %s", grant.reason, grant.kind,
                extra={"event": "button_refused", "person_id": turn.person.id, "ticket": grant.ticket},
            )
            turn.say(t(grant.text, turn.lang, ticket=grant.ticket if grant.ticket is not None else "?"))
            return
        if not await self._press(turn, grant):
            log.info("stale %s button", grant.kind, extra={"event": "button_stale", "person_id": turn.person.id})
            turn.say(t("stale_button", turn.lang))

    async def _press(self, turn: Turn, grant: permissions.Grant) -> bool:
        """Run the handler of an allowed press; False when the ticket has moved on (a stale button)."""
        kind, args, coach = grant.kind, grant.args, grant.coach
        if kind == "lang":
            await self._set_language(turn, args[0])
            return True
        if kind == "assign":
            return await coordinator_actions.assign(turn, *args)
        if kind == "outcome":
            assert coach is not None
            return await coach_actions.close(turn, coach, int(args[0]), args[1], None)
        employee_handlers = {
            "site": employee_actions.on_site,
            "yes": employee_actions.on_yes,
            "no": employee_actions.on_no,
            "faq": employee_actions.on_pick,
            "none": employee_actions.on_none,
            "rate": employee_actions.on_rate,
        }
        if kind in employee_handlers:
            return await employee_handlers[kind](turn, *args)
        coach_handlers = {
            "accept": coach_actions.accept,
            "decline": coach_actions.decline,
            "reason": coach_actions.decline_reason,
            "close": coach_actions.ask_outcome,
            "handback": coach_actions.hand_back,
        }
        assert coach is not None and kind in coach_handlers, kind  # permissions.BUTTONS and this table agree
        return await coach_handlers[kind](turn, coach, *args)

    async def _command(self, turn: Turn, text: str) -> None:
        parts = text.split()
        command = parts[0].lower().split("@")[0]
        args = parts[1:]
        role = turn.person.role
        if command in ("/help", "/start"):
            key = {"employee": "help_employee", "coach": "help_coach"}.get(role, "help_coordinator")
            turn.say(t(key, turn.lang))
            if role == "employee" and turn.person.site_id is None and turn.person.lat is None:
                await employee_actions.ask_site(turn)
            return
        if command == "/lang":
            if len(args) == 1 and args[0].lower() in LANGUAGES:
                await self._set_language(turn, args[0].lower())
            else:
                turn.say(t("lang_usage", turn.lang))
            return
        refusal = permissions.command_refusal(command, role)
        if refusal is not None:
            log.info("command %s refused for a %s", command, role, extra={"event": "command_refused", "person_id": turn.person.id})
            turn.say(t(refusal, turn.lang, command=command))
            return
        if command == "/cancel":
            await employee_actions.cancel(turn)
            return
        if role == "coordinator" and command == "/tickets":
            await coordinator_actions.list_tickets(turn)
            return
        coach = await people.coach_of(turn.session, turn.person.id) if role == "coach" else None
        if coach is None:
            turn.say(t("unknown_command", turn.lang))
            return
        if command == "/pause":
            await coach_actions.pause(turn, coach, " ".join(args))
        elif command == "/resume":
            await coach_actions.resume(turn, coach)
        elif command == "/status":
            await coach_actions.status(turn, coach)
        elif command == "/tickets":
            await coach_actions.list_tickets(turn, coach)
        elif command == "/close":
            await coach_actions.close_command(turn, coach, args)
        else:
            turn.say(t("unknown_command", turn.lang))

    async def _set_language(self, turn: Turn, lang: str) -> None:
        turn.person.language = lang
        turn.say(t("lang_set", lang))

    async def _on_location(self, turn: Turn, incoming: Incoming) -> None:
        loc = incoming.location
        assert loc is not None
        if not (-90 <= loc.lat <= 90 and -180 <= loc.lon <= 180):
            turn.say(t("stale_button", turn.lang))
            return
        person = turn.person
        person.lat, person.lon, person.location_at = loc.lat, loc.lon, turn.now
        turn.say(t("location_saved", turn.lang))
        if person.site_id is None:
            sites = (await turn.session.execute(select(Site))).scalars().all()
            if sites:
                nearest = min(sites, key=lambda s: haversine_km(loc.lat, loc.lon, s.lat, s.lon))
                person.site_id = nearest.id
        if turn.conv.state == "ask_site":
            pending = turn.data.get("pending")
            turn.set_state("idle")
            if pending:
                await employee_actions.ask(turn, pending)
                return
            turn.say(t("ask_question", turn.lang))

    async def _on_attachment(self, turn: Turn, incoming: Incoming) -> None:
        attachment = incoming.attachment
        assert attachment is not None
        if attachment.kind != "photo":
            turn.say(t("media_unsupported", turn.lang))
            return
        if turn.person.role == "employee":
            ticket = await tickets.open_ticket_of_employee(turn.session, turn.person.id)
            if ticket is not None and ticket.state == "accepted":
                await employee_actions.relay_to_coach(turn, ticket, "", attachment=attachment)
                return
            turn.say(t("photo_outside", turn.lang))
            return
        if turn.person.role == "coach":
            coach = await people.coach_of(turn.session, turn.person.id)
            if coach is not None:
                await coach_actions.relay_to_employee(turn, coach, "", attachment=attachment)
                return
        turn.say(t("media_unsupported", turn.lang))

    # -- shared by turns and sweeps ----------------------------------------------

    async def after_capacity_freed(self, work: Work) -> None:
        """A coach became free (closed, resumed, cancelled): the oldest waiting tickets get a chance now."""
        await self._dispatch_waiting(work)

    async def _dispatch_waiting(self, work: Work, limit: int = 20) -> int:
        offered = 0
        for ticket_id in await tickets.waiting_tickets(work.session, limit):
            ticket = await tickets.lock_ticket(work.session, ticket_id, skip_locked=True)
            if ticket is None or ticket.state not in tickets.WAITING_STATES:
                continue
            if await offers.route(work, ticket, tell_employee=False) == "offered":
                offered += 1
        return offered

    # -- time-driven work ---------------------------------------------------------

    async def sweep(self) -> dict[str, int]:
        """Everything the clock causes. Safe to run on every replica, as often as you like."""
        counts = {
            "timed_out": await self._expire_offers(),
            "dispatched": 0,
            "alerted": await self._alert_waiting(),
            "reminded": await self._remind_coaches(),
            "auto_closed": await self._auto_close(),
            "settled": await self._settle_faq_answers(),
        }
        async with self.db.session() as session:
            counts["dispatched"] = await self._dispatch_waiting(Work(engine=self, session=session, now=self.clock.now()))
        return counts

    async def _expire_offers(self) -> int:
        """Offers past their deadline time out; offers held by a deactivated coach are withdrawn. Both re-route."""
        async with self.db.session() as session:
            ids = await tickets.tickets_with_dead_offers(session, self.clock.now())
        ended = 0
        for ticket_id in ids:
            async with self.db.session() as session:
                work = Work(engine=self, session=session, now=self.clock.now())
                ticket = await tickets.lock_ticket(session, ticket_id, skip_locked=True)
                if ticket is None:
                    continue
                for offer in await tickets.pending_offers(session, ticket_id):
                    coach = await session.get(Coach, offer.coach_id)
                    if offer.deadline <= work.now:
                        kind, key = "timed_out", "offer_timed_out_coach"
                    elif coach is None or not coach.active:
                        kind, key = "withdrawn", "offer_expired"
                    else:
                        continue
                    offer.status = kind
                    offer.answered_at = work.now
                    ended += 1
                    if kind == "timed_out":
                        self.metrics.offer_timeouts.inc()
                    await tickets.add_event(session, ticket_id, kind, work.now, coach_id=offer.coach_id)
                    if coach and coach.person_id:
                        lang = await work.language_of(coach.person_id)
                        await work.notify(coach.person_id, t(key, lang, ticket=ticket_id), key=f"{kind}:{offer.id}")
                if ticket.state == "offered" and not await tickets.pending_offers(session, ticket_id):
                    await offers.route(work, ticket)
        return ended

    async def _alert_waiting(self) -> int:
        limit = timedelta(hours=self.routing.queue_alert_working_hours)
        alerted = 0
        async with self.db.session() as session:
            work = Work(engine=self, session=session, now=self.clock.now())
            rows = await session.execute(
                select(Ticket).where(Ticket.state.in_(tickets.WAITING_STATES), Ticket.alerted_at.is_(None))
                .with_for_update(skip_locked=True)
            )
            for ticket in rows.scalars():
                since = ticket.queued_at or ticket.created_at
                if working_time_between(since, work.now, self.tz, self.coordinator_hours) >= limit:
                    if ticket.state == "queued":
                        await work.move(ticket, "escalated", detail="waited too long")
                    await offers.alert_coordinators(work, ticket)
                    alerted += 1
        return alerted

    async def _remind_coaches(self) -> int:
        cutoff = self.clock.now() - timedelta(hours=self.routing.reminder_hours)
        reminded = 0
        async with self.db.session() as session:
            work = Work(engine=self, session=session, now=self.clock.now())
            rows = await session.execute(
                select(Ticket).where(
                    Ticket.state == "accepted", Ticket.reminded_at.is_(None), Ticket.accepted_at <= cutoff
                ).with_for_update(skip_locked=True)
            )
            for ticket in rows.scalars():
                ticket.reminded_at = work.now
                coach = await session.get(Coach, ticket.coach_id) if ticket.coach_id else None
                employee = await session.get(Person, ticket.employee_id) if ticket.employee_id else None
                if coach and coach.person_id:
                    lang = await work.language_of(coach.person_id)
                    name = (employee.first_name if employee else None) or "?"
                    await work.notify(
                        coach.person_id, t("reminder_coach", lang, ticket=ticket.id, name=name),
                        coach_actions.helping_buttons(ticket.id, lang), key=f"remind:{ticket.id}",
                    )
                    reminded += 1
        return reminded

    async def _auto_close(self) -> int:
        """An employee who went silent does not keep a ticket open forever: it closes as no_show."""
        cutoff = self.clock.now() - timedelta(days=self.routing.no_show_days)
        closed = 0
        async with self.db.session() as session:
            work = Work(engine=self, session=session, now=self.clock.now())
            rows = await session.execute(
                select(Ticket).where(Ticket.state == "accepted", Ticket.last_activity_at <= cutoff)
                .with_for_update(skip_locked=True)
            )
            for ticket in rows.scalars():
                coach = await session.get(Coach, ticket.coach_id) if ticket.coach_id else None
                if coach is None:
                    continue
                await coach_actions.close_ticket(work, ticket, coach, "no_show", None, auto=True)
                if coach.person_id:
                    lang = await work.language_of(coach.person_id)
                    await work.notify(coach.person_id, t("auto_closed_coach", lang, ticket=ticket.id), key=f"autoclose:{ticket.id}")
                closed += 1
        return closed

    async def _settle_faq_answers(self) -> int:
        cutoff = self.clock.now() - timedelta(minutes=self.routing.feedback_minutes)
        settled = 0
        async with self.db.session() as session:
            work = Work(engine=self, session=session, now=self.clock.now())
            rows = await session.execute(
                select(Ticket).where(Ticket.state == "new", Ticket.updated_at <= cutoff).with_for_update(skip_locked=True)
            )
            for ticket in rows.scalars():
                await employee_actions.settle_unanswered(work, ticket)
                settled += 1
        return settled

    # -- channel support -------------------------------------------------------

    async def on_unreachable(self, gone: Unreachable) -> None:
        """A person we can no longer reach: coordinators are told; a coach's pending offers go to someone else."""
        if gone.person_id is None:
            return
        async with self.db.session() as session:
            work = Work(engine=self, session=session, now=self.clock.now())
            await self._report_unreachable(work, gone)
            coach = await people.coach_of(session, gone.person_id)
            if coach is None:
                return
            rows = await session.execute(select(Offer).where(Offer.coach_id == coach.id, Offer.status == "pending"))
            for offer in rows.scalars():
                ticket = await tickets.lock_ticket(session, offer.ticket_id)
                offer.status = "unreachable"
                offer.answered_at = work.now
                await tickets.add_event(session, offer.ticket_id, "unreachable", work.now, coach_id=coach.id)
                if ticket and ticket.state == "offered" and not await tickets.pending_offers(session, ticket.id):
                    await offers.route(work, ticket)
            log.warning("coach unreachable on %s; pending offers re-routed", gone.channel, extra={"event": "unreachable", "person_id": gone.person_id})

    async def _report_unreachable(self, work: Work, gone: Unreachable) -> None:
        """Once a day per person and coordinator; never about a coordinator, so an unreachable one cannot loop."""
        person = await work.session.get(Person, gone.person_id)
        if person is None or person.role == "coordinator":
            return
        coach = await people.coach_of(work.session, person.id) if person.role == "coach" else None
        name = (coach.name if coach else person.first_name) or "?"
        day = work.now.astimezone(self.tz).date().isoformat()
        for coordinator in await people.active_coordinators(work.session):
            key = f"unreachable:{person.id}:{coordinator.id}:{day}"
            if await work.session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None:
                continue
            lang = await work.language_of(coordinator.person_id)
            await work.notify(
                coordinator.person_id, t("unreachable_coordinator", lang, name=name, channel=gone.channel), key=key
            )

    async def link_directory_person(self, channel: str, address: str, role: str, directory_id: str) -> bool:
        """Give a coach or coordinator from the directory a channel address (console, invitations)."""
        async with self.db.session() as session:
            now = self.clock.now()
            model = Coach if role == "coach" else Coordinator
            row = await session.get(model, directory_id)
            if row is None:
                return False
            if row.person_id is None:
                language = (row.languages.split(",")[0] if isinstance(row, Coach) else None) or self.default_language
                person = await people.create_person(
                    session, role=role, now=now, first_name=row.name.split()[0], language=language
                )
                row.person_id = person.id
            else:
                person = await session.get(Person, row.person_id)
            if await people.find_by_address(session, channel, address) is None:
                await people.add_address(session, person, channel, address, now)
            return True


def _connection_lost(exc: BaseException) -> bool:
    """The error says the connection died (not that the database refused the statement)."""
    return isinstance(exc, ConnectionLost) or bool(getattr(exc, "connection_invalidated", False))


def _invite_code(incoming: Incoming) -> str | None:
    """A deep-link code, `/start CODE`, or a code typed on its own (Teams)."""
    if incoming.start_code:
        return incoming.start_code
    text = (incoming.text or "").strip()
    if text.lower().startswith("/start "):
        text = text[7:].strip()
    return text if invites.normalise_code(text) else None


def _first_name(incoming: Incoming) -> str | None:
    if incoming.display_name:
        return incoming.display_name.split()[0][:50]
    if incoming.channel == "console":
        return incoming.address.split(":")[-1][:50].capitalize()
    return None
