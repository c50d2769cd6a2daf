"""Small, fast fakes on loopback: the Teams connector, the Telegram Bot API, and a bare 200 endpoint.

They do as little as possible per call (the bench measures the bot, not the
fakes): a reply is appended to its conversation's inbox with its arrival
time, and whoever waits on that conversation is woken.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BENCH_TOKEN = "123456:BENCH-token"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Digicoach", "username": "digicoach_bench_bot"}


@dataclass
class Reply:
    at: float  # time.perf_counter() on arrival
    feedback: bool  # carries the FAQ answer's "Heeft dit geholpen?" yes/no buttons: the end of an answered turn
    buttons: bool
    text: str = ""


@dataclass
class Inbox:
    """What the bot sent one conversation; `wait` returns when a reply matching a test has arrived."""

    replies: list[Reply] = field(default_factory=list)
    event: asyncio.Event = field(default_factory=asyncio.Event)

    def add(self, reply: Reply) -> None:
        self.replies.append(reply)
        self.event.set()

    async def wait_for(self, since: int, test, timeout: float) -> Reply | None:  # type: ignore[no-untyped-def]
        deadline = time.perf_counter() + timeout
        while True:
            for reply in self.replies[since:]:
                if test(reply):
                    return reply
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            self.event.clear()
            try:
                await asyncio.wait_for(self.event.wait(), left)
            except asyncio.TimeoutError:
                return None

    async def wait_quiet(self, since: int, quiet: float, timeout: float) -> int:
        """At least one reply, then none for `quiet` seconds (onboarding, where the number of replies varies)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            count = len(self.replies)
            if count > since and time.perf_counter() - self.replies[-1].at >= quiet:
                return count - since
            self.event.clear()
            try:
                await asyncio.wait_for(self.event.wait(), quiet)
            except asyncio.TimeoutError:
                pass
        return len(self.replies) - since


class _Server:
    def __init__(self) -> None:
        self.inboxes: dict[Any, Inbox] = {}
        self.calls = 0
        self.url = ""
        self._runner: web.AppRunner | None = None

    def inbox(self, key: Any) -> Inbox:
        box = self.inboxes.get(key)
        if box is None:
            box = self.inboxes[key] = Inbox()
        return box

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    async def start(self) -> str:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        self.routes(app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def close(self) -> None:
        if self._runner:
            await self._runner.cleanup()


class FakeConnector(_Server):
    """The Bot Framework connector behind an activity's serviceUrl: keeps replies per conversation id."""

    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._activity)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._update)
        app.router.add_post("/v3/conversations", self._create)

    async def _activity(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.calls += 1
        feedback = b'"yes:' in body
        self.inbox(request.match_info["conversation"]).add(
            Reply(time.perf_counter(), feedback, b"Action.Submit" in body)
        )
        return web.json_response({"id": f"m{next(self._ids)}"})

    async def _update(self, request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"id": request.match_info["activity"]})

    async def _create(self, request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"id": f"c{next(self._ids)}", "activityId": f"m{next(self._ids)}"})


class FakeBotApi(_Server):
    """The Telegram Bot API methods the bot calls in webhook mode; keeps sent messages per chat id."""

    def __init__(self) -> None:
        super().__init__()
        self._message_ids = itertools.count(1000)
        self.webhooks_set = 0

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/bot{token}/{method}", self._endpoint)

    async def _endpoint(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form = await request.post()
        self.calls += 1
        if method in ("sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"):
            chat_id = int(str(form.get("chat_id")))
            markup = str(form.get("reply_markup") or "")
            text = str(form.get("text") or form.get("caption") or "")
            if method.startswith("send"):
                self.inbox(chat_id).add(Reply(time.perf_counter(), '"yes:' in markup, "inline_keyboard" in markup, text))
            result: Any = {
                "message_id": int(str(form.get("message_id") or next(self._message_ids))),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": text,
            }
        elif method == "getMe":
            result = BOT_USER
        elif method == "setWebhook":
            self.webhooks_set += 1
            result = True
        elif method == "getUpdates":
            result = []
        else:  # setMyCommands, answerCallbackQuery, deleteWebhook...: accepted
            result = True
        return web.Response(text=json.dumps({"ok": True, "result": result}), content_type="application/json")
