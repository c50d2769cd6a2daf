"""A turn's replies are posted by teams_connector.py, not the SDK: the same JSON, URL and errors as botbuilder's.

The bodies and references are compared with what botbuilder itself makes of
the same activity (its TurnContext on an adapter that only records), so a
difference in addressing shows here, not in production.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
from typing import Any

import pytest
from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ConversationReference, ResourceResponse
from sqlalchemy import func, select

from bot.channels import teams_cards as cards
from bot.channels.teams import conversation_reference, to_activity
from bot.channels.teams_connector import BotTokens, activities_url, outgoing, replacement
from bot.messages import Button, Outgoing
from storage.models import Offer, OutboxMessage, ProcessedUpdate, Ticket
from tests.teams.harness import BOT, labels, texts

FAQ = "waar vind ik mijn loonbrief"
QUESTION = "de koffieautomaat in de kantine geeft geen wisselgeld"


class Recorder(BotAdapter):
    """What botbuilder would have sent: its TurnContext fills the activities in, this adapter keeps them."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Activity] = []
        self.updated: list[Activity] = []

    async def send_activities(self, context, activities):  # type: ignore[no-untyped-def, override]
        self.sent += activities
        return [ResourceResponse(id="r") for _ in activities]

    async def update_activity(self, context, activity):  # type: ignore[no-untyped-def, override]
        self.updated.append(activity)

    async def delete_activity(self, context, reference):  # type: ignore[no-untyped-def, override]
        raise NotImplementedError


def incoming_activities() -> list[dict[str, Any]]:
    base = {
        "type": "message", "id": "1700000000000", "timestamp": "2026-11-23T08:00:00.000Z", "channelId": "msteams",
        "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "from": {"id": "29:1abc", "name": "Jan Peeters", "aadObjectId": "0e5f-aad", "role": "user", "extra": 1},
        "conversation": {"id": "a:1xYz-_9", "conversationType": "personal", "tenantId": "tenant-ghent"},
        "recipient": {"id": "28:bot", "name": "Digicoach"}, "locale": "nl-BE", "text": "hallo",
        "channelData": {"tenant": {"id": "tenant-ghent"}}, "entities": [{"type": "clientInfo", "locale": "nl-BE"}],
    }
    no_locale = {k: v for k, v in base.items() if k != "locale"}
    update = {**base, "type": "conversationUpdate", "membersAdded": [BOT]}
    group = {**base, "conversation": {"id": "19:x@thread.v2", "isGroup": True, "conversationType": "groupChat",
                                      "name": "Ploeg", "tenantID": "t"}}
    press = {**base, "value": {"payload": "yes:1", "label": "Ja", "card": "tekst"}, "replyToId": "m7", "text": None}
    numbers = {**base, "id": 17, "locale": 5, "text": 42, "from": {"id": 29, "name": 7, "aadObjectId": 9},
               "conversation": {"id": 5, "conversationType": "personal"}}
    photo = {**base, "attachments": [{"contentType": "image/png", "contentUrl": "https://x/p.png", "name": "p"},
                                     {"contentType": "text/html", "content": "<p>hallo</p>"}]}
    return [base, no_locale, update, group, press, numbers, photo]


REPLIES = [
    Outgoing("Je loonbrief staat in Mia.\nTik op Loonbrieven.\n\nHeeft dit geholpen?", (Button("Ja", "yes:1"), Button("Nee", "no:1"))),
    Outgoing("Gewoon een tekst"),
    Outgoing("Grafiek", image=b"\x89PNG"),
]


