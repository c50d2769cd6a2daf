"""The channel's pure parts: text splitting, button data, the rate limiter, configuration."""
from __future__ import annotations

from dataclasses import replace

import pytest
from telegram.error import RetryAfter

from bot.channels.telegram import TelegramChannel, api_urls, bot_commands
from bot.channels.telegram_limits import NO_RETRY, Bucket, ChatRateLimiter
from bot.channels.telegram_render import CallbackData, split_text, tg_len
from bot.config import Config, ConfigError
from bot.runner import build_channels


def test_split_prefers_paragraphs_and_counts_utf16():
    text = "a" * 3000 + "\n\n" + "b" * 3000
    assert split_text(text) == ["a" * 3000, "b" * 3000]
    emoji = "👍" * 3000  # two UTF-16 units each: 6000 in Telegram's count
    parts = split_text(emoji)
    assert "".join(parts) == emoji and all(tg_len(p) <= 4096 for p in parts)
    assert split_text("kort") == ["kort"]


def test_short_payloads_pass_unchanged_long_ones_are_keyed():
    data = CallbackData()
    assert data.encode("outcome:123456:referred_servicedesk") == "outcome:123456:referred_servicedesk"
    long = "faq:123456:" + "x" * 60
    key = data.encode(long)
    assert len(key.encode()) <= 64 and data.decode(key) == long
    assert CallbackData().decode(key) is None, "a fresh process does not know it..."
    assert CallbackData.resolve_from(key, ["yes:1", long]) == long, "...but finds it among the stored buttons"
    assert data.decode("~forged") is None


def test_bucket_allows_a_burst_then_paces():
    bucket = Bucket(per_second=1, burst=3, now=0.0)
    assert [bucket.reserve(0.0) for _ in range(5)] == [0, 0, 0, 1.0, 2.0]
    assert bucket.reserve(10.0) == 0 and bucket.idle(20.0)


async def test_limiter_retries_a_reply_but_not_an_outbox_send():
    limiter = ChatRateLimiter(max_retries=1)
    attempts: list[int] = []

    async def flooded_once() -> bool:
        attempts.append(1)
        if len(attempts) == 1:
            raise RetryAfter(0.01)
        return True

    assert await limiter.process_request(flooded_once, (), {}, "sendMessage", {"chat_id": 1}, None) is True
    assert len(attempts) == 2
    attempts.clear()
    with pytest.raises(RetryAfter):
        await limiter.process_request(flooded_once, (), {}, "sendMessage", {"chat_id": 1}, NO_RETRY)


def test_api_urls_for_a_self_hosted_server():
    assert api_urls("http://localhost:8081") == ("http://localhost:8081/bot", "http://localhost:8081/file/bot")
    assert api_urls("http://localhost:8081/bot/") == ("http://localhost:8081/bot", "http://localhost:8081/file/bot")


def test_command_menus_per_role_and_language():
    assert [c.command for c in bot_commands("employee", "nl")] == ["help", "lang", "cancel", "scan"]
    assert {"pause", "resume", "close", "status", "tickets"} <= {c.command for c in bot_commands("coach", "fr")}
    assert bot_commands("coordinator", "en")[0].description == "Questions waiting or open for long"


class _App:
    def __init__(self, config: Config) -> None:
        self.config = config


def test_runner_builds_the_channel_from_the_environment():
    config = Config()
    [channel] = build_channels(_App(config), {"DIGICOACH_TELEGRAM_TOKEN": "1:abc"})  # type: ignore[arg-type]
    assert isinstance(channel, TelegramChannel) and channel.application.updater is not None
    webhook = replace(config, telegram=replace(config.telegram, mode="webhook", webhook_url="https://x.example/tg"))
    with pytest.raises(ConfigError, match="DIGICOACH_TELEGRAM_SECRET"):
        build_channels(_App(webhook), {"DIGICOACH_TELEGRAM_TOKEN": "1:abc"})  # type: ignore[arg-type]
    [channel] = build_channels(_App(webhook), {"DIGICOACH_TELEGRAM_TOKEN": "1:abc", "DIGICOACH_TELEGRAM_SECRET": "abc-123"})  # type: ignore[arg-type]
    assert channel.application.updater is None, "webhook mode: updates come in on our own server"
