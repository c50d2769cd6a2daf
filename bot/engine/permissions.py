"""Who may do what: every command and every button kind, in one table.

The engine asks here before it dispatches anything, so a role or ownership
check cannot be forgotten in one handler. A button payload comes back from
a chat platform (Telegram callback data, a Teams card's `data`), and a
client can send any payload it likes; so its shape is checked, the role of
the person pressing it, and whether the ticket or offer it names belongs to
them, all against the database. Handlers still check *state* (is the offer
still pending?) because that may change between the press and now.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Pattern

from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import LANGUAGES
from routing.lifecycle import OUTCOMES
from storage import owners, people
from storage.models import Coach, Person

EMPLOYEE, COACH, COORDINATOR = "employee", "coach", "coordinator"
EVERYONE = frozenset({EMPLOYEE, COACH, COORDINATOR})

# -- commands ----------------------------------------------------------------

COMMANDS: dict[str, frozenset[str]] = {
    "/help": EVERYONE,
    "/start": EVERYONE,
    "/lang": EVERYONE,
    "/cancel": frozenset({EMPLOYEE}),
    "/pause": frozenset({COACH}),
    "/resume": frozenset({COACH}),
    "/status": frozenset({COACH}),
    "/close": frozenset({COACH}),
    "/accept": frozenset({COACH}),
    "/tickets": frozenset({COACH, COORDINATOR}),  # a coach sees their own; a coordinator the stuck ones
    "/faq": frozenset({COORDINATOR}),  # review what the FAQ could learn (bot/engine/faq_review.py)
    "/scan": frozenset({EMPLOYEE}),  # the digital-skills self-scan (bot/engine/scan.py)
    "/web": frozenset({COORDINATOR}),  # a one-time sign-in link to the web console (bot/engine/web_link.py)
}


def command_refusal(command: str, role: str) -> str | None:
    """The text key to answer when `role` may not use `command`; None when allowed or unknown.

    Unknown commands are left to the engine's "I don't know that command".
    The answer names who the command is for, so it reads as a plain
    explanation rather than an error.
    """
    roles = COMMANDS.get(command)
    if roles is None or role in roles:
        return None
    if EMPLOYEE in roles:
        return "only_employee"
    if COACH in roles:
        return "only_coach"
    return "only_coordinator"


# -- buttons -----------------------------------------------------------------

MAX_PAYLOAD = 200  # ours are < 64 bytes (Telegram's callback limit); anything longer is forged
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; a bigger one would be a database error, not a refusal
_ID = re.compile(r"[0-9]{1,10}")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # site, coach and FAQ entry ids

Arg = Pattern[str] | frozenset[str]


@dataclass(frozen=True)
class ButtonRule:
    """Who may press a kind of button, the shape of its arguments, and whose object it must name.

    owner: None (any holder of the role), "ticket_employee" (the employee who
    asked the ticket), "offered_coach" (a coach the ticket was offered to, at
    any time: the handler explains an expired offer), "ticket_coach" (the
    coach who holds the ticket now), "offer_coach" (the coach of that offer), "scan_person" (the person whose
    self-scan it is) or "training_scope" (a coordinator who looks after the training request's department).
    """

    roles: frozenset[str]
    args: tuple[Arg, ...]
    owner: str | None = None


_EMP, _COACH, _COORD = frozenset({EMPLOYEE}), frozenset({COACH}), frozenset({COORDINATOR})

BUTTONS: dict[str, ButtonRule] = {
    "lang": ButtonRule(EVERYONE, (frozenset(LANGUAGES),)),
    "site": ButtonRule(_EMP, (_NAME,)),
    "topic": ButtonRule(_EMP, (_NAME,)),
    "yes": ButtonRule(_EMP, (_ID,), "ticket_employee"),
    "no": ButtonRule(_EMP, (_ID,), "ticket_employee"),
    "faq": ButtonRule(_EMP, (_ID, _NAME), "ticket_employee"),
    "none": ButtonRule(_EMP, (_ID,), "ticket_employee"),
    "rate": ButtonRule(_EMP, (_ID, frozenset("12345")), "ticket_employee"),
    "accept": ButtonRule(_COACH, (_ID,), "offered_coach"),
    "decline": ButtonRule(_COACH, (_ID,), "offered_coach"),
    "reason": ButtonRule(_COACH, (_ID, frozenset({"busy", "topic", "away"})), "offer_coach"),
    "close": ButtonRule(_COACH, (_ID,), "ticket_coach"),
    "outcome": ButtonRule(_COACH, (_ID, frozenset(OUTCOMES)), "ticket_coach"),
    "handback": ButtonRule(_COACH, (_ID,), "ticket_coach"),
    "assign": ButtonRule(_COORD, (_ID, _NAME)),
    "faqmark": ButtonRule(_COACH, (_ID,), "ticket_coach"),  # "good FAQ question" on a ticket they closed
    "faqmarkno": ButtonRule(_COACH, (_ID,), "ticket_coach"),
    "faqok": ButtonRule(_COORD, (_ID,)),  # FAQ candidates: any coordinator may decide; first decision wins
    "faqedit": ButtonRule(_COORD, (_ID,)),
    "faqno": ButtonRule(_COORD, (_ID,)),
    "faqskip": ButtonRule(_COORD, (_ID,)),
    # the self-scan (bot/engine/scan*.py): only the person whose scan it is may answer it or act on its advice
    "scan": ButtonRule(_EMP, (frozenset({"start"}),)),
    "scanans": ButtonRule(_EMP, (_ID, _NAME, frozenset("01234")), "scan_person"),
    "scanstop": ButtonRule(_EMP, (_ID,), "scan_person"),
    "scanfaq": ButtonRule(_EMP, (_ID, _NAME), "scan_person"),
    "scantrain": ButtonRule(_EMP, (_ID, _NAME), "scan_person"),
    "scancoach": ButtonRule(_EMP, (_ID,), "scan_person"),
    "scanshare": ButtonRule(_EMP, (_ID, frozenset({"yes", "no"})), "scan_person"),
    "scanerase": ButtonRule(_EMP, (frozenset({"yes", "no"}),)),
    # training requests: coordinators of the requester's department (or the whole city)
    "trplan": ButtonRule(_COORD, (_ID,), "training_scope"),
    "trdone": ButtonRule(_COORD, (_ID,), "training_scope"),
}


@dataclass(frozen=True)
class Grant:
    """A press that may go ahead: its kind, checked arguments and the presser's coach row (coaches only)."""

    kind: str
    args: tuple[str, ...]
    coach: Coach | None = None


@dataclass(frozen=True)
class Refusal:
    """A press that does nothing. `reason` is for the log (malformed, unknown, role, owner); `text` for the user."""

    reason: str
    text: str
    kind: str = "unknown"
    ticket: int | None = None


def parse(payload: str) -> tuple[str, tuple[str, ...]] | None:
    """Split `kind:arg:arg` and check every argument's shape; None for anything we never send."""
    if not payload or len(payload) > MAX_PAYLOAD:
        return None
    kind, _, rest = payload.partition(":")
    rule = BUTTONS.get(kind)
    if rule is None:
        return None
    args = tuple(rest.split(":")) if rest else ()
    if len(args) != len(rule.args):
        return None
    for value, shape in zip(args, rule.args):
        if isinstance(shape, frozenset):
            if value not in shape:
                return None
        elif not shape.fullmatch(value) or (shape is _ID and int(value) > MAX_ID):
            return None
    return kind, args


async def authorize(session: AsyncSession, person: Person, payload: str) -> Grant | Refusal:
    """Check a button press by `person` against the table and the database; nothing is changed here.

    Ownership reads single columns, not whole rows, so the handler's later
    row lock (`lock_ticket`, populate_existing) still sees fresh state.
    """
    parsed = parse(payload)
    if parsed is None:
        kind = payload.partition(":")[0] if payload else ""
        return Refusal("malformed" if kind in BUTTONS else "unknown", "stale_button", kind if kind in BUTTONS else "unknown")
    kind, args = parsed
    rule = BUTTONS[kind]
    if person.role not in rule.roles:
        return Refusal("role", "stale_button", kind)
    coach = await people.coach_of(session, person.id) if person.role == COACH else None
    if person.role == COACH and coach is None:
        return Refusal("role", "stale_button", kind)  # a coach account no longer in the directory
    if rule.owner is None:
        return Grant(kind, args, coach)
    number = int(args[0])
    if rule.owner == "ticket_employee":
        owner = await owners.ticket_employee(session, number)
        ok = owner is not None and owner == person.id
    elif rule.owner == "ticket_coach":
        ok = coach is not None and await owners.ticket_coach(session, number) == coach.id
    elif rule.owner == "offered_coach":
        ok = coach is not None and await owners.was_offered(session, number, coach.id)
    elif rule.owner == "offer_coach":
        ok = coach is not None and await owners.offer_coach(session, number) == coach.id
    elif rule.owner == "scan_person":
        ok = await owners.scan_person(session, number) == person.id
    elif rule.owner == "training_scope":
        department = await owners.training_department(session, number)
        coordinator = await people.coordinator_of(session, person.id)
        ok = department is not None and coordinator is not None and people.looks_after(coordinator, department[0])
    else:  # a rule naming an owner check we do not know is a bug: refuse rather than allow
        ok = False
    if ok:
        return Grant(kind, args, coach)
    text = "not_your_offer" if rule.owner == "offered_coach" else "stale_button"
    ticket = number if rule.owner not in ("offer_coach", "scan_person", "training_scope") else None
    return Refusal("owner", text, kind, ticket)
