"""Fixtures: the fake Bot API, the project's app on the fake clock, and the real TelegramChannel between them."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any, AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web

from bot.app import App, build_app
from bot.channels.telegram import TelegramChannel
from bot.channels.telegram_limits import ChatRateLimiter
from bot.clock import FakeClock
from bot.config import Config, TelegramConfig
from bot.server import build_web_app
from storage.invites import create_invite
from tests.conftest import MONDAY_MORNING
from tests.telegram.fake_bot_api import TOKEN, FakeBotApi, User

SECRET = "s3cret-for_tests"


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    await api.start()
    yield api
    await api.close()


@pytest.fixture
async def app(database, fake) -> App:
    config = Config(telegram=TelegramConfig(base_url=fake.url, bot_username="digicoach_test_bot"))
    return await build_app(config, FakeClock(MONDAY_MORNING), db=database)


class Bot:
    """The running channel plus ways to reach it: polling (the fake's getUpdates) or our webhook route."""

    def __init__(self, app: App, fake: FakeBotApi, channel: TelegramChannel, server_url: str) -> None:
        self.app, self.fake, self.channel, self.server_url = app, fake, channel, server_url
        self.webhook = channel.config.mode == "webhook"

    async def deliver(self, *updates: dict[str, Any]) -> None:
        if not self.webhook:
            self.fake.push(*updates)
            return
        for update in updates:
            status = await self.post_webhook(update, {"X-Telegram-Bot-Api-Secret-Token": SECRET})
            assert status == 200

    async def post_webhook(self, update: dict[str, Any], headers: dict[str, str]) -> int:
        async with aiohttp.ClientSession() as session:
            url = self.server_url + self.channel.config.webhook_path
            async with session.post(url, json=update, headers=headers) as response:
                return response.status

    async def flush(self) -> None:
        """What the outbox job does every few seconds."""
        await self.app.dispatcher.flush()

    async def later(self, minutes: float = 0, seconds: float = 0) -> None:
        """Move the fake clock, then run the outbox as the scheduler would."""
        assert isinstance(self.app.clock, FakeClock)
        self.app.clock.advance(timedelta(minutes=minutes, seconds=seconds))
        await self.app.engine.sweep()
        await self.flush()

    async def invite(self, role: str, ident: str) -> str:
        async with self.app.db.session() as session:
            return await create_invite(session, role, ident, self.app.clock.now(), timedelta(days=7))


class Phone:
    """One Telegram user chatting with the bot; `expect` waits for what the bot sends them next."""

    def __init__(self, bot: Bot, user: User) -> None:
        self.bot, self.user = bot, user
        self.read = 0  # index into fake.calls up to which this user has read

    @property
    def id(self) -> int:
        return self.user.id

    async def send(self, text: str) -> None:
        await self.bot.deliver(self.bot.fake.message(self.user, text))

    async def press(self, label: str) -> None:
        """Press a button as soon as a message in this chat shows it."""
        fake = self.bot.fake
        update = await fake.wait_for(
            lambda: fake.press(self.user, label), what=f"button {label!r} for {self.user.first_name}; got {fake.texts_to(self.id)}"
        )
        await self.bot.deliver(update)

    async def share_location(self, lat: float, lon: float) -> None:
        await self.bot.deliver(self.bot.fake.message(self.user, location={"latitude": lat, "longitude": lon}))

    async def send_photo(self, file_id: str, caption: str | None = None) -> None:
        sizes = [{"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 90},
                 {"file_id": file_id, "file_unique_id": "l", "width": 1280, "height": 960}]
        content: dict[str, Any] = {"photo": sizes}
        if caption:
            content["caption"] = caption
        await self.bot.deliver(self.bot.fake.message(self.user, **content))

    async def expect(self, text: str, timeout: float = 10) -> dict[str, Any]:
        """Wait until the bot sends this user a message containing `text`; returns that call's parameters."""
        fake = self.bot.fake

        def found() -> int | None:
            for i in range(self.read, len(fake.calls)):
                call = fake.calls[i]
                shown = call.params.get("text") or call.params.get("caption") or ""
                if call.method in ("sendMessage", "sendPhoto") and call.params.get("chat_id") == self.id and text in shown:
                    return i + 1
            return None

        index = await fake.wait_for(found, timeout, what=f"{text!r} to {self.user.first_name}; got {fake.texts_to(self.id)}")
        self.read = index
        return fake.calls[index - 1].params


StartBot = Callable[..., Awaitable[Bot]]


@pytest.fixture
async def start_bot(app, fake) -> AsyncIterator[StartBot]:
    """Start the channel as `digicoach run` does (routes on the one aiohttp server, sender in the outbox)."""
    started: list[tuple[TelegramChannel, web.AppRunner]] = []

    async def start(mode: str = "polling", **limiter: float) -> Bot:
        config = replace(app.config.telegram, mode=mode, webhook_url="https://bot.example.org/telegram")
        fast = {"chat_per_second": 1000, "chat_burst": 1000, "overall_per_second": 1000, **limiter}
        channel = TelegramChannel(app, TOKEN, config, secret=SECRET, rate_limiter=ChatRateLimiter(**fast))
        app.dispatcher.register(channel.name, channel.sender)
        runner = web.AppRunner(build_web_app(app, [channel]), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        await channel.start()
        started.append((channel, runner))
        return Bot(app, fake, channel, f"http://127.0.0.1:{port}")

    yield start
    for channel, runner in started:
        await channel.stop()
        await runner.cleanup()
    await app.close()


@pytest.fixture
async def bot(start_bot) -> Bot:
    return await start_bot("polling")


def phone(bot: Bot, user_id: int, name: str, language: str | None = "nl") -> Phone:
    return Phone(bot, User(user_id, name, language))
