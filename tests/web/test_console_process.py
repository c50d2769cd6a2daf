"""The quick start's own process: `digicoach chat` serves the web console on this machine; the link typed out
by `/web` signs a real Chromium in, and a question typed in the same chat shows up in the live view."""
from __future__ import annotations

import asyncio
import os
import re
import socket
import sys

from tests.web.conftest import chromium_path  # noqa: F401  (the browser fixture needs it)
from tests.web.pages import serious_violations


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Console:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def type(self, *lines: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(f"{line}\n" for line in lines).encode())
        await self.process.stdin.drain()

    async def read_until(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        assert self.process.stdout is not None
        seen = []
        async def scan() -> re.Match[str]:
            while True:
                line = (await self.process.stdout.readline()).decode()  # type: ignore[union-attr]
                assert line, f"the console ended without {pattern!r}: {''.join(seen)}"
                seen.append(line)
                found = re.search(pattern, line)
                if found:
                    return found
        return await asyncio.wait_for(scan(), timeout)


async def test_sign_in_from_the_console_chat_and_watch_a_question_arrive(tmp_path, browser):
    port = free_port()
    config = tmp_path / "digicoach.toml"
    config.write_text(f"[server]\nport = {port}\n[faq]\nencoder = \"off\"\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DIGICOACH_CONFIG", "DIGICOACH_DATABASE_URL")}
    env.update(DIGICOACH_CONFIG=str(config), DIGICOACH_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "chat", "--fake-clock=2026-11-23T09:00", cwd=tmp_path, env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    console = Console(process)
    try:
        await console.type("/as coordinator:tom", "/web")
        link = (await console.read_until(r"(http://127\.0\.0\.1:\d+/console/signin\?token=\S+)")).group(1)
        assert f":{port}/" in link
        page = await (await browser.new_context(viewport={"width": 360, "height": 780})).new_page()
        await page.goto(link)
        assert await serious_violations(page) == []
        await page.get_by_role("button", name="Aanmelden").click()
        await page.get_by_text("Er staan geen vragen open.").wait_for()
        await console.type(*[line for coach in ("anna", "bram", "lotte", "jens", "sofie", "wout")
                             for line in (f"/as coach:{coach}", "/pause")])
        await console.type("/as jan", "hallo", "1", "mijn badge werkt niet meer aan de poort")
        await console.read_until(r"\[to jan\]")
        await page.get_by_role("row").filter(has_text="Administratief Centrum Zuid").wait_for(timeout=5000)
        assert await serious_violations(page) == []
        await page.get_by_role("button", name="Afmelden").click()
        await page.get_by_role("heading", name="Afgemeld").wait_for()
        assert await serious_violations(page) == []
        await page.goto(f"http://127.0.0.1:{port}/console/now")
        assert "/web" in await page.inner_text("main"), "signed out: the console asks for a new link"
    finally:
        if process.stdin:
            process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 30)
        except asyncio.TimeoutError:
            process.kill()
