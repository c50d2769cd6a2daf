"""`digicoach run` and `digicoach chat`."""
from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime

from bot.app import App, build_app
from bot.clock import Clock, FakeClock, SystemClock
from bot.config import Config


def register(subparsers: argparse._SubParsersAction) -> None:
    run = subparsers.add_parser("run", help="run the bot (the console chat when no channel is configured)")
    run.add_argument("--fake-clock", nargs="?", const="now", default=None, metavar="ISO-DATETIME")
    run.set_defaults(func=cmd_run)
    chat = subparsers.add_parser("chat", help="play every actor in the console")
    chat.add_argument("--fake-clock", nargs="?", const="now", default=None, metavar="ISO-DATETIME",
                      help="a clock that only moves with /clock +MINUTES, starting at this local time (default now)")
    chat.add_argument("--as", dest="actor", default="jan", help="the actor to start as (default jan)")
    chat.set_defaults(func=cmd_chat)


def cmd_run(args: argparse.Namespace) -> int:
    """Serve the configured channels; with none configured, run is the console chat."""
    from bot import eventloop

    config: Config = args.settings
    return eventloop.run(_run(args, config))


async def _run(args: argparse.Namespace, config: Config) -> int:
    from bot.runner import build_channels, run_channels

    app = await build_app(config, FakeClock() if args.fake_clock else SystemClock())
    try:
        channels = build_channels(app)
        if channels:
            _production_logging(args)
            await run_channels(app, channels)
            return 0
        args.actor = "jan"
        return await _console(args, app)
    finally:
        await app.close()


def _production_logging(args: argparse.Namespace) -> None:
    """A server's logs go to a log shipper: JSON lines, info events, unless the environment says otherwise."""
    import logging
    import os

    from bot.logs import json_wanted, setup_logging

    level = logging.getLogger().level
    if not getattr(args, "verbose", False) and not os.environ.get("DIGICOACH_LOG_LEVEL"):
        level = logging.INFO
    setup_logging(level, json_format=json_wanted(default=True))


def cmd_chat(args: argparse.Namespace) -> int:
    config: Config = args.settings
    return asyncio.run(_chat(args, config))


async def _chat(args: argparse.Namespace, config: Config) -> int:
    clock: Clock = FakeClock() if args.fake_clock else SystemClock()
    app = await build_app(config, clock)
    try:
        return await _console(args, app)
    finally:
        await app.close()


async def _console(args: argparse.Namespace, app: App) -> int:
    """The console chat on an app that is already built (by `chat`, or by `run` with no channels)."""
    from bot.channels.console import ACTOR, ConsoleChat
    from bot.jobs import build_scheduler

    clock = app.clock
    if isinstance(clock, FakeClock) and args.fake_clock != "now":
        try:
            start = datetime.fromisoformat(args.fake_clock)
        except ValueError:
            print(f"--fake-clock: {args.fake_clock!r} is not an ISO date-time like 2026-11-23T09:00", file=sys.stderr)
            return 2
        clock.set(start if start.tzinfo else start.replace(tzinfo=app.engine.tz))
    if not ACTOR.match(args.actor.lower()):
        print(f"--as: {args.actor!r} is not an actor name", file=sys.stderr)
        return 2
    console = ConsoleChat(app, actor=args.actor.lower())
    web = await _web_console(app)
    scheduler = None
    if not isinstance(clock, FakeClock):
        scheduler = build_scheduler(app)
        scheduler.start()
    try:
        await console.run(sys.stdin)
    finally:
        if scheduler:
            scheduler.shutdown(wait=False)
        if web is not None:
            await web.cleanup()
    return 0


async def _web_console(app: App):  # type: ignore[no-untyped-def]
    """Beside the console chat, the web console on this machine only, so `/web` links open (bot/web/)."""
    import logging

    from bot.server import build_web_app, start_server

    port = app.config.server.port
    try:
        return await start_server(build_web_app(app, []), "127.0.0.1", port)
    except OSError as exc:
        logging.getLogger("digicoach.web").warning(
            "web console not started: 127.0.0.1:%s is in use ([server] port): %s", port, exc.strerror)
        return None
