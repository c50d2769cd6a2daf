"""The audit log over HTTP: newest first a page at a time, actions in the reader's words, and a scoped coordinator
reading only what coordinators of their own departments did."""
from __future__ import annotations

from datetime import timedelta

from storage import audit
from storage.models import Person
from tests.web.conftest import signed_in
from tests.web.scoping import add_coordinator, person_id


async def record(chat, coordinator: str, action: str, target: str | None = None, count: int = 1) -> None:
    """Lines as the other console pages write them, a minute apart."""
    for i in range(count):
        chat.clock.advance(timedelta(minutes=1))
        async with chat.app.db.session() as session:
            audit.record(session, chat.clock.now(), coordinator, action, target if count == 1 else f"{target} {i}")


async def test_newest_first_a_page_at_a_time(chat, server):
    await record(chat, "tom", "assign", "ticket", count=60)
    async with await signed_in(chat, server) as client:
        first = await (await client.get(f"{server}/console/audit")).text()
        older_link = first.split('href="/console/audit?before=')[1].split('"')[0]
        second = await (await client.get(f"{server}/console/audit?before={older_link}")).text()
        bad = [(await client.get(f"{server}/console/audit", params={"before": value})).status
               for value in ("abc", "²", "99999999999")]
    assert first.count("<tr><td><time") == 50 and "meldde zich aan" in first, "the sign-in is the newest line"
    assert first.index("meldde zich aan") < first.index("ticket 59") < first.index("ticket 58")
    assert "ticket 11</td>" in first and "ticket 10</td>" not in first, "the sign-in and 49 of the 60"
    assert second.count("<tr><td><time") == 11 and "ticket 10</td>" in second and "ticket 0</td>" in second
    assert "Oudere regels" not in second and 'href="/console/audit">Nieuwste regels' in second
    assert "wees een vraag toe" in first and ">Tom<" in first, "who by name, what in words"
    assert "23/11/2026 09:01" in second, "local time (stored in UTC)"
    assert bad == [404, 404, 404]


async def test_actions_in_the_readers_language_and_unknown_ones_by_name(chat, server):
    await chat.say("coordinator:tom", "hallo")
    tom = await person_id(chat, "coordinator:tom")
    async with chat.app.db.session() as session:
        (await session.get(Person, tom)).language = "en"
    await record(chat, "tom", "coach_pause", "coach anna")
    async with await signed_in(chat, server) as client:
        html = await (await client.get(f"{server}/console/audit")).text()
    assert "signed in" in html and "coach pause" in html and "coach anna" in html


async def test_console_privacy_actions_appear(chat, server):
    await chat.say("jan", "hallo")
    jan = await person_id(chat, "jan")
    async with await signed_in(chat, server) as client:
        page = await (await client.get(f"{server}/console/privacy?person={jan}")).text()
        csrf = page.split('name="csrf" value="')[1].split('"')[0]
        await client.post(f"{server}/console/privacy/people/{jan}/export", data={"csrf": csrf})
        await client.post(f"{server}/console/privacy/people/{jan}/erase", data={"csrf": csrf, "confirm": "erase"})
        html = await (await client.get(f"{server}/console/audit")).text()
    assert html.index("wiste een persoon") < html.index("downloadde iemands gegevens") < html.index("meldde zich aan")
    assert html.count(f"person {jan}") == 2


async def test_a_scoped_coordinator_reads_what_coordinators_of_their_departments_did(chat, server):
    sara = await add_coordinator(chat, "sara", ("Groendienst",))
    await add_coordinator(chat, "wim", ("Groendienst",))
    await add_coordinator(chat, "ann", ("Groendienst", "Administratie"))
    await record(chat, "tom", "assign", "ticket 1")
    await record(chat, "wim", "assign", "ticket 2")
    await record(chat, "ann", "assign", "ticket 3")
    async with await signed_in(chat, server, sara) as client:
        scoped = await (await client.get(f"{server}/console/audit")).text()
    async with await signed_in(chat, server) as client:
        everything = await (await client.get(f"{server}/console/audit")).text()
    assert "ticket 2" in scoped and ">Sara<" in scoped and ">Wim<" in scoped
    assert "ticket 1" not in scoped and "ticket 3" not in scoped, "whoever may act beyond Groendienst stays out"
    assert "je eigen afdelingen" in scoped
    assert all(f"ticket {n}" in everything for n in (1, 2, 3)) and ">Sara<" in everything
