"""The audit log: who changed what in the console, and when, newest first, a page at a time.

Read only: every page that changes something writes its own line (storage/audit.py,
in the change's transaction). Which lines a scoped coordinator reads is
storage.audit's rule: those of coordinators who act only inside their
departments, because an entry may name another department's ticket or coach.
"""
from __future__ import annotations

from aiohttp import web

from bot.web.guard import the_app
from bot.web.render import page
from bot.web.viewer import id_from, viewer
from bot.web.words import w
from storage import audit

PER_PAGE = 50


def action_text(action: str, lang: str) -> str:
    """The action as the viewer reads it; one this page has no words for yet still shows, by its name."""
    key = f"audit_action_{action}"
    text = w(key, lang)
    return action.replace("_", " ") if text == key else text


async def audit_log(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    raw = request.query.get("before", "")
    before = id_from(raw) if raw else None
    async with app.db.session() as session:
        found = await audit.readable(session, me.scope, PER_PAGE, before)
    rows = [
        dict(id=e.id, at=e.at, who=found.names.get(e.coordinator_id, e.coordinator_id),
             what=action_text(e.action, me.lang), target=e.target or "", detail=e.detail or "")
        for e in found.entries
    ]
    older = rows[-1]["id"] if found.older and rows else None
    return page(request, "audit.html", rows=rows, older=older, paged=bool(raw))


def add_routes(console: web.Application) -> None:
    console.router.add_get("/audit", audit_log)
