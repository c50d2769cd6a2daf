"""AiohttpRequest, the channel's HTTP client for PTB, against the fake Bot API when things go wrong.

Each test drives a real `telegram.Bot` (so PTB's own status handling runs on
top of the request class) or the running channel.
"""
from __future__ import annotations

import asyncio
import socket
import time
from typing import AsyncIterator

import pytest
from telegram import Bot, InputFile
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest, HTTPXRequest

from bot.channels.telegram_http import AiohttpRequest
from bot.channels.telegram_limits import retry_seconds
from bot.messages import Outgoing
from bot.outbox import DeliveryError
from tests.telegram.conftest import Bot as RunningBot
from tests.telegram.fake_bot_api import TOKEN, FakeBotApi

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # the digest's chart: raw bytes, no file name
CSV = "week;vragen\n2024-W03;12\n".encode()


def bot_for(url: str, request: BaseRequest | None = None) -> Bot:
    return Bot(TOKEN, base_url=f"{url}/bot", request=request or AiohttpRequest(), get_updates_request=AiohttpRequest.for_get_updates())


@pytest.fixture
async def tg(fake: FakeBotApi) -> AsyncIterator[Bot]:
    bot = bot_for(fake.url, AiohttpRequest(read_timeout=0.3))
    async with bot:
        yield bot


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_a_bot_api_slower_than_the_read_timeout_is_timed_out_unless_the_call_allows_more(tg: Bot, fake: FakeBotApi):
    fake.delays["sendMessage"] = 1.0
    started = time.monotonic()
    with pytest.raises(TimedOut):
        await tg.send_message(1, "hoi")
    assert time.monotonic() - started < 0.9, "the instance's read timeout (0.3 s), not the server's pace"
    message = await tg.send_message(1, "hoi", read_timeout=3)  # a timeout given to the call wins over the default
    assert message.text == "hoi"


async def test_a_long_poll_may_outlast_the_read_timeout(tg: Bot, fake: FakeBotApi):
    """PTB adds getUpdates' `timeout` to the request's `read_timeout`, so the property must tell the default."""
    started = time.monotonic()
    assert await tg.get_updates(timeout=1) == ()
    assert time.monotonic() - started >= 0.9


async def test_a_refused_connection_is_a_network_error_not_a_timeout():
    with pytest.raises(NetworkError, match="aiohttp.ClientConnectorError") as raised:
        await bot_for(f"http://127.0.0.1:{free_port()}").get_me()
    assert not isinstance(raised.value, TimedOut)


