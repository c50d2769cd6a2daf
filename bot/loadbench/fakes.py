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
from typing import Any, Callable

from aiohttp import web

BENCH_TOKEN = "123456:BENCH-token"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Digicoach", "username": "digicoach_bench_bot"}


@dataclass
class Reply:
    at: float  # time.perf_counter() on arrival
    feedback: bool  # carries the FAQ answer's "Heeft dit geholpen?" yes/no buttons: the end of an answered turn
    buttons: bool
    text: str = ""  # Telegram: the message text (Teams: see `content`)
    raw: bytes = b""  # Teams: the activity as the bot posted it, parsed only when asked (the FAQ scenario never asks)
    markup: str = ""  # Telegram: reply_markup as the bot sent it
    message_id: str = ""  # the id this fake gave the message (a button press refers to it)
    _parsed: tuple[str, list[dict[str, Any]]] | None = field(default=None, repr=False, compare=False)

    def _parse(self) -> tuple[str, list[dict[str, Any]]]:
        """(text, one dict per button: its "payload" and, on Teams, the rest of the button's data)."""
        if self._parsed is None:
            if self.raw:
                self._parsed = _teams_parts(self.raw)
            else:
                keys: list[dict[str, Any]] = []
                if self.markup:
                    for row in json.loads(self.markup).get("inline_keyboard") or ():
                        keys += [{"payload": b.get("callback_data"), "label": b.get("text")} for b in row]
                self._parsed = (self.text, keys)
        return self._parsed

    @property
    def content(self) -> str:
        """The text a person reads (a Teams card's text blocks joined by line breaks)."""
        return self._parse()[0]

    def button(self, prefix: str) -> str | None:
        """The first button payload (Telegram: callback_data) starting with `prefix`."""
        return next((b["payload"] for b in self._parse()[1] if str(b.get("payload") or "").startswith(prefix)), None)

    def payloads(self) -> list[str]:
        return [str(b.get("payload")) for b in self._parse()[1]]

    def data_of(self, payload: str) -> dict[str, Any]:
        """What pressing this button sends back: Teams' Action.Submit data, Telegram's callback_data (in "payload")."""
        return next((dict(b) for b in self._parse()[1] if b.get("payload") == payload), {"payload": payload})


def _teams_parts(raw: bytes) -> tuple[str, list[dict[str, Any]]]:
    activity = json.loads(raw)
    if activity.get("text"):
        return str(activity["text"]), []
    lines: list[str] = []
    keys: list[dict[str, Any]] = []
    for attachment in activity.get("attachments") or ():
        content = attachment.get("content") if isinstance(attachment, dict) else None
        for block in (content or {}).get("body") or ():
            if block.get("type") == "TextBlock":
                lines.append(str(block.get("text") or ""))
            for action in block.get("actions") or ():
                if isinstance(action.get("data"), dict):
                    keys.append(action["data"])
    return "\n".join(lines), keys


@dataclass
class Inbox:
    """What the bot sent one conversation; `wait_for` returns when a reply matching a test has arrived.

    Several tasks may wait on one inbox at once (an employee waits for its message to reach a coach while the
    coach waits for it too): each arrival sets the current event and puts a fresh one in its place, so no waiter
    clears an event another one is about to wait on.
    """

    replies: list[Reply] = field(default_factory=list)
    event: asyncio.Event = field(default_factory=asyncio.Event)

    def add(self, reply: Reply) -> None:
        self.replies.append(reply)
        event, self.event = self.event, asyncio.Event()
        event.set()

    async def wait_index(self, since: int, test: Callable[[Reply], Any], timeout: float) -> int | None:
        """The index of the first reply from `since` on that passes `test`, waiting up to `timeout` seconds."""
        deadline = time.perf_counter() + timeout
        checked = since
        while True:
            event = self.event  # taken before looking: a reply added after the look sets this one
            replies = self.replies
            for index in range(checked, len(replies)):
                if test(replies[index]):
                    return index
            checked = len(replies)
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            try:
                await asyncio.wait_for(event.wait(), left)
            except asyncio.TimeoutError:
                return None

    async def wait_for(self, since: int, test: Callable[[Reply], Any], timeout: float) -> Reply | None:
        index = await self.wait_index(since, test, timeout)
        return None if index is None else self.replies[index]

    async def wait_quiet(self, since: int, quiet: float, timeout: float) -> int:
        """At least one reply, then none for `quiet` seconds (onboarding, where the number of replies varies)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            event = self.event
            count = len(self.replies)
            if count > since and time.perf_counter() - self.replies[-1].at >= quiet:
                return count - since
            try:
                await asyncio.wait_for(event.wait(), quiet)
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
        ident = f"m{next(self._ids)}"
        self.inbox(request.match_info["conversation"]).add(
            Reply(time.perf_counter(), feedback, b"Action.Submit" in body, raw=body, message_id=ident)
        )
        return web.json_response({"id": ident})

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
            message_id = int(str(form.get("message_id") or next(self._message_ids)))
            if method.startswith("send"):
                self.inbox(chat_id).add(Reply(
                    time.perf_counter(), '"yes:' in markup, "inline_keyboard" in markup, text,
                    markup=markup if "inline_keyboard" in markup else "", message_id=str(message_id),
                ))
            result: Any = {
                "message_id": message_id,
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
