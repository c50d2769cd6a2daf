"""The channel side: a fault proxy between the outbox sender and the (fake) Teams connector.

Cut connections and 5xx answers delay messages but lose none and double
none; a sender that dies after Teams accepted a message but before the row
was marked sent resends it after the lease, with the same idempotency key,
so the duplicate is recognisable.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from bot.outbox import LEASE, Dispatcher
from storage.invites import create_invite
from storage.models import OutboxMessage
from tests.conftest import MONDAY_MORNING
from tests.faults.proxy import FaultProxy
from tests.teams.conftest import start_world, stop_world
from tests.teams.harness import TeamsUser, labels, texts

import pytest

QUESTION = "de koffieautomaat in de kantine geeft geen wisselgeld"
UNAVAILABLE = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class ProxiedUser(TeamsUser):
    """A Teams user whose activities name the proxy as serviceUrl, so everything the bot sends passes it."""

    proxy_url = ""

    def activity(self, kind: str = "message", **fields):  # type: ignore[no-untyped-def]
        return {**super().activity(kind, **fields), "serviceUrl": self.proxy_url, **fields}


@pytest.fixture
async def proxied_world(database):
    app = await build_app(Config(), FakeClock(MONDAY_MORNING), db=database)
    world = await start_world(app, flush_after_turn=False)  # the test decides when the outbox runs
    proxy = await FaultProxy("127.0.0.1", world.connector.server.port).start()  # type: ignore[union-attr]
    ProxiedUser.proxy_url = f"http://127.0.0.1:{proxy.port}/"
    try:
        yield world, proxy
    finally:
        await proxy.close()
        await stop_world(world)


async def setup_offer(world) -> tuple[ProxiedUser, ProxiedUser]:  # type: ignore[no-untyped-def]
    """Jan (employee) and Anna (coach) on Teams; Jan's question is waiting in the outbox as an offer to Anna."""
    app = world.app
    jan = ProxiedUser(world.http, world.endpoint, world.connector, "jan")
    anna = ProxiedUser(world.http, world.endpoint, world.connector, "anna")
    await jan.install()
    await anna.install()
    async with app.db.session() as s:
        code = await create_invite(s, "coach", "anna", app.clock.now(), timedelta(days=7))
    assert "Welkom, Anna" in texts(await anna.say(code))
    await jan.press(jan.last_card(), "Groendienst, ploeg Citadelpark")
    out = await jan.say(QUESTION)
    if "Geen van deze" in labels(out):
        out = await jan.press(jan.last_card(), "Geen van deze")
    assert "Ik zoek een digicoach" in texts(out)
    return jan, anna


async def offer_rows(app) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    async with app.db.session() as s:
        return list((await s.execute(select(OutboxMessage).where(OutboxMessage.key.like("offer:%")))).scalars())


async def test_cut_and_5xx_delay_the_offer_but_lose_and_double_nothing(proxied_world):
    world, proxy = proxied_world
    app, connector = world.app, world.connector
    jan, anna = await setup_offer(world)
    offers_to_anna = lambda: [c for c in connector.sent_to(anna.conversation) if "Nieuwe vraag" in c.text]  # noqa: E731

    proxy.answer = UNAVAILABLE  # the connector answers 503
    proxy.cut()
    assert await app.dispatcher.flush() == 0
    proxy.answer, proxy.refuse = None, True  # then it cannot be reached at all
    app.clock.advance(timedelta(seconds=10))  # past the first back-off
    assert await app.dispatcher.flush() == 0
    [row] = await offer_rows(app)
    assert row.sent_at is None and row.failed_at is None and row.attempts == 2, "kept for later, not given up"
    assert offers_to_anna() == []

    proxy.heal()
    proxy.latency = 0.05  # back, but slow
    app.clock.advance(timedelta(seconds=31))  # "unreachable" asks for 30 s
    await app.dispatcher.flush()
    [row] = await offer_rows(app)
    assert row.sent_at is not None and row.attempts == 3
    [offer] = offers_to_anna()
    assert offer.key == row.key and connector.duplicates() == []
    app.clock.advance(timedelta(minutes=3))
    assert await app.dispatcher.flush() == 0, "nothing sent twice"
    assert len(offers_to_anna()) == 1

    out = await anna.press(offer, "Ik help")
    assert "Je helpt Jan" in texts(out)


class Crash(BaseException):
    """The process dies: nothing after this line runs (not an Exception, so no handler catches it)."""


async def test_a_crash_between_sending_and_marking_sent_resends_with_the_same_key(proxied_world):
    world, proxy = proxied_world
    app, connector = world.app, world.connector
    jan, anna = await setup_offer(world)
    real = world.channel.sender

    class DiesAfterSending:
        async def send(self, address, message):  # type: ignore[no-untyped-def]
            await real.send(address, message)  # Teams accepted it ...
            raise Crash()  # ... and the process died before marking the row sent

    dying = Dispatcher(app.db, app.clock, {"teams": DiesAfterSending()})
    with pytest.raises(Crash):
        await dying.flush()
    [row] = await offer_rows(app)
    assert row.sent_at is None, "the crash left the row leased, not sent"
    assert len([c for c in connector.sent_to(anna.conversation) if c.key == row.key]) == 1

    assert await app.dispatcher.flush() == 0, "another replica leaves a leased row alone"
    app.clock.advance(LEASE + timedelta(seconds=1))
    assert await app.dispatcher.flush() == 1, "after the lease it is sent again"
    sent = [c for c in connector.sent_to(anna.conversation) if c.key == row.key]
    assert len(sent) == 2 and sent[0].body.get("attachments") == sent[1].body.get("attachments")
    assert connector.duplicates() == [sent[1]], "the second copy carries the same key: recognisably a duplicate"
    [row] = await offer_rows(app)
    assert row.sent_at is not None and row.attempts == 1
