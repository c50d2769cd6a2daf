"""Teams specifics through the real SDK: stale cards, duplicates, welcome once, language, linking, revoked chats."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from storage.invites import create_invite
from storage.models import Coach, Offer, ProcessedUpdate, Ticket
from tests.teams.harness import labels, texts

QUESTION = "de koffieautomaat in de kantine geeft geen wisselgeld"


async def invite(app, ident: str = "anna", role: str = "coach") -> str:
    async with app.db.session() as s:
        return await create_invite(s, role, ident, app.clock.now(), timedelta(days=7))


async def ask(world, jan) -> None:
    """Onboard an employee and ask a question the FAQ does not cover, so it goes to a coach."""
    await jan.install()
    await jan.press(jan.last_card(), "Groendienst, ploeg Citadelpark")
    out = await jan.say(QUESTION)
    if "Geen van deze" in labels(out):
        await jan.press(jan.last_card(), "Geen van deze")
    await world.flush()


async def offers(app) -> list[tuple[str, str]]:
    async with app.db.session() as s:
        return [(o.coach_id, o.status) for o in (await s.execute(select(Offer).order_by(Offer.id))).scalars()]


async def test_install_greets_once_in_the_users_language(world):
    kim = world.user("kim", locale="en-GB")
    out = await kim.install()
    out += await kim.exchange(kim.activity("installationUpdate", action="add"))
    assert texts(out).count("Hello! I am Digicoach") == 1, "conversationUpdate and installationUpdate greet once"
    assert "Where do you usually work?" in texts(out)


async def test_stale_offer_card_gets_a_plain_answer(world):
    app = world.app
    anna, lotte, jan = world.user("anna"), world.user("lotte"), world.user("jan")
    for coach in (anna, lotte):
        await coach.install()
        await coach.say(await invite(app, coach.name))
    await ask(world, jan)
    offer = anna.last_card()
    assert "Nieuwe vraag #1" in offer.text
    app.clock.advance(timedelta(minutes=app.config.routing.offer_timeout_minutes + 1))
    await app.engine.sweep()
    await world.flush()
    assert await offers(app) == [("anna", "timed_out"), ("lotte", "pending")]

    out = await anna.press(offer, "Ik help")
    assert out and not any(c.buttons for c in out), "a plain answer, no new buttons"
    assert "Je helpt" not in texts(out)
    assert world.connector.updates(anna.conversation)[-1].buttons == [], "the stale card is closed too"
    async with app.db.session() as s:
        assert (await s.get(Ticket, 1)).state == "offered"


async def test_a_resent_activity_is_handled_once(world):
    jan = world.user("jan")
    await jan.install()
    body = jan.activity(text="waar vind ik mijn loonbrief")
    first = await jan.exchange(body)
    again = await jan.exchange(body)  # Teams resends when the bot was slow
    assert first and again == []
    async with world.app.db.session() as s:
        assert await s.get(ProcessedUpdate, ("teams", body["id"])) is not None


async def test_typed_invitation_code_and_a_number_for_a_button(world):
    anna = world.user("anna")
    out = await anna.say(await invite(world.app))
    assert "Welkom, Anna" in texts(out) and "/pause" in texts(out)
    jan = world.user("jan")
    await jan.install()
    out = await jan.say("1")  # typing the number of a card button works like pressing it
    assert "Bedankt! Je werkplek is" in texts(out)


async def test_coach_linked_by_directory_email_in_the_configured_tenant(teams_app):
    from tests.teams.conftest import start_world, stop_world

    async with teams_app.db.session() as s:
        await s.execute(update(Coach).where(Coach.id == "anna").values(email="Anna.Janssens@stad.gent"))
    world = await start_world(teams_app, tenant_id="tenant-ghent")
    try:
        anna = world.user("anna")
        world.connector.members[anna.teams_id] = {
            "id": anna.teams_id, "name": "Anna Janssens", "aadObjectId": anna.aad,
            "email": "anna.janssens@stad.gent", "userPrincipalName": "anna.janssens@stad.gent",
        }
        out = await anna.install()
        assert "/pause" in texts(out), "coach help, not the employee onboarding"
        intruder = world.user("mallory", tenant="tenant-elsewhere")
        world.connector.members[intruder.teams_id] = {"id": intruder.teams_id, "email": "anna.janssens@stad.gent"}
        assert await intruder.install() == [], "other tenants are ignored"
        async with teams_app.db.session() as s:
            assert (await s.get(Coach, "anna")).person_id is not None
    finally:
        await stop_world(world)


async def test_removed_app_reroutes_the_offer_and_tells_the_coordinator(world):
    app, connector = world.app, world.connector
    anna, lotte, tom, jan = world.user("anna"), world.user("lotte"), world.user("tom"), world.user("jan")
    for coach in (anna, lotte):
        await coach.install()
        await coach.say(await invite(app, coach.name))
    await tom.say(await invite(app, "tom", "coordinator"))
    connector.revoked.add(anna.conversation)  # anna removed the app: the connector answers 403
    await ask(world, jan)
    await world.flush()  # the re-routed offer and the coordinator's note
    assert await offers(app) == [("anna", "unreachable"), ("lotte", "pending")]
    assert "Nieuwe vraag #1" in lotte.last_card().text
    assert "Ik kan Anna" in texts(connector.sent_to(tom.conversation)) and "teams" in texts(connector.sent_to(tom.conversation))


async def test_missing_reference_is_permanent(world):
    """A person the engine knows on Teams but whose reference was never stored cannot be messaged: no retries."""
    import pytest

    from bot.messages import Outgoing
    from bot.outbox import DeliveryError

    with pytest.raises(DeliveryError) as caught:
        await world.channel.sender.send("no-such-user", Outgoing(text="hallo"))
    assert caught.value.permanent
