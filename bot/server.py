"""The one aiohttp server: channel webhooks (Teams /api/messages, Telegram), health and readiness."""
from __future__ import annotations

import hmac
import logging
import os
from typing import Sequence

from aiohttp import web

from bot.app import App
from bot.channels.base import Channel
from bot.metrics import CONTENT_TYPE

log = logging.getLogger("digicoach.server")


def build_web_app(app: App, channels: Sequence[Channel]) -> web.Application:
    web_app = web.Application(client_max_size=1024 * 1024)

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        try:
            await app.db.ping()
        except Exception as exc:  # any database failure means "not ready"
            log.warning("readiness check failed: %s", exc)
            return web.json_response({"status": "database unavailable"}, status=503)
        return web.json_response({"status": "ready"})

    metrics_token = os.environ.get("DIGICOACH_METRICS_TOKEN", "")

    async def metrics(request: web.Request) -> web.Response:
        """Prometheus text format. With DIGICOACH_METRICS_TOKEN set, only a scraper sending it as a bearer token."""
        if metrics_token and not hmac.compare_digest(
            request.headers.get("Authorization", "").encode(), f"Bearer {metrics_token}".encode()
        ):
            return web.Response(status=401, text="unauthorized")
        try:
            await app.engine.metrics.refresh(app.db)
        except Exception as exc:  # the in-process counters are still worth serving
            log.warning("metrics: database gauges not refreshed: %s", exc)
        response = web.Response(body=app.engine.metrics.render())
        response.content_type = CONTENT_TYPE.split(";")[0]
        response.charset = "utf-8"
        return response

    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/readyz", readyz)
    web_app.router.add_get("/metrics", metrics)
    for channel in channels:
        channel.add_routes(web_app)
    from bot.web import add_console  # Jinja and the templates load only where a server runs

    add_console(web_app, app)
    return web_app


async def start_server(web_app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    log.info("listening on http://%s:%s", host, port)
    return runner
