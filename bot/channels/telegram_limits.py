"""Telegram's flood limits, kept by PTB's own rate-limiter hook.

Telegram asks bots to send about one message a second per chat (short bursts
are tolerated) and about 30 a second overall, and answers 429 with
`retry_after` when a bot sends faster. Every Bot API call of the PTB
`Application` passes through `ChatRateLimiter.process_request`, so replies
and outbox deliveries share one budget.

We write this small limiter instead of PTB's `AIORateLimiter` because that
one needs the optional `aiolimiter` package and does not pace private chats.
"""
from __future__ import annotations

import asyncio
import logging
import warnings
from datetime import timedelta
from typing import Any, Callable, Coroutine

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger("digicoach.telegram")

JSON = bool | dict[str, Any] | list[dict[str, Any]]


def retry_seconds(exc: RetryAfter) -> float:
    """Seconds Telegram asked us to wait (PTB 22 warns that the attribute becomes a timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Bucket:
    """A token bucket that hands out reservations: `reserve` says how long to wait before sending.

    Tokens may go negative; that is the queue of senders already waiting, so
    waiting callers are served in order without a lock.
    """

    def __init__(self, per_second: float, burst: float, now: float) -> None:
        self.per_second = per_second
        self.burst = burst
        self.tokens = burst
        self.stamp = now

    def reserve(self, now: float) -> float:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.per_second)
        self.stamp = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.per_second

    def idle(self, now: float) -> bool:
        return self.tokens + (now - self.stamp) * self.per_second >= self.burst


NO_RETRY = {"max_retries": 0}  # rate_limit_args for a call whose caller retries itself (the outbox)


class ChatRateLimiter(BaseRateLimiter[dict]):
    """Paces calls that name a chat (per chat and overall) and honours RetryAfter.

    `rate_limit_args={"max_retries": N}` on a single Bot call sets how often a
    RetryAfter is waited out for that call: replies wait and retry (default
    `max_retries`), while the outbox passes NO_RETRY so the dispatcher
    reschedules the message itself instead of holding up other deliveries.
    """

    def __init__(
        self,
        overall_per_second: float = 30,
        chat_per_second: float = 1,
        chat_burst: float = 3,
        max_retries: int = 2,
        max_wait: float = 60,
    ) -> None:
        self.overall_per_second = overall_per_second
        self.chat_per_second = chat_per_second
        self.chat_burst = chat_burst
        self.max_retries = max_retries
        self.max_wait = max_wait  # a RetryAfter longer than this is not waited for here
        self._overall: Bucket | None = None
        self._chats: dict[str, Bucket] = {}
        self._paused_until: dict[str, float] = {}  # chat (or "" for the whole bot) -> paused until, after a RetryAfter

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        self._chats.clear()
        self._paused_until.clear()

    def _delay(self, chat_id: object, now: float) -> float:
        if self._overall is None:
            self._overall = Bucket(self.overall_per_second, self.overall_per_second, now)
        if len(self._chats) > 1000:  # forget chats whose budget is full again
            self._chats = {k: b for k, b in self._chats.items() if not b.idle(now)}
        chat = self._chats.setdefault(str(chat_id), Bucket(self.chat_per_second, self.chat_burst, now))
        return max(self._overall.reserve(now), chat.reserve(now))

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict | None,
    ) -> JSON:
        loop = asyncio.get_running_loop()
        retries = (rate_limit_args or {}).get("max_retries", self.max_retries)
        chat_id = data.get("chat_id")
        if chat_id is not None:  # getUpdates, answerCallbackQuery, setWebhook... are not paced
            delay = self._delay(chat_id, loop.time())
            if delay > 0:
                await asyncio.sleep(delay)
        pause_key = "" if chat_id is None else str(chat_id)  # a flood limit on a chat pauses that chat
        attempt = 0
        while True:
            pause = max(self._paused_until.get(pause_key, 0.0), self._paused_until.get("", 0.0)) - loop.time()
            if pause > 0:
                await asyncio.sleep(pause)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = retry_seconds(exc)
                if attempt >= retries or wait > self.max_wait:
                    raise  # the caller reschedules (the outbox, by its own clock)
                attempt += 1
                now = loop.time()
                self._paused_until = {k: v for k, v in self._paused_until.items() if v > now}
                self._paused_until[pause_key] = now + wait
                log.info("Telegram flood limit on %s: retrying in %.1fs", endpoint, wait)
