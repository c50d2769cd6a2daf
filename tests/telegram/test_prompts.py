"""The engine's prompts as a Telegram user sees them: inline keyboards, their callback data, the pressed message edited.

Real PTB Application over HTTP to the fake Bot API (tests/telegram/fake_bot_api.py); nothing of the SDK is mocked.
What is asserted is what a person notices: the texts, the buttons under them, the message that changes on a press.
"""
from __future__ import annotations

from typing import Any

import pytest

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config, FaqConfig, TelegramConfig
from faq.kb import DATA_DIR
from tests.conftest import MONDAY_MORNING
from tests.telegram.conftest import Bot
from tests.telegram.test_telegram_cases import onboarded
from tests.telegram.test_telegram_flow import QUESTION, join_as_coach

sqlite_only = pytest.mark.parametrize("database", ["sqlite"], indirect=True)

# The main topics a greeting is answered with (bot/engine/small_talk.py MAIN_TOPICS, titles of the shipped FAQ).
TOPICS = {
    "Waar vind ik mijn loonbrief?": "topic:payslip",
    "Ik ben mijn wachtwoord vergeten": "topic:password_forgotten",
    "Hoe vraag ik verlof aan?": "topic:leave_request",
    "Wat is die code die ik moet ingeven bij het inloggen?": "topic:two_step_login",
    "deelnemen aan Teams meeting": "topic:teams_meeting",
}
HELP = "Digicoach-commando's"
# An FAQ entry whose id (64 characters, the longest the engine takes) makes `faq:N:<id>` longer than
# Telegram's 64 bytes of callback_data.
LONG_ID = "fietsvergoeding_woon_werkverkeer_aanvragen_via_personeelsportaal"


def long_entry(entry_id: str) -> str:
    return f"""
- id: {entry_id}
  lang: nl
  questions:
    - Hoe vraag ik mijn fietsvergoeding aan voor woon-werkverkeer?
    - fietsvergoeding aanvragen in het personeelsportaal
  answer: |
    De fietsvergoeding vraag je aan in het personeelsportaal, onder "Verplaatsingen".
"""


LONG_TITLE = "Hoe vraag ik mijn fietsvergoeding aan voor woon-werkverkeer?"


@pytest.fixture
def extra_faq() -> str | None:
    """YAML of FAQ entries added to the shipped ones; a test parametrizes it to add its own."""
    return None


@pytest.fixture
async def app(database, fake, extra_faq, tmp_path):
    """As tests/telegram/conftest.py's `app`, with `extra_faq` next to the shipped FAQ."""
    paths: tuple[str, ...] = ()
    if extra_faq:
        (tmp_path / "faq").mkdir()
        (tmp_path / "faq" / "extra.yaml").write_text(extra_faq, encoding="utf-8")
        paths = (str(DATA_DIR), str(tmp_path / "faq"))
    config = Config(telegram=TelegramConfig(base_url=fake.url, bot_username="digicoach_test_bot"), faq=FaqConfig(paths=paths))
    return await build_app(config, FakeClock(MONDAY_MORNING), db=database)


def rows(sent: dict[str, Any]) -> list[list[str]]:
    """The inline keyboard of a sent message as rows of labels."""
    return [[b["text"] for b in row] for row in sent.get("reply_markup", {}).get("inline_keyboard", [])]


def data(sent: dict[str, Any]) -> dict[str, str]:
    """Label -> callback_data of a sent message's inline keyboard."""
    return {b["text"]: b["callback_data"] for row in sent["reply_markup"]["inline_keyboard"] for b in row}


def now_showing(bot: Bot, chat_id: int, starts_with: str) -> dict[str, Any]:
    """The one message in this chat (edits applied) whose text starts with `starts_with`."""
    [message] = [m for m in bot.fake.shown(chat_id) if (m.get("text") or "").startswith(starts_with)]
    return message


