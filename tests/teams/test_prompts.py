"""The engine's prompts as a Teams user sees them: Adaptive Cards with Action.Submit buttons, the pressed card updated.

The real botbuilder SDK behind /api/messages, users posting activities over HTTP, the bot's replies and card
updates recorded by the fake connector (tests/teams/fake_connector.py); nothing of the SDK is mocked.
"""
from __future__ import annotations

import pytest

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config, FaqConfig
from faq.kb import DATA_DIR
from tests.conftest import MONDAY_MORNING
from tests.teams.fake_connector import Call
from tests.teams.harness import TeamsUser, labels, texts
from tests.teams.test_teams_behaviour import ask, invite
from tests.telegram.test_prompts import HELP, LONG_ID, LONG_TITLE, TOPICS, long_entry

sqlite_only = pytest.mark.parametrize("database", ["sqlite"], indirect=True)

CITADELPARK = "Groendienst, ploeg Citadelpark"


@pytest.fixture
def extra_faq() -> str | None:
    """YAML of FAQ entries added to the shipped ones; a test parametrizes it to add its own."""
    return None


@pytest.fixture
async def teams_app(database, extra_faq, tmp_path):
    """As tests/teams/conftest.py's `teams_app`, with `extra_faq` next to the shipped FAQ."""
    paths: tuple[str, ...] = ()
    if extra_faq:
        (tmp_path / "faq").mkdir()
        (tmp_path / "faq" / "extra.yaml").write_text(extra_faq, encoding="utf-8")
        paths = (str(DATA_DIR), str(tmp_path / "faq"))
    yield await build_app(Config(faq=FaqConfig(paths=paths)), FakeClock(MONDAY_MORNING), db=database)


def payloads(card: Call) -> dict[str, str]:
    """Label -> the payload its Action.Submit sends back."""
    return {a["title"]: a["data"]["payload"] for a in card.buttons}


def cards(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.buttons]


async def onboarded(world, name: str = "jan") -> TeamsUser:
    user = world.user(name)
    await user.install()
    out = await user.press(user.last_card(), CITADELPARK)
    assert "Citadelpark" in texts(out)
    return user


async def coach_with_an_offer(world):
    """Anna, a coach at Citadelpark, holding the offer of Jan's question (ticket #1)."""
    anna = world.user("anna")
    await anna.install()
    await anna.say(await invite(world.app, "anna"))
    jan = world.user("jan")
    await ask(world, jan)
    offer = anna.last_card()
    assert "Nieuwe vraag #1" in offer.text
    assert payloads(offer) == {"Ik help": "accept:1", "Niet nu": "decline:1"}
    return anna, jan, offer


async def told(world, user: TeamsUser, fragment: str, since: int) -> None:
    """Wait for a proactive message (delivered by the outbox) to `user`."""
    connector = world.connector
    await connector.wait_for(lambda: fragment in texts(connector.sent_to(user.conversation, since)))


def answered(world, user: TeamsUser, card: Call) -> Call:
    """The last update of that card (Teams replaces the card in the chat)."""
    updates = [u for u in world.connector.updates(user.conversation) if u.activity_id == card.id]
    assert updates, "the pressed card was not updated"
    return updates[-1]


@sqlite_only
async def test_a_greeting_gets_topic_buttons_and_pressing_one_answers_that_topic(world):
    jan = await onboarded(world)
    out = await jan.say("goeiemorgen")
    [prompt] = cards(out)
    assert prompt.text.startswith("Hallo! Wat is je vraag?")
    assert payloads(prompt) == TOPICS, "one Action.Submit per topic, in the order of the topics"

    out = await jan.press(prompt, "Waar vind ik mijn loonbrief?")
    assert "Je loonbrief staat in de app Mia" in texts(out)
    [answer] = cards(out)
    assert "Heeft dit geholpen?" in answer.text and labels([answer]) == ["Ja", "Nee"], "answer and question: one card"
    assert "digicoach voor je" not in texts(out)
    update = answered(world, jan, prompt)
    assert update.buttons == [], "the topic card cannot be pressed twice"
    assert update.text.startswith("Hallo! Wat is je vraag?") and update.text.endswith("\u2713 Waar vind ik mijn loonbrief?")


@sqlite_only
async def test_a_vague_word_gets_one_clarifying_card_with_topics(world):
    jan = await onboarded(world)
    out = await jan.say("koffie")
    [clarify] = cards(out)
    assert "Gaat het over een van deze?" in clarify.text
    assert clarify.buttons and all(p.startswith("topic:") for p in payloads(clarify).values())
    first = clarify.buttons[0]["title"]
    out = await jan.press(clarify, first)
    assert "Heeft dit geholpen?" in texts(out) and "digicoach voor je" not in texts(out)
    assert answered(world, jan, clarify).text.endswith(f"\u2713 {first}")


