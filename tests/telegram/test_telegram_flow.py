"""End to end over the fake Bot API: real PTB Application, real engine, SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import select

from bot.texts import t
from storage.models import Ticket
from tests.telegram.conftest import Bot, phone

QUESTION = "de koffieautomaat in de kantine geeft geen wisselgeld"


async def tickets(bot: Bot) -> list[Ticket]:
    async with bot.app.db.session() as s:
        return list((await s.execute(select(Ticket).order_by(Ticket.id))).scalars())


async def join_as_coach(bot: Bot, user_id: int, ident: str, name: str):
    """A coach links their Telegram account by the invitation deep link t.me/<bot>?start=CODE."""
    coach = phone(bot, user_id, name)
    code = await bot.invite("coach", ident)
    await coach.send(f"/start {code.replace('-', '')}")
    await coach.expect(f"Welkom, {name}")
    return coach


async def test_employee_and_coach_from_start_to_rated_ticket(bot: Bot):
    fake = bot.fake
    anna = await join_as_coach(bot, 1001, "anna", "Anna")
    await fake.wait_for(
        lambda: any(c.params.get("scope", {}).get("chat_id") == anna.id and "pause" in str(c.params["commands"])
                    for c in fake.find("setMyCommands")),
        what="a coach command menu for Anna's chat",
    )

    jan = phone(bot, 2001, "Jan")
    await jan.send("/start")
    ask_site = await jan.expect("Op welke plek werk je")
    assert ask_site["reply_markup"]["inline_keyboard"], "sites as inline buttons"
    hint = await jan.expect("deel je locatie")
    [[location_button]] = hint["reply_markup"]["keyboard"]
    assert location_button == {"text": "📍 Deel mijn locatie", "request_location": True}

    await jan.press("Groendienst, ploeg Citadelpark")
    await jan.expect("Citadelpark")
    [site_message] = [m for m in fake.messages.values() if "Op welke plek" in (m.get("text") or "")]
    assert site_message["text"].startswith("Hallo! Ik ben Digicoach"), "the welcome and the question are one message"
    assert "reply_markup" not in site_message, "the choice is made: its buttons are gone"
    assert site_message["text"].endswith("✔ Groendienst, ploeg Citadelpark")
    assert len(fake.find("answerCallbackQuery")) == 1

    await jan.send(QUESTION)
    await jan.expect("Ik zoek een digicoach")
    offer = await anna.expect("Nieuwe vraag")
    assert QUESTION in offer["text"]
    await anna.press(t("accept", "nl"))
    await jan.expect("Anna helpt je")
    await anna.expect("Je helpt Jan")

    await jan.send("het is de *printer* naast de_kantine [links]")
    relayed = await anna.expect("Jan: het is de *printer* naast de_kantine [links]")
    assert "parse_mode" not in relayed, "plain text: a user's *_[ is shown as typed"
    await anna.send("ik kom om 10u langs")
    await jan.expect("Anna: ik kom om 10u langs")

    await anna.press(t("close", "nl"))
    await anna.press(t("outcome_resolved", "nl"))
    rating = await jan.expect("Hoe goed werd je geholpen")
    assert [b["text"] for b in rating["reply_markup"]["inline_keyboard"][0]] == ["1", "2", "3", "4", "5"]
    await jan.press("4")
    await jan.expect("Bedankt voor je score")

    [ticket] = await tickets(bot)
    assert (ticket.state, ticket.outcome, ticket.rating, ticket.coach_id) == ("closed", "resolved", 4, "anna")
    assert len(fake.find("answerCallbackQuery")) == 5, "every pressed button is answered"
