"""Microsoft Teams: botbuilder's CloudAdapter on our aiohttp server, the engine behind it.

Every botbuilder import of the project lives here (rendering is plain JSON in
teams_cards.py), because the SDK is archived upstream and its successor, the
Microsoft 365 Agents SDK, speaks the same protocol: a port touches only this
module (and teams_connector.py, which posts a turn's replies itself). The bot
is a class (`DigicoachBot`), the adapter is wiring (`TeamsChannel`), and
`TeamsSender` delivers the outbox proactively with the conversation reference
stored for each person.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid
from dataclasses import replace
from typing import Any, Mapping

from aiohttp import web
from botbuilder.core import ActivityHandler, TurnContext, serializer_helper
from botbuilder.core.teams import TeamsInfo
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    DeliveryModes,
)
from botframework.connector.auth import AuthenticateRequestResult, ClaimsIdentity, ConnectorFactory
from msrest.exceptions import ClientRequestError
from msrest.serialization import Deserializer

from bot.app import App
from bot.channels import teams_cards as cards
from bot.channels.combine import combine
from bot.channels.request_body import BadBody, read_json
from bot.channels.teams_connector import BotTokens, Connector, ConnectorError, Destination
from bot.inbox import reply_key
from bot.messages import Incoming, Outgoing
from bot.outbox import DeliveryError, Sender

log = logging.getLogger("digicoach.teams")

CHANNEL = "teams"
ROUTE = "/api/messages"
# A card carries its text in its body and again in every button's data (so any replica can show the answered copy),
# and Teams refuses messages above about 28 KB: joined replies stay far below that even with five buttons.
CARD_TEXT_LIMIT = 2000


def fits_one_card(text: str) -> bool:
    """Whether replies joined into this text (see combine.py) still make a comfortably small Teams message."""
    return len(text) <= CARD_TEXT_LIMIT


def address_of(activity: Activity) -> str:
    """A Teams user is known by their Entra object id (stable across bot registrations), else their Teams id."""
    sender = activity.from_property
    return (sender.aad_object_id or sender.id) if sender else ""


def tenant_of(activity: Activity) -> str | None:
    if activity.conversation and activity.conversation.tenant_id:
        return activity.conversation.tenant_id
    data = activity.channel_data if isinstance(activity.channel_data, Mapping) else {}
    tenant = data.get("tenant") if isinstance(data.get("tenant"), Mapping) else {}
    return tenant.get("id")


# What Activity().deserialize builds on every call (a Deserializer over every botbuilder.schema class), built once:
# it keeps no state between calls, as the SDK's own connector clients share theirs.
_DESERIALIZER = Deserializer(Activity._infer_class_models())


def to_activity(data: Mapping[str, Any]) -> Activity:
    """The SDK's Activity for an activity's JSON, exactly as `Activity().deserialize(data)` makes it."""
    return _DESERIALIZER("Activity", data)


def _json_fields(model: type) -> tuple[tuple[str, bool], ...]:
    """The model's JSON keys, each with whether msrest reads it as a string."""
    return tuple((spec["key"], spec["type"] == "str") for spec in model._attribute_map.values())  # type: ignore[attr-defined]


_ACCOUNT_FIELDS = _json_fields(ChannelAccount)
_CONVERSATION_FIELDS = _json_fields(ConversationAccount)
_NO_REPLY_CHANNELS = ("directline", "webchat")  # where get_conversation_reference leaves the activity id out


def _string(value: Any) -> Any:
    """A field msrest types as a string, as it deserialises it: anything but None becomes its str()."""
    return value if value is None or isinstance(value, str) else str(value)


def _account(value: Any, fields: tuple[tuple[str, bool], ...]) -> Any:
    """An account as msrest would write it back: the model's own keys, None left out (Teams' "tenantId" is not one)."""
    if not isinstance(value, Mapping):
        return None
    return {key: _string(value[key]) if text else value[key] for key, text in fields if value.get(key) is not None}


