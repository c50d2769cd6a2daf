"""A real `digicoach run` process for the replica tests: started with its own config, watched until ready, killed or
stopped. Its output goes to a log file that failures quote."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunProcess:
    def __init__(self, name: str, tmp: Path, url: str, config: str, env: dict[str, str] | None = None) -> None:
        """`config` is the TOML text; the port is chosen here and available as `self.port` before it is written."""
        self.name, self.url = name, url
        self.config = tmp / f"{name}.toml"
        self.config.write_text(config)
        self.log = tmp / f"{name}.log"
        self.extra_env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None
        self.alive = False

    def start(self) -> None:
        # nothing from the developer's environment except the FAQ cache (shared: the FAQ is fitted once)
        env = {k: v for k, v in os.environ.items() if not k.startswith("DIGICOACH_") or k == "DIGICOACH_FAQ_CACHE"}
        env.update(DIGICOACH_CONFIG=str(self.config), DIGICOACH_DATABASE_URL=self.url, PYTHONUNBUFFERED="1",
                   **self.extra_env)
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=REPO, env=env, stdout=out,
                                         stderr=subprocess.STDOUT)

    async def wait_ready(self, http: aiohttp.ClientSession, port: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.proc and self.proc.poll() is None, f"{self.name} exited:\n{self.log.read_text()[-3000:]}"
            try:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as r:
                    if r.status == 200:
                        self.alive = True
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
        raise AssertionError(f"{self.name} not ready in {seconds} s:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as with an out-of-memory kill or a lost node."""
        assert self.proc
        self.alive = False
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
