"""The one aiohttp server: channel webhooks (Teams /api/messages, Telegram), health and readiness."""
from __future__ import annotations

import logging
from typing import Sequence

from aiohttp import web
from sqlalchemy import text

from bot.app import App
from bot.channels.base import Channel

log = logging.getLogger("digicoach.server")


def build_web_app(app: App, channels: Sequence[Channel]) -> web.Application:
    web_app = web.Application(client_max_size=1024 * 1024)

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        try:
            async with app.db.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:  # any database failure means "not ready"
            log.warning("readiness check failed: %s", exc)
            return web.json_response({"status": "database unavailable"}, status=503)
        return web.json_response({"status": "ready"})

    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/readyz", readyz)
    for channel in channels:
        channel.add_routes(web_app)
    return web_app


async def start_server(web_app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    log.info("listening on http://%s:%s", host, port)
    return runner
