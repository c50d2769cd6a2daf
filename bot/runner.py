"""`digicoach run` with network channels: server, channels, scheduled jobs, until stopped."""
from __future__ import annotations

import asyncio
import logging
import os
import signal
from typing import Mapping

from bot.app import App
from bot.channels.base import Channel
from bot.jobs import build_scheduler
from bot.server import build_web_app, start_server

log = logging.getLogger("digicoach.run")


def build_channels(app: App, env: Mapping[str, str] | None = None) -> list[Channel]:
    """The channels the configuration and environment ask for; none means the console."""
    env = os.environ if env is None else env
    channels: list[Channel] = []
    if env.get("DIGICOACH_TELEGRAM_TOKEN"):
        from bot.channels.telegram import TelegramChannel

        channels.append(TelegramChannel.from_config(app, env))
    teams = app.config.teams
    if teams.app_id or teams.allow_unauthenticated:
        from bot.channels.teams import TeamsChannel

        channels.append(TeamsChannel.from_config(app, env))
    return channels


async def run_channels(app: App, channels: list[Channel], stop: asyncio.Event | None = None) -> None:
    for channel in channels:
        app.dispatcher.register(channel.name, channel.sender)
    host = app.config.server.host
    if any(c.local_only for c in channels):
        log.warning("UNAUTHENTICATED Teams endpoint enabled (allow_unauthenticated): listening on 127.0.0.1 only")
        host = "127.0.0.1"
    if not app.config.web.public_url:
        log.warning("[web] public_url is not set: /web sign-in links point at http://127.0.0.1:%s, which only a browser "
                    "on this machine can open", app.config.server.port)
    runner = await start_server(build_web_app(app, channels), host, app.config.server.port)
    scheduler = build_scheduler(app)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    try:
        for channel in channels:
            await channel.start()
        if app.inbox is not None:  # what a replica that stopped left behind, before new work arrives
            try:
                await app.inbox.recover()
            except Exception:
                log.exception("inbox recovery at start failed; the inbox job retries")
        scheduler.start()
        log.info("digicoach running: %s", ", ".join(c.name for c in channels))
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
        for channel in channels:
            await channel.stop()
        await runner.cleanup()
