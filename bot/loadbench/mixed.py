"""The mixed scenario of `digicoach bench load`: whole conversations, with simulated coaches.

New employees onboard, ask questions the FAQ answers, pick suggestions, and
ask questions nobody answers, which the bot offers to a coach. Coaches are
simulated too: each is a directory coach on duty around the clock (capacity
1, linked to a fake chat account by an invitation code, as a real coach is),
who finds the offer in its inbox at the fake platform, declines some and
accepts the rest, answers the employee's messages, and closes the ticket with
an outcome; the employee then rates the help.

What a message is timed to: the reply to its sender, as in the FAQ scenario
(the last message of that turn at the fake platform). A message relayed
between employee and coach gets no reply; it is timed to its arrival at the
other person's fake inbox (through the replica's outbox).

Every loop stops at the phase's end or at its message cap; every wait is
bounded (REPLY_TIMEOUT for a timed message, the phase's end otherwise).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable

import aiohttp

from bot.loadbench.fakes import Inbox, Reply
from bot.loadbench.load import QUESTIONS, REPLY_TIMEOUT, Employees, Options, Result
from bot.texts import TEXTS

# Questions the shipped FAQ answers with suggestions, and ones it routes to a coach (checked at start).
SUGGESTED = ("paswoord", "ik heb een probleem met mijn paswoord", "mail", "nieuwe gsm", "mijn gsm is stuk", "ik kan niet inloggen")
ROUTED = (
    "vraag over mijn contract",
    "wie is mijn leidinggevende",
    "de kopieerkast is leeg",
    "het programma loopt vast",
    "wanneer is de personeelsfeest",
)
EMPLOYEE_LINES = ("Ik krijg een foutmelding als ik inlog", "Het lukt nog altijd niet, wat nu")
COACH_LINES = ("Welke foutmelding zie je precies", "Probeer het opnieuw met je nieuwe paswoord")
RELAYS = len(EMPLOYEE_LINES)  # messages each way in a ticket with a coach
OUTCOME = "resolved"
COACH_HOURS = "mon-sun 00:00-24:00"  # routing/hours.py: every day, all day: on duty whenever the bench runs
COACH_CAPACITY = 1  # one ticket at a time: what a coach types always goes to the ticket it is helping with
COACH_BASE = 500_000  # chat account numbers: FAQ employees from 0, coaches from here, mixed employees from EMPLOYEE_BASE
EMPLOYEE_BASE = 1_000_000

# -- the proportions ---------------------------------------------------------------------------------------
# Each timed message is one step. A conversation is a fixed sequence of steps; the coach's steps of a ticket
# are sent by the coach.
STEPS: dict[str, str] = {
    "hello": "new employee's first message (asked for a site)",
    "site": "new employee picks a site",
    "faq": "question answered from the FAQ",
    "suggested": "question answered with suggestions",
    "picked": "suggestion picked (its answer shown)",
    "routed": "question routed (offered to a coach)",
    "accepted": "offer accepted (coach)",
    "declined": "offer declined (coach; offered to the next coach)",
    "to_coach": "message relayed employee -> coach",
    "to_employee": "message relayed coach -> employee",
    "closing": "Close pressed (coach; asked for the outcome)",
    "closed": "outcome picked (coach; ticket closed, employee asked to rate)",
    "rated": "rating given (employee)",
}
_HELP = ("routed", "accepted") + ("to_coach", "to_employee") * RELAYS + ("closing", "closed", "rated")
CONVERSATIONS: dict[str, tuple[str, ...]] = {
    "onboarding": ("hello", "site"),
    "faq": ("faq",),
    "suggest": ("suggested", "picked"),
    "help": _HELP,
    "help_declined": ("routed", "declined") + _HELP[1:],  # the first coach declines, the next one accepts
}
# One employee's life: onboarding, then these 19 conversations, after which a new employee takes the place.
# Each life starts at another point of the cycle (LIFE_SHIFT further), so lives started together differ.
LIFE = (
    "help_declined", "faq", "suggest", "faq", "faq", "faq", "help", "faq", "suggest", "faq",
    "faq", "faq", "help", "faq", "suggest", "faq", "suggest", "faq", "faq",
)
LIFE_SHIFT = 5


def life_of(number: int) -> tuple[str, ...]:
    """The conversations of life `number`: LIFE, starting LIFE_SHIFT further for each life."""
    shift = number * LIFE_SHIFT % len(LIFE)
    return LIFE[shift:] + LIFE[:shift]


def mix() -> dict[str, float]:
    """Timed messages per step per 100, as the tables above make them (one life is 50 timed messages)."""
    counts: Counter[str] = Counter(CONVERSATIONS["onboarding"])
    for kind in LIFE:
        counts.update(CONVERSATIONS[kind])
    total = sum(counts.values())
    return {step: counts[step] * 100 / total for step in STEPS}


def describe_mix() -> str:
    """The proportions in words, for the output's header."""
    m = {k: f"{v:g}" for k, v in mix().items()}
    return (
        f"mixed scenario, timed messages per 100: {m['hello']} hello + {m['site']} site picked (new employees), "
        f"{m['faq']} FAQ answers, {m['suggested']} questions with suggestions + {m['picked']} suggestions picked, "
        f"{m['routed']} questions routed, {m['accepted']} offers accepted, {m['declined']} declined, "
        f"{m['to_coach']} messages relayed employee->coach, {m['to_employee']} coach->employee, "
        f"{m['closing']} Close + {m['closed']} outcome (tickets closed), {m['rated']} ratings; "
        f"as many coaches as employees (capacity {COACH_CAPACITY}, hours {COACH_HOURS})"
    )