@pytest.mark.parametrize(
    "data", incoming_activities(), ids=["message", "no-locale", "conversationUpdate", "group", "press", "numbers", "photo"]
)
async def test_replies_and_references_are_the_json_botbuilder_makes(data):
    activity = Activity().deserialize(data)
    assert to_activity(data).serialize() == activity.serialize(), "the kept Deserializer reads as a new one"
    assert cards.incoming(data, "a") == cards.incoming(activity.serialize(), "a"), "the request's JSON reads as msrest's"
    recorder = Recorder()
    context = TurnContext(recorder, activity)
    rendered = [part for reply in REPLIES for part in cards.render(reply, "nl")]
    for part in rendered:
        await context.send_activity(to_activity(part))
    reference = conversation_reference(data, reply=True)
    assert [outgoing(reference, part) for part in rendered] == [a.serialize() for a in recorder.sent]

    update = cards.answered({"label": "Ja", "card": "tekst"})
    sdk_update = to_activity(update)
    sdk_update.id = "m7"
    await context.update_activity(sdk_update)
    assert replacement(reference, "m7", update) == recorder.updated[0].serialize()

    sdk_reference = TurnContext.get_conversation_reference(activity)
    sdk_reference.activity_id = None
    stored = json.dumps(conversation_reference(data, reply=False))
    assert stored == json.dumps(sdk_reference.serialize()), "the stored reference is the text the SDK stored"
    assert ConversationReference().deserialize(json.loads(stored)).serialize() == sdk_reference.serialize()


def test_the_url_is_the_one_msrest_builds():
    from botframework.connector.aio import ConnectorClient
    from botframework.connector.auth import MicrosoftAppCredentials

    for service_url in ("https://smba.trafficmanager.net/emea/", "http://127.0.0.1:8080"):
        operations = ConnectorClient(MicrosoftAppCredentials.empty(), base_url=service_url).conversations
        for conversation, activity in (("a:1x;messageid=5@thread.v2 ü", "1700000000000"), ("a:1x", None)):
            method = operations.reply_to_activity if activity else operations.send_to_conversation
            arguments = {"conversationId": operations._serialize.url("c", conversation, "str")}
            if activity:
                arguments["activityId"] = operations._serialize.url("a", activity, "str")
            expected = operations._client.format_url(method.metadata["url"], **arguments)
            assert activities_url(service_url, conversation, activity) == expected


async def test_odd_conversation_ids_reach_the_same_url_as_the_sdks_proactive_messages(world):
    jan = world.user("jan")
    jan.conversation = "a:1x;messageid=5@thread.v2 ü"
    [welcome] = await jan.install()  # a conversationUpdate: not a reply, so POST .../activities
    await world.channel.sender.send(jan.aad, Outgoing("hallo"))  # the outbox: still through botbuilder
    [_, proactive] = world.connector.sent_to(jan.conversation)
    assert welcome.path.endswith("/activities") and welcome.activity_id is None
    # (botbuilder's continue_conversation replies to an activity id it made up, hence only the conversation part)
    assert welcome.path == proactive.path.rsplit("/", 1)[0] and "a%3A1x%3Bmessageid%3D5%40thread.v2%20%C3%BC" in welcome.path


# -- failures -----------------------------------------------------------------------------


async def onboarded(world, name: str = "jan"):  # type: ignore[no-untyped-def]
    user = world.user(name)
    await user.install()
    await user.press(user.last_card(), "Groendienst, ploeg Citadelpark")
    return user


async def count(app, model) -> int:  # type: ignore[no-untyped-def]
    async with app.db.session() as s:
        return await s.scalar(select(func.count()).select_from(model))


def turn_failures(caplog) -> list[logging.LogRecord]:  # type: ignore[no-untyped-def]
    return [r for r in caplog.records if r.name == "digicoach.teams" and r.getMessage().startswith("Teams turn failed")]


@pytest.mark.parametrize("status", [500, 429])
async def test_a_refused_reply_is_sent_again_by_the_outbox_and_the_resent_activity_changes_nothing(world, caplog, status):
    """The turn committed, so its reply is not lost: the outbox posts it (as a new message), and Teams sees a 200."""
    jan = await onboarded(world)
    tickets = await count(world.app, Ticket)
    world.connector.failing.append((status, {"Retry-After": "3"}))
    body = jan.activity(text=FAQ)
    since = len(world.connector.calls)
    with caplog.at_level(logging.INFO, logger="digicoach.teams"):
        assert await jan.post(body) == 200
    assert not turn_failures(caplog)
    [refused] = world.connector.refused
    assert "Je loonbrief" in refused.text, "the one combined message was tried once in the turn"
    await world.flush()
    [answer] = world.connector.sent_to(jan.conversation, since)
    assert "Je loonbrief" in answer.text and answer.key.startswith("reply:teams:"), "posted again by the outbox, once"
    assert await count(world.app, Ticket) == tickets + 1

    since = len(world.connector.calls)
    assert await jan.post(body) == 200, "Teams' resend of the same activity"
    await world.flush()
    assert world.connector.sent_to(jan.conversation, since) == [], "already handled: not answered twice"
    assert await count(world.app, Ticket) == tickets + 1, "no second ticket"
    out = await jan.say(FAQ)
    assert "Je loonbrief" in texts(out) and labels(out) == ["Ja", "Nee"], "the next message is answered as usual"


