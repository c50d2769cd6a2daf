"""The web console under test: the real App and aiohttp server on a free port, and Debian's Chromium.

`chat` drives the engine as the console chat does (tests/bot/harness.py), so a
test gets its sign-in link the way a coordinator does: by typing /web.
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import replace

import pytest
from aiohttp import ClientSession, web

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config, WebConfig
from bot.server import build_web_app
from tests.bot.harness import Harness, text_to
from tests.conftest import MONDAY_MORNING

LINK = re.compile(r"(https?://\S+/console/signin\?token=\S+)")


@pytest.fixture
async def app(database):
    config = replace(Config(), web=WebConfig(public_url="http://127.0.0.1:1"))  # the real port is known only later
    app = await build_app(config, FakeClock(MONDAY_MORNING), db=database)
    await app.link_console()
    yield app


@pytest.fixture
async def chat(app) -> Harness:
    return Harness(app)


@pytest.fixture
async def server(app):
    """The bot's own server (no chat channels): its base URL; `/web` links point at it."""
    runner = web.AppRunner(build_web_app(app, []), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}"
    app.engine.console_url = base
    yield base
    await runner.cleanup()


async def link_for(chat: Harness, actor: str = "coordinator:tom") -> str:
    out = await chat.say(actor, "/web")
    found = LINK.search(text_to(out, actor))
    assert found, f"no sign-in link in {text_to(out, actor)!r}"
    return found.group(1)


async def signed_in(chat: Harness, server: str, actor: str = "coordinator:tom") -> ClientSession:
    """A plain HTTP client signed in the way a browser is: open the link, press the button."""
    link = await link_for(chat, actor)
    token = link.split("token=", 1)[1]
    async with ClientSession() as first:
        response = await first.post(f"{server}/console/signin", data={"token": token}, allow_redirects=False)
        assert response.status == 303, await response.text()
        cookie = response.cookies["digicoach_console"]
    # aiohttp's own jar keeps no Secure cookie for http://127.0.0.1 (a browser does): carry it by hand
    client = ClientSession(cookies={cookie.key: cookie.value})
    client.signin_cookie = cookie  # type: ignore[attr-defined]
    return client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "every console page carries its CSRF token"
    return found.group(1)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required under CI but is not installed (.ci/run installs it)")
        pytest.skip("chromium not installed (.ci/run installs it)")
    return path


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright

    path = chromium_path()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        await browser.close()