async def offered(bot: Bot):
    """Anna (a coach at Citadelpark) and Jan (an employee there) who asked something the FAQ cannot answer."""
    anna = await join_as_coach(bot, 1001, "anna", "Anna")
    jan = await onboarded(bot)
    await jan.send(QUESTION)
    await jan.expect("Ik zoek een digicoach")
    offer = await anna.expect("Nieuwe vraag #1")
    assert rows(offer) == [["Ik help"], ["Niet nu"]]
    assert data(offer) == {"Ik help": "accept:1", "Niet nu": "decline:1"}
    return anna, jan, offer


@sqlite_only
async def test_a_greeting_gets_topic_buttons_and_pressing_one_answers_that_topic(bot: Bot):
    jan = await onboarded(bot)
    await jan.send("goeiemorgen")
    prompt = await jan.expect("Hallo! Wat is je vraag?")
    assert rows(prompt) == [[label] for label in TOPICS], "one topic per row: the titles are long on a phone"
    assert data(prompt) == TOPICS, "the engine's payloads fit in 64 bytes and are sent as they are"

    await jan.press("Waar vind ik mijn loonbrief?")
    answer = await jan.expect("Je loonbrief staat in de app Mia")
    assert answer["text"].endswith("\n\nHeeft dit geholpen?"), "the answer and its question are one message"
    assert rows(answer) == [["Ja", "Nee"]]
    pressed = now_showing(bot, jan.id, "Hallo! Wat is je vraag?")
    assert pressed["text"] == prompt["text"] + "\n\n✔ Waar vind ik mijn loonbrief?", "the choice shown on the prompt"
    assert "reply_markup" not in pressed, "its topic buttons are gone"
    assert bot.fake.find("answerCallbackQuery"), "the button's spinner is stopped"
    assert not any("digicoach voor je" in text for text in bot.fake.texts_to(jan.id))


@sqlite_only
async def test_a_vague_word_gets_one_clarifying_turn_with_topic_buttons(bot: Bot):
    jan = await onboarded(bot)
    await jan.send("koffie")  # a word the FAQ cannot place: one clarifying turn
    clarify = await jan.expect("Gaat het over een van deze?")
    assert rows(clarify) and all(d.startswith("topic:") for d in data(clarify).values())
    assert all(len(d.encode()) <= 64 for d in data(clarify).values())
    await jan.press(rows(clarify)[0][0])
    answer = await jan.expect("Heeft dit geholpen?")
    assert rows(answer) == [["Ja", "Nee"]]
    assert "reply_markup" not in now_showing(bot, jan.id, "Gaat het over een van deze?")
    assert not any("digicoach voor je" in text for text in bot.fake.texts_to(jan.id))


@sqlite_only
@pytest.mark.parametrize("extra_faq", [long_entry(LONG_ID)])
async def test_a_suggestion_with_a_payload_over_64_bytes_is_shortened_and_still_answers_after_a_restart(bot: Bot):
    jan = await onboarded(bot)
    await jan.send("fiets")
    suggestion = await jan.expect("Bedoelde je een van deze?")
    buttons = data(suggestion)
    assert LONG_TITLE in buttons and "Geen van deze" in buttons
    assert all(len(d.encode()) <= 64 for d in buttons.values()), "Telegram refuses callback_data over 64 bytes"
    assert LONG_ID not in buttons[LONG_TITLE], "the long payload is sent as a short key"

    bot.channel.callback_data = type(bot.channel.callback_data)()  # a restart forgets the in-memory keys
    await jan.press(LONG_TITLE)
    await jan.expect("De fietsvergoeding vraag je aan in het personeelsportaal")
    pressed = now_showing(bot, jan.id, suggestion["text"])
    assert pressed["text"].endswith(f"\n\n✔ {LONG_TITLE}") and "reply_markup" not in pressed


@sqlite_only
async def test_typed_ja_bedankt_answers_heeft_dit_geholpen(bot: Bot):
    anna = await join_as_coach(bot, 1001, "anna", "Anna")
    jan = await onboarded(bot)
    await jan.send("waar vind ik mijn loonbrief")
    answer = await jan.expect("Heeft dit geholpen?")
    assert rows(answer) == [["Ja", "Nee"]]

    await jan.send("ja bedankt")
    thanks = await jan.expect("Fijn!")
    assert "reply_markup" not in thanks
    await bot.flush()
    assert not any("digicoach voor je" in text for text in bot.fake.texts_to(jan.id)), "never a ticket"
    assert not any("Nieuwe vraag" in text for text in bot.fake.texts_to(anna.id)), "no coach is bothered"