# -- what the bot says ---------------------------------------------------------------------------------------


def said(key: str, **fixed: object) -> re.Pattern[str]:
    """A pattern for the Dutch text `key` of bot/texts.py: placeholders in `fixed` literally, others any text."""
    out: list[str] = []
    seen: set[str] = set()
    for part in re.split(r"(\{\w+\})", TEXTS[key]["nl"]):
        name = part[1:-1] if part.startswith("{") and part.endswith("}") else None
        if name is None:
            out.append(re.escape(part))
        elif name in fixed:
            out.append(re.escape(str(fixed[name])))
        elif name in seen:
            out.append(f"(?P={name})")
        else:
            seen.add(name)
            out.append(f"(?P<{name}>.*?)")
    return re.compile("".join(out), re.S)


# Replies that mean a message went wrong: any of them counts the message as an error reply, not an answer.
TROUBLE = tuple(
    said(key) for key in (
        "error", "stale_button", "not_your_offer", "offer_expired", "already_taken", "ticket_over",
        "no_current_ticket", "waiting_for_coach", "slow_down", "invite_invalid", "unknown_person",
        "unknown_command", "no_buttons", "bad_number", "site_unknown", "nothing_to_close", "close_usage",
        "empty", "too_long", "nothing_to_cancel",
    )
)


def trouble(reply: Reply) -> bool:
    text = reply.content
    return any(p.search(text) for p in TROUBLE)


def check_questions() -> None:
    """Fail early if the shipped FAQ no longer suggests or routes the mixed scenario's questions."""
    from bot.app import faq_paths
    from bot.config import Config
    from faq.live import LiveKnowledgeBase
    from faq.matcher import Decision

    _, matcher = LiveKnowledgeBase(faq_paths(Config())).current()
    wrong = [q for q in SUGGESTED if matcher.match(q, "nl").decision != Decision.SUGGEST]
    wrong += [q for q in ROUTED if matcher.match(q, "nl").decision != Decision.ROUTE]
    if wrong:
        raise RuntimeError(f"the FAQ no longer suggests or routes these bench questions as expected: {wrong}")


# -- the directory and the coaches' accounts -------------------------------------------------------------------


def coach_id(index: int) -> str:
    return f"bench-coach-{index}"


def coach_name(index: int) -> str:
    return f"Coach{index}"  # one word: the bot calls a coach by the directory name, an employee by first name


