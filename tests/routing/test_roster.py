"""The web console's list of coaches: who could be offered a question now, by the routing rules, in a few queries."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from routing.directory import default_directory_path, load_directory
from routing.roster import NO_CHAT, roster
from routing.sync import import_directory
from storage.models import Coach, Offer, Person, Ticket
from tests.conftest import MONDAY_MORNING

NOW = MONDAY_MORNING  # 09:00 in Ghent: Anna, Bram, Lotte, Jens and Wout work; Sofie starts at 13:00


@pytest.fixture
async def demo(database):
    async with database.session() as s:
        await import_directory(s, load_directory(default_directory_path()), NOW)
        for number, coach_id in enumerate(("anna", "bram", "lotte", "jens", "sofie"), start=1):  # Wout: no chat yet
            s.add(Person(id=number, role="coach", first_name=coach_id, created_at=NOW))
            await s.flush()
            (await s.get(Coach, coach_id)).person_id = number
        anna = await s.get(Coach, "anna")
        anna.paused, anna.paused_until = True, NOW + timedelta(hours=5)
        (await s.get(Coach, "bram")).active = False
        jens = await s.get(Coach, "jens")  # capacity 2: one held, one offered
        s.add(Ticket(id=1, state="accepted", language="nl", coach_id="jens", created_at=NOW, updated_at=NOW))
        s.add(Ticket(id=2, state="offered", language="nl", created_at=NOW, updated_at=NOW))
        await s.flush()
        s.add(Offer(ticket_id=2, coach_id=jens.id, offered_at=NOW, deadline=NOW + timedelta(minutes=10), status="pending"))
        s.add(Offer(ticket_id=2, coach_id="lotte", offered_at=NOW, deadline=NOW, status="declined"))
    return database


async def test_who_is_free_now_and_why_not(demo):
    async with demo.session() as s:
        listed = await roster(s, [], NOW)
    seen = {c.id: c for c in listed.coaches}
    assert [c.name for c in listed.coaches] == ["Anna", "Bram", "Jens", "Lotte", "Sofie", "Wout"]
    assert {cid for cid, c in seen.items() if c.free} == {"lotte"}
    assert {cid: c.reason for cid, c in seen.items()} == {
        "anna": "paused", "bram": "inactive", "jens": "at_capacity", "lotte": None, "sofie": "outside_hours",
        "wout": NO_CHAT,
    }
    assert seen["anna"].paused and seen["anna"].paused_until == NOW + timedelta(hours=5) and seen["anna"].in_hours
    assert (seen["jens"].open_tickets, seen["jens"].capacity) == (2, 2), "held and offered both count"
    assert seen["lotte"].open_tickets == 0, "a declined offer is no work"
    assert not seen["sofie"].in_hours and seen["sofie"].hours == ("mon-fri 13:00-21:00", "sat-sun 08:00-20:00")
    assert not seen["wout"].linked and seen["wout"].in_hours
    assert listed.timezone == "Europe/Brussels" and len(listed.sites) == 6

    async with demo.session() as s:
        later = await roster(s, [], NOW + timedelta(hours=5))  # 14:00: Anna's pause is over, Sofie has started
    again = {c.id: c for c in later.coaches}
    assert again["anna"].free and not again["anna"].paused and again["anna"].paused_until is None
    assert again["sofie"].free


async def test_a_scoped_coordinator_sees_only_their_departments(demo):
    async with demo.session() as s:
        listed = await roster(s, ["Groendienst", "Zorg"], NOW)
    assert [c.id for c in listed.coaches] == ["anna", "sofie", "wout"]
    assert {site.id for site in listed.sites} == {"groendienst-citadelpark", "groendienst-blaarmeersen", "wzc-heiveld"}


async def test_the_list_takes_three_queries_however_many_coaches(demo):
    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731 (conn, cursor, statement, ...)
    event.listen(demo.engine.sync_engine, "before_cursor_execute", listen)
    try:
        async with demo.session() as s:
            await roster(s, [], NOW)
    finally:
        event.remove(demo.engine.sync_engine, "before_cursor_execute", listen)
    queries = [q for q in statements if q.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 3, queries  # the time zone, the coaches with their sites and open work, the sites
