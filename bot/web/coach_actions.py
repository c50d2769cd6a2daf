"""A coach's pause, its end and an invitation code, from the coach's console page.

Each is bot/directory_admin.py's, the rule the chat uses: a pause tells the coach
in their chat, ending one lets waiting questions be offered to the coach at once
(as their own /resume does), and an invitation is a `digicoach invite` code. They
run in one transaction with the message to the coach (the outbox) and the audit
line, so none of the three is ever there without the others. The invitation code
is shown once, in the note of the next page; only its hash is stored, and the
audit line never holds it.
"""
from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from aiohttp import web

from bot.directory_admin import make_invitation, pause_coach, resume_coach
from bot.engine.pausing import until_text
from bot.web.coaches import coach_in_scope, coach_page, read_form
from bot.web.guard import the_app
from bot.web.render import done
from bot.web.viewer import viewer
from bot.web.words import w
from routing.pause import PauseUntil
from storage import audit

UNTIL_MAX = 100  # what a coach may type after /pause is shorter still


def pause_until(text: str, moment: str, lang: str) -> tuple[str | datetime | None, list[str]]:
    """The form's "until": the words a coach would type after /pause, or a moment from the date picker (the
    directory's local time), or neither (until resumed). The words are read by the pause rule itself."""
    if text and moment:
        return None, [w("coachpage_until_both", lang)]
    if not moment:
        return text or None, []
    try:
        return datetime.fromisoformat(moment), []
    except ValueError:
        return None, [w("coachpage_bad_moment", lang)]


def _to(coach_id: str) -> str:
    return f"/console/coaches/{quote(coach_id)}"


async def pause(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    typed = await read_form(request, ("until", "until_at"))
    async with app.db.session() as session:
        coach = await coach_in_scope(session, request.match_info["coach"], me)  # a 404 before any other answer
        until, problems = pause_until(typed.get("until", "").strip()[:UNTIL_MAX], typed.get("until_at", "").strip(),
                                      me.lang)
        if not problems:
            problems = await pause_coach(app.engine, session, coach.id, until, me.departments)
        if not problems:
            ending = PauseUntil(coach.paused_until)
            audit.record(session, app.clock.now(), me.coordinator_id, "coach_pause", f"coach {coach.id}",
                         f"until {ending.until.isoformat()}" if ending.until else "until resumed")
            note = w("coachpage_paused_note", me.lang, name=coach.name, until=until_text(ending, app.engine.tz, me.lang))
    if problems:
        return await coach_page(request, problems, typed, "pause")
    return done(request, _to(coach.id), note)


async def resume(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    async with app.db.session() as session:
        coach = await coach_in_scope(session, request.match_info["coach"], me)
        problems = await resume_coach(app.engine, session, coach.id, me.departments)
        if not problems:
            audit.record(session, app.clock.now(), me.coordinator_id, "coach_resume", f"coach {coach.id}")
    if problems:
        return await coach_page(request, problems, {}, "pause")
    return done(request, _to(coach.id), w("coachpage_resumed_note", me.lang, name=coach.name))


async def invite(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    async with app.db.session() as session:
        coach = await coach_in_scope(session, request.match_info["coach"], me)
        invitation, problems = await make_invitation(
            session, "coach", coach.id, app.clock.now(), bot_username=app.config.telegram.bot_username or "",
            departments=me.departments)
        if invitation is not None:
            audit.record(session, app.clock.now(), me.coordinator_id, "coach_invite", f"coach {coach.id}",
                         f"valid {invitation.days} days")
    if invitation is None:
        return await coach_page(request, problems, {}, "invite")
    return done(request, _to(coach.id), w("coachpage_invited_note", me.lang, name=invitation.name, code=invitation.code,
                                         link=invitation.telegram_link, days=invitation.days))


def add_routes(console: web.Application) -> None:
    console.router.add_post("/coaches/{coach}/pause", pause)
    console.router.add_post("/coaches/{coach}/resume", resume)
    console.router.add_post("/coaches/{coach}/invite", invite)
