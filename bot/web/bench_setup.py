"""What `digicoach bench web` measures against: a big database, the real App and server, signed-in coordinators.

Everything goes through the functions production uses (build_app, build_web_app, the engine's turns,
web_auth sessions); only the million tickets are written in bulk (bot/digest/bench.py), because a million
chat conversations would take days.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import AsyncIterator

from aiohttp import web

from bot.app import App, build_app
from bot.clock import Clock
from bot.config import Config, DatabaseConfig
from bot.digest.bench import populate, populate_open
from bot.messages import Incoming, Outgoing
from bot.server import build_web_app
from routing.directory import CoordinatorEntry, default_directory_path, load_directory
from routing.sync import import_directory
from storage import console_now, people, tickets, web_auth
from storage.db import Database
from storage.states import WAITING_STATES

OPEN_NOW = 300  # questions open this morning, on top of the ones the year left open
SCOPED = CoordinatorEntry(id="bench-groendienst", name="Bench Groendienst", departments=("Groendienst",))
EVERYONE = "tom"  # the demo directory's coordinator of every department
SITE = "groendienst-blaarmeersen"  # where the employees asking during the live trials work
QUESTION = "de slagboom aan het depot gaat niet meer open met mijn badge"


async def fill(db: Database, n: int, now: datetime) -> int:
    """The demo directory plus a coordinator of one department, a year of n tickets, and OPEN_NOW open ones."""
    generated = await populate(db, n, now)
    await populate_open(db, OPEN_NOW, now)
    directory = load_directory(default_directory_path())
    async with db.session() as session:
        await import_directory(session, replace(directory, coordinators=(*directory.coordinators, SCOPED)), now)
    return generated.events


@dataclass
class Running:
    app: App
    base: str  # http://127.0.0.1:PORT
    web_app: web.Application


@asynccontextmanager
async def running(db: Database, clock: Clock) -> AsyncIterator[Running]:
    """The App as `digicoach run` builds it on this database, and its server on a free port of this machine."""
    config = replace(Config(), database=DatabaseConfig(url=db.url))
    app = await build_app(config, clock, db=db)  # the scratch database's own handle (a PostgreSQL schema on its path)
    await app.link_console()  # every coach and coordinator has a chat person, as after their first message
    web_app = build_web_app(app, [])
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    app.engine.console_url = f"http://127.0.0.1:{port}"
    try:
        yield Running(app, app.engine.console_url, web_app)
    finally:
        await runner.cleanup()
        await app.leader.close()


async def session_cookie(app: App, coordinator_id: str) -> str:
    """A browser session made directly (not through a /web link in the chat): the cookie's secret."""
    async with app.db.session() as session:
        secret, _ = await web_auth.create_session(session, coordinator_id, app.clock.now(),
                                                  timedelta(hours=app.config.web.session_hours))
    return secret


async def waiting_ticket(app: App, departments: tuple[str, ...]) -> int | None:
    """A question in the queue that every signed-in coordinator may open: its page offers coaches to assign."""
    async with app.db.session() as session:
        found = await console_now.open_tickets(session, departments, 100)
    return next((t.id for t in found if t.state in WAITING_STATES), None)


async def say(app: App, address: str, text: str | None = None, payload: str | None = None) -> list[Outgoing]:
    return await app.engine.handle(Incoming(channel="console", address=address, text=text, payload=payload))


async def pause_every_coach(app: App) -> None:
    """Nobody can take a new question, so it waits in the queue: the question a coordinator must see at once."""
    async with app.db.session() as session:
        coaches = [c.id for c in await people.coaches_in(session, None)]
    for coach in coaches:
        await say(app, f"coach:{coach}", "/pause")


async def onboard(app: App, address: str) -> None:
    await say(app, address, "hallo")
    await say(app, address, payload=f"site:{SITE}")


async def ask(app: App, address: str) -> int | None:
    """The employee's question; when the FAQ offers suggestions, none of them fits. Its ticket's id."""
    replies = await say(app, address, QUESTION)
    buttons = [b.payload for r in replies for b in r.buttons]
    async with app.db.session() as session:
        person = await people.find_by_address(session, "console", address)
        ticket = await tickets.open_ticket_of_employee(session, person.id) if person else None
    if ticket is not None and ticket.state == "new" and buttons:  # suggestions shown: the last button is "none of these"
        await say(app, address, payload=buttons[-1])
    return ticket.id if ticket else None
