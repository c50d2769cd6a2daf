"""A fake Bot Framework connector (the service behind an activity's serviceUrl), recording what the bot sends.

It answers the calls botbuilder's ConnectorClient makes: replies and proactive
messages, card updates, member look-ups and conversation creation.
"""
from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Call:
    method: str
    conversation: str
    activity_id: str | None  # the path's activity id: replied to (POST) or updated (PUT)
    body: dict[str, Any]
    authorization: str | None
    id: str = ""  # the id this connector gave the message (what Teams puts in replyToId of a card press)
    path: str = ""  # the request path as sent (ids percent-encoded by the sender)

    @property
    def text(self) -> str:
        """What the user sees: the plain text, or the card's text blocks."""
        parts = [self.body.get("text") or ""]
        for attachment in self.body.get("attachments") or []:
            content = attachment.get("content") or {}
            parts += [b.get("text", "") for b in content.get("body", []) if b.get("type") == "TextBlock"]
        return "\n".join(p for p in parts if p)

    @property
    def key(self) -> str | None:
        """The outbox idempotency key the bot put in channelData (proactive messages only)."""
        data = self.body.get("channelData") or {}
        return data.get("digicoachKey") if isinstance(data, dict) else None

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The Action.Submit actions of a card: title and data."""
        found = []
        for attachment in self.body.get("attachments") or []:
            for block in (attachment.get("content") or {}).get("body", []):
                found += [a for a in block.get("actions", []) if a.get("type") == "Action.Submit"]
        return found


@dataclass
class FakeConnector:
    calls: list[Call] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)  # Teams user id -> member JSON
    revoked: set[str] = field(default_factory=set)  # conversation ids answering 403
    failing: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (status, headers) for the next POSTs
    refused: list[Call] = field(default_factory=list)  # messages answered from `failing`: the user never saw them
    server: TestServer | None = None
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._activity)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._activity)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()

    async def close(self) -> None:
        if self.server:
            await self.server.close()

    async def _activity(self, request: web.Request) -> web.Response:
        conversation = request.match_info["conversation"]
        if conversation in self.revoked:
            return web.json_response({"error": {"code": "Forbidden", "message": "bot removed"}}, status=403)
        body = await request.json()
        activity_id = request.match_info.get("activity")
        if self.failing and request.method == "POST":
            status, headers = self.failing.pop(0)
            self.refused.append(Call(request.method, conversation, activity_id, body, request.headers.get("Authorization"),
                                     path=request.raw_path))
            self._changed.set()
            return web.json_response({"error": {"code": "Failing", "message": "fake failure"}}, status=status, headers=headers)
        new_id = activity_id if request.method == "PUT" else f"m{next(self._ids)}"
        self.calls.append(Call(request.method, conversation, activity_id, body, request.headers.get("Authorization"), new_id,
                               request.raw_path))
        self._changed.set()
        return web.json_response({"id": new_id})

    async def _member(self, request: web.Request) -> web.Response:
        member = self.members.get(request.match_info["member"])
        if member is None:
            return web.json_response({"error": {"code": "NotFound", "message": "no such member"}}, status=404)
        return web.json_response(member)

    async def _create(self, request: web.Request) -> web.Response:
        return web.json_response({"id": f"c{next(self._ids)}", "activityId": f"m{next(self._ids)}"})

    # -- what tests ask ------------------------------------------------------------

    def sent_to(self, conversation: str, since: int = 0) -> list[Call]:
        """Messages (not updates) the bot sent into one conversation."""
        return [c for c in self.calls[since:] if c.conversation == conversation and c.method == "POST"]

    def duplicates(self) -> list[Call]:
        """Messages whose idempotency key this connector had already received: recognisably resent."""
        seen: set[str] = set()
        found = []
        for call in self.calls:
            if call.method == "POST" and call.key:
                if call.key in seen:
                    found.append(call)
                seen.add(call.key)
        return found

    def updates(self, conversation: str) -> list[Call]:
        return [c for c in self.calls if c.conversation == conversation and c.method == "PUT"]

    async def wait_for(self, predicate, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
        """Background delivery (the outbox) finishes when it finishes: poll, never sleep a fixed time."""
        async def poll() -> None:
            while True:
                self._changed.clear()
                if predicate():
                    return
                await self._changed.wait()

        await asyncio.wait_for(poll(), timeout)