def write_directory(path: Path, coaches: int) -> Path:
    """The demo directory's sites and `coaches` coaches spread over them, on duty all week, all day."""
    from routing.directory import default_directory_path, load_directory

    sites = load_directory(default_directory_path()).sites
    lines = ['# Generated by digicoach bench load.', 'timezone = "Europe/Brussels"', ""]
    for site in sites:
        lines += ["[[site]]", f"id = {json.dumps(site.id)}", f"name = {json.dumps(site.name)}",
                  f"lat = {site.lat!r}", f"lon = {site.lon!r}"]
        if site.department:
            lines.append(f"department = {json.dumps(site.department)}")
        lines.append("")
    for i in range(max(1, coaches)):
        lines += ["[[coach]]", f"id = {json.dumps(coach_id(i))}", f"name = {json.dumps(coach_name(i))}",
                  f"site = {json.dumps(sites[i % len(sites)].id)}", 'languages = ["nl", "en", "fr"]',
                  f"capacity = {COACH_CAPACITY}", f"hours = [{json.dumps(COACH_HOURS)}]", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    load_directory(path)  # raises DirectoryError naming the problem, before any replica reads it
    return path


async def invitations(db_url: str, ids: list[str]) -> list[str]:
    """One invitation code per coach, made as `digicoach invite coach:ID` makes them (storage.invites)."""
    from datetime import timedelta

    from bot.clock import SystemClock
    from storage.db import Database
    from storage.invites import create_invite

    db = Database(db_url)
    try:
        async with db.session() as session:
            return [await create_invite(session, "coach", ident, SystemClock().now(), timedelta(days=1)) for ident in ids]
    finally:
        await db.dispose()


async def database_counts(db_url: str, ids: list[str]) -> dict[str, int]:
    """What the database says happened with these coaches' tickets (tickets as `digicoach tickets list --json` reads them)."""
    from sqlalchemy import func, select

    from storage.db import Database
    from storage.models import Offer, OutboxMessage, RelayedMessage, Ticket
    from storage.reports import ticket_rows

    db = Database(db_url)
    try:
        async with db.session() as session:
            offers = dict((await session.execute(
                select(Offer.status, func.count()).where(Offer.coach_id.in_(ids)).group_by(Offer.status)
            )).all())
            relayed = await session.scalar(
                select(func.count()).select_from(RelayedMessage).join(Ticket, Ticket.id == RelayedMessage.ticket_id)
                .where(Ticket.coach_id.in_(ids))
            )
            failed = await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.failed_at.is_not(None)))
            rows = [r for r in await ticket_rows(session) if r.coach in set(ids)]
    finally:
        await db.dispose()
    return {
        "accepted": int(offers.get("accepted", 0)),
        "declined": int(offers.get("declined", 0)),
        "relayed": int(relayed or 0),
        "closed": sum(1 for r in rows if r.state == "closed" and r.outcome),
        "rated": sum(1 for r in rows if r.rating is not None),
        "outbox_failed": int(failed or 0),
    }


# -- the actors -------------------------------------------------------------------------------------------------


@dataclass
class Actor:
    n: int  # the chat account's number (Employees.body)
    name: str  # what the bot calls them
    box: Inbox