def conversation_reference(activity: Mapping[str, Any], *, reply: bool) -> dict[str, Any]:
    """`ConversationReference.serialize()` of `TurnContext.get_conversation_reference`, from the activity's JSON.

    The same JSON without two msrest round trips per turn. `reply=False` leaves the
    activity id out: a stored reference starts new messages, it does not reply.
    """
    activity_id = activity.get("id") if reply else None
    if activity.get("type") == "conversationUpdate" or activity.get("channelId") in _NO_REPLY_CHANNELS:
        activity_id = None
    fields = {
        "activityId": _string(activity_id),
        "user": _account(activity.get("from"), _ACCOUNT_FIELDS),
        "bot": _account(activity.get("recipient"), _ACCOUNT_FIELDS),
        "conversation": _account(activity.get("conversation"), _CONVERSATION_FIELDS),
        "channelId": _string(activity.get("channelId")),
        "locale": _string(activity.get("locale")),
        "serviceUrl": _string(activity.get("serviceUrl")),
    }
    return {key: value for key, value in fields.items() if value is not None}


REQUEST_JSON = "digicoach.request_json"  # turn_state key: the activity as the request carried it
REPLY_REFERENCE = "digicoach.reply_reference"
INBOX_ID = "digicoach.inbox_id"  # turn_state key: the stored activity's row (bot/inbox.py)
UNSENT = "digicoach.unsent"  # turn_state key: replies that could not be posted, for the outbox
STORED_TYPES = ("message", "conversationUpdate", "installationUpdate")  # what becomes a turn; typing etc. are not kept


def request_json(turn_context: TurnContext) -> Mapping[str, Any]:
    """The incoming activity's JSON: as posted to /api/messages, else (a turn not started there) re-serialised."""
    data = turn_context.turn_state.get(REQUEST_JSON)
    if data is None:
        data = turn_context.turn_state[REQUEST_JSON] = turn_context.activity.serialize()
    return data


