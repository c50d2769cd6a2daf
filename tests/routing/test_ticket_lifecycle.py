"""The ticket life cycle (docs/design.md): which moves exist and which never do."""
from __future__ import annotations

import pytest

from routing.lifecycle import (
    FINAL_STATES,
    OPEN_STATES,
    OUTCOMES,
    Outcome,
    TicketState,
    TransitionError,
    allowed_sources,
    can_transition,
    check_transition,
    parse_outcome,
)

ALLOWED = [
    ("new", "self_served"), ("new", "offered"), ("new", "queued"), ("new", "escalated"), ("new", "cancelled"),
    ("offered", "accepted"), ("offered", "offered"), ("offered", "queued"), ("offered", "escalated"),
    ("offered", "cancelled"),
    ("accepted", "closed"), ("accepted", "offered"), ("accepted", "queued"), ("accepted", "escalated"),
    ("accepted", "cancelled"),
    ("queued", "offered"), ("queued", "escalated"), ("queued", "cancelled"),
    ("escalated", "offered"), ("escalated", "queued"), ("escalated", "cancelled"),
]

FORBIDDEN = [
    ("new", "accepted"),        # nobody can accept what was never offered
    ("new", "closed"),
    ("offered", "closed"),      # closing needs an accepted ticket
    ("offered", "self_served"),
    ("queued", "accepted"),
    ("accepted", "accepted"),   # a second accept gets "already taken"
    ("accepted", "self_served"),
    ("closed", "offered"),
    ("closed", "cancelled"),
    ("cancelled", "offered"),
    ("self_served", "offered"),
    ("new", "nonsense"),
    ("nonsense", "new"),
]


@pytest.mark.parametrize("from_state, to_state", FORBIDDEN)
def test_forbidden_moves(from_state, to_state):
    assert not can_transition(from_state, to_state)
    with pytest.raises(TransitionError) as info:
        check_transition(from_state, to_state)
    assert from_state in str(info.value) and to_state in str(info.value)


@pytest.mark.parametrize("from_state, to_state", ALLOWED)
def test_allowed_moves(from_state, to_state):
    assert can_transition(from_state, to_state)
    check_transition(from_state, to_state)


def test_the_table_has_exactly_these_moves():
    table = {(a.value, b.value) for a in TicketState for b in TicketState if can_transition(a, b)}
    assert table == set(ALLOWED)


def test_every_open_state_can_be_cancelled_and_final_states_are_final():
    for state in OPEN_STATES:
        assert can_transition(state, "cancelled")
    for state in FINAL_STATES:
        assert not any(can_transition(state, target) for target in TicketState)


def test_states_and_outcomes_are_the_design_names():
    assert {s.value for s in TicketState} == {
        "new", "offered", "accepted", "queued", "escalated", "closed", "self_served", "cancelled",
    }
    assert [o.value for o in OUTCOMES] == [
        "resolved", "referred_servicedesk", "needs_training", "not_resolved", "no_show",
    ]
    assert OPEN_STATES.isdisjoint(FINAL_STATES)
    assert OPEN_STATES | FINAL_STATES == set(TicketState)
    assert TicketState.OFFERED == "offered"  # stored as plain text


def test_allowed_sources_is_the_where_clause_of_a_conditional_update():
    assert allowed_sources("accepted") == {TicketState.OFFERED}
    assert allowed_sources("closed") == {TicketState.ACCEPTED}
    assert allowed_sources("cancelled") == OPEN_STATES
    assert allowed_sources("offered") == {
        TicketState.NEW, TicketState.OFFERED, TicketState.ACCEPTED, TicketState.QUEUED, TicketState.ESCALATED,
    }


def test_parse_outcome():
    assert parse_outcome("resolved") is Outcome.RESOLVED
    assert parse_outcome(" Referred-Servicedesk ") is Outcome.REFERRED_SERVICEDESK
    with pytest.raises(ValueError) as info:
        parse_outcome("done")
    assert "resolved" in str(info.value)
