"""Teams users for tests: they post Bot Framework activities to /api/messages over HTTP, as Teams does."""
from __future__ import annotations

import itertools
import uuid
from typing import Any

import aiohttp

from tests.teams.fake_connector import Call, FakeConnector

BOT = {"id": "28:digicoach-bot", "name": "Digicoach"}
_ids = itertools.count(1)


class TeamsUser:
    def __init__(
        self,
        http: aiohttp.ClientSession,
        endpoint: str,
        connector: FakeConnector,
        name: str,
        *,
        locale: str = "nl-BE",
        tenant: str = "tenant-ghent",
        authorization: str | None = None,
    ) -> None:
        self.http = http
        self.endpoint = endpoint
        self.connector = connector
        self.name = name
        self.locale = locale
        self.tenant = tenant
        self.authorization = authorization
        self.aad = str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{name}.example"))
        self.teams_id = f"29:{name}-teams-id"
        self.conversation = f"a:personal-{name}"

    def activity(self, kind: str = "message", **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": kind,
            "id": f"act-{next(_ids)}",
            "timestamp": "2026-11-23T08:00:00.000Z",
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "from": {"id": self.teams_id, "name": self.name.capitalize() + " Peeters", "aadObjectId": self.aad},
            "conversation": {"id": self.conversation, "conversationType": "personal", "tenantId": self.tenant},
            "recipient": BOT,
            "locale": self.locale,
            "channelData": {"tenant": {"id": self.tenant}},
        }
        body.update(fields)
        return body

    async def post(self, body: dict[str, Any]) -> int:
        headers = {"Authorization": self.authorization} if self.authorization else {}
        async with self.http.post(self.endpoint, json=body, headers=headers) as response:
            await response.read()
            return response.status

    async def exchange(self, body: dict[str, Any]) -> list[Call]:
        """Post one activity; return what the bot sent into this chat during that request."""
        since = len(self.connector.calls)
        status = await self.post(body)
        assert status == 200, status
        return self.connector.sent_to(self.conversation, since)

    async def install(self) -> list[Call]:
        return await self.exchange(
            self.activity("conversationUpdate", membersAdded=[BOT, {"id": self.teams_id, "aadObjectId": self.aad}])
        )

    async def say(self, text: str) -> list[Call]:
        return await self.exchange(self.activity(text=text, textFormat="plain"))

    async def press(self, card: Call, label: str) -> list[Call]:
        """Press the button titled `label` on a card the bot sent, as Teams does: a message with `value`."""
        [action] = [a for a in card.buttons if a["title"] == label]
        return await self.exchange(self.activity(value=action["data"], replyToId=card.id))

    def last_card(self) -> Call:
        cards = [c for c in self.connector.sent_to(self.conversation) if c.buttons]
        assert cards, f"no card sent to {self.name}"
        return cards[-1]


def texts(calls: list[Call]) -> str:
    return "\n".join(c.text for c in calls)


def labels(calls: list[Call]) -> list[str]:
    return [a["title"] for c in calls for a in c.buttons]