class DigicoachBot(ActivityHandler):
    """One personal chat per person: each message becomes one engine turn, answered in the same turn."""

    def __init__(self, app: App, *, tenant_id: str = "", flush_after_turn: bool = True,
                 connector: Connector | None = None) -> None:
        self.app = app
        self.tenant_id = tenant_id
        self.flush_after_turn = flush_after_turn
        self.connector = connector or Connector()
        self.tokens = BotTokens()
        self._background: set[asyncio.Task[Any]] = set()
        self._checked_email: set[str] = set()

    # -- activity types ------------------------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if not self._accepts(activity):
            return
        incoming = cards.incoming(request_json(turn_context), address_of(activity))
        replies = await self._turn(turn_context, incoming)
        if incoming.payload is not None and activity.reply_to_id:
            await self._close_card(turn_context, activity)
        await self._send(turn_context, replies, incoming.locale)

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        """Installing the app in a personal chat adds the bot (and the user) to the conversation: welcome."""
        if turn_context.activity.members_added:
            await self._welcome(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._welcome(turn_context)

    # -- the turn ------------------------------------------------------------------

    async def _welcome(self, turn_context: TurnContext) -> None:
        """Onboarding as on other channels, by a "/start" from the new user.

        Teams sends both conversationUpdate and installationUpdate on install; one
        message id per conversation lets the engine's duplicate check greet once.
        """
        activity = turn_context.activity
        if not self._accepts(activity) or not address_of(activity):
            return
        incoming = Incoming(
            channel=CHANNEL,
            address=address_of(activity),
            text="/start",
            message_id=f"welcome:{activity.conversation.id}",
            display_name=activity.from_property.name if activity.from_property else None,
            locale=activity.locale,
        )
        await self._send(turn_context, await self._turn(turn_context, incoming), incoming.locale)

    def _accepts(self, activity: Activity) -> bool:
        """Personal chats only, and only from our own tenant when one is configured."""
        conversation = activity.conversation
        if conversation is None or (conversation.conversation_type or "personal") != "personal":
            log.info("ignoring a %s activity outside a personal chat", activity.type)
            return False
        if self.tenant_id and tenant_of(activity) != self.tenant_id:
            log.warning("ignoring an activity from tenant %s (configured: %s)", tenant_of(activity), self.tenant_id)
            return False
        return True

    async def _turn(self, turn_context: TurnContext, incoming: Incoming) -> list[Outgoing]:
        """Engine turn, then the reference for later proactive messages; the outbox is kicked in the background."""
        if self.tenant_id:
            await self._link_by_email(turn_context, incoming.address)
        # Proactive messages start a new message, they are not replies: no activity id in the stored reference.
        reference = conversation_reference(request_json(turn_context), reply=False)
        # The engine stores the reference in the turn's own transaction (one round trip, not a second transaction).
        replies = await self.app.engine.handle(
            replace(incoming, reference=json.dumps(reference), inbox_id=turn_context.turn_state.get(INBOX_ID))
        )
        if self.app.db.outbox_pending:  # most turns (an FAQ answer) queue nothing
            self.kick_outbox()
        return replies

    def kick_outbox(self) -> None:
        """Deliver what a turn queued in the background, so the turn's HTTP response does not wait for it."""
        if not self.flush_after_turn:
            return
        task = asyncio.create_task(self._flush())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _flush(self) -> None:
        try:
            await self.app.dispatcher.flush_if_pending()
        except Exception:  # the scheduled outbox job retries; a turn must not fail for this
            log.exception("outbox flush after a Teams turn failed")

    async def _link_by_email(self, turn_context: TurnContext, address: str) -> None:
        """A directory coach or coordinator whose e-mail Teams reports is linked on first contact.

        Only with a configured tenant, and only for activities from it (checked in
        `_accepts`): the e-mail then comes from the city's own Entra ID, not from a
        tenant anyone could create. Invitation codes work regardless.
        """
        if address in self._checked_email:
            return
        self._checked_email.add(address)
        if await self.app.accounts.knows(CHANNEL, address):
            return
        try:
            member = await TeamsInfo.get_member(turn_context, turn_context.activity.from_property.id)
        except Exception as exc:  # no member info: fall back to invitation codes
            log.info("Teams member lookup failed: %s", exc)
            return
        match = await self.app.accounts.directory_match_by_email((member.email, member.user_principal_name))
        if match:
            role, ident = match
            if await self.app.engine.link_directory_person(CHANNEL, address, role, ident):
                log.info("%s %s linked on Teams by their directory e-mail", role, ident)

    async def _close_card(self, turn_context: TurnContext, activity: Activity) -> None:
        """Replace the pressed card by its answered copy so it cannot be pressed twice."""
        update = cards.answered(activity.value if isinstance(activity.value, Mapping) else {})
        if update is None:
            return
        try:
            await self.connector.update(await self._destination(turn_context), self._reference(turn_context),
                                        activity.reply_to_id, update)
        except Exception as exc:  # the card stays pressable; the engine answers a second press as stale
            log.info("could not update the answered card: %s", exc)

    async def _send(self, turn_context: TurnContext, replies: list[Outgoing], locale: str | None) -> None:
        """The turn's replies, a plain text joined to the card after it: an FAQ answer and its yes/no are one message."""
        lang = (locale or "")[:2].lower() or None
        combined = combine(replies, fits_one_card)
        for n, reply in enumerate(combined):
            try:
                for data in cards.render(reply, lang):
                    await self._reply(turn_context, data)
            except (ConnectorError, ClientRequestError, OSError, asyncio.TimeoutError) as exc:
                # The turn is committed: this reply and the rest go through the outbox (TeamsChannel settles).
                log.info("reply to a Teams sender failed (%s); queued for the outbox", exc)
                turn_context.turn_state.setdefault(UNSENT, []).extend(combined[n:])
                return

    async def _reply(self, turn_context: TurnContext, data: dict[str, Any]) -> None:
        """Post one reply to the connector ourselves (teams_connector.py); a failure raises (`_send` queues it)."""
        if turn_context.activity.delivery_mode == DeliveryModes.expect_replies:
            await turn_context.send_activity(to_activity(data))  # the SDK returns these in the HTTP response
            return
        await self.connector.send(await self._destination(turn_context), self._reference(turn_context), data)
        turn_context.responded = True

    @staticmethod
    def _reference(turn_context: TurnContext) -> dict[str, Any]:
        """Where this turn's replies go: the incoming activity's conversation reference, with its id."""
        reference = turn_context.turn_state.get(REPLY_REFERENCE)
        if reference is None:
            reference = turn_context.turn_state[REPLY_REFERENCE] = conversation_reference(request_json(turn_context), reply=True)
        return reference

    async def _destination(self, turn_context: TurnContext) -> Destination:
        """The SDK's connector client of this turn: made for the service URL the turn was authenticated for.

        Its credentials give the Authorization header (none without an app id), so
        the bot's token goes only where botbuilder itself would have sent it.
        """
        config = turn_context.turn_state[CloudAdapter.BOT_CONNECTOR_CLIENT_KEY].config
        return Destination(config.base_url, await self.tokens.authorization(config.credentials), config.user_agent)

    async def drain(self) -> None:
        if self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)