async def test_an_unreachable_connector_leaves_the_reply_to_the_outbox(world, caplog):
    jan = await onboarded(world)
    world.channel.connector.connect_backoff = 0.01
    body = jan.activity(text=FAQ, serviceUrl="http://127.0.0.1:9/")  # nothing listens on the discard port
    assert await jan.post(body) == 200
    async with world.app.db.session() as s:
        assert await s.get(ProcessedUpdate, ("teams", body["id"])) is not None
        queued = (await s.execute(select(OutboxMessage).where(OutboxMessage.key.like("reply:teams:%")))).scalars().all()
    assert [m.sent_at for m in queued] == [None], "the reply waits in the outbox for the connector"
    assert await jan.post(body) == 200
    assert "Je loonbrief" in texts(await jan.say(FAQ)), "the usual serviceUrl works again at once"


async def test_a_question_whose_reply_fails_still_reaches_one_coach_once(world, caplog):
    from tests.teams.test_teams_flow import invite

    anna = world.user("anna")
    await anna.install()
    await anna.say(await invite(world.app))
    jan = await onboarded(world)
    world.connector.failing.append((500, {}))
    body = jan.activity(text=QUESTION)
    since = len(world.connector.calls)
    assert await jan.post(body) == 200
    assert "Ik zoek een digicoach" in world.connector.refused[0].text
    assert await jan.post(body) == 200
    await world.flush()
    assert ["Ik zoek een digicoach" in c.text for c in world.connector.sent_to(jan.conversation, since)] == [True]
    offers = [c for c in world.connector.sent_to(anna.conversation) if "Nieuwe vraag" in c.text]
    assert len(offers) == 1 and QUESTION in offers[0].text
    assert await count(world.app, Ticket) == 1 and await count(world.app, Offer) == 1


# -- the bot's token ----------------------------------------------------------------------


class FakeCredentials:
    """AppCredentials' contract with msrest: set (or leave out) the Authorization header on a session."""

    def __init__(self, app_id: str = "app") -> None:
        self.app_id, self.calls, self.threads = app_id, 0, set()

    def signed_session(self, session=None):  # type: ignore[no-untyped-def]
        self.calls += 1
        self.threads.add(threading.get_ident())
        if self.app_id:
            session.headers["Authorization"] = f"Bearer token-{self.calls}"
        else:
            session.headers.pop("Authorization", None)
        return session


async def test_tokens_are_asked_for_once_a_minute_off_the_event_loop():
    tokens, credentials = BotTokens(), FakeCredentials()
    headers = await asyncio.gather(*[tokens.authorization(credentials) for _ in range(10)])
    assert set(headers) == {"Bearer token-1"} and credentials.calls == 1, "one fetch for turns arriving together"
    assert threading.get_ident() not in credentials.threads
    assert await tokens.authorization(FakeCredentials(app_id="")) is None, "no app id: no header"
    assert await tokens.authorization(None) is None
    tokens.ttl = 0
    assert await tokens.authorization(credentials) == "Bearer token-2"


async def test_without_an_app_id_replies_carry_no_authorization(world):
    jan = await onboarded(world)
    assert [c.authorization for c in await jan.say(FAQ)] == [None]


async def test_numbers_where_teams_sends_strings_are_read_as_the_sdk_reads_them(world):
    jan = await onboarded(world)
    body = jan.activity(text=FAQ, locale=5, id=12345, conversation={"id": 77, "conversationType": "personal"})
    assert await jan.post(body) == 200
    [answer] = world.connector.sent_to("77")
    assert answer.body["locale"] == "5" and answer.activity_id == "12345" and answer.body["conversation"]["id"] == "77"
