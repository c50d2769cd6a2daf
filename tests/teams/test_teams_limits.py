"""Issue 15, finding 9: the Teams endpoint checks the token before it reads the body, and refuses what it cannot parse.

Before, `request.json()` and the SDK's activity parsing ran first: about 0.3 s
of CPU per unauthenticated 1 MB body, and a deeply nested body was a
RecursionError (500). Now a request without a valid token is answered 401
before its body is even read (the test sends only the first kilobyte of a
declared megabyte and still gets the answer), a body above the size limit is
413, and a body that is not JSON or nests too deeply is 400.
"""
from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import func, select

from storage.models import InboxItem, ProcessedUpdate
from tests.teams.test_teams_auth import OpenIdMetadata, secured  # noqa: F401 (a fixture)

MEGABYTE = 1024 * 1024


@pytest.fixture
def metadata(monkeypatch):
    from botframework.connector.auth import ChannelValidation

    keys = OpenIdMetadata()
    monkeypatch.setattr(ChannelValidation, "open_id_metadata_endpoint", f"{keys.url}/openid")
    yield keys
    keys.server.shutdown()


async def stored(app) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    async with app.db.session() as s:
        return (await s.scalar(select(func.count()).select_from(InboxItem)),
                await s.scalar(select(func.count()).select_from(ProcessedUpdate)))


async def status_after_partial_body(port: int, authorization: str, declared: int, sent: bytes) -> int:
    """Send the headers and the start of a body, never the rest: the status the server answers with meanwhile."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            f"POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Authorization: {authorization}\r\nContent-Length: {declared}\r\n\r\n".encode() + sent
        )
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 5)
        return int(status_line.split()[1])
    finally:
        writer.close()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_an_unauthenticated_megabyte_is_refused_before_it_is_read(secured):  # noqa: F811
    start = b'{"type": "message", "text": "' + b"x" * 1000
    assert await status_after_partial_body(secured.server.port, "Bearer not-a-token", MEGABYTE, start) == 401
    assert await status_after_partial_body(secured.server.port, "", MEGABYTE, start) == 401
    assert await stored(secured.app) == (0, 0)
    assert secured.connector.calls == []


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_with_a_valid_token_too_large_too_deep_and_not_json_are_refused(secured, metadata):  # noqa: F811
    jan = secured.user("jan")
    token = metadata.token(secured.connector.url)
    headers = {"Authorization": token, "Content-Type": "application/json"}

    async def post(body: str) -> int:
        async with secured.http.post(secured.endpoint, data=body.encode(), headers=headers) as response:
            return response.status

    activity = json.dumps(jan.activity(text="waar vind ik mijn loonbrief"))
    huge = json.dumps(jan.activity(text="x" * MEGABYTE))
    deep = activity[:-1] + ', "value": ' + "[" * 100_000 + "]" * 100_000 + "}"  # RecursionError in json
    nested = activity[:-1] + ', "value": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}"  # parses, but too deep to take
    assert await post(huge) == 413
    assert await post(deep) == 400
    assert await post(nested) == 400
    assert await post('{"type": "message", "text": ') == 400
    assert await post("[1, 2, 3]") == 400
    async with secured.http.post(secured.endpoint, data=b"\xff\xfe{}", headers=headers) as response:
        assert response.status == 400
    assert await stored(secured.app) == (0, 0), "nothing refused was stored or handled"
    assert secured.connector.calls == []
