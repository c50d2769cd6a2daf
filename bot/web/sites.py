"""Sites in the console: one site's details and the coaches working there, its edit form, a new site.

Saved through routing/edits.py like a coach (the file's rules on the whole
directory, problems naming the field, nothing stored on a problem). A site's new
department moves the coaches who follow their site's, as a file would; a
coordinator with departments may only keep a site within theirs.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.web.coaches import ID_MAX, problem_fields, read_form
from bot.web.guard import redirect, the_app
from bot.web.render import done, page
from bot.web.viewer import Viewer, not_found, viewer
from bot.web.words import w
from routing.directory_export import site_table
from routing.edits import SITE_FIELDS, save_site
from routing.roster import roster
from storage import audit, sites
from storage.models import Site


async def site_in_scope(session: AsyncSession, site_id: str, me: Viewer) -> Site:
    """The site's row; missing or outside the coordinator's departments: the same 404."""
    row = await sites.site(session, site_id) if len(site_id) <= ID_MAX else None
    if row is None or not me.sees(row.department):
        raise not_found()
    return row


def site_form(entry: dict[str, Any]) -> dict[str, str]:
    return dict(id=entry["id"], name=entry["name"], lat=str(entry["lat"]), lon=str(entry["lon"]),
                department=entry.get("department", ""))


def departments_known(me: Viewer, found_sites: list) -> list[str]:
    """What the department field suggests: the coordinator's own, or every one the sites name."""
    return list(me.departments) or sorted({s.department for s in found_sites if s.department})


async def site_page(request: web.Request, problems: list[str] | None = None,
                    typed: dict[str, str] | None = None) -> web.Response:
    app, me = the_app(request), viewer(request)
    async with app.db.session() as session:
        row = await site_in_scope(session, request.match_info["site"], me)
        values = {**site_form(site_table(row)), **(typed or {})}
        found = await roster(session, me.departments, app.clock.now())
    return page(request, "site.html", status=400 if problems else 200, site=row, values=values, adding=False,
                coaches=[c for c in found.coaches if c.site_id == row.id], departments=departments_known(me, found.sites),
                problems=problems or [], fields=problem_fields(problems or []))


async def save(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    typed = await read_form(request, [name for name in SITE_FIELDS if name != "id"])
    async with app.db.session() as session:
        row = await site_in_scope(session, request.match_info["site"], me)
        before = site_table(row)
        problems = await save_site(session, {**typed, "id": row.id}, me.departments)
        if not problems:
            after = site_table(row)
            changed = [key for key in SITE_FIELDS if before.get(key) != after.get(key)]
            audit.record(session, app.clock.now(), me.coordinator_id, "site_edit", f"site {row.id}", ", ".join(changed))
    if problems:
        return await site_page(request, problems, typed)
    return done(request, f"/console/sites/{quote(row.id)}", w("coachpage_site_saved", me.lang, name=row.name))


async def new_page(request: web.Request, problems: list[str] | None = None,
                   typed: dict[str, str] | None = None) -> web.Response:
    app, me = the_app(request), viewer(request)
    async with app.db.session() as session:
        found = await roster(session, me.departments, app.clock.now())
    blank = dict(id="", name="", lat="", lon="", department=me.departments[0] if len(me.departments) == 1 else "")
    return page(request, "site.html", status=400 if problems else 200, site=None, values={**blank, **(typed or {})},
                adding=True, coaches=[], departments=departments_known(me, found.sites), problems=problems or [],
                fields=problem_fields(problems or []))


async def add(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    typed = await read_form(request, SITE_FIELDS)
    typed["id"] = typed.get("id", "").strip()
    async with app.db.session() as session:
        problems = await save_site(session, typed, me.departments, adding=True)
        if not problems:
            audit.record(session, app.clock.now(), me.coordinator_id, "site_add", f"site {typed['id']}")
    if problems:
        return await new_page(request, problems, typed)
    return done(request, f"/console/sites/{quote(typed['id'])}", w("coachpage_site_added", me.lang, name=typed.get("name", "")))


async def all_sites(request: web.Request) -> web.Response:
    """The sites are listed under the coaches."""
    return redirect("/console/coaches#sites-h")


def add_routes(console: web.Application) -> None:
    console.router.add_get("/sites", all_sites)
    console.router.add_get("/sites/new", new_page)
    console.router.add_post("/sites/new", add)
    console.router.add_get("/sites/{site}", site_page)
    console.router.add_post("/sites/{site}", save)