@sqlite_only
async def test_typed_ok_merci_and_nee_answer_the_prompt_in_words(bot: Bot):
    jan = await onboarded(bot)
    await jan.send("hoe vraag ik verlof aan")
    await jan.expect("Heeft dit geholpen?")
    await jan.send("ok merci")
    await jan.expect("Fijn!")

    await jan.send("waar vind ik mijn loonbrief")
    await jan.expect("Heeft dit geholpen?")
    await jan.send("nee")
    other = await jan.expect("Bedoelde je een van deze?")
    assert "Geen van deze" in [label for row in rows(other) for label in row], "no: the other answers, as buttons"
    assert not any(text.startswith("Fijn!") for text in bot.fake.texts_to(jan.id)[-2:])


async def test_a_coach_presses_an_older_offer_after_help(bot: Bot):
    anna, jan, offer = await offered(bot)
    await anna.send("/help")
    help_text = await anna.expect(HELP)
    assert "reply_markup" not in help_text or not rows(help_text)

    await anna.press("Ik help")  # on the offer above the help text
    helping = await anna.expect("Je helpt Jan (#1)")
    assert "Afsluiten" in [label for row in rows(helping) for label in row]
    await jan.expect("Anna helpt je")
    pressed = now_showing(bot, anna.id, "Nieuwe vraag #1")
    assert pressed["text"] == offer["text"] + "\n\n✔ Ik help" and "reply_markup" not in pressed


async def test_tickets_lists_the_open_offer_with_an_accept_button_and_pressing_it_takes_it(bot: Bot):
    anna, jan, offer = await offered(bot)
    await anna.send("/tickets")
    listing = await anna.expect("#1 aangeboden")
    assert "Jan" in listing["text"] and QUESTION in listing["text"]
    assert rows(listing) == [["Ik help #1"]] and data(listing) == {"Ik help #1": "accept:1"}

    await anna.press("Ik help #1")
    await anna.expect("Je helpt Jan (#1)")
    await jan.expect("Anna helpt je")
    pressed = now_showing(bot, anna.id, "#1 aangeboden")
    assert pressed["text"] == listing["text"] + "\n\n✔ Ik help #1" and "reply_markup" not in pressed


@sqlite_only
@pytest.mark.parametrize("first, typed", [("/help", "1"), ("/help", "/accept 1"), ("/status", "ik help")])
async def test_a_coach_takes_the_offer_by_typing_after_a_command(bot: Bot, first: str, typed: str):
    """A command answers nothing: the offer stays open, so its number, /accept N or "ik help" still take it."""
    anna, jan, _ = await offered(bot)
    await anna.send(first)
    await anna.expect(HELP if first == "/help" else "Status:")
    await anna.send(typed)
    helping = await anna.expect("Je helpt Jan (#1)")
    assert rows(helping) == [["Afsluiten"], ["Geef terug"]]
    await jan.expect("Anna helpt je")


@sqlite_only
async def test_the_offers_own_button_after_taking_it_from_tickets_still_names_the_employee(bot: Bot):
    anna, jan, offer = await offered(bot)
    await anna.send("/tickets")
    await anna.expect("#1 aangeboden")
    await anna.press("Ik help #1")
    await anna.expect("Je helpt Jan (#1)")
    assert rows(now_showing(bot, anna.id, "Nieuwe vraag #1")) == [["Ik help"], ["Niet nu"]], "the offer still shows its buttons"

    await anna.press("Ik help")  # the offer message, higher up in the chat
    again = await anna.expect("(#1)")
    assert "Je helpt ?" not in again["text"] and "gaat naar ?" not in again["text"]
    assert again["text"].startswith("Je helpt Jan (#1)")
