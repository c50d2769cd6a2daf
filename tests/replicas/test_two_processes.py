"""Two real `digicoach run` processes on one PostgreSQL database; one is killed with SIGKILL mid-way.

Teams runs in unauthenticated local mode on each process's own port; the fake
connector (in this test process) is where both deliver. Traffic goes to both
as a load balancer would send it: a request that meets a dead process is sent
again, unchanged, to the other. Afterwards the database must show nothing
lost and nothing doubled, and the survivor must hold the leader lock.

The real clock runs in the subprocesses, so the test only relies on what
happens within seconds (sweeps every second, outbox every 2 s, digest check
every second); offers cannot time out inside it. Rows the killed process had
leased are made due at once (`next_attempt_at = now`), which is what the lease
running out would do two minutes later.
"""
from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.leader import LOCK_KEY
from storage.db import Database
from storage.invites import create_invite
from tests.conftest import PG_URL, require_postgres
from tests.replicas.process import RunProcess, free_port
from tests.teams.fake_connector import Call, FakeConnector
from tests.teams.harness import TeamsUser

COACHES = ("ann", "bert", "chris")
ROUTED = "de koffieautomaat op verdieping {} geeft geen wisselgeld"
FAQ = "waar vind ik mijn loonbrief"

DIRECTORY = """
timezone = "Europe/Brussels"

[[site]]
id = "noord"
name = "Depot Noord"
lat = 51.07
lon = 3.72
department = "Groendienst"

[[site]]
id = "zuid"
name = "Depot Zuid"
lat = 51.03
lon = 3.72
department = "Wegen"

[[site]]
id = "oost"
name = "Depot Oost"
lat = 51.05
lon = 3.76
department = "Schoonmaak"
""" + "".join(
    f"""
[[coach]]
id = "{c}"
name = "{c.capitalize()}"
site = "{site}"
languages = ["nl", "en"]
capacity = 20
hours = ["mon-sun 00:00-24:00"]
"""
    for c, site in zip(COACHES, ("noord", "zuid", "oost"))
) + """
[[coordinator]]
id = "tom"
name = "Tom"
"""


class Replica(RunProcess):
    def __init__(self, name: str, tmp: Path, url: str) -> None:
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/api/messages"
        super().__init__(name, tmp, url, (
            f'[directory]\npath = "{tmp / "directory.toml"}"\n'
            "[routing]\nsweep_seconds = 1\n"
            f'[server]\nhost = "127.0.0.1"\nport = {self.port}\n'
            "[inbox]\nlease_seconds = 3\n"  # the killed replica's stored activities are taken over within seconds
            "[teams]\nallow_unauthenticated = true\n"
            "[digest]\ncheck_seconds = 1\n"
        ))

    async def wait_healthy(self, http: aiohttp.ClientSession, seconds: float = 40) -> None:
        await self.wait_ready(http, self.port, seconds)


class Balancer:
    """Spreads requests over the replicas; one that is dead gets the same request sent elsewhere."""

    def __init__(self, replicas: list[Replica]) -> None:
        self.replicas = replicas
        self.turn = 0
        self.resent = 0

    async def exchange(self, user: TeamsUser, body: dict, prefer: Replica | None = None) -> list[Call]:
        since = len(user.connector.calls)
        self.turn += 1
        order = sorted(self.replicas, key=lambda r: (r is not prefer, (self.replicas.index(r) + self.turn) % 2))
        for replica in order:
            if not replica.alive and replica is not prefer:
                continue
            try:
                async with user.http.post(replica.endpoint, json=body) as response:
                    await response.read()
                    assert response.status == 200, response.status
                    return user.connector.sent_to(user.conversation, since)
            except (aiohttp.ClientError, asyncio.TimeoutError):
                self.resent += 1  # died under this request: the balancer tries the next replica
        raise AssertionError("no replica answered")

    async def press(self, user: TeamsUser, card: Call, label: str, prefer: Replica | None = None) -> list[Call]:
        [action] = [a for a in card.buttons if a["title"] == label]
        return await self.exchange(user, user.activity(value=action["data"], replyToId=card.id), prefer)

    async def say(self, user: TeamsUser, text: str, prefer: Replica | None = None) -> list[Call]:
        return await self.exchange(user, user.activity(text=text, textFormat="plain"), prefer)


