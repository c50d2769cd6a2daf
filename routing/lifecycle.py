"""The ticket life cycle (docs/design.md), as data.

Storage turns a transition into one conditional UPDATE (``... WHERE state IN
(allowed_sources(to))``), so two processes racing on the same ticket cannot
both move it; this module is the single list of which moves exist.
"""
from __future__ import annotations

import unicodedata
from enum import StrEnum

from storage.states import FINAL_STATES as _FINAL
from storage.states import OPEN_STATES as _OPEN
from storage.states import TicketState

__all__ = ["TicketState", "Outcome", "OPEN_STATES", "FINAL_STATES", "TRANSITIONS", "OUTCOME_ALIASES"]


class Outcome(StrEnum):
    RESOLVED = "resolved"
    REFERRED_SERVICEDESK = "referred_servicedesk"
    NEEDS_TRAINING = "needs_training"
    NOT_RESOLVED = "not_resolved"
    NO_SHOW = "no_show"


S = TicketState

OPEN_STATES: frozenset[TicketState] = frozenset(TicketState(s) for s in _OPEN)
FINAL_STATES: frozenset[TicketState] = frozenset(TicketState(s) for s in _FINAL)
OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)

# Every move the product allows. "any open state -> cancelled" (the employee
# gives up) is added below rather than repeated on each line.
TRANSITIONS: dict[TicketState, frozenset[TicketState]] = {
    S.NEW: frozenset({
        S.SELF_SERVED,   # the FAQ answer helped
        S.OFFERED,       # routed to the nearest available coach
        S.QUEUED,        # nobody available right now
        S.ESCALATED,     # nobody could ever take it (e.g. no coach speaks the language)
    }),
    S.OFFERED: frozenset({
        S.ACCEPTED,      # first accept wins
        S.OFFERED,       # declined / timed out: offered to the next nearest
        S.QUEUED,        # no coach left or max offers: wait for one
        S.ESCALATED,     # no coach left or max offers: coordinator notified
    }),
    S.ACCEPTED: frozenset({
        S.CLOSED,        # closed with an outcome (also auto-close as no_show)
        S.OFFERED,       # the coach handed it back: re-routed, that coach skipped
        S.QUEUED,        # handed back and nobody else available
        S.ESCALATED,     # handed back and nobody left to try
    }),
    S.QUEUED: frozenset({
        S.OFFERED,       # a suitable coach became available
        S.ESCALATED,     # waited longer than the limit: coordinator notified
    }),
    S.ESCALATED: frozenset({
        S.OFFERED,       # a coordinator assigned a coach by hand, or one became free
        S.QUEUED,        # the coordinator put it back in the queue
    }),
    S.CLOSED: frozenset(),
    S.SELF_SERVED: frozenset(),
    S.CANCELLED: frozenset(),
}
for _state in OPEN_STATES:
    TRANSITIONS[_state] = TRANSITIONS[_state] | {S.CANCELLED}
del _state


class TransitionError(ValueError):
    """A move the life cycle does not allow, e.g. accepting a closed ticket."""

    def __init__(self, from_state: str, to_state: str) -> None:
        self.from_state = from_state
        self.to_state = to_state
        super().__init__(f"a ticket cannot go from {from_state!r} to {to_state!r}")


def can_transition(from_state: str, to_state: str) -> bool:
    """Whether the move exists; unknown state names are simply not allowed."""
    try:
        return TicketState(to_state) in TRANSITIONS[TicketState(from_state)]
    except ValueError:
        return False


def check_transition(from_state: str, to_state: str) -> None:
    if not can_transition(from_state, to_state):
        raise TransitionError(str(from_state), str(to_state))


def allowed_sources(to_state: str) -> frozenset[TicketState]:
    """The states a ticket may be in for a move to ``to_state``: the WHERE of a conditional UPDATE."""
    target = TicketState(to_state)
    return frozenset(s for s, targets in TRANSITIONS.items() if target in targets)


def is_open(state: str) -> bool:
    return state in OPEN_STATES


# What a coach may type after /close, per language. The first word of each is the one the bot
# suggests in that language; English starts with the stored names. Matching ignores case,
# accents, and "-", "_" or spaces between words, so "Niet-opgelost" and "resolu" work too.
O = Outcome
OUTCOME_ALIASES: dict[str, dict[Outcome, tuple[str, ...]]] = {
    "en": {
        O.RESOLVED: ("resolved", "solved", "fixed"),
        O.REFERRED_SERVICEDESK: ("referred_servicedesk", "referred", "service desk", "sent to service desk"),
        O.NEEDS_TRAINING: ("needs_training", "training"),
        O.NOT_RESOLVED: ("not_resolved", "unresolved", "not solved"),
        O.NO_SHOW: ("no_show", "no show", "absent"),
    },
    "nl": {
        O.RESOLVED: ("opgelost", "gelukt"),
        O.REFERRED_SERVICEDESK: ("doorverwezen", "servicedesk", "naar servicedesk"),
        O.NEEDS_TRAINING: ("opleiding", "opleiding nodig", "vorming"),
        O.NOT_RESOLVED: ("niet opgelost", "niet gelukt"),
        O.NO_SHOW: ("niet gekomen", "niet komen opdagen", "afwezig"),
    },
    "fr": {
        O.RESOLVED: ("résolu", "réglé"),
        O.REFERRED_SERVICEDESK: ("transmis", "vers le service desk"),
        O.NEEDS_TRAINING: ("formation", "formation nécessaire"),
        O.NOT_RESOLVED: ("non résolu", "pas résolu"),
        O.NO_SHOW: ("absent", "pas venu"),
    },
}
del O


def _outcome_key(text: str) -> str:
    """Lower case, no accents, words joined by "_": how typed outcomes and aliases are compared."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.strip().lower()) if not unicodedata.combining(c))
    return "_".join(plain.replace("-", " ").replace("_", " ").split())


def _alias_table() -> dict[str, Outcome]:
    table: dict[str, Outcome] = {o.value: o for o in Outcome}
    for words in OUTCOME_ALIASES.values():
        for outcome, aliases in words.items():
            for alias in aliases:
                if table.setdefault(_outcome_key(alias), outcome) is not outcome:
                    raise ValueError(f"outcome alias {alias!r} means two outcomes")
    return table


_ALIASES = _alias_table()


def outcome_words(lang: str) -> list[str]:
    """The word per outcome a coach is told to type in ``lang`` (English: the stored names)."""
    words = OUTCOME_ALIASES.get(lang, OUTCOME_ALIASES["en"])
    return [words[o][0] for o in Outcome]


def parse_outcome(text: str) -> Outcome:
    """Read an outcome typed by a coach in any language (``/close resolved``, ``opgelost``, ``résolu``).

    Raise ValueError listing the stored names.
    """
    try:
        return _ALIASES[_outcome_key(text)]
    except KeyError:
        raise ValueError(
            f"unknown outcome {text!r} (use {', '.join(o.value for o in Outcome)})"
        ) from None