class TeamsSender:
    """The outbox's way to reach a Teams user: a new message in the conversation of their stored reference.

    Posted with the same aiohttp connector as a turn's replies (teams_connector.py), as the bot itself: the
    SDK's connector factory gives the credentials `continue_conversation` would use, without its msrest
    serialisation and a `requests` call in a thread per message.
    """

    def __init__(self, adapter: CloudAdapter, auth: "_Authentication", app: App, app_id: str,
                 connector: Connector, tokens: BotTokens) -> None:
        self.adapter = adapter
        self.auth = auth
        self.app = app
        self.app_id = app_id
        self.connector = connector
        self.tokens = tokens

    async def send(self, address: str, message: Outgoing) -> None:
        stored = await self.app.accounts.reference_of(CHANNEL, address)
        if not stored:
            raise DeliveryError(f"no Teams conversation reference for {address}", permanent=True)
        # As `continue_conversation` does: a reply to an activity id made up for the occasion (the stored
        # reference has none), so the connector sees the same request as from the SDK.
        reference = {**json.loads(stored), "activityId": str(uuid.uuid1())}
        try:
            to = await self._destination(reference.get("serviceUrl") or "")
            for part, data in enumerate(cards.render(message)):
                if message.idempotency_key:
                    # Bot Framework has no idempotency key; the outbox key in channelData makes a resend after a
                    # crash recognisable (same key, for logs, compliance exports and the tests' fake connector).
                    key = message.idempotency_key if part == 0 else f"{message.idempotency_key}#{part}"
                    data = {**data, "channelData": {**(data.get("channelData") or {}), "digicoachKey": key}}
                await self.connector.send(to, reference, data)
        except ConnectorError as exc:
            raise _delivery_error(exc) from exc
        except (ClientRequestError, OSError, asyncio.TimeoutError) as exc:
            raise DeliveryError(f"Teams connector unreachable: {exc}", retry_after=30) from exc

    async def _destination(self, service_url: str) -> Destination:
        claims = self.adapter.create_claims_identity(self.app_id or None)
        client = await self.auth.create_connector_factory(claims).create(service_url, None)
        config = client.config
        return Destination(config.base_url, await self.tokens.authorization(config.credentials), config.user_agent)


def _delivery_error(exc: ConnectorError) -> DeliveryError:
    """403/404: the user removed the app or left the tenant, retrying cannot help; 429/5xx and unreachable: later."""
    status = exc.status or 0
    if status in (401, 403, 404):
        return DeliveryError(f"Teams refused the conversation ({status})", permanent=True)
    if not status:
        return DeliveryError(str(exc), retry_after=30)
    return DeliveryError(f"Teams connector answered {status}", retry_after=exc.retry_after or (30 if status == 429 else None))


class _SdkConfig:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    def __init__(self, app_id: str, password: str, app_type: str, tenant_id: str) -> None:
        self.APP_ID = app_id
        self.APP_PASSWORD = password
        self.APP_TYPE = app_type
        self.APP_TENANTID = tenant_id


