"""The Bot Connector calls a Teams turn makes (its replies and a card update), as plain JSON over aiohttp.

botbuilder sends a reply by deserialising our JSON into an msrest `Activity`,
serialising it back, and posting it with `requests` in a worker thread: on a
busy replica that was a fifth of the CPU of a turn. The cards are JSON
already (teams_cards.py), so a turn posts them itself, with the fields
botbuilder's `TurnContext.apply_conversation_reference` fills in
(`outgoing`), to the URL botbuilder's `ConversationsOperations` uses
(`activities_url`), with the Authorization header the SDK's own credentials
produce (`BotTokens`). Proactive messages (the outbox) still go through the
SDK: they are rare.

No botbuilder import here: the credentials are used through the one method
msrest calls on them, `signed_session`.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any, Mapping, Protocol
from urllib.parse import quote

import aiohttp
from yarl import URL

ACCEPTED = (200, 201, 202)  # what the SDK's ConversationsOperations accepts; anything else raises there too
TIMEOUT = 100.0  # msrest's default connection timeout, which the SDK's replies had
CONNECT_RETRIES = 3  # urllib3 under the SDK retried a connection that could not be opened (nothing was sent) ...
CONNECT_BACKOFF = 0.8  # ... after 0, 1.6 and 3.2 s; a POST that reached the connector is never repeated
TOKEN_TTL = 60.0  # seconds a bearer token is reused; msal hands out tokens with at least 5 minutes left


class ConnectorError(Exception):
    """The connector refused a message or could not be reached (`status` None): a turn fails (HTTP 500), as with
    the SDK; an outbox delivery is tried again later, or given up when the user is gone."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def activities_url(service_url: str, conversation_id: str, activity_id: str | None = None) -> str:
    """`{serviceUrl}/v3/conversations/{id}/activities[/{activityId}]`, ids quoted as msrest quotes them (safe='')."""
    url = f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}/activities"
    return f"{url}/{quote(activity_id, safe='')}" if activity_id else url


def outgoing(reference: Mapping[str, Any], activity: Mapping[str, Any]) -> dict[str, Any]:
    """A reply addressed as `TurnContext.send_activities` addresses it: to the user, from the bot, in their chat.

    `reference` is a conversation reference as JSON (`ConversationReference.serialize()`'s keys); its
    activityId, when there is one, becomes the replyToId. The SDK also sets inputHint and clears the id.
    """
    out = {key: value for key, value in activity.items() if key != "id"}
    if not out.get("type"):
        out["type"] = "message"
    if not out.get("inputHint"):
        out["inputHint"] = "acceptingInput"
    _address(out, reference)
    if reference.get("activityId"):
        out["replyToId"] = reference["activityId"]
    return out


def replacement(reference: Mapping[str, Any], activity_id: str, activity: Mapping[str, Any]) -> dict[str, Any]:
    """An update of message `activity_id`, addressed as `TurnContext.update_activity` addresses it."""
    out = {**activity, "id": activity_id}
    _address(out, reference)
    if reference.get("activityId"):
        out["replyToId"] = reference["activityId"]
    return out


def _address(out: dict[str, Any], reference: Mapping[str, Any]) -> None:
    """The fields `apply_conversation_reference` copies; msrest leaves out those that are None."""
    for key, value in (
        ("channelId", reference.get("channelId")),
        ("locale", reference.get("locale")),
        ("serviceUrl", reference.get("serviceUrl")),
        ("conversation", reference.get("conversation")),
        ("from", reference.get("bot")),
        ("recipient", reference.get("user")),
    ):
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value


@dataclass(frozen=True)
class Destination:
    """Where and as whom a turn posts: the SDK's connector client for the service URL it authenticated the turn for."""

    service_url: str
    authorization: str | None = None
    user_agent: str | None = None


class Credentials(Protocol):
    """What msrest asks of botframework's AppCredentials: put the Authorization header on a session."""

    def signed_session(self, session: Any = None) -> Any: ...


class _Session:
    """Stands in for the requests.Session that `signed_session` sets (or removes) the Authorization header on."""

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}


