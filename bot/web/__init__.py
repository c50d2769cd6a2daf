"""The coordinators' web console, mounted under /console on the bot's own aiohttp server.

Composition only: each page module adds its routes; `guard` checks every request
(session, CSRF token, headers) before a page sees it. Pages read through storage/
and change things only through the engine and storage functions the chat uses.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.app import App
from bot.web import (
    audit_page, coach_actions, coaches, faq, faq_ask, faq_review, guard, now, privacy, reports, signin, sites,
    skills_page,
)
from bot.web.guard import APP

HERE = Path(__file__).parent
PAGES = (signin, now, coaches, coach_actions, sites, faq, faq_ask, faq_review, reports, skills_page, privacy, audit_page)


def local_time(moment: datetime | None, tz: ZoneInfo) -> str:
    """Times as the city reads them, in its own zone (stored times are UTC)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(tz).strftime("%d/%m/%Y %H:%M")


def console_app(app: App) -> web.Application:
    console = web.Application(middlewares=[guard.guard])
    console[APP] = app
    env = aiohttp_jinja2.setup(console, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                               undefined=jinja2.StrictUndefined)
    env.filters["local"] = lambda moment: local_time(moment, app.engine.tz)
    console.router.add_static("/static/", HERE / "static", append_version=True)
    for module in PAGES:
        module.add_routes(console)
    return console


def add_console(web_app: web.Application, app: App) -> None:
    web_app.add_subapp("/console/", console_app(app))
