"""The Telegram channel's promises, each over the fake Bot API with the real PTB Application."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.texts import t
from storage.models import Offer, ProcessedUpdate, Site
from tests.telegram.conftest import SECRET, Bot, phone
from tests.telegram.test_telegram_flow import QUESTION, join_as_coach, tickets

CITADELPARK = "Groendienst, ploeg Citadelpark"
# Channel-only behaviour runs on SQLite; what leans on the database (duplicates, re-routing) on both.
sqlite_only = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


async def onboarded(bot: Bot, user_id: int = 2001, name: str = "Jan"):
    employee = phone(bot, user_id, name)
    await employee.send("/start")
    await employee.press(CITADELPARK)
    await employee.expect("Citadelpark")
    return employee


async def processed(bot: Bot) -> int:
    async with bot.app.db.session() as s:
        return (await s.execute(select(func.count()).select_from(ProcessedUpdate))).scalar_one()


async def offers(bot: Bot) -> list[tuple[str, str]]:
    async with bot.app.db.session() as s:
        rows = await s.execute(select(Offer).order_by(Offer.id))
        return [(o.coach_id, o.status) for o in rows.scalars()]


@sqlite_only
async def test_shared_location_picks_the_nearest_coach(bot: Bot):
    await join_as_coach(bot, 1001, "anna", "Anna")  # Citadelpark
    bram = await join_as_coach(bot, 1002, "bram", "Bram")  # Wegen, depot Wiedauwkaai
    els = phone(bot, 2002, "Els")
    await els.send(QUESTION)  # a question before onboarding is remembered
    await els.expect("Op welke plek werk je")
    await els.share_location(51.0795, 3.7285)  # at the Wiedauwkaai depot
    saved = await els.expect("ik gebruik je locatie")
    assert saved["reply_markup"] == {"remove_keyboard": True}, "the location keyboard goes away once used"
    assert "Ik zoek een digicoach" in saved["text"], "one message: location used, a coach is being found"
    offer = await bram.expect("Nieuwe vraag #1")
    assert QUESTION in offer["text"]
    assert await offers(bot) == [("bram", "pending")]


@sqlite_only
async def test_photo_inside_a_ticket_is_relayed_outside_it_the_bot_asks(bot: Bot):
    anna = await join_as_coach(bot, 1001, "anna", "Anna")
    jan = await onboarded(bot)
    await jan.send_photo("screenshot-0", caption=None)
    await jan.expect("Wat is het probleem")
    await jan.send(QUESTION)
    await anna.press(t("accept", "nl"))
    await jan.expect("Anna helpt je")
    await jan.send_photo("screenshot-1", caption="deze fout")
    relayed = await anna.expect("Jan stuurt een foto")
    assert relayed["photo"] == "screenshot-1", "relayed by file_id, the largest size"
    assert "deze fout" in relayed["caption"]
    assert [b["text"] for [b] in relayed["reply_markup"]["inline_keyboard"]] == [t("close", "nl")]


async def test_an_faq_answer_and_its_question_are_one_message_and_the_press_is_shown_on_it(bot: Bot):
    jan = await onboarded(bot)
    before = len(bot.fake.shown(jan.id))
    await jan.send("waar vind ik mijn loonbrief")
    answer = await jan.expect("Heeft dit geholpen?")
    answer_text, question = answer["text"].rsplit("\n\n", 1)
    assert "loonbrief" in answer_text.lower() and question == "Heeft dit geholpen?"
    assert [b["text"] for b in answer["reply_markup"]["inline_keyboard"][0]] == ["Ja", "Nee"], "buttons under the answer"
    assert len(bot.fake.shown(jan.id)) == before + 1, "one notification, not two"

    await jan.press("Ja")
    await jan.expect("Fijn")
    [pressed] = [m for m in bot.fake.shown(jan.id) if "Heeft dit geholpen?" in m.get("text", "")]
    assert pressed["text"] == answer["text"] + "\n\n✔ Ja", "edited in place: answer kept, the choice under it"
    assert "reply_markup" not in pressed, "the buttons are gone, so it cannot be pressed twice"
    [ticket] = await tickets(bot)
    assert ticket.state == "self_served"


@sqlite_only
async def test_voice_sticker_and_file_get_a_plain_answer(bot: Bot):
    jan = await onboarded(bot)
    fake = bot.fake
    await bot.deliver(fake.message(jan.user, voice={"file_id": "v1", "file_unique_id": "v", "duration": 3}))
    await jan.expect("Spraakberichten, stickers en bestanden kan ik niet lezen")
    sticker = {"file_id": "s1", "file_unique_id": "s", "type": "regular", "width": 512, "height": 512,
               "is_animated": False, "is_video": False}
    await bot.deliver(fake.message(jan.user, sticker=sticker))
    await jan.expect("kan ik niet lezen")
    await bot.deliver(fake.message(jan.user, document={"file_id": "d1", "file_unique_id": "d", "file_name": "x.pdf"}))
    await jan.expect("kan ik niet lezen")
    await bot.deliver(fake.message(jan.user, contact={"phone_number": "+32400000000", "first_name": "Jan"}))
    await jan.expect("kan ik niet lezen")


async def test_a_duplicate_update_is_handled_once(bot: Bot):
    jan = phone(bot, 2001, "Jan")
    start = bot.fake.message(jan.user, "/start")
    # Telegram re-delivers an update the bot did not confirm (a crash between fetching and confirming)
    bot.fake.push(start, start, bot.fake.message(jan.user, "/lang en"))
    await jan.expect("English")
    texts = bot.fake.texts_to(jan.id)
    assert sum("Op welke plek" in text for text in texts) == 1 and sum(text.startswith("Hallo!") for text in texts) == 1
    assert await processed(bot) == 2


@sqlite_only
async def test_long_button_payloads_survive_telegrams_64_bytes_even_after_a_restart(bot: Bot, start_bot):
    long_id = "s" * 64  # `site:` + 64 characters is more than callback_data can hold
    async with bot.app.db.session() as s:
        s.add(Site(id=long_id, name="Aaa, depot met een lange id", lat=51.05, lon=3.72))
    jan = phone(bot, 2001, "Jan")
    await jan.send("/start")
    ask = await jan.expect("Op welke plek werk je")
    data = [b["callback_data"] for [b] in ask["reply_markup"]["inline_keyboard"]]
    assert all(len(d.encode()) <= 64 for d in data)
    bot.channel.callback_data = type(bot.channel.callback_data)()  # a restart forgets the in-memory keys
    await jan.press("Aaa, depot met een lange id")
    await jan.expect("Je werkplek is Aaa, depot met een lange id")


@sqlite_only
async def test_long_text_is_split_with_the_buttons_on_the_last_part(bot: Bot):
    from bot.messages import Button, Outgoing

    words = ("lorem ipsum " * 800).strip()  # 9599 characters
    await bot.channel.render(3001, Outgoing(text=words, buttons=(Button("Ok", "yes:1"),)))
    parts = bot.fake.find("sendMessage", chat_id=3001)
    assert [len(p.params["text"]) <= 4096 for p in parts] == [True, True, True]
    assert " ".join(p.params["text"] for p in parts) == words
    assert [("reply_markup" in p.params) for p in parts] == [False, False, True]


@sqlite_only
async def test_flood_limit_on_a_reply_is_waited_out(bot: Bot):
    jan = phone(bot, 2001, "Jan")
    bot.fake.flood_once("sendMessage", jan.id, retry_after=0.2)
    await jan.send("/start")
    fake = bot.fake
    await fake.wait_for(lambda: any("Op welke plek" in m.get("text", "") for m in fake.shown(jan.id)), what="the welcome")
    assert [c.params["text"][:13] for c in fake.find("sendMessage", jan.id)][:2] == ["Hallo! Ik ben"] * 2, "refused, then sent"
    assert [m["text"][:13] for m in fake.shown(jan.id)][0] == "Hallo! Ik ben", "the chat shows it once"
    assert sum(m.get("text", "").startswith("Hallo!") for m in fake.shown(jan.id)) == 1


@sqlite_only
async def test_flood_limit_on_an_offer_is_retried_by_the_outbox(bot: Bot):
    anna = await join_as_coach(bot, 1001, "anna", "Anna")
    jan = await onboarded(bot)
    bot.fake.flood_once("sendMessage", anna.id, retry_after=5)
    await jan.send(QUESTION)
    await jan.expect("Ik zoek een digicoach")
    await bot.fake.wait_for(lambda: any(c.params.get("chat_id") == anna.id and "Nieuwe vraag" in c.params.get("text", "")
                                        for c in bot.fake.find("sendMessage")), what="the first try")
    await bot.flush()  # let the background delivery record its retry time before the clock moves
    await bot.later(seconds=3)
    assert not any("Nieuwe vraag" in text for text in bot.fake.texts_to(anna.id)[3:]), "not before retry_after"
    await bot.later(seconds=3)
    # the refused try (429) and the delivery after retry_after
    await bot.fake.wait_for(lambda: sum("Nieuwe vraag" in text for text in bot.fake.texts_to(anna.id)) == 2,
                            what="the retried offer")
    await anna.expect("Nieuwe vraag #1")


async def test_a_coach_who_blocked_the_bot_loses_the_offer_to_the_next_coach(bot: Bot):
    anna = await join_as_coach(bot, 1001, "anna", "Anna")
    lotte = await join_as_coach(bot, 1003, "lotte", "Lotte")
    jan = await onboarded(bot)
    bot.fake.blocked.add(anna.id)
    await jan.send(QUESTION)
    await jan.expect("Ik zoek een digicoach")
    await bot.fake.wait_for(lambda: bot.fake.find("sendMessage", anna.id)[-1].params["text"].startswith("Nieuwe vraag"),
                            what="the offer to Anna is tried")
    await bot.flush()  # the outbox job: Anna is unreachable, so the ticket is offered to the next coach
    await bot.flush()
    await lotte.expect("Nieuwe vraag #1")
    assert await offers(bot) == [("anna", "unreachable"), ("lotte", "pending")]


async def test_webhook_needs_the_secret_and_handles_a_resent_update_once(start_bot):
    bot = await start_bot("webhook")
    fake = bot.fake
    [hook] = fake.find("setWebhook")
    assert hook.params["url"] == "https://bot.example.org/telegram" and hook.params["secret_token"] == SECRET
    assert hook.params["allowed_updates"] == ["message", "callback_query"]
    assert not fake.find("getUpdates"), "no polling in webhook mode"

    jan = phone(bot, 2001, "Jan")
    update = fake.message(jan.user, "/start")
    assert await bot.post_webhook(update, {}) == 403
    assert await bot.post_webhook(update, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}) == 403
    assert await bot.post_webhook(update, {"X-Telegram-Bot-Api-Secret-Token": SECRET[:-1]}) == 403
    assert await processed(bot) == 0 and not fake.find("sendMessage")

    await bot.deliver(update)
    await jan.expect("Op welke plek werk je")
    await bot.deliver(update)  # Telegram resends when our answer got lost
    await jan.press(CITADELPARK)
    await jan.expect("Citadelpark")
    assert sum("Op welke plek" in text for text in fake.texts_to(jan.id)) == 1
    assert await processed(bot) == 2
    assert len(await tickets(bot)) == 0
