"""A fake Telegram Bot API server: the real PTB Application talks HTTP to it through `base_url`.

It implements the methods the bot uses, queues updates for `getUpdates`,
keeps the messages the bot sent (and their edits) per chat, and records
every call and uploaded file. Tests can make it answer 429 with retry_after
once (or any other error), 403 "bot was blocked by the user" for a chat, or
answer a method only after a delay.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import web

TOKEN = "123456:TEST-token"
BOT = {"id": 123456, "is_bot": True, "first_name": "Digicoach", "username": "digicoach_test_bot"}
# Form fields PTB sends JSON-encoded; everything else (text, caption, data, url...) is a plain string.
JSON_FIELDS = {
    "chat_id", "message_id", "offset", "limit", "timeout", "reply_markup", "allowed_updates",
    "commands", "scope", "show_alert", "drop_pending_updates", "cache_time",
}
SENDS = {"sendMessage", "sendPhoto", "sendDocument"}
EDITS = {"editMessageText", "editMessageReplyMarkup", "editMessageCaption"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class Failure:
    method: str
    chat_id: int | None
    status: int
    description: str
    retry_after: float | None = None


@dataclass
class Upload:
    """A file the bot sent as multipart/form-data, as the server received it."""

    method: str
    field: str
    filename: str
    content_type: str
    content: bytes


@dataclass
class User:
    id: int
    first_name: str
    language_code: str | None = "nl"

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            d["language_code"] = self.language_code
        return d


@dataclass
class FakeBotApi:
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # what each chat shows now
    blocked: set[int] = field(default_factory=set)
    failures: list[Failure] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    delays: dict[str, float] = field(default_factory=dict)  # method -> seconds before it answers
    url: str = ""

    def __post_init__(self) -> None:
        self._queue: list[dict[str, Any]] = []
        self._new_update = asyncio.Event()
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._runner: web.AppRunner | None = None
        self._closing = False

    # -- server ---------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._endpoint)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def close(self) -> None:
        self._closing = True  # ends long polls still waiting (the client may already be gone)
        self._new_update.set()
        if self._runner:
            await self._runner.cleanup()

    async def _endpoint(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = _params(await request.post(), method, self.uploads)
        self.calls.append(Call(method, params))
        if method in self.delays:
            await asyncio.sleep(self.delays[method])
        chat_id = params.get("chat_id")
        for failure in self.failures:
            if failure.method == method and failure.chat_id in (None, chat_id):
                self.failures.remove(failure)
                extra = {"retry_after": failure.retry_after} if failure.retry_after is not None else None
                return _error(failure.status, failure.description, extra)
        if chat_id in self.blocked and (method in SENDS or method in EDITS):
            return _error(403, "Forbidden: bot was blocked by the user")
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return _error(404, "Not Found")
        return web.json_response({"ok": True, "result": await handler(params)})

    # -- Bot API methods --------------------------------------------------------

    async def _getMe(self, p: dict) -> Any:
        return BOT

    async def _getUpdates(self, p: dict) -> Any:
        offset = p.get("offset") or 0
        self._queue = [u for u in self._queue if u["update_id"] >= offset]  # lower ids are confirmed
        deadline = time.monotonic() + min(float(p.get("timeout") or 0), 10)
        while not self._queue and not self._closing and time.monotonic() < deadline:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        return list(self._queue)

    async def _sendMessage(self, p: dict) -> Any:
        return self._store(p, text=p["text"])

    async def _sendPhoto(self, p: dict) -> Any:
        photo = p["photo"] if isinstance(p["photo"], str) else "uploaded-photo"
        sizes = [{"file_id": photo, "file_unique_id": photo[-8:], "width": 800, "height": 600}]
        return self._store(p, photo=sizes, caption=p.get("caption"))

    async def _sendDocument(self, p: dict) -> Any:
        return self._store(p, document={"file_id": "uploaded-doc", "file_unique_id": "doc"})

    async def _editMessageText(self, p: dict) -> Any:
        message = self.messages[(p["chat_id"], p["message_id"])]
        message["text"] = p["text"]
        _set_markup(message, p.get("reply_markup"))  # no reply_markup: Telegram removes the keyboard
        return message

    async def _editMessageReplyMarkup(self, p: dict) -> Any:
        message = self.messages[(p["chat_id"], p["message_id"])]
        _set_markup(message, p.get("reply_markup"))
        return message

    async def _answerCallbackQuery(self, p: dict) -> Any:
        return True

    async def _setMyCommands(self, p: dict) -> Any:
        return True

    async def _deleteMyCommands(self, p: dict) -> Any:
        return True

    async def _setWebhook(self, p: dict) -> Any:
        return True

    async def _deleteWebhook(self, p: dict) -> Any:
        return True

    def _store(self, p: dict, **content: Any) -> dict[str, Any]:
        chat_id = p["chat_id"]
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT,
            **{k: v for k, v in content.items() if v is not None},
        }
        _set_markup(message, p.get("reply_markup"))
        self.messages[(chat_id, message["message_id"])] = message
        return message

    # -- what tests do ------------------------------------------------------------

    def push(self, *updates: dict[str, Any]) -> None:
        """Queue updates for getUpdates (polling mode)."""
        self._queue.extend(updates)
        self._new_update.set()

    def fail_once(self, method: str, chat_id: int | None, status: int, description: str, retry_after: float | None = None) -> None:
        self.failures.append(Failure(method, chat_id, status, description, retry_after))

    def flood_once(self, method: str, chat_id: int | None = None, retry_after: float = 1) -> None:
        self.fail_once(method, chat_id, 429, f"Too Many Requests: retry after {retry_after}", retry_after)

    def message(self, user: User, text: str | None = None, **content: Any) -> dict[str, Any]:
        """An update with a private message from `user` (text, location=..., photo=..., voice=...)."""
        msg: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": user.as_dict(),
            **content,
        }
        if text is not None:
            msg["text"] = text
            if text.startswith("/"):
                msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"update_id": next(self._ids), "message": msg}

    def callback(self, user: User, message: dict[str, Any], data: str) -> dict[str, Any]:
        query = {
            "id": f"cq{next(self._ids)}",
            "from": user.as_dict(),
            "chat_instance": str(user.id),
            "message": json.loads(json.dumps(message)),
            "data": data,
        }
        return {"update_id": next(self._ids), "callback_query": query}

    def press(self, user: User, label: str) -> dict[str, Any] | None:
        """The update for pressing the button `label` on the newest message in `user`'s chat that still shows it."""
        for (chat_id, _), message in sorted(self.messages.items(), key=lambda kv: kv[0][1], reverse=True):
            if chat_id != user.id:
                continue
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == label:
                        return self.callback(user, message, button["callback_data"])
        return None

    # -- what tests look at ---------------------------------------------------------

    def find(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        return [
            c for c in self.calls
            if (method is None or c.method == method) and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def shown(self, chat_id: int) -> list[dict[str, Any]]:
        """The messages this chat shows now (refused sends left out, edits applied), oldest first."""
        return [m for (chat, _), m in sorted(self.messages.items(), key=lambda kv: kv[0][1]) if chat == chat_id]

    def texts_to(self, chat_id: int) -> list[str]:
        """Every text and caption the bot sent to this chat, in order (as sent, before edits)."""
        return [c.params.get("text") or c.params.get("caption") or "" for c in self.calls
                if c.method in SENDS and c.params.get("chat_id") == chat_id]

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 10, what: str = "condition") -> Any:
        """Poll until `condition()` is truthy; the bot works in background tasks."""
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            await asyncio.sleep(0.01)


def _params(form: Any, method: str, uploads: list[Upload]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, str) and key in JSON_FIELDS:
            try:
                value = json.loads(value)
            except ValueError:
                pass
        elif not isinstance(value, str):  # an uploaded file
            upload = Upload(method, key, value.filename, value.content_type, value.file.read())
            uploads.append(upload)
            value = upload.content
        params[key] = value
    return params


def _set_markup(message: dict[str, Any], markup: dict[str, Any] | None) -> None:
    """Messages only keep inline keyboards (a reply keyboard belongs to the chat, not the message)."""
    if markup and "inline_keyboard" in markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)