class _CachedConnectorFactory(ConnectorFactory):
    """Hands out one ConnectorClient per (serviceUrl, audience) instead of a new one per turn.

    A new client costs milliseconds of msrest configuration and a new HTTP
    session, so every reply opened a new connection; a kept client reuses them.
    The credentials inside are the bot's own, the same for every turn.
    """

    def __init__(self, inner: ConnectorFactory, clients: dict[tuple[str, str | None], Any]) -> None:
        self.inner, self.clients = inner, clients

    async def create(self, service_url: str, audience: str = None):  # type: ignore[no-untyped-def, assignment]
        key = (service_url, audience)
        client = self.clients.get(key)
        if client is None:
            client = await self.inner.create(service_url, audience)
            if len(self.clients) >= 64:  # a handful of Teams regions in practice; never unbounded
                self.clients.pop(next(iter(self.clients)))
            self.clients[key] = client
        return client


class _Authentication(ConfigurationBotFrameworkAuthentication):
    """The SDK's authentication, with connector and user-token clients kept between turns."""

    def __init__(self, config: "_SdkConfig") -> None:
        super().__init__(config)
        self._connectors: dict[tuple[str, str | None], Any] = {}
        self._token_clients: dict[tuple[Any, ...], Any] = {}

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await super().authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = _CachedConnectorFactory(result.connector_factory, self._connectors)
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _CachedConnectorFactory(super().create_connector_factory(claims_identity), self._connectors)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity):  # type: ignore[no-untyped-def]
        claims = claims_identity.claims or {}
        key = (claims_identity.is_authenticated, claims.get("aud"), claims.get("appid"), claims.get("azp"))
        client = self._token_clients.get(key)
        if client is None:
            client = await super().create_user_token_client(claims_identity)
            if len(self._token_clients) >= 16:
                self._token_clients.pop(next(iter(self._token_clients)))
            self._token_clients[key] = client
        return client


