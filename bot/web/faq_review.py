"""What the FAQ could learn: the review queue of candidates (approve, edit then approve, reject) and the
gap groups (the questions it could not answer, grouped).

Deciding is the chat's `/faq` review as a turn of the coordinator's: the same checks and the same one
conditional update (bot/engine/faq_review.settle, via bot/engine/faq_edit.approve_with), so the first
decision wins across replicas and the loser is told who decided; the note is the chat's own reply.
Candidates carry no department: every coordinator reviews them all, as in the chat. The gap groups are the
digest's (storage/digest.gap_text_counts, bot/digest/content.gap_groups: masked examples) in the
coordinator's departments.
"""
from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from bot.digest.content import gap_groups
from bot.engine import faq_edit, faq_review
from bot.engine.faq_edit import Approval
from bot.engine.work import Turn
from bot.texts import t
from bot.web.faq import FIELD_MAX, problem_lines
from bot.web.guard import the_app
from bot.web.render import done, page
from bot.web.viewer import id_from, viewer
from storage import audit, faq_learning
from storage import digest as digest_queries

SHOWN = 100
GAP_DAYS = (7, 30, 90, 365)
GAP_GROUPS = 50


async def review_page(request: web.Request, failed: int | None = None, approval: Approval | None = None,
                      typed: dict | None = None) -> web.Response:
    app, me = the_app(request), viewer(request)
    kb, _ = app.engine.faq.current()
    async with app.db.session() as session:
        rows = await faq_learning.pending(session, SHOWN)
    candidates = [
        dict(id=r.id, kind=r.kind, entry_id=r.entry_id or "", lang=r.lang, seen=r.seen, question=r.question,
             answer=r.answer or "", source=t(f"faq_source_{r.source}", me.lang),
             title=kb.title(r.entry_id, r.lang) if r.kind == faq_learning.PHRASING and r.entry_id else "")
        for r in rows
    ]
    problems = approval.problems if approval else []
    return page(request, "faq_review.html", status=400 if problems else 200, candidates=candidates, failed=failed,
                problems=problem_lines(problems, me.lang), fields={p.field for p in problems}, typed=typed or {})


def _candidate(request: web.Request) -> int:
    return id_from(request.match_info["candidate"])


async def approve(request: web.Request) -> web.Response:
    """Approve as proposed, or with the corrections of the edit form (its fields are sent only from there)."""
    app, me = the_app(request), viewer(request)
    candidate_id = _candidate(request)
    form = await request.post()
    typed = {name: str(form[name])[:FIELD_MAX] for name in ("question", "answer", "entry_id") if name in form}
    if me.person_id is None:
        return done(request, "/console/faq/review", "—")

    async def act(turn: Turn) -> Approval:
        approval = await faq_edit.approve_with(turn, candidate_id, question=typed.get("question"),
                                               answer=typed.get("answer"), entry_id=typed.get("entry_id", "").strip() or None)
        if approval.decided:
            audit.record(turn.session, turn.now, me.coordinator_id, "faq_approve", f"faq candidate {candidate_id}")
        return approval

    approval, replies = await app.engine.act_as(me.person_id, act)
    if approval.problems:
        return await review_page(request, candidate_id, approval, typed)
    return done(request, "/console/faq/review", " ".join(r.text for r in replies))


async def reject(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    candidate_id = _candidate(request)
    if me.person_id is None:
        return done(request, "/console/faq/review", "—")

    async def act(turn: Turn) -> bool:
        rejected = await faq_review.settle(turn, candidate_id, faq_learning.REJECTED)
        if rejected:
            audit.record(turn.session, turn.now, me.coordinator_id, "faq_reject", f"faq candidate {candidate_id}")
        return rejected

    _, replies = await app.engine.act_as(me.person_id, act)
    return done(request, "/console/faq/review", " ".join(r.text for r in replies))


async def gaps_page(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    raw = request.query.get("days", "30")
    days = int(raw) if raw.isdigit() and int(raw) in GAP_DAYS else 30
    now = app.clock.now()
    # [start, end): a question of this very moment counts
    scope = digest_queries.Scope(now - timedelta(days=days), now + timedelta(seconds=1), me.departments)
    async with app.db.session() as session:
        groups = gap_groups(await digest_queries.gap_text_counts(session, scope), limit=GAP_GROUPS)
    return page(request, "faq_gaps.html", groups=groups, days=days, choices=GAP_DAYS)


def add_routes(console: web.Application) -> None:
    console.router.add_get("/faq/review", review_page)
    console.router.add_post("/faq/review/{candidate}/approve", approve)
    console.router.add_post("/faq/review/{candidate}/reject", reject)
    console.router.add_get("/faq/gaps", gaps_page)