async def test_an_upload_the_server_stops_reading_is_timed_out():
    """aiohttp has no write timeout: the upload's timeouts together bound it (here 4 x 0.2 s)."""
    held: list[object] = []

    async def never_read(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(never_read, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    quick = {"read_timeout": 0.2, "connect_timeout": 0.2, "pool_timeout": 0.2, "media_write_timeout": 0.2}
    bot = bot_for(f"http://127.0.0.1:{port}", AiohttpRequest(**quick))
    started = time.monotonic()
    with pytest.raises(TimedOut):
        await bot.send_document(1, InputFile(b"x" * 32 * 1024 * 1024, filename="big.bin"))  # more than socket buffers hold
    assert time.monotonic() - started < 3
    await bot.shutdown()
    server.close()


async def test_a_proxy_in_the_environment_is_used_unless_no_proxy_names_the_host(fake: FakeBotApi, monkeypatch):
    """As httpx (PTB's default) does: a replica behind an egress proxy keeps reaching Telegram."""
    monkeypatch.setenv("HTTP_PROXY", fake.url)  # the fake answers a proxied request line as well
    async with bot_for("http://api.telegram.invalid") as bot:  # resolvable only by the proxy
        assert bot.username == "digicoach_test_bot"
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")  # nobody listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    async with bot_for(fake.url) as bot:
        assert bot.username == "digicoach_test_bot"


async def test_too_many_requests_still_becomes_retry_after(tg: Bot, fake: FakeBotApi):
    fake.flood_once("sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as raised:
        await tg.send_message(1, "hoi")
    assert retry_seconds(raised.value) == 7


@pytest.mark.parametrize("status", [500, 502])
async def test_a_server_error_is_a_network_error_with_telegrams_description(tg: Bot, fake: FakeBotApi, status: int):
    fake.fail_once("sendMessage", None, status, "Internal Server Error: restart")
    with pytest.raises(NetworkError, match="restart") as raised:
        await tg.send_message(1, "hoi")
    assert not isinstance(raised.value, TimedOut)
    assert (await tg.send_message(1, "hoi")).text == "hoi", "the connection pool carries on"


async def test_a_full_pool_times_out_without_sending(fake: FakeBotApi):
    fake.delays["sendMessage"] = 1.0
    async with bot_for(fake.url, AiohttpRequest(connection_pool_size=1, pool_timeout=0.1, connect_timeout=0.1)) as bot:
        first = asyncio.ensure_future(bot.send_message(1, "eerst"))
        await asyncio.sleep(0.2)
        with pytest.raises(TimedOut):
            await bot.send_message(1, "daarna")
        assert (await first).text == "eerst"
    assert [c.params["text"] for c in fake.find("sendMessage")] == ["eerst"], "the second was never sent"


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_the_digest_chart_and_file_arrive_with_their_names_and_bytes(start_bot):
    bot: RunningBot = await start_bot("polling")
    await bot.channel.render(3001, Outgoing(text="Je weekoverzicht", image=PNG, document=("digest-2024-W03.csv", CSV)))
    photo, document = bot.fake.uploads
    assert (photo.method, photo.field, photo.content) == ("sendPhoto", "photo", PNG)
    assert photo.filename, "PTB names raw bytes itself (and sends them as application/octet-stream, as with httpx)"
    assert (document.method, document.field, document.filename, document.content) == ("sendDocument", "document", "digest-2024-W03.csv", CSV)
    assert document.content_type == "text/csv"
    [caption] = [c.params["caption"] for c in bot.fake.find("sendPhoto", 3001)]
    assert caption == "Je weekoverzicht"


async def test_requests_look_the_same_as_ptbs_own_httpx_ones(fake: FakeBotApi):
    """Same form fields and the same multipart parts as HTTPXRequest, so any Bot API server reads them alike."""
    for request in (HTTPXRequest(), AiohttpRequest()):
        async with bot_for(fake.url, request) as bot:
            await bot.send_message(1, "zelfde", reply_markup={"inline_keyboard": [[{"text": "Ja", "callback_data": "yes:1"}]]})
            await bot.send_document(1, InputFile(CSV, filename="digest.csv"), caption="bijlage")
            await bot.send_photo(1, PNG)
    httpx_calls, aiohttp_calls = fake.calls[: len(fake.calls) // 2], fake.calls[len(fake.calls) // 2:]
    assert [(c.method, c.params) for c in aiohttp_calls] == [(c.method, c.params) for c in httpx_calls]
    httpx_files, aiohttp_files = fake.uploads[:2], fake.uploads[2:]
    assert aiohttp_files == httpx_files


async def test_closed_after_shutdown_and_open_again_after_initialize(fake: FakeBotApi):
    request = AiohttpRequest()
    bot = bot_for(fake.url, request)
    await bot.get_me()  # before initialize(), as HTTPXRequest allows
    await request.shutdown()
    with pytest.raises(NetworkError, match="not initialized"):  # PTB wraps the RuntimeError, as with httpx
        await request.post(f"{fake.url}/bot{TOKEN}/getMe")
    await request.initialize()
    assert (await request.post(f"{fake.url}/bot{TOKEN}/getMe"))["username"] == "digicoach_test_bot"  # type: ignore[index]
    await request.shutdown()
    await bot.shutdown()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_the_channel_reports_a_server_error_as_worth_retrying(start_bot):
    bot: RunningBot = await start_bot("polling")
    bot.fake.fail_once("sendMessage", 3001, 502, "Bad Gateway")
    with pytest.raises(DeliveryError) as raised:
        await bot.channel.send("3001", Outgoing(text="Nieuwe vraag #1"))
    assert not raised.value.permanent