class TeamsChannel:
    """Wiring: SDK authentication and adapter, the /api/messages route, the outbox sender."""

    name = CHANNEL

    def __init__(
        self,
        app: App,
        *,
        app_id: str = "",
        password: str = "",
        app_type: str = "MultiTenant",
        tenant_id: str = "",
        allow_unauthenticated: bool = False,
        flush_after_turn: bool = True,
    ) -> None:
        if not app_id and not allow_unauthenticated:
            raise ValueError("Teams needs [teams] app_id, or allow_unauthenticated = true for local testing")
        self.app = app
        self.app_id = app_id
        self.local_only = not app_id  # no app id: nobody is authenticated, so nobody else may connect
        self.auth = _Authentication(_SdkConfig(app_id, password, app_type, tenant_id))
        self.adapter = CloudAdapter(self.auth)
        self.connector = Connector()
        self.bot = DigicoachBot(app, tenant_id=tenant_id, flush_after_turn=flush_after_turn, connector=self.connector)
        self._sender = TeamsSender(self.adapter, self.auth, app, app_id, self.connector, self.bot.tokens)

    @classmethod
    def from_config(cls, app: App, env: Mapping[str, str]) -> "TeamsChannel":
        teams = app.config.teams
        return cls(
            app,
            app_id=teams.app_id,
            password=env.get("DIGICOACH_TEAMS_APP_PASSWORD", ""),
            app_type=teams.app_type,
            tenant_id=teams.tenant_id,
            allow_unauthenticated=teams.allow_unauthenticated,
        )

    @property
    def sender(self) -> Sender:
        return self._sender

    def add_routes(self, web_app: web.Application) -> None:
        web_app.router.add_post(ROUTE, self.handle)

    async def start(self) -> None:
        if self.app.inbox is not None:
            self.app.inbox.register(CHANNEL, self._replay)
        if self.local_only:
            log.warning("Teams endpoint %s is UNAUTHENTICATED (allow_unauthenticated, no app id): local testing only", ROUTE)

    async def stop(self) -> None:
        await self.bot.drain()
        await self.connector.close()

    async def handle(self, request: web.Request) -> web.Response:
        """The token before the body: nobody unauthenticated makes us read, parse or store anything; then one turn.

        With an app id the Authorization header is checked first (signature,
        issuer, audience: the SDK's own validation, without the activity); the
        body is then read within its size limit and parsed; the full SDK check
        follows, which also holds the token's serviceurl claim against the
        activity. The activity is stored (the inbox) before the turn, so a
        replica that dies during it leaves it to another.
        """
        if "application/json" not in (request.headers.get("Content-Type") or ""):
            return web.Response(status=415)
        header = request.headers.get("Authorization", "")
        if self.app_id:
            refused = await self._authenticate(Activity(channel_id="", service_url=None), header)
            if isinstance(refused, web.Response):
                return refused
        try:
            data, body = await read_json(request)
            activity = to_activity(data)
        except BadBody as exc:
            return web.Response(status=exc.status)
        except Exception:  # msrest's deserialisation errors: the body is not an activity
            return web.Response(status=400)
        if not activity.type:
            return web.Response(status=400)
        authenticated = await self._authenticate(activity, header)
        if isinstance(authenticated, web.Response):
            return authenticated
        item: int | None = None
        if self.app.inbox is not None and activity.type in STORED_TYPES:
            platform_id = activity.id or hashlib.sha256(body.encode()).hexdigest()
            try:
                item = await self.app.inbox.accept(CHANNEL, platform_id, address_of(activity), body)
            except Exception as exc:  # not stored: the Bot Framework is told to try again
                log.error("could not store a Teams activity: %s", exc)
                return web.Response(status=503)
            if item is None:  # sent again while a replica still holds it: that one answers it
                return web.Response(status=200)
        try:
            invoke = await self._run_turn(authenticated, activity, data, item)
        except Exception:
            log.exception("Teams turn failed for activity %s", activity.id)
            return web.Response(status=500)
        if invoke:
            return web.json_response(serializer_helper(invoke.body), status=invoke.status)
        return web.Response(status=200)

    async def _authenticate(self, activity: Activity, header: str) -> AuthenticateRequestResult | web.Response:
        """The SDK's check of the Authorization header; a refusal as the response to give."""
        try:
            return await self.auth.authenticate_request(activity, header)
        except PermissionError as exc:
            log.warning("Teams request refused: %s", exc)
            return web.Response(status=401)
        except (ClientRequestError, OSError, asyncio.TimeoutError) as exc:  # requests' errors are OSErrors
            log.error("could not check a Teams token (signing keys unavailable): %s", exc)
            return web.Response(status=503)
        except Exception as exc:  # a malformed token is an unauthenticated request, whatever the SDK raises
            log.warning("Teams request refused: %s: %s", type(exc).__name__, exc)
            return web.Response(status=401)

    async def _run_turn(
        self, authenticated: AuthenticateRequestResult, activity: Activity, data: Mapping[str, Any], item: int | None
    ) -> Any:
        """One SDK turn; afterwards the stored activity is settled and failed replies go to the outbox."""
        unsent: list[Outgoing] = []

        async def turn(turn_context: TurnContext) -> None:
            turn_context.turn_state[REQUEST_JSON] = data  # so the turn reads the JSON it came as, not msrest's copy
            turn_context.turn_state[INBOX_ID] = item
            turn_context.turn_state[UNSENT] = unsent
            await self.bot.on_turn(turn_context)

        try:
            return await self.adapter.process_activity(authenticated, activity, turn)
        finally:
            if self.app.inbox is not None and (item is not None or unsent):
                key = reply_key(CHANNEL, activity.id or f"item-{item}")
                await self.app.inbox.settle(CHANNEL, address_of(activity), item, unsent, key)
                if unsent:
                    self.bot.kick_outbox()

    async def _replay(self, item: Any) -> None:
        """An activity a stopped replica stored but did not finish: the same turn, authenticated as a proactive one.

        Its request is long gone (the Bot Framework saw the replica die), so the
        replies are posted as new messages with the bot's own credentials, as
        the outbox posts them.
        """
        data = json.loads(item.body)
        activity = to_activity(data)
        claims = self.adapter.create_claims_identity(self.app_id or None)
        authenticated = AuthenticateRequestResult()
        authenticated.claims_identity = claims
        authenticated.audience = self.auth.get_originating_audience()
        authenticated.caller_id = None
        authenticated.connector_factory = self.auth.create_connector_factory(claims)
        await self._run_turn(authenticated, activity, data, item.id)
