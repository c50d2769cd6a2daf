"""The console channel: one process plays every actor, by a person typing or a script piping.

Protocol (docs/formats.md): each line is a message from the current actor; `/as ACTOR`
switches actor; a bare number picks a button; `/clock +MINUTES` moves the fake
clock. Every message is printed as `[to ACTOR] text` with its buttons as
indented `(N) label` lines.
"""
from __future__ import annotations

import asyncio
import re
import sys
from datetime import timedelta
from typing import Callable, TextIO

from bot.app import App
from bot.clock import FakeClock
from bot.messages import Incoming, Outgoing

ACTOR = re.compile(r"^(?:(coach|coordinator):)?([a-z0-9][a-z0-9_.-]{0,40})$")


def render(actor: str, message: Outgoing) -> str:
    lines = message.text.splitlines() or [""]
    out = [f"[to {actor}] {lines[0]}"] + [f"  {line}" for line in lines[1:]]
    if message.attachment:
        out.append(f"  [{message.attachment.kind}: {message.attachment.ref}]")
    if message.image:
        out.append(f"  [image: {len(message.image)} bytes]")
    if message.document:
        out.append(f"  [file: {message.document[0]}]")
    out += [f"    ({n}) {b.label}" for n, b in enumerate(message.buttons, 1)]
    return "\n".join(out)


class ConsoleSender:
    """Delivers outbox messages for console addresses by printing them."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write

    async def send(self, address: str, message: Outgoing) -> None:
        self.write(render(address, message))


class ConsoleChat:
    def __init__(self, app: App, out: TextIO = sys.stdout, actor: str = "jan") -> None:
        self.app = app
        self.out = out
        self.actor = actor
        app.dispatcher.register("console", ConsoleSender(self.print))

    def print(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    async def banner(self) -> None:
        self.print(f"# Digicoach console. You are {self.actor!r}. /as coach:ID or /as NAME switches actor; /help for help.")

    async def line(self, text: str) -> None:
        """Handle one input line as the current actor."""
        stripped = text.strip()
        if stripped.startswith("/as"):
            await self._switch(stripped[3:].strip())
            return
        if stripped.startswith("/clock"):
            await self._clock(stripped[6:].strip())
            return
        replies = await self.app.engine.handle(Incoming(channel="console", address=self.actor, text=text))
        for reply in replies:
            self.print(render(self.actor, reply))
        await self.app.dispatcher.flush()

    async def _switch(self, actor: str) -> None:
        actor = actor.lower()
        match = ACTOR.match(actor)
        if not match:
            self.print("# Use /as NAME (an employee), /as coach:ID or /as coordinator:ID.")
            return
        role, ident = match.groups()
        if role and not await self.app.engine.link_directory_person("console", actor, role, ident):
            self.print(f"# There is no {role} {ident!r} in the directory; still {self.actor!r}.")
            return
        self.actor = actor
        self.print(f"# You are now {actor!r}.")

    async def _clock(self, arg: str) -> None:
        clock = self.app.clock
        if not isinstance(clock, FakeClock):
            self.print("# /clock works only with --fake-clock.")
            return
        match = re.fullmatch(r"\+?(\d{1,6})", arg)
        if not match:
            self.print("# Use /clock +MINUTES, e.g. /clock +11.")
            return
        clock.advance(timedelta(minutes=int(match.group(1))))
        local = clock.now().astimezone(self.app.engine.tz)
        self.print(f"# Clock is now {local:%a %Y-%m-%d %H:%M} ({self.app.engine.tz.key}).")
        await self.tick()

    async def tick(self) -> None:
        await self.app.engine.sweep()
        await self.app.dispatcher.flush()

    async def run(self, stdin: TextIO = sys.stdin, *, sweep_seconds: float | None = None) -> None:
        """Read until end of input; with a real clock, sweep in the background meanwhile."""
        await self.app.link_console()
        await self.banner()
        loop = asyncio.get_running_loop()
        background = asyncio.create_task(self._sweeper(sweep_seconds)) if sweep_seconds else None
        try:
            while True:
                text = await loop.run_in_executor(None, stdin.readline)
                if text == "":
                    break
                await self.line(text.rstrip("\n"))
        finally:
            if background:
                background.cancel()
        await self.app.dispatcher.flush()

    async def _sweeper(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await self.tick()
            except Exception as exc:  # keep the chat alive; the log says what happened
                self.print(f"# background sweep failed: {exc}")
