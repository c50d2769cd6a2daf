"""Privacy: find a person, download everything stored about them, or erase them after a confirmation; the retention period.

Export and erase are `digicoach privacy export|erase` (storage/privacy.py), found
by the same identifier (a person id, or a chat address such as telegram:1001),
and each writes its audit line in the same transaction: "person 42", never a
name or an address. A scoped coordinator reaches only people of their
departments; anyone else is "not found", by search and by URL alike.
"""
from __future__ import annotations

from aiohttp import web

from bot.web.guard import redirect, the_app
from bot.web.render import done, page
from bot.web.viewer import Viewer, id_from, not_found, viewer
from bot.web.words import w
from storage import audit
from storage.console_privacy import facts, person_in_scope
from storage.models import Person
from storage.privacy import erase_person, export_json, export_person

CONFIRM = "erase"  # what the confirmation form sends: a POST without it only leads to the confirmation page


def _person_id(request: web.Request) -> str:
    return str(id_from(request.match_info["person"]))


async def _facts_in_scope(request: web.Request, me: Viewer, who: str) -> dict | None:
    app = the_app(request)
    async with app.db.session() as session:
        person = await person_in_scope(session, who, me.scope)
        return None if person is None else await facts(session, person)


async def privacy_page(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    who = request.query.get("person", "").strip()[:250]
    found = await _facts_in_scope(request, me, who) if who else None
    days = app.config.privacy.retention_days
    return page(request, "privacy.html", who=who, found=found, missing=bool(who) and found is None,
                retention=w("privacy_retention", me.lang, days=days, months=round(days / 30.4)))


async def export(request: web.Request) -> web.StreamResponse:
    app, me = the_app(request), viewer(request)
    who = _person_id(request)
    async with app.db.session() as session:
        person = await person_in_scope(session, who, me.scope)
        if person is None:
            raise not_found()
        data = await export_person(session, person)
        audit.record(session, app.clock.now(), me.coordinator_id, "privacy_export", f"person {person.id}")
    return web.Response(
        text=export_json(data), content_type="application/json", charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="person-{who}.json"'},
    )


async def confirm_page(request: web.Request) -> web.Response:
    me = viewer(request)
    found = await _facts_in_scope(request, me, _person_id(request))
    if found is None:
        raise not_found()
    return page(request, "privacy_erase.html", found=found, confirm=CONFIRM)


async def erase(request: web.Request) -> web.StreamResponse:
    app, me = the_app(request), viewer(request)
    who = _person_id(request)
    if (await request.post()).get("confirm") != CONFIRM:
        return redirect(f"/console/privacy/people/{who}/erase")  # the confirmation page first, always
    async with app.db.session() as session:
        person: Person | None = await person_in_scope(session, who, me.scope)
        if person is None:
            raise not_found()
        now = app.clock.now()
        counts = await erase_person(session, person, now)
        audit.record(session, now, me.coordinator_id, "privacy_erase", f"person {who}",
                     f"tickets anonymised {counts['tickets_anonymised']}, cancelled {counts['tickets_cancelled']}")
    note = w("privacy_erased", me.lang, id=who, tickets=counts["tickets_anonymised"], cancelled=counts["tickets_cancelled"])
    return done(request, "/console/privacy", note)


def add_routes(console: web.Application) -> None:
    console.router.add_get("/privacy", privacy_page)
    console.router.add_post("/privacy/people/{person}/export", export)
    console.router.add_get("/privacy/people/{person}/erase", confirm_page)
    console.router.add_post("/privacy/people/{person}/erase", erase)
