"""The self-scan on Teams through the real botbuilder SDK: questions as card buttons, stopping and resuming, the
result, and "Praat met een digicoach" with consent: the coach's offer card shows the profile."""
from __future__ import annotations

from datetime import timedelta

from storage.invites import create_invite
from tests.teams.harness import labels, texts


async def test_stop_resume_and_a_learning_question_with_consent(world):
    app, connector = world.app, world.connector
    lotte = world.user("lotte")
    await lotte.install()
    async with app.db.session() as s:
        code = await create_invite(s, "coach", "lotte", app.clock.now(), timedelta(days=7))
    await lotte.say(code)
    jan = world.user("jan")
    await jan.install()
    await jan.press(jan.last_card(), "Administratief Centrum Zuid, Woodrow Wilsonplein")

    out = await jan.say("/scan")
    assert "Vraag 1 van 14" in texts(out)
    assert labels(out) == ["Dat kan ik niet", "Met hulp", "Zelf", "Ik kan het uitleggen", "Stoppen"]
    await jan.press(jan.last_card(), "Dat kan ik niet")
    out = await jan.press(jan.last_card(), "Stoppen")
    assert "Je antwoorden zijn bewaard (1 van 14)" in texts(out)
    out = await jan.say("/scan")
    assert "We gaan verder bij vraag 2 van 14" in texts(out)
    answers = ["Dat kan ik niet"] + ["Met hulp"] * 3 + ["Zelf"] * 7 + ["Ik leer het graag", "Ik leer het graag"]
    answers[-2] = "Ik zoek het op of probeer opnieuw"
    for label in answers:
        app.clock.advance(timedelta(seconds=5))
        out = await jan.press(jan.last_card(), label)
    assert "Je profiel: Leergierige ontdekker" in texts(out) and "Praat met een digicoach" in labels(out)

    out = await jan.press(jan.last_card(), "Praat met een digicoach")
    assert labels(out) == ["Ja, dat mag", "Nee, liever niet"]
    out = await jan.press(jan.last_card(), "Ja, dat mag")
    assert "Ik zoek een digicoach voor je" in texts(out)
    await connector.wait_for(lambda: "Nieuwe vraag" in lotte.last_card().text)
    offer = lotte.last_card().text
    assert "Leervraag na de digiscan" in offer and "Leergierige ontdekker" in offer
