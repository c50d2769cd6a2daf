"""Now: the questions open at this moment, how long each has waited, alerts; one ticket's story; assigning a coach.

The live part is fetched again every few seconds (HTMX), so a new question shows
up without a reload. Assigning runs the chat's own `assign` as a turn of the
coordinator's (Engine.act_as): the same checks, the same offer to the coach.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from aiohttp import web

from bot.engine import coordinator as chat_coordinator
from bot.engine import offers
from bot.engine.work import Work
from bot.web.guard import redirect, the_app
from bot.web.render import done, page
from bot.web.viewer import Viewer, id_from, not_found, viewer
from routing.roster import roster
from storage import audit, console_now, people, sites
from storage.models import Ticket
from storage.states import WAITING_STATES

SHOWN = 100
STATES = ("new", "offered", "queued", "escalated", "accepted")


def alert_of(ticket: Ticket, now: datetime, stale_days: int) -> str | None:
    """The facts the sweeps already set: the queue alert went out, or a coach has held it for days (tickets.stuck)."""
    if ticket.state in WAITING_STATES and ticket.alerted_at is not None:
        return "alert_waiting"
    if ticket.state == "accepted" and ticket.accepted_at and ticket.accepted_at < now - timedelta(days=stale_days):
        return "alert_stale"
    return None


async def _live(request: web.Request) -> dict:
    app, me = the_app(request), viewer(request)
    now = app.clock.now()
    async with app.db.session() as session:
        counts = await console_now.open_counts(session, me.scope)
        found = await console_now.open_tickets(session, me.scope, SHOWN)
        site_names = {s.id: s.name for s in await sites.all_sites(session)}
        coaches = (await roster(session, me.departments, now)).coaches
    rows = [
        dict(id=t.id, state=t.state, waited=offers.human_duration(now - t.created_at, me.lang),
             site=site_names.get(t.site_id or "", ""), language=t.language, coach=t.coach_id or "",
             alert=alert_of(t, now, app.engine.routing.stale_days), waiting=t.state in WAITING_STATES)
        for t in found
    ]
    on_duty = [c for c in coaches if c.active and c.in_hours and c.linked]
    return dict(counts=[(s, counts.get(s, 0)) for s in STATES], rows=rows, total=sum(counts.values()),
                alerts=[r for r in rows if r["alert"]], free=[c for c in on_duty if c.free],
                busy=[c for c in on_duty if not c.free])


async def now_page(request: web.Request) -> web.Response:
    return page(request, "now.html", **await _live(request))


async def now_live(request: web.Request) -> web.Response:
    return page(request, "_now_live.html", **await _live(request))


async def _ticket(request: web.Request, me: Viewer) -> int:
    return id_from(request.match_info["ticket"])


async def ticket_page(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    ticket_id = await _ticket(request, me)
    async with app.db.session() as session:
        ticket = await console_now.ticket_in_scope(session, ticket_id, me.scope)
        if ticket is None:
            raise not_found()
        story = await console_now.story(session, ticket_id)
        names = {p.id: (p.first_name or "") for p in await people.people_named(session, [m.sender_id for m in story.messages])}
        coaches: list[tuple[str, str]] = []
        if ticket.state in WAITING_STATES:
            work = Work(engine=app.engine, session=session, now=app.clock.now())
            candidates = await offers.assignable_coaches(work, ticket, limit=20)
            in_scope = {c.id for c in await people.coaches_in(session, me.scope)}
            coaches = [(cid, name) for cid, name in candidates if cid in in_scope][:8]
    return page(request, "ticket.html", ticket=ticket, story=story, names=names, coaches=coaches,
                waited=offers.human_duration(app.clock.now() - ticket.created_at, me.lang))


async def assign(request: web.Request) -> web.StreamResponse:
    app, me = the_app(request), viewer(request)
    ticket_id = await _ticket(request, me)
    coach_id = str((await request.post()).get("coach", ""))[:64]
    async with app.db.session() as session:
        ticket = await console_now.ticket_in_scope(session, ticket_id, me.scope)
        coach = await people.coach_by_id(session, coach_id)
        if ticket is None or coach is None or not me.sees(coach.department):
            raise not_found()
    if me.person_id is None:
        return done(request, f"/console/tickets/{ticket_id}", "—")

    async def act(turn):  # type: ignore[no-untyped-def]
        if await chat_coordinator.assign(turn, str(ticket_id), coach_id):  # refused: the chat's own "cannot assign"
            audit.record(turn.session, turn.now, me.coordinator_id, "assign", f"ticket {ticket_id}", f"coach {coach_id}")

    _, replies = await app.engine.act_as(me.person_id, act)
    return done(request, f"/console/tickets/{ticket_id}", " ".join(r.text for r in replies))


async def home(request: web.Request) -> web.Response:
    return redirect("/console/now")


def add_routes(console: web.Application) -> None:
    console.router.add_get("/", home)
    console.router.add_get("/now", now_page)
    console.router.add_get("/now/live", now_live)
    console.router.add_get("/tickets/{ticket}", ticket_page)
    console.router.add_post("/tickets/{ticket}/assign", assign)
