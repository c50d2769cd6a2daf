"""What every network channel offers the runner: a sender for the outbox, web routes, start and stop."""
from __future__ import annotations

from typing import Protocol

from aiohttp import web

from bot.outbox import Sender


class Channel(Protocol):
    name: str  # "telegram" | "teams": the channel name in addresses and the outbox
    local_only: bool  # True: the server must bind to 127.0.0.1 only (unauthenticated test mode)

    @property
    def sender(self) -> Sender: ...

    def add_routes(self, web_app: web.Application) -> None: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...
