"""Issue 15, findings 1 and 9 on the Telegram webhook: bodies within limits, and a failed reply that still arrives.

The secret header is checked before the body is read (a wrong one is 403 with
nothing stored); then a body above the size limit is 413, and a body that is
not JSON, not an update or nests too deeply is 400 (deep nesting was a
RecursionError, a 500). A reply to the sender that the Bot API refuses after
the turn committed went nowhere; now it goes through the outbox and arrives,
once, with working buttons.
"""
from __future__ import annotations

import json

import aiohttp
import pytest
from sqlalchemy import func, select

from storage.models import InboxItem, OutboxMessage, ProcessedUpdate, Ticket
from tests.telegram.conftest import SECRET, Bot, phone
from tests.telegram.test_telegram_cases import onboarded

sqlite_only = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
FAQ = "waar vind ik mijn loonbrief"


async def count(bot: Bot, model) -> int:  # type: ignore[no-untyped-def]
    async with bot.app.db.session() as s:
        return await s.scalar(select(func.count()).select_from(model))


async def post_raw(bot: Bot, body: bytes, secret: str = SECRET) -> int:
    url = bot.server_url + bot.channel.config.webhook_path
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=body, headers=headers) as response:
            return response.status


@sqlite_only
async def test_oversized_malformed_and_deeply_nested_bodies_are_refused(start_bot):
    bot = await start_bot("webhook")
    jan = phone(bot, 2001, "Jan")
    update = bot.fake.message(jan.user, "x" * 300_000)  # far beyond any real update (a message is 4,096 characters)
    assert await post_raw(bot, json.dumps(update).encode(), secret="wrong") == 403
    assert await post_raw(bot, json.dumps(update).encode()) == 413
    deep = json.dumps(bot.fake.message(jan.user, "hallo"))[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert await post_raw(bot, deep.encode()) == 400
    assert await post_raw(bot, b'{"update_id": 1, "message": ') == 400
    assert await post_raw(bot, b"\xff\xfe{}") == 400
    assert await post_raw(bot, b'{"update_id": "not a number"}') == 400
    assert await post_raw(bot, b"[]") == 400
    assert await count(bot, InboxItem) == 0 and await count(bot, ProcessedUpdate) == 0
    assert not bot.fake.find("sendMessage"), "nothing refused was handled"
    await jan.send("/start")
    await jan.expect("Op welke plek"), "a normal update right after is answered"


async def test_a_reply_the_bot_api_refuses_once_arrives_through_the_outbox(start_bot):
    bot = await start_bot("webhook")
    jan = await onboarded(bot)
    bot.fake.fail_once("sendMessage", jan.id, 500, "Internal Server Error")
    await jan.send(FAQ)
    fake = bot.fake

    def shown() -> list[dict]:
        return [m for m in fake.shown(jan.id) if "Je loonbrief" in m.get("text", "")]

    await fake.wait_for(shown, what="the answer in Jan's chat")
    await bot.flush()
    [answer] = shown()  # shown once: the refused try never reached the chat
    refused_and_sent = [t for t in bot.fake.texts_to(jan.id) if "Je loonbrief" in t]
    assert len(refused_and_sent) == 2, "refused once, then sent once by the outbox"
    async with bot.app.db.session() as s:
        [row] = (await s.execute(select(OutboxMessage).where(OutboxMessage.key.like("reply:telegram:%")))).scalars()
        ticket = (await s.execute(select(Ticket).order_by(Ticket.id.desc()))).scalars().first()
    assert row.sent_at is not None and row.attempts == 1
    assert ticket.state == "new", "the answer waits for its judgement, it was not settled as self-served"
    assert await count(bot, InboxItem) == 0, "the handled update's row is gone"
    assert answer.get("reply_markup"), "the buttons came with it"
    await jan.press("Ja")
    await jan.expect("Fijn")
    async with bot.app.db.session() as s:
        assert (await s.get(Ticket, ticket.id)).state == "self_served"
