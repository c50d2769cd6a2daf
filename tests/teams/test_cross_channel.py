"""One ticket across channels: employee on Teams with a coach on Telegram, and the reverse.

Both real SDKs run on the same app: botbuilder against the fake Teams
connector, python-telegram-bot against the fake Bot API of tests/telegram.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.texts import t
from storage.models import Ticket
from tests.teams.conftest import start_world, stop_world
from tests.teams.harness import labels, texts
from tests.telegram.conftest import app, fake, phone, start_bot  # noqa: F401  (fixtures)

QUESTION = "de koffieautomaat in de kantine geeft geen wisselgeld"


@pytest.fixture
async def both(app, start_bot):  # noqa: F811
    telegram = await start_bot("polling")
    teams = await start_world(app)
    yield telegram, teams
    await stop_world(teams)


async def closed_ticket(app) -> Ticket:  # noqa: F811
    async with app.db.session() as s:
        [ticket] = (await s.execute(select(Ticket))).scalars().all()
    return ticket


async def test_employee_on_teams_with_a_coach_on_telegram(both):
    telegram, teams = both
    connector = teams.connector
    anna = phone(telegram, 1001, "Anna")
    await anna.send(f"/start {(await telegram.invite('coach', 'anna')).replace('-', '')}")
    await anna.expect("Welkom, Anna")

    jan = teams.user("jan")
    await jan.install()
    await jan.press(jan.last_card(), "Groendienst, ploeg Citadelpark")
    out = await jan.say(QUESTION)
    if "Geen van deze" in labels(out):
        out = await jan.press(jan.last_card(), "Geen van deze")
    assert "Ik zoek een digicoach" in texts(out)

    offer = await anna.expect("Nieuwe vraag")
    assert QUESTION in offer["text"]
    await anna.press(t("accept", "nl"))
    await connector.wait_for(lambda: "Anna helpt je" in texts(connector.sent_to(jan.conversation)))

    await jan.say("het is de printer naast de kantine")
    await anna.expect("Jan: het is de printer naast de kantine")
    await anna.send("ik kom om 10u langs")
    await connector.wait_for(lambda: "Anna: ik kom om 10u langs" in texts(connector.sent_to(jan.conversation)))

    await anna.press(t("close", "nl"))
    await anna.press(t("outcome_resolved", "nl"))
    await connector.wait_for(lambda: labels(connector.sent_to(jan.conversation)[-1:]) == ["1", "2", "3", "4", "5"])
    out = await jan.press(jan.last_card(), "5")
    assert "Bedankt voor je score" in texts(out)
    ticket = await closed_ticket(telegram.app)
    assert (ticket.state, ticket.outcome, ticket.rating, ticket.coach_id) == ("closed", "resolved", 5, "anna")


async def test_employee_on_telegram_with_a_coach_on_teams(both):
    telegram, teams = both
    connector = teams.connector
    anna = teams.user("anna")
    await anna.install()
    await anna.say(await telegram.invite("coach", "anna"))

    jan = phone(telegram, 2001, "Jan")
    await jan.send("/start")
    await jan.expect("Op welke plek werk je")
    await jan.press("Groendienst, ploeg Citadelpark")
    await jan.expect("Citadelpark")
    await jan.send(QUESTION)
    await jan.expect("Ik zoek een digicoach")

    await connector.wait_for(lambda: any("Nieuwe vraag" in c.text for c in connector.sent_to(anna.conversation)))
    offer = anna.last_card()
    assert QUESTION in offer.text
    out = await anna.press(offer, "Ik help")
    assert "Je helpt Jan" in texts(out)
    await jan.expect("Anna helpt je")

    await jan.send("het is de printer naast de kantine")
    await connector.wait_for(lambda: "Jan: het is de printer" in texts(connector.sent_to(anna.conversation)))
    await anna.say("ik kom om 10u langs")
    await jan.expect("Anna: ik kom om 10u langs")

    out = await anna.say("/close resolved 10")
    assert "afgesloten" in texts(out)
    await jan.expect("Hoe goed werd je geholpen")
    await jan.press("4")
    await jan.expect("Bedankt voor je score")
    ticket = await closed_ticket(telegram.app)
    assert (ticket.state, ticket.outcome, ticket.rating, ticket.coach_id) == ("closed", "resolved", 4, "anna")