class BotTokens:
    """The Authorization header the SDK's credentials produce, asked for at most once a `TOKEN_TTL` per credentials.

    `signed_session` is where msrest gets it for every SDK call: no header for an
    unauthenticated bot (no app id), else a bearer token from msal's cache or, when
    that has none left, from Entra ID over the network. msrest asked on the event
    loop on every call; here it is asked in a thread, so a token fetch does not stop
    every other turn, and only when the kept header is older than `TOKEN_TTL`.
    """

    def __init__(self, ttl: float = TOKEN_TTL) -> None:
        self.ttl = ttl
        self._headers: dict[int, tuple[float, Credentials, str | None]] = {}
        self._lock = asyncio.Lock()

    async def authorization(self, credentials: Credentials | None) -> str | None:
        if credentials is None:
            return None
        kept = self._headers.get(id(credentials))
        if kept is not None and kept[1] is credentials and time.monotonic() - kept[0] < self.ttl:
            return kept[2]
        async with self._lock:  # turns arriving while a token is fetched wait for that one fetch
            kept = self._headers.get(id(credentials))
            if kept is not None and kept[1] is credentials and time.monotonic() - kept[0] < self.ttl:
                return kept[2]
            header = await asyncio.to_thread(_signed_header, credentials)
            if len(self._headers) >= 64:  # one per (service URL, audience) in practice; never unbounded
                self._headers.pop(next(iter(self._headers)))
            self._headers[id(credentials)] = (time.monotonic(), credentials, header)
            return header


def _signed_header(credentials: Credentials) -> str | None:
    session = _Session()
    credentials.signed_session(session)
    return session.headers.get("Authorization")


class Connector:
    """One aiohttp session (kept-alive connections) for the connector calls of every turn; closed with the channel."""

    def __init__(self, *, timeout: float = TIMEOUT, connect_backoff: float = CONNECT_BACKOFF) -> None:
        self.timeout = timeout
        self.connect_backoff = connect_backoff
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:  # made on first use: it must belong to the running loop
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, to: Destination, reference: Mapping[str, Any], activity: Mapping[str, Any]) -> None:
        """Post a reply into the reference's conversation (a reply to its activityId when it has one)."""
        body = outgoing(reference, activity)
        url = activities_url(to.service_url, reference["conversation"]["id"], body.get("replyToId"))
        await self._call("POST", url, body, to)

    async def update(self, to: Destination, reference: Mapping[str, Any], activity_id: str,
                     activity: Mapping[str, Any]) -> None:
        """Replace message `activity_id` (a pressed card) in the reference's conversation."""
        body = replacement(reference, activity_id, activity)
        url = activities_url(to.service_url, reference["conversation"]["id"], activity_id)
        await self._call("PUT", url, body, to)

    async def _call(self, method: str, url: str, body: Mapping[str, Any], to: Destination) -> None:
        conversation = body["conversation"]["id"]
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json; charset=utf-8",
            "x-ms-conversation-id": conversation,
        }
        if to.user_agent:
            headers["User-Agent"] = to.user_agent
        if to.authorization:
            headers["Authorization"] = to.authorization
        data = json.dumps(body).encode()
        target = URL(url, encoded=True)  # quoted above as msrest quotes; aiohttp must not re-quote
        for attempt in range(CONNECT_RETRIES + 1):
            try:
                async with self._client().request(method, target, data=data, headers=headers) as response:
                    await response.read()
                    if response.status not in ACCEPTED:
                        raise ConnectorError(f"Teams connector answered {response.status} to {method} "
                                             f"for conversation {conversation}", response.status,
                                             _seconds(response.headers.get("Retry-After")))
                    return
            except aiohttp.ClientConnectorError as exc:  # not connected, so nothing was sent: safe to try again
                if attempt == CONNECT_RETRIES:
                    raise ConnectorError(f"Teams connector unreachable: {exc}") from exc
                await asyncio.sleep(self.connect_backoff * 2**attempt if attempt else 0)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                raise ConnectorError(f"Teams connector call failed: {type(exc).__name__}: {exc}") from exc


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
