"""Coaches in the console: who could get a question now and why not, one coach's details and edit form, a new coach.

The list is routing/roster.py's: every coach judged by the routing rules at this
moment, so "free" means "could be offered a question now"; it fetches itself
again every few seconds (HTMX). Saving goes through routing/edits.py, which puts
the form's entry in the whole stored directory and checks it by the file's own
rules: problems come back as the file's lines, each naming the field, the form
comes back as typed (400) and nothing is stored. Routing reads coaches from the
database for every decision, so a saved edit counts for the next question on
every replica; and the questions already waiting are tried again at once, in
the edit's transaction, as after a resume (a coach made active, given more
capacity or other hours may take one now). Pause, resume and invitations are
bot/web/coach_actions.py; sites bot/web/sites.py.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.directory_admin import INVITE_DAYS
from bot.engine.work import Work
from bot.web.guard import the_app
from bot.web.render import done, page
from bot.web.viewer import Viewer, not_found, viewer
from bot.web.words import w
from routing.directory_export import coach_table
from routing.edits import COACH_FIELDS, save_coach
from routing.roster import Roster, roster
from storage import audit, people, sites
from storage.models import Coach

FIELD_MAX = 2000  # characters of a form field read; the directory's rules refuse what does not fit
ID_MAX = 64  # a directory id's column


def problem_fields(problems: Iterable[str]) -> set[str]:
    """The fields the problem lines name (`coach "nina": capacity: ...`), to mark those inputs invalid."""
    return {parts[1] for parts in (line.split(": ", 2) for line in problems) if len(parts) > 2}


async def read_form(request: web.Request, names: Iterable[str]) -> dict[str, str]:
    """The named fields the form sent, as text; a field it did not send is left out (an edit keeps its value).

    A checkbox comes after a hidden field of the same name holding "false", so an unticked box is sent as "false"
    and a ticked one as both: the last value is the box's.
    """
    form = await request.post()
    typed = {}
    for name in names:
        values = form.getall(name, [])
        if values:
            typed[name] = str(values[-1])[:FIELD_MAX]
    return typed


def entry_form(entry: Mapping[str, Any]) -> dict[str, str]:
    """A coach as the file holds them (routing.directory_export.coach_table) as the form's text fields."""
    return dict(
        id=entry["id"], name=entry["name"], site=entry["site"], languages=", ".join(entry["languages"]),
        hours="\n".join(entry["hours"]), capacity=str(entry["capacity"]), email=entry.get("email", ""),
        department=entry.get("department", ""), active="false" if entry.get("active") is False else "true",
    )


async def coach_in_scope(session: AsyncSession, coach_id: str, me: Viewer) -> Coach:
    """The coach's row; missing or outside the coordinator's departments: the same 404."""
    coach = await people.coach_by_id(session, coach_id) if len(coach_id) <= ID_MAX else None
    if coach is None or not me.sees(coach.department):
        raise not_found()
    return coach


async def coach_entry(session: AsyncSession, coach: Coach) -> dict[str, Any]:
    site = await sites.site(session, coach.site_id)
    return coach_table(coach, site.department if site else None)


async def _roster(request: web.Request) -> Roster:
    app, me = the_app(request), viewer(request)
    async with app.db.session() as session:
        return await roster(session, me.departments, app.clock.now())


def listing(found: Roster) -> dict[str, Any]:
    active = [c for c in found.coaches if c.active]
    return dict(active=active, inactive=[c for c in found.coaches if not c.active], sites=found.sites,
                free=sum(c.free for c in active), zone=found.timezone)


async def coaches_page(request: web.Request) -> web.Response:
    return page(request, "coaches.html", **listing(await _roster(request)))


async def coaches_live(request: web.Request) -> web.Response:
    return page(request, "_coaches_live.html", **listing(await _roster(request)))


def site_choices(found: Roster, current: str | None = None, current_name: str = "") -> list[tuple[str, str]]:
    """The sites a coordinator may put a coach at: those of their departments, and the coach's own."""
    choices = [(s.id, s.name) for s in found.sites]
    if current and current not in {sid for sid, _ in choices}:
        choices.insert(0, (current, current_name or current))
    return choices


async def coach_page(request: web.Request, problems: list[str] | None = None, typed: dict[str, str] | None = None,
                     form: str = "") -> web.Response:
    app, me = the_app(request), viewer(request)
    coach_id = request.match_info["coach"]
    async with app.db.session() as session:
        row = await coach_in_scope(session, coach_id, me)
        values = entry_form(await coach_entry(session, row))
        found = await roster(session, me.departments, app.clock.now())
    now = next((c for c in found.coaches if c.id == row.id), None)
    if now is None:
        raise not_found()
    if form == "edit" and typed:
        values.update(typed)
    return page(request, "coach.html", status=400 if problems else 200, coach=now, values=values, form=form,
                problems=problems or [], fields=problem_fields(problems or []), typed=typed or {},
                sites=site_choices(found, now.site_id, now.site_name), invite_days=INVITE_DAYS)


async def save(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    coach_id = request.match_info["coach"]
    typed = await read_form(request, [name for name in COACH_FIELDS if name != "id"])
    async with app.db.session() as session:
        row = await coach_in_scope(session, coach_id, me)
        before = await coach_entry(session, row)
        problems = await save_coach(session, {**typed, "id": row.id}, me.departments)
        if not problems:
            after = await coach_entry(session, row)
            changed = [key for key in COACH_FIELDS if before.get(key) != after.get(key)]
            audit.record(session, app.clock.now(), me.coordinator_id, "coach_edit", f"coach {row.id}", ", ".join(changed))
            # active again, more capacity, other hours: waiting questions get their chance now, as after a resume
            await app.engine.after_capacity_freed(Work(engine=app.engine, session=session, now=app.clock.now()))
    if problems:
        return await coach_page(request, problems, typed, "edit")
    return done(request, f"/console/coaches/{quote(row.id)}", w("coachpage_saved", me.lang, name=after["name"]))


def blank_coach(found: Roster) -> dict[str, str]:
    return dict(id="", name="", site=found.sites[0].id if found.sites else "", languages="nl", hours="",
                capacity="1", email="", department="", active="true")


async def new_page(request: web.Request, problems: list[str] | None = None,
                   typed: dict[str, str] | None = None) -> web.Response:
    found = await _roster(request)
    values = {**blank_coach(found), **(typed or {})}
    return page(request, "coach_new.html", status=400 if problems else 200, values=values, sites=site_choices(found),
                problems=problems or [], fields=problem_fields(problems or []))


async def add(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    typed = await read_form(request, COACH_FIELDS)
    typed["id"] = typed.get("id", "").strip()
    async with app.db.session() as session:
        problems = await save_coach(session, typed, me.departments, adding=True)
        if not problems:
            audit.record(session, app.clock.now(), me.coordinator_id, "coach_add", f"coach {typed['id']}")
    if problems:
        return await new_page(request, problems, typed)
    return done(request, f"/console/coaches/{quote(typed['id'])}", w("coachpage_added", me.lang, name=typed.get("name", "")))


def add_routes(console: web.Application) -> None:
    console.router.add_get("/coaches", coaches_page)
    console.router.add_get("/coaches/live", coaches_live)
    console.router.add_get("/coaches/new", new_page)
    console.router.add_post("/coaches/new", add)
    console.router.add_get("/coaches/{coach}", coach_page)
    console.router.add_post("/coaches/{coach}", save)