async def admin(url: str, sql: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def wait_until(predicate, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
async def pg_database():
    """A throw-away database on the test server, dropped afterwards."""
    require_postgres()
    base = make_url(PG_URL)
    name = f"dc_{uuid.uuid4().hex[:10]}"
    admin_url = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    await admin(admin_url, f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_two_replicas_one_killed_nothing_lost_or_doubled(pg_database, tmp_path):
    started = time.monotonic()
    url = pg_database
    raw = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    (tmp_path / "directory.toml").write_text(DIRECTORY)
    connector = FakeConnector()
    await connector.start()
    replicas = [Replica("a", tmp_path, url), Replica("b", tmp_path, url)]
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20))
    db = Database(url)
    pg = await asyncpg.connect(raw)

    async def leader_pid() -> int | None:
        names = await pg.fetch(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.granted "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            LOCK_KEY,
        )
        assert len(names) <= 1, "two leaders"
        return int(names[0]["application_name"].rsplit("-", 1)[1]) if names else None

    try:
        for replica in replicas:  # both at once on an empty database: migrations and import are serialised
            replica.start()
        await asyncio.gather(*(r.wait_healthy(http) for r in replicas))
        lb = Balancer(replicas)
        await wait_until(lambda: _is_not_none(leader_pid()), 10, "a leader")

        def user(name: str) -> TeamsUser:
            return TeamsUser(http, replicas[0].endpoint, connector, name)

        # Coaches and the coordinator link themselves with invitation codes, spread over both replicas.
        staff = {name: user(name) for name in (*COACHES, "tom")}
        for name, person in staff.items():
            async with db.session() as s:
                code = await create_invite(
                    s, "coordinator" if name == "tom" else "coach", name, datetime.now(timezone.utc), timedelta(days=1)
                )
            await lb.exchange(person, person.activity(
                "conversationUpdate", membersAdded=[{"id": "28:digicoach-bot"}, {"id": person.teams_id}]))
            assert "Welkom" in "\n".join(c.text for c in await lb.say(person, code))
        coaches = [staff[c] for c in COACHES]

        employees = [user(f"emp{i}") for i in range(10)]
        sites = ("Depot Noord", "Depot Zuid", "Depot Oost")
        for i, emp in enumerate(employees):
            await lb.exchange(emp, emp.activity("conversationUpdate", membersAdded=[{"id": "28:digicoach-bot"}, {"id": emp.teams_id}]))
            await lb.press(emp, emp.last_card(), sites[i % 3])

        async def ask(i: int, prefer: Replica | None = None) -> None:
            emp = employees[i]
            if i % 2 == 0:
                await lb.say(emp, FAQ, prefer)
                return
            await lb.say(emp, ROUTED.format(i), prefer)
            # The suggestions card (if any) may have come from a replica that died right after: read the connector.
            cards = [c for c in connector.sent_to(emp.conversation) if any(a["title"] == "Geen van deze" for a in c.buttons)]
            if cards and cards[-1].id not in pressed:
                pressed.add(cards[-1].id)
                await lb.press(emp, cards[-1], "Geen van deze", prefer)

        pressed: set[str] = set()

        async def accept_offers() -> None:
            for coach in coaches:
                for card in connector.sent_to(coach.conversation):
                    if "Nieuwe vraag" in card.text and card.id not in pressed and any(a["title"] == "Ik help" for a in card.buttons):
                        pressed.add(card.id)
                        await lb.press(coach, card, "Ik help")

        # Phase 1: both replicas up.
        for i in range(4):
            await ask(i)
        await wait_until(lambda: _count(pg, "SELECT count(*) FROM outbox WHERE key LIKE 'offer:%' AND sent_at IS NOT NULL", 2), 15, "offers delivered")
        await accept_offers()

        # Phase 2: kill the leader with requests in flight to it.
        victim_pid = await leader_pid()
        [victim] = [r for r in replicas if r.proc and r.proc.pid == victim_pid]
        [survivor] = [r for r in replicas if r is not victim]
        in_flight = [asyncio.create_task(ask(i, prefer=victim)) for i in (4, 5, 6, 7)]
        await asyncio.sleep(0.15)
        victim.kill()
        await asyncio.gather(*in_flight)
        # What the victim had leased is due again once its lease runs out: make that now.
        leased = {
            row["key"] for row in await pg.fetch(
                "UPDATE outbox SET next_attempt_at = now() WHERE sent_at IS NULL AND failed_at IS NULL "
                "AND next_attempt_at > now() + interval '30 seconds' RETURNING key")
        }

        # A question whose turn died with the victim before it was stored (or before its reply reached the
        # employee) is simply asked again, as a person would; the database decides whether it already exists.
        for i in (5, 7):
            if not await pg.fetchval("SELECT count(*) FROM tickets WHERE question = $1", ROUTED.format(i)):
                await ask(i)

        # Phase 3: the survivor carries on alone.
        for i in (8, 9):
            await ask(i)
        await wait_until(lambda: _is(leader_pid(), survivor.proc.pid), 10, "the survivor to become leader")  # type: ignore[union-attr]

        async def settled() -> bool:
            await accept_offers()
            routed = await pg.fetchval("SELECT count(*) FROM tickets WHERE question LIKE 'de koffieautomaat%'")
            accepted = await pg.fetchval("SELECT count(*) FROM tickets WHERE question LIKE 'de koffieautomaat%' AND state = 'accepted'")
            unsent = await pg.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")
            return routed == 5 and accepted == 5 and unsent == 0

        await wait_until(settled, 25, "every routed ticket accepted and the outbox empty")

        # -- nothing lost, nothing doubled ------------------------------------------------
        tickets = await pg.fetch("SELECT id, question, state, coach_id, employee_id FROM tickets")
        routed = Counter(t["question"] for t in tickets if t["question"] and t["question"].startswith("de koffieautomaat"))
        assert routed == Counter(ROUTED.format(i) for i in range(1, 10, 2)), "every routed question exactly one ticket"
        per_employee = Counter(t["employee_id"] for t in tickets if t["question"] and "koffieautomaat" in t["question"])
        assert set(per_employee.values()) == {1}

        offers = await pg.fetch("SELECT id, ticket_id, status FROM offers")
        accepted = Counter(o["ticket_id"] for o in offers if o["status"] == "accepted")
        assert accepted and max(accepted.values()) == 1, "no ticket with two accepted offers"
        assert set(accepted) == {t["id"] for t in tickets if t["state"] == "accepted"}
        outbox = await pg.fetch("SELECT key, sent_at, failed_at FROM outbox")
        keys = Counter(r["key"] for r in outbox)
        assert max(keys.values()) == 1
        assert {f"offer:{o['id']}" for o in offers} <= set(keys), "every offer has its outbox message"
        assert all(r["sent_at"] is not None for r in outbox), "every outbox message delivered"

        seen = Counter(c.key for c in connector.calls if c.method == "POST" and c.key)
        assert set(keys) <= set(seen), "the connector received every outbox message"
        doubled = {k for k, n in seen.items() if n > 1}
        assert doubled <= leased, f"only a message the dead replica had leased may come twice: {doubled - leased}"
        assert {c.key for c in connector.duplicates()} == doubled, "and then it is recognisably a duplicate"

        digest = [r["key"] for r in outbox if r["key"].startswith("digest:")]
        assert sorted(k.rsplit(":", 1)[1] for k in digest) == ["csv", "html", "summary"], "one digest, once"
        assert len({k.split(":")[1] for k in digest}) == 1 and all(":tom:" in k for k in digest)

        assert survivor.proc and survivor.proc.poll() is None
        assert time.monotonic() - started < 90
    finally:
        for replica in replicas:
            replica.stop()
        await pg.close()
        await db.dispose()
        await http.close()
        await connector.close()


async def _is_not_none(value) -> bool:  # type: ignore[no-untyped-def]
    return (await value) is not None


async def _is(value, expected) -> bool:  # type: ignore[no-untyped-def]
    return (await value) == expected


async def _count(pg, sql: str, at_least: int) -> bool:  # type: ignore[no-untyped-def]
    return (await pg.fetchval(sql)) >= at_least
