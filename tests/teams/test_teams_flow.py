"""Employee and coach both on Teams, through the real botbuilder SDK over HTTP, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.invites import create_invite
from storage.models import Address, Ticket
from tests.teams.harness import labels, texts

QUESTION = "de koffieautomaat in de kantine geeft geen wisselgeld"


async def invite(app, ident: str = "anna", role: str = "coach") -> str:
    async with app.db.session() as s:
        return await create_invite(s, role, ident, app.clock.now(), timedelta(days=7))


async def test_employee_and_coach_on_teams_from_first_message_to_a_rated_ticket(world):
    app, connector = world.app, world.connector
    jan, anna = world.user("jan"), world.user("anna")

    out = await jan.install()
    assert "Digicoach" in texts(out) and "Op welke plek werk je" in texts(out)
    assert "Groendienst, ploeg Citadelpark" in labels(out)

    out = await anna.install()
    out = await anna.say(await invite(app))
    assert "Welkom, Anna" in texts(out)

    out = await jan.press(jan.last_card(), "Groendienst, ploeg Citadelpark")
    assert "Citadelpark" in texts(out)
    assert all(c.activity_id for c in out), "replies to a message go to .../activities/{activityId}"
    [update] = connector.updates(jan.conversation)
    assert update.buttons == [] and "\u2713 Groendienst, ploeg Citadelpark" in update.text, "answered card updated in place"

    out = await jan.say(QUESTION)
    if "Geen van deze" in labels(out):
        out = await jan.press(jan.last_card(), "Geen van deze")
    assert "Ik zoek een digicoach" in texts(out)

    await connector.wait_for(lambda: any(c.buttons for c in connector.sent_to(anna.conversation)) and
                             "Nieuwe vraag" in anna.last_card().text)
    offer = anna.last_card()
    assert "koffieautomaat" in offer.text and labels([offer]) == ["Ik help", "Niet nu"]
    assert offer.activity_id is None or offer.activity_id, "proactive: sent with continue_conversation"

    before = len(connector.calls)
    out = await anna.press(offer, "Ik help")
    assert "Je helpt Jan" in texts(out)
    await connector.wait_for(lambda: "Anna helpt je" in texts(connector.sent_to(jan.conversation, before)))

    before = len(connector.calls)
    await jan.say("het is de printer naast de kantine")
    await connector.wait_for(lambda: "Jan: het is de printer" in texts(connector.sent_to(anna.conversation, before)))
    await anna.say("ik kom om 10u langs")
    await connector.wait_for(lambda: "Anna: ik kom om 10u langs" in texts(connector.sent_to(jan.conversation, before)))

    app.clock.advance(timedelta(minutes=12))
    before = len(connector.calls)
    out = await anna.say("/close resolved 15")
    assert "afgesloten" in texts(out)
    await connector.wait_for(lambda: labels(connector.sent_to(jan.conversation, before)) == ["1", "2", "3", "4", "5"])
    out = await jan.press(jan.last_card(), "4")
    assert "Bedankt voor je score" in texts(out)

    async with app.db.session() as s:
        [ticket] = (await s.execute(select(Ticket))).scalars().all()
        addresses = (await s.execute(select(Address).where(Address.channel == "teams"))).scalars().all()
    assert (ticket.state, ticket.outcome, ticket.rating, ticket.coach_id) == ("closed", "resolved", 4, "anna")
    assert {a.address for a in addresses} == {jan.aad, anna.aad} and all(a.reference for a in addresses)