@sqlite_only
@pytest.mark.parametrize("extra_faq", [long_entry(LONG_ID)])
async def test_a_suggestion_with_a_long_payload_is_sent_whole_in_the_action_data(world):
    jan = await onboarded(world)
    out = await jan.say("fiets")
    [suggestion] = cards(out)
    assert "Bedoelde je een van deze?" in suggestion.text and "Geen van deze" in labels([suggestion])
    assert payloads(suggestion)[LONG_TITLE].endswith(f":{LONG_ID}"), "no 64-byte limit on Teams: the payload as it is"
    out = await jan.press(suggestion, LONG_TITLE)
    assert "De fietsvergoeding vraag je aan in het personeelsportaal" in texts(out)
    assert answered(world, jan, suggestion).text.endswith(f"\u2713 {LONG_TITLE}")


@sqlite_only
async def test_typed_ja_bedankt_answers_heeft_dit_geholpen(world):
    anna = world.user("anna")
    await anna.install()
    await anna.say(await invite(world.app, "anna"))
    jan = await onboarded(world)
    out = await jan.say("waar vind ik mijn loonbrief")
    assert labels(out) == ["Ja", "Nee"] and "Heeft dit geholpen?" in texts(out)

    since = len(world.connector.calls)
    out = await jan.say("ja bedankt")
    assert texts(out).startswith("Fijn!") and labels(out) == []
    await world.flush()
    assert "digicoach voor je" not in texts(world.connector.sent_to(jan.conversation, since)), "never a ticket"
    assert "Nieuwe vraag" not in texts(world.connector.sent_to(anna.conversation, since)), "no coach is bothered"


@sqlite_only
async def test_typed_ok_merci_and_nee_answer_the_prompt_in_words(world):
    jan = await onboarded(world)
    await jan.say("hoe vraag ik verlof aan")
    out = await jan.say("ok merci")
    assert texts(out).startswith("Fijn!")

    await jan.say("waar vind ik mijn loonbrief")
    out = await jan.say("nee")
    assert "Bedoelde je een van deze?" in texts(out) and "Geen van deze" in labels(out)
    assert "Fijn!" not in texts(out)


async def test_a_coach_presses_an_older_offer_card_after_help(world):
    anna, jan, offer = await coach_with_an_offer(world)
    out = await anna.say("/help")
    assert HELP in texts(out) and labels(out) == []

    since = len(world.connector.calls)
    out = await anna.press(offer, "Ik help")  # the offer card above the help text
    assert "Je helpt Jan (#1)" in texts(out) and "Afsluiten" in labels(out)
    await told(world, jan, "Anna helpt je", since)
    update = answered(world, anna, offer)
    assert update.buttons == [] and "Nieuwe vraag #1" in update.text and update.text.endswith("\u2713 Ik help")


@sqlite_only
@pytest.mark.parametrize("first, typed", [("/help", "1"), ("/help", "/accept 1"), ("/status", "ik help")])
async def test_a_coach_takes_the_offer_by_typing_after_a_command(world, first, typed):
    """A command answers nothing: the offer stays open, so its number, /accept N or "ik help" still take it."""
    anna, jan, offer = await coach_with_an_offer(world)
    out = await anna.say(first)
    assert (HELP if first == "/help" else "Status:") in texts(out) and labels(out) == []
    since = len(world.connector.calls)
    out = await anna.say(typed)
    assert "Je helpt Jan (#1)" in texts(out) and labels(out) == ["Afsluiten", "Geef terug"]
    await told(world, jan, "Anna helpt je", since)


async def test_tickets_shows_an_accept_button_and_pressing_it_takes_the_offer(world):
    anna, jan, offer = await coach_with_an_offer(world)
    out = await anna.say("/tickets")
    [listing] = cards(out)
    assert "#1 aangeboden" in listing.text and "Jan" in listing.text
    assert payloads(listing) == {"Ik help #1": "accept:1"}

    since = len(world.connector.calls)
    out = await anna.press(listing, "Ik help #1")
    assert "Je helpt Jan (#1)" in texts(out)
    await told(world, jan, "Anna helpt je", since)
    update = answered(world, anna, listing)
    assert update.buttons == [] and "#1 aangeboden" in update.text and update.text.endswith("\u2713 Ik help #1")


async def test_a_coach_types_ik_help(world):
    anna, jan, offer = await coach_with_an_offer(world)
    await anna.say("/status")
    since = len(world.connector.calls)
    out = await anna.say("ik help")
    assert "Je helpt Jan (#1)" in texts(out) and labels(out) == ["Afsluiten", "Geef terug"]
    await told(world, jan, "Anna helpt je", since)


@sqlite_only
async def test_the_offer_card_after_taking_it_from_tickets_still_names_the_employee(world):
    anna, jan, offer = await coach_with_an_offer(world)
    out = await anna.say("/tickets")
    [listing] = cards(out)
    out = await anna.press(listing, "Ik help #1")
    assert "Je helpt Jan (#1)" in texts(out)
    assert not [u for u in world.connector.updates(anna.conversation) if u.activity_id == offer.id], "offer card untouched"

    out = await anna.press(offer, "Ik help")
    assert "Je helpt ?" not in texts(out) and "gaat naar ?" not in texts(out)
    assert texts(out).startswith("Je helpt Jan (#1)")
