"""With an app id the SDK authenticates every request: no or a bad token is a 401 and the engine sees nothing."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from bot.config import Config, TeamsConfig
from bot.messages import Outgoing
from bot.runner import build_channels
from storage.models import Address, ProcessedUpdate
from tests.teams.conftest import start_world, stop_world

APP_ID = "8f0c4b6e-1d2a-4c3b-9e5f-6a7b8c9d0e1f"


@pytest.fixture
async def secured(teams_app):
    world = await start_world(teams_app, app_id=APP_ID, password="not-used-offline", allow_unauthenticated=False)
    yield world
    await stop_world(world)


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic YW5uYTpzZWNyZXQ=", "Bearer "])
async def test_request_without_a_valid_token_is_refused_and_not_processed(secured, authorization):
    assert not secured.channel.local_only
    jan = secured.user("jan", authorization=authorization)
    assert await jan.post(jan.activity(text="waar vind ik mijn loonbrief")) == 401
    assert await jan.post(jan.activity("conversationUpdate", membersAdded=[{"id": "28:bot"}])) == 401
    assert secured.connector.calls == []
    async with secured.app.db.session() as s:
        assert await s.scalar(select(func.count()).select_from(ProcessedUpdate)) == 0
        assert await s.scalar(select(func.count()).select_from(Address)) == 0


async def test_not_json_is_refused(secured):
    async with secured.http.post(secured.endpoint, data="hello", headers={"Content-Type": "text/plain"}) as response:
        assert response.status == 415


async def test_unauthenticated_mode_is_local_only_and_needs_the_switch(teams_app):
    app = replace(teams_app, config=replace(Config(), teams=TeamsConfig(allow_unauthenticated=True)))
    [channel] = build_channels(app, env={})
    assert channel.name == "teams" and channel.local_only
    app = replace(teams_app, config=replace(Config(), teams=TeamsConfig(app_id=APP_ID)))
    [channel] = build_channels(app, env={"DIGICOACH_TEAMS_APP_PASSWORD": "secret"})
    assert not channel.local_only
    assert build_channels(replace(teams_app, config=Config()), env={}) == []


class OpenIdMetadata:
    """The Bot Framework's signing keys, served from a thread: botbuilder fetches them with blocking `requests`."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        from cryptography.hazmat.primitives.asymmetric import rsa
        from jwt.algorithms import RSAAlgorithm

        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = {**json.loads(RSAAlgorithm.to_jwk(self.key.public_key())), "kid": "test-key", "endorsements": ["msteams"]}
        documents: dict[str, bytes] = {}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = documents.get(self.path)
                self.send_response(200 if body else 404)
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        documents["/openid"] = json.dumps({"jwks_uri": f"{self.url}/keys"}).encode()
        documents["/keys"] = json.dumps({"keys": [jwk]}).encode()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def token(self, service_url: str) -> str:
        """What the Bot Framework puts in the Authorization header of an activity for our bot."""
        import jwt

        now = int(time.time())
        claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "serviceurl": service_url, "nbf": now - 60, "exp": now + 3600}
        return "Bearer " + jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "test-key"})


async def test_an_authenticated_turn_is_answered_with_the_bots_own_token(secured, monkeypatch):
    """The reply carries the bearer token botbuilder's credentials produce (Entra ID's answer faked), fetched once."""
    from botframework.connector.auth import ChannelValidation, MicrosoftAppCredentials

    metadata = OpenIdMetadata()
    monkeypatch.setattr(ChannelValidation, "open_id_metadata_endpoint", f"{metadata.url}/openid")
    fetched: list[str] = []

    def get_access_token(self, force_refresh: bool = False) -> str:  # instead of msal asking login.microsoftonline.com
        fetched.append(self.microsoft_app_id)
        return f"token-from-entra-{len(fetched)}"

    monkeypatch.setattr(MicrosoftAppCredentials, "get_access_token", get_access_token)
    try:
        jan = secured.user("jan")
        jan.authorization = metadata.token(secured.connector.url)
        out = await jan.install()
        out += await jan.press(jan.last_card(), "Groendienst, ploeg Citadelpark")
        out += await jan.say("waar vind ik mijn loonbrief")
        assert "Op welke plek werk je" in out[0].text and "Je loonbrief" in out[-1].text
        assert secured.connector.updates(jan.conversation)[0].authorization == "Bearer token-from-entra-1", "card update"
        assert {c.authorization for c in out} == {"Bearer token-from-entra-1"}, "the SDK's token, asked for once"
        assert fetched == [APP_ID]

        await secured.channel.sender.send(jan.aad, Outgoing("hallo"))  # the outbox, through botbuilder itself
        assert secured.connector.calls[-1].authorization.startswith("Bearer token-from-entra-")
        forged = secured.user("mallory", authorization=metadata.token("https://elsewhere.example/"))
        assert await forged.post(forged.activity(text="hallo")) == 401, "serviceUrl claim and activity must agree"
    finally:
        metadata.server.shutdown()