class Mixed:
    """One measured phase of the mixed scenario on one channel."""

    def __init__(self, chats: Employees, options: Options, result: Result, coaches: list[Actor], first: int) -> None:
        self.chats, self.options, self.result, self.coaches, self.first = chats, options, result, coaches, first
        self.by_name: dict[str, Actor] = {c.name: c for c in coaches}
        self.decline_first: dict[str, bool] = {}  # employee name -> their current ticket is declined once first
        self.declined: set[str] = set()  # tickets declined once already
        self.asking: dict[str, Actor] = {}  # employees with a question for a coach not yet rated
        self.sent = 0
        self.lives = itertools.count()
        self.first_lives: list[tuple[Actor, tuple[str, ...]]] = []  # made by `prepare`
        self.lines = itertools.count(1)
        self.faq = itertools.cycle(QUESTIONS)
        self.suggested = itertools.cycle(SUGGESTED)
        self.routed = itertools.cycle(ROUTED)
        self.start = self.last = time.perf_counter()
        self.stop_at = self.start + options.duration
        if chats.channel == "telegram":  # the site buttons, then "Of deel je locatie..." with the location keyboard
            hint = said("location_hint")
            self.hello_done: Callable[[Reply], Any] = lambda r: hint.search(r.text)
        else:
            self.hello_done = lambda r: r.button("site:")
        self.ask_question = said("ask_question")
        self.looking = said("looking_for_coach")
        self.coach_found = said("coach_found")
        self.offer = said("offer")
        self.declined_text = said("declined")
        self.thanks = said("rating_thanks")

    def running(self) -> bool:
        return time.perf_counter() < self.stop_at and self.sent < self.options.max_messages

    async def prepare(self, employees: int) -> None:
        """Before the measured phase, untimed: the first employees, already onboarded and part-way through a life.

        Slot k starts at conversation k * len(LIFE) // employees of its (rotated) life, so that lives end, and new
        employees arrive, spread over the phase rather than all at its start.
        """
        self.lives = itertools.count(employees)
        firsts = []
        for k in range(employees):
            n = self.first + k
            me = Actor(n, f"Emp{n}", self.chats.inbox(n))
            self.by_name[me.name] = me
            firsts.append(me)
        onboarded = await asyncio.gather(*(self.onboard(me, timed=False) for me in firsts))
        self.result.onboarding_failed = onboarded.count(False)
        for k, me in enumerate(firsts):
            if onboarded[k]:
                self.first_lives.append((me, life_of(k)[k * len(LIFE) // employees:]))

    async def run(self, employees: int) -> None:
        self.start = self.last = time.perf_counter()
        self.stop_at = self.start + self.options.duration
        firsts = self.first_lives + [None] * (employees - len(self.first_lives))
        await asyncio.gather(*(self.employee(first) for first in firsts), *(self.coach(c) for c in self.coaches))
        self.result.seconds = self.last - self.start

    # -- timing ----------------------------------------------------------------------------------------------

    async def step(self, name: str, sender: Actor, send: Callable[[], Awaitable[int]], box: Inbox,
                   expect: Callable[[Reply], Any]) -> Reply | None:
        """One timed message: sent by `sender`, done when a reply passing `expect` reaches `box`."""
        if not self.running():
            return None
        self.sent += 1
        since, own = len(box.replies), len(sender.box.replies)
        start = time.perf_counter()
        try:
            status = await send()
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
            status = 0
        reply: Reply | None = None
        if status == 200:
            # In the sender's own inbox an error reply ends the wait; elsewhere (a relayed message) it is looked
            # for in the sender's inbox once the wait is over.
            same = box is sender.box
            reply = await box.wait_for(since, (lambda r: expect(r) or trouble(r)) if same else expect, REPLY_TIMEOUT)
            if reply is not None and expect(reply):
                self.result.latencies.append(reply.at - start)
                self.result.steps[name] += 1
                self.result.step_latencies.setdefault(name, []).append(reply.at - start)
                self.last = time.perf_counter()
                return reply
            if reply is None:
                reply = next((r for r in sender.box.replies[own:] if trouble(r)), None)
        if reply is not None:
            self.result.other += 1
            self.result.problems.append(f"{name}: {reply.content[:100]!r}")
        else:
            self.result.errors += 1
            self.result.problems.append(f"{name}: HTTP {status}" if status != 200 else f"{name}: nothing within {REPLY_TIMEOUT:g}s")
        self.last = time.perf_counter()
        return None

    async def untimed(self, name: str, sender: Actor, send: Callable[[], Awaitable[int]], box: Inbox,
                      expect: Callable[[Reply], Any]) -> Reply | None:
        """`step` outside the measured phase: not counted, not capped."""
        since = len(box.replies)
        try:
            if await send() != 200:
                return None
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
            return None
        return await box.wait_for(since, expect, REPLY_TIMEOUT)

    async def wait(self, box: Inbox, since: int, test: Callable[[Reply], Any]) -> int | None:
        """An untimed wait (for what someone else's message caused), until the phase ends."""
        while self.running():
            index = await box.wait_index(since, test, min(0.5, max(0.0, self.stop_at - time.perf_counter())))
            if index is not None:
                return index
        return None

    def say(self, actor: Actor, text: str) -> Callable[[], Awaitable[int]]:
        return lambda: self.chats.post(actor.n, text)

    def press(self, actor: Actor, reply: Reply, payload: str) -> Callable[[], Awaitable[int]]:
        return lambda: self.chats.press(actor.n, reply, payload)

    # -- employees ----------------------------------------------------------------------------------------------

    async def employee(self, first: tuple[Actor, tuple[str, ...]] | None) -> None:
        """Lives one after another: a new employee onboards and has a life's conversations, then the next one comes."""
        conversations = {"faq": self.ask_faq, "suggest": self.ask_suggested, "help": self.get_help,
                         "help_declined": self.get_help_declined}
        while self.running():
            if first is not None:
                (me, life), first = first, None
            else:
                number = next(self.lives)
                n = self.first + number
                me = Actor(n, f"Emp{n}", self.chats.inbox(n))
                self.by_name[me.name] = me
                if not await self.onboard(me):
                    continue
                life = life_of(number)
            for kind in life:
                if not self.running() or not await conversations[kind](me):
                    break  # a conversation that went wrong leaves state behind: the next employee starts afresh

    async def onboard(self, me: Actor, timed: bool = True) -> bool:
        """Hello, then a site picked from the buttons (untimed: the warm-up before the phase)."""
        exchange = self.step if timed else self.untimed
        if await exchange("hello", me, self.say(me, "hallo"), me.box, self.hello_done) is None:
            return False
        sites = next((r for r in reversed(me.box.replies) if r.button("site:")), None)
        if sites is None:
            return False
        choices = [p for p in sites.payloads() if p.startswith("site:")]
        choice = choices[me.n % len(choices)]  # spread over the sites, so over the coaches nearest to them
        picked = await exchange("site", me, self.press(me, sites, choice), me.box, lambda r: self.ask_question.search(r.content))
        return picked is not None

    async def ask_faq(self, me: Actor) -> bool:
        return await self.step("faq", me, self.say(me, next(self.faq)), me.box, lambda r: r.feedback) is not None

    async def ask_suggested(self, me: Actor) -> bool:
        shown = await self.step("suggested", me, self.say(me, next(self.suggested)), me.box, lambda r: r.button("faq:"))
        if shown is None:
            return False
        pick = shown.button("faq:")
        assert pick is not None
        return await self.step("picked", me, self.press(me, shown, pick), me.box, lambda r: r.feedback) is not None

    async def get_help_declined(self, me: Actor) -> bool:
        return await self.get_help(me, decline_first=True)

    async def get_help(self, me: Actor, decline_first: bool = False) -> bool:
        """Ask what the FAQ cannot answer; talk with the coach who takes it; rate once the coach has closed it."""
        self.decline_first[me.name] = decline_first
        self.asking[me.name] = me
        mark = len(me.box.replies)
        if await self.step("routed", me, self.say(me, next(self.routed)), me.box, lambda r: self.looking.search(r.content)) is None:
            return False
        index = await self.wait(me.box, mark, lambda r: self.coach_found.search(r.content))
        if index is None:
            return False
        found = self.coach_found.search(me.box.replies[index].content)
        coach = self.by_name.get(found.group("coach")) if found else None
        if coach is None:
            return False
        mark = index + 1
        for line in EMPLOYEE_LINES:
            text = f"{line} ({next(self.lines)})"
            if await self.step("to_coach", me, self.say(me, text), coach.box, lambda r, text=text: text in r.content) is None:
                return False
            index = await self.wait(me.box, mark, lambda r: r.content.startswith(f"{coach.name}: "))
            if index is None:
                return False
            mark = index + 1
        index = await self.wait(me.box, mark, lambda r: r.button("rate:"))
        if index is None:
            return False
        closed = me.box.replies[index]
        ticket = str(closed.button("rate:")).split(":")[1]
        score = 4 + int(ticket) % 2
        done = await self.step("rated", me, self.press(me, closed, f"rate:{ticket}:{score}"), me.box,
                               lambda r: self.thanks.search(r.content))
        if done is None:
            return False
        del self.asking[me.name]
        return True

    # -- coaches ------------------------------------------------------------------------------------------------

    async def coach(self, me: Actor) -> None:
        """Offers one after another: decline (when the employee's conversation says so) or accept and help."""
        offers = len(me.box.replies)
        while self.running():
            index = await self.wait(me.box, offers, lambda r: r.button("accept:"))
            if index is None:
                return
            offers = index + 1
            offer = me.box.replies[index]
            ticket = str(offer.button("accept:")).split(":", 1)[1]
            match = self.offer.search(offer.content)
            employee = self.by_name.get(match.group("name")) if match else None
            if employee is None:
                self.result.other += 1
                self.result.problems.append(f"offer from an unknown employee: {offer.content[:100]!r}")
                continue
            if self.decline_first.get(employee.name) and ticket not in self.declined:
                self.declined.add(ticket)
                await self.step("declined", me, self.press(me, offer, f"decline:{ticket}"), me.box,
                                lambda r: self.declined_text.search(r.content))
                continue
            await self.help(me, offer, ticket, employee)

    async def help(self, me: Actor, offer: Reply, ticket: str, employee: Actor) -> None:
        session = len(me.box.replies)
        accepted = said("accepted_coach", ticket=ticket)
        if await self.step("accepted", me, self.press(me, offer, f"accept:{ticket}"), me.box,
                           lambda r: accepted.search(r.content)) is None:
            return
        relayed: Reply | None = None
        for line in COACH_LINES:
            index = await self.wait(  # the employee's message, relayed with a Close button for this ticket
                me.box, session, lambda r: r.content.startswith(f"{employee.name}: ") and r.button(f"close:{ticket}")
            )
            if index is None:
                return
            session, relayed = index + 1, me.box.replies[index]
            text = f"{line} ({next(self.lines)})"
            if await self.step("to_employee", me, self.say(me, text), employee.box, lambda r, text=text: text in r.content) is None:
                return
        assert relayed is not None
        outcomes = await self.step("closing", me, self.press(me, relayed, f"close:{ticket}"), me.box,
                                   lambda r: r.button(f"outcome:{ticket}:"))
        if outcomes is None:
            return
        closed = said("closed_coach", ticket=ticket)
        await self.step("closed", me, self.press(me, outcomes, f"outcome:{ticket}:{OUTCOME}"), me.box,
                        lambda r: closed.search(r.content))

    async def wind_down(self) -> None:
        """After the phase, untimed: employees cancel what a coach has not closed, coaches /pause.

        So no question of this phase waits for the next phase's coaches, and no coach of this one gets
        the next phase's questions.
        """
        cancelled = re.compile("|".join(p.pattern for p in (said("cancelled"), said("nothing_to_cancel"))))
        await asyncio.gather(*(self.untimed("cancel", a, self.say(a, "/cancel"), a.box, lambda r: cancelled.search(r.content))
                               for a in self.asking.values()))
        paused = said("paused")
        await asyncio.gather(*(self.untimed("pause", c, self.say(c, "/pause"), c.box, lambda r: paused.search(r.content))
                               for c in self.coaches))


# -- a phase --------------------------------------------------------------------------------------------------


async def link_coaches(chats: Employees, db_url: str, indexes: list[int]) -> list[Actor]:
    """Each coach redeems an invitation from its chat (Teams: the code typed; Telegram: the /start deep link)."""
    codes = await invitations(db_url, [coach_id(i) for i in indexes])
    welcome = said("invite_welcome")
    actors = []
    for i in indexes:
        n = COACH_BASE + i
        chats.names[n] = coach_name(i)
        actors.append(Actor(n, coach_name(i), chats.inbox(n)))

    async def link(actor: Actor, code: str) -> bool:
        text = f"/start {code.replace('-', '')}" if chats.channel == "telegram" else code
        since = len(actor.box.replies)
        if await chats.post(actor.n, text) != 200:
            return False
        return await actor.box.wait_for(since, lambda r: welcome.search(r.content), REPLY_TIMEOUT) is not None

    linked = await asyncio.gather(*(link(a, c) for a, c in zip(actors, codes)))
    if not all(linked):
        raise RuntimeError(f"{linked.count(False)} of {len(actors)} coaches could not be linked by their invitation codes")
    return actors


LABELS = {  # column heads of the per-step table under a mixed row
    "hello": "hello", "site": "site", "faq": "faq", "suggested": "suggest", "picked": "picked", "routed": "routed",
    "accepted": "accept", "declined": "decline", "to_coach": "to_coach", "to_employee": "to_empl",
    "closing": "close", "closed": "outcome", "rated": "rated",
}


def step_lines(result: Result) -> list[str]:
    """Under a mixed row: each step's share of the timed messages (as measured; planned: the header) and latency."""
    total = sum(result.steps.values()) or 1
    shares, p50s, p99s = [], [], []
    for step in STEPS:
        times = sorted(result.step_latencies.get(step, []))
        shares.append(f"{result.steps[step] * 100 / total:>9.1f}")
        p50s.append(f"{statistics.median(times) * 1000:>9.0f}" if times else f"{'-':>9}")
        p99s.append(f"{times[min(len(times) - 1, int(0.99 * len(times)))] * 1000:>9.0f}" if times else f"{'-':>9}")
    return [
        "  step     " + "".join(f"{LABELS[step]:>9}" for step in STEPS),
        "  per 100  " + "".join(shares),
        "  p50 ms   " + "".join(p50s),
        "  p99 ms   " + "".join(p99s),
    ]


def database_line(result: Result) -> str:
    """The database's account of the phase's tickets, next to the timed messages that should have caused it."""
    d, s = result.db_counts, result.steps
    timed = {
        "accepted": s["accepted"], "declined": s["declined"], "relayed": s["to_coach"] + s["to_employee"],
        "closed": s["closed"], "rated": s["rated"],
    }
    differ = [f"{k} {d.get(k, 0)} vs {v} timed" for k, v in timed.items() if d.get(k, 0) != v]
    return (
        f"  database: {d.get('accepted', 0)} offers accepted, {d.get('declined', 0)} declined, "
        f"{d.get('relayed', 0)} messages relayed, {d.get('closed', 0)} tickets closed with an outcome, "
        f"{d.get('rated', 0)} rated; {d.get('outbox_failed', 0)} outbox messages given up; "
        + ("as timed" if not differ else "differs from the timed messages: " + ", ".join(differ))
    )
