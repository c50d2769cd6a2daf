"""The learning FAQ on Teams through the real botbuilder SDK: an employee's picked suggestion, reviewed by a
coordinator with card buttons, answers the next employee directly; a coach marks a good FAQ question."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.invites import create_invite
from storage.models import FaqCandidate
from tests.teams.harness import labels, texts

PRINTER = "de printer in de kantine drukt alles scheef af"
COFFEE = "de koffieautomaat in de kantine geeft geen wisselgeld"


async def invite(app, ident: str, role: str) -> str:
    async with app.db.session() as s:
        return await create_invite(s, role, ident, app.clock.now(), timedelta(days=7))


async def employee(world, name: str):
    user = world.user(name)
    await user.install()
    await user.press(user.last_card(), "Administratief Centrum Zuid, Woodrow Wilsonplein")
    return user


async def test_coordinator_reviews_with_card_buttons_and_the_next_employee_gets_the_answer(world):
    app = world.app
    tom = world.user("tom")
    await tom.install()
    assert "Welkom, Tom" in texts(await tom.say(await invite(app, "tom", "coordinator")))

    jan = await employee(world, "jan")
    out = await jan.say(PRINTER)
    assert "Bedoelde je" in texts(out)
    out = await jan.press(jan.last_card(), "afdrukken op het werk")
    assert "Stad-Print" in texts(out)

    out = await tom.say("/faq")
    assert PRINTER in texts(out) and "afdrukken op het werk" in texts(out)
    assert labels(out) == ["Goedkeuren", "Aanpassen", "Afwijzen", "Volgende"]
    card = tom.last_card()
    out = await tom.press(card, "Goedkeuren")
    assert "Goedgekeurd" in texts(out) and "Er wachten geen FAQ-voorstellen meer" in texts(out)
    out = await tom.press(card, "Afwijzen")  # the same card pressed again (another device, a double tap)
    assert "al goedgekeurd door tom" in texts(out)

    piet = await employee(world, "piet")
    out = await piet.say(PRINTER)
    assert "Stad-Print" in texts(out) and "Heeft dit geholpen?" in texts(out) and "Bedoelde je" not in texts(out)


async def test_a_coach_marks_a_good_faq_question_after_closing(world):
    app, connector = world.app, world.connector
    lotte = world.user("lotte")
    await lotte.install()
    await lotte.say(await invite(app, "lotte", "coach"))
    jan = await employee(world, "jan")
    out = await jan.say(COFFEE)
    if "Geen van deze" in labels(out):
        await jan.press(jan.last_card(), "Geen van deze")
    await connector.wait_for(lambda: "Nieuwe vraag" in lotte.last_card().text)
    await lotte.press(lotte.last_card(), "Ik help")

    out = await lotte.say("/close opgelost 5")
    assert "afgesloten" in texts(out) and labels(out) == ["Goede FAQ-vraag"], "closing is done in one step; marking is optional"
    out = await lotte.press(lotte.last_card(), "Goede FAQ-vraag")
    assert "Typ kort het antwoord" in texts(out)
    out = await lotte.say("Bel facilitair, zij vullen het wisselgeld bij.")
    assert "Een coördinator bekijkt je voorstel" in texts(out)

    async with app.db.session() as s:
        [row] = (await s.execute(select(FaqCandidate))).scalars().all()
    assert (row.kind, row.source, row.question, row.answer, row.status) == (
        "entry", "coach", COFFEE, "Bel facilitair, zij vullen het wisselgeld bij.", "pending")
