"""Every console request passes here: who is signed in, whether a form carries their CSRF token, safe headers.

A page handler never checks the session itself, so none can forget to. The only
ways in without a session are the sign-in page (the link from the chat) and the
shipped static files.
"""
from __future__ import annotations

import hmac
import logging
import time
from typing import Awaitable, Callable

import aiohttp_jinja2
from aiohttp import web

from bot.app import App
from bot.web.viewer import VIEWER, Viewer
from bot.web.words import LANGUAGES, words_for
from storage import people, web_auth
from storage.models import Coordinator

log = logging.getLogger("digicoach.web")

COOKIE = "digicoach_console"
OPEN_PATHS = ("/console/signin", "/console/static/")
# Only our own files: no inline script, no other origin, nobody framing the console.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")

APP = web.AppKey("digicoach_app", App)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def the_app(request: web.Request) -> App:
    return request.config_dict[APP]


async def load_viewer(request: web.Request) -> Viewer | None:
    app = the_app(request)
    secret = request.cookies.get(COOKIE, "")
    async with app.db.session() as session:
        row = await web_auth.live_session(session, secret, app.clock.now())
        if row is None:
            return None
        coordinator = await session.get(Coordinator, row.coordinator_id)
        if coordinator is None or not coordinator.active:
            return None
        person = await people.person(session, coordinator.person_id) if coordinator.person_id else None
        lang = (person.language if person else None) or app.engine.default_language
        return Viewer(
            coordinator_id=coordinator.id, name=coordinator.name, person_id=coordinator.person_id,
            departments=tuple(people.coordinator_departments(coordinator)), lang=lang if lang in LANGUAGES else "nl",
            csrf=row.csrf,
        )


async def csrf_ok(request: web.Request, expected: str) -> bool:
    sent = request.headers.get("X-CSRF-Token", "")
    if not sent and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sent = str((await request.post()).get("csrf", ""))
    return bool(sent) and hmac.compare_digest(sent.encode(), expected.encode())


def plain_page(request: web.Request, template: str, status: int = 200, lang: str | None = None, **context: object) -> web.Response:
    """A page for someone not (or no longer) signed in: the deployment's language, no menu."""
    lang = lang or the_app(request).engine.default_language
    context.update(lang=lang, _=words_for(lang), note="", path=request.path)
    return aiohttp_jinja2.render_template(template, request, context, status=status)


def refusal(request: web.Request, status: int, key: str, lang: str | None = None) -> web.Response:
    return plain_page(request, "message.html", status, lang, message_key=key)


def foreign_origin(request: web.Request) -> bool:
    """A form posted from another site (browsers send Origin with every POST); sign-in included."""
    origin = request.headers.get("Origin")
    return origin is not None and origin.split("://", 1)[-1] != request.host


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    started = time.perf_counter()
    try:
        response = await _checked(request, handler)
    except web.HTTPNotFound:  # an unknown page, or a guessed one outside the viewer's departments: the same answer
        me = request.get(VIEWER)
        response = refusal(request, 404, "not_found", me.lang if me else None)
    _safe_headers(request, response)
    # the server's own time for the page, as browsers' developer tools and `digicoach bench web` read it
    response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
    return response


async def _checked(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method not in ("GET", "HEAD") and foreign_origin(request):
        log.warning("console form from another site refused", extra={"event": "csrf_refused"})
        return refusal(request, 403, "csrf_refused")
    if request.path.startswith(OPEN_PATHS):
        return await handler(request)
    viewer = await load_viewer(request)
    if viewer is None:
        return refusal(request, 401, "signed_out_explain")
    if request.method not in ("GET", "HEAD") and not await csrf_ok(request, viewer.csrf):
        log.warning("console form without a valid CSRF token refused", extra={"event": "csrf_refused"})
        return refusal(request, 403, "csrf_refused", viewer.lang)
    request[VIEWER] = viewer
    return await handler(request)


def _safe_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")  # the sign-in link never leaves in a Referer; Origin still sent
    if not request.path.startswith("/console/static/"):
        response.headers.setdefault("Cache-Control", "no-store")


def redirect(to: str) -> web.Response:
    """A 303 after a form (returned, not raised: aiohttp deprecates returning its HTTP exceptions)."""
    return web.Response(status=303, headers={"Location": to})
