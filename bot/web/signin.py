"""Signing in with the one-time link from the chat's `/web`, and signing out.

Opening the link shows a button; only pressing it uses the link up. Chat apps
fetch links to draw a preview, and a preview must not spend a coordinator's link.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from aiohttp import web

from bot.web.guard import COOKIE, plain_page, redirect, refusal, the_app
from bot.web.viewer import viewer
from storage import audit, web_auth

log = logging.getLogger("digicoach.web")

LINK_VALID = timedelta(minutes=10)


async def signin_page(request: web.Request) -> web.Response:
    return plain_page(request, "signin.html", token=request.query.get("token", "")[:100])


async def signin(request: web.Request) -> web.StreamResponse:
    app = the_app(request)
    token = str((await request.post()).get("token", ""))
    now = app.clock.now()
    async with app.db.session() as session:
        coordinator_id = await web_auth.use_link(session, token, now)
        if coordinator_id is None:
            log.info("console sign-in refused: unknown, used or expired link", extra={"event": "signin_refused"})
            return refusal(request, 403, "link_refused")
        hours = app.config.web.session_hours
        secret, _ = await web_auth.create_session(session, coordinator_id, now, timedelta(hours=hours))
        audit.record(session, now, coordinator_id, "sign_in")
    log.info("coordinator signed in to the console", extra={"event": "signin", "coordinator": coordinator_id})
    response = redirect("/console/now")
    response.set_cookie(COOKIE, secret, max_age=hours * 3600, path="/console", httponly=True,
                        secure=app.config.web.secure_cookie, samesite="Strict")
    return response


async def signout(request: web.Request) -> web.Response:
    app = the_app(request)
    now = app.clock.now()
    async with app.db.session() as session:
        await web_auth.end_session(session, request.cookies.get(COOKIE, ""), now)
        audit.record(session, now, viewer(request).coordinator_id, "sign_out")
    response = refusal(request, 200, "signed_out", viewer(request).lang)
    response.del_cookie(COOKIE, path="/console")
    return response


def add_routes(console: web.Application) -> None:
    console.router.add_get("/signin", signin_page)
    console.router.add_post("/signin", signin)
    console.router.add_post("/signout", signout)
