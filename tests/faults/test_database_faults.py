"""PostgreSQL behind a fault-injecting proxy: cut connections, a server that is "down", latency.

The user gets the plain "Er ging iets mis. Probeer het zo opnieuw.", nothing
is half-written, and the next message after the database is back works
without a restart (a turn that finds its pooled connection dead is tried again
on a fresh one: bot/engine/core.py).
"""
from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.messages import Incoming
from storage.models import Offer, OutboxMessage, Ticket, TicketEvent
from tests.bot.harness import Harness, ask_coach, text_to

TRY_AGAIN = "Er ging iets mis. Probeer het zo opnieuw."


async def counts(app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    async with app.db.session() as s:
        return {
            model.__tablename__: (await s.execute(select(func.count()).select_from(model))).scalar_one()
            for model in (Ticket, TicketEvent, Offer, OutboxMessage)
        }


async def assert_nothing_half_written(app) -> None:  # type: ignore[no-untyped-def]
    """Every ticket has its events; an offered ticket has exactly one pending offer, and that offer its message."""
    async with app.db.session() as s:
        keys = set((await s.execute(select(OutboxMessage.key))).scalars())
        for ticket in (await s.execute(select(Ticket))).scalars():
            events = (await s.execute(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id))).scalars().all()
            assert events, f"ticket {ticket.id} without events"
            offers = (await s.execute(select(Offer).where(Offer.ticket_id == ticket.id))).scalars().all()
            if ticket.state == "offered":
                pending = [o for o in offers if o.status == "pending"]
                assert len(pending) == 1, f"ticket {ticket.id}: {len(pending)} pending offers"
                assert f"offer:{pending[0].id}" in keys, f"offer {pending[0].id} has no outbox message"


async def say(app, actor: str, text: str) -> str:  # type: ignore[no-untyped-def]
    replies = await app.engine.handle(Incoming(channel="console", address=actor, text=text))
    return "\n".join(r.text for r in replies)


async def onboard(chat: Harness, actor: str) -> None:
    await chat.say(actor, "hallo")
    await chat.say(actor, "1")


async def test_cut_connections_and_a_server_that_is_down_then_recovery_without_restart(proxied):
    app, proxy = proxied.app, proxied.proxy
    chat = Harness(app)
    await onboard(chat, "jan")
    await onboard(chat, "piet")
    out = await ask_coach(chat, "jan", "mijn badge werkt niet meer aan de poort")
    assert "Ik zoek een digicoach" in text_to(out, "jan")
    before = await counts(app)

    proxy.cut()  # every pooled connection dies mid-conversation
    proxy.refuse = True  # and the server stays unreachable for a while
    assert await say(app, "piet", "de printer in de kantine drukt alles scheef af") == TRY_AGAIN
    assert await say(app, "coach:anna", "1") == TRY_AGAIN
    proxy.refuse = False

    assert await counts(app) == before, "nothing was written"
    proxy.cut()  # the pool still holds connections that died: the next checkout must notice, not fail
    out = await ask_coach(chat, "piet", "de printer in de kantine drukt alles scheef af")
    assert "Ik zoek een digicoach" in text_to(out, "piet"), "the next message works without a restart"
    assert (await counts(app))["tickets"] == before["tickets"] + 1
    await assert_nothing_half_written(app)


async def test_a_connection_cut_at_any_moment_of_a_turn_leaves_nothing_half_written(proxied):
    app, proxy = proxied.app, proxied.proxy
    chat = Harness(app)
    people = [f"emp{i}" for i in range(6)]
    for person in people:
        await onboard(chat, person)
    proxy.latency = 0.004  # every round trip slower, so the cut lands inside the turn's transaction
    outcomes = []
    for i, person in enumerate(people):
        turn = asyncio.create_task(say(app, person, "de koffieautomaat in de kantine geeft geen wisselgeld terug"))
        await asyncio.sleep(0.01 * (i + 1))
        proxy.cut()
        outcomes.append(await turn)
    proxy.heal()
    assert TRY_AGAIN in outcomes, "at least one cut hit a turn"
    await assert_nothing_half_written(app)
    async with app.db.session() as s:
        tickets = (await s.execute(select(Ticket))).scalars().all()
    assert len(tickets) <= len(people)
    # Every employee who was told to try again can; the ticket is made once.
    for person, outcome in zip(people, outcomes):
        if outcome == TRY_AGAIN:
            await ask_coach(chat, person, "de koffieautomaat in de kantine geeft geen wisselgeld terug")
    await assert_nothing_half_written(app)
    async with app.db.session() as s:
        per_person = (await s.execute(select(Ticket.employee_id, func.count()).group_by(Ticket.employee_id))).all()
    assert all(n == 1 for _, n in per_person)


async def test_latency_changes_nothing(proxied):
    app, proxy = proxied.app, proxied.proxy
    chat = Harness(app)
    proxy.latency = 0.02
    await onboard(chat, "jan")
    out = await ask_coach(chat, "jan", "mijn badge werkt niet meer aan de poort")
    [coach] = {actor for actor, _ in out if actor.startswith("coach:")}
    out = await chat.say(coach, "1")
    assert "Je helpt Jan" in text_to(out, coach)
    async with app.db.session() as s:
        [ticket] = (await s.execute(select(Ticket))).scalars().all()
    assert (ticket.state, ticket.coach_id) == ("accepted", coach.removeprefix("coach:"))
