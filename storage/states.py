"""The ticket states and the groups every query and rule uses: the one list of them.

It lives in storage, the innermost package, so queries can use it without
importing upwards; routing/lifecycle.py adds the moves between the states.
"""
from __future__ import annotations

from enum import StrEnum


class TicketState(StrEnum):
    NEW = "new"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    QUEUED = "queued"          # waiting until a suitable coach becomes available
    ESCALATED = "escalated"    # no coach left / max offers / waited too long: coordinator told
    CLOSED = "closed"
    SELF_SERVED = "self_served"
    CANCELLED = "cancelled"


S = TicketState

OPEN_STATES: tuple[str, ...] = (S.NEW, S.OFFERED, S.QUEUED, S.ESCALATED, S.ACCEPTED)
WAITING_STATES: tuple[str, ...] = (S.QUEUED, S.ESCALATED)  # no coach has it, none is being asked: the queue
WAITING_FOR_COACH: tuple[str, ...] = (S.OFFERED, S.QUEUED, S.ESCALATED)  # routed, not yet accepted
FINAL_STATES: tuple[str, ...] = (S.CLOSED, S.SELF_SERVED, S.CANCELLED)

# For SQL text that needs literals (a partial index: a bound parameter would not match its predicate).
OPEN_STATES_SQL = "state IN (" + ", ".join(f"'{s.value}'" for s in OPEN_STATES) + ")"

# How an FAQ answer ended: the detail of its `self_served` or `cancelled` event (docs/design.md, "Ticket life
# cycle"). Only CONFIRMED is "solved by the FAQ"; the other self-served details are "answered, not confirmed".
CONFIRMED = "confirmed"            # self_served: the employee said yes (or thanks)
SILENCE = "silence"                # self_served: [routing] feedback_minutes passed with nothing against the answer
OTHER_QUESTION = "other question"  # self_served: the employee went on to something else without judging it
REPHRASED = "rephrased"            # cancelled: asked again about the same FAQ entry, so it did not help
ASKED_FOR_PERSON = "asked for a person"  # cancelled: wanted a person right after the answer instead
REJECTED = "rejected"              # cancelled: said no to it, then nothing more
NO_REPLY = "no reply"              # cancelled: suggestions shown, none picked (before this rule: any settled answer)
NOT_DELIVERED = "not delivered"    # cancelled: the answer never reached the employee (the outbox gave up)
# Before these details existed a yes left no detail and every other settled answer said NO_REPLY, so a
# self_served event counts as confirmed when its detail is CONFIRMED or empty: old weeks keep their meaning.
