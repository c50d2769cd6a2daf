"""Digiscan: the self-scan's figures per department and the training requests, for the coordinator's departments.

Figures come only from storage/scan_figures.py, whose queries drop or merge groups under five people; this page
never counts people itself, so it cannot show a smaller group or one person's result. Training requests are
moved by the chat's own rule (bot/engine/scan_training.py `mark`, what the "Ingepland" / "Gevolgd" buttons run),
as a turn of the coordinator's: the person is told the same way, and the first press wins.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from aiohttp import web

from bot.engine import scan_training
from bot.engine.work import Turn
from bot.texts import t
from bot.web.guard import the_app
from bot.web.render import done, page
from bot.web.viewer import not_found, viewer
from skills.definition import ScanDefinition
from storage import audit, people, training
from storage import scan_figures as sf
from storage.models import TrainingRequest

HERE = "/console/skills"
MOVES = (training.PLANNED, training.DONE)
STEPS = ("scanned", "advice", "requested", "planned", "done")  # the funnel, in its order (sf.FunnelStep fields)


@dataclass
class Department:
    """One group as the query returned it, with its funnel: what the page shows under one heading."""

    name: str | None  # None: the smaller departments together
    people: int
    profiles: list[tuple[str, int]]  # (profile name in the viewer's language, people), in the scan's order
    weak: list[tuple[str, int]]  # (area name, people), most first
    funnel: list[tuple[str, int]] = field(default_factory=list)  # (step, people)


@dataclass(frozen=True)
class TrendRow:
    name: str | None
    round: str
    people: int
    profiles: list[int]
    weak: list[tuple[str, int]]


def share(n: int, of: int) -> int:
    """Tenths of the whole, for the bar's width class (b0..b10): a picture only; the number is in the table."""
    return max(0, min(10, round(10 * n / of))) if of else 0


def _areas(definition: ScanDefinition, weak: dict[str, int], lang: str) -> list[tuple[str, int]]:
    def name(area_id: str) -> str:
        area = definition.area(area_id)
        return area.name(lang) if area else area_id

    return [(name(a), n) for a, n in sorted(weak.items(), key=lambda kv: (-kv[1], kv[0]))]


def departments_of(definition: ScanDefinition, groups: list[sf.Group], steps: list[sf.FunnelStep],
                   lang: str) -> list[Department]:
    by_name = {s.department: s for s in steps}
    shown = []
    for g in groups:
        d = Department(g.department, g.people, [(p.name(lang), g.profiles.get(p.id, 0)) for p in definition.profiles],
                       _areas(definition, g.weak_areas, lang))
        step = by_name.get(g.department)
        if step is not None:
            d.funnel = [(name, getattr(step, name)) for name in STEPS]
        shown.append(d)
    return shown


def trend_rows(definition: ScanDefinition, trend: dict[str, list[sf.Group]], lang: str) -> list[TrendRow]:
    """Department by department (the merged group last), the earlier round first: what moved between rounds."""
    rows = [TrendRow(g.department, round_id, g.people, [g.profiles.get(p.id, 0) for p in definition.profiles],
                     _areas(definition, g.weak_areas, lang)[:2])
            for round_id, groups in trend.items() for g in groups]
    order = {r: i for i, r in enumerate(trend)}
    return sorted(rows, key=lambda r: (r.name is None, r.name or "", order[r.round]))


@dataclass(frozen=True)
class RequestRow:
    id: int
    training: str
    first_name: str  # as the chat's message to coordinators names the person; "" once retention unlinked them
    department: str
    state: str
    created: datetime
    moves: tuple[str, ...]  # the states it can still be marked


def request_rows(definition: ScanDefinition, rows: list[TrainingRequest], names: dict[int, str],
                 lang: str) -> list[RequestRow]:
    out = []
    for r in rows:
        offer = definition.training(r.training_id)
        out.append(RequestRow(r.id, offer.name(lang) if offer else r.training_id, names.get(r.person_id or 0, ""),
                              r.department or "", r.state, r.created_at,
                              tuple(s for s in MOVES if r.state in training.MOVES_TO[s])))
    return out


async def skills_page(request: web.Request) -> web.Response:
    app, me = the_app(request), viewer(request)
    definition, lang = app.engine.scan, me.lang
    async with app.db.session() as session:
        known = await sf.rounds(session, me.departments)
        asked = request.query.get("round", "")
        current = asked if asked in known else (known[-1] if known else None)
        before = known[known.index(current) - 1] if current is not None and known.index(current) > 0 else None
        groups: list[sf.Group] = []
        steps: list[sf.FunnelStep] = []
        trend: dict[str, list[sf.Group]] = {}
        if current is not None:
            scope = sf.FigureScope(me.departments, round=current)
            groups = await sf.groups(session, scope)
            steps = await sf.funnel(session, scope)
        if before is not None and current is not None:
            trend = await sf.trend(session, [before, current], me.departments)
        found = await training.in_scope(session, me.departments)
        names = {p.id: p.first_name or "" for p in await people.people_named(session, [r.person_id for r in found])}
    return page(
        request, "skills.html", rounds=known, current=current, before=before, k=sf.K,
        scanned=sf.total(groups).people, departments=departments_of(definition, groups, steps, lang),
        trend=trend_rows(definition, trend, lang) if trend else [],
        profile_names=[p.name(lang) for p in definition.profiles],
        requests=request_rows(definition, found, names, lang), share=share,
        chat_=lambda key: t(key, lang),  # the chat's own words for the same things: states, the two buttons
    )


async def mark_request(request: web.Request) -> web.Response:
    """Ingepland / Gevolgd: the chat's rule as the coordinator's turn; a guessed id out of scope is a 404."""
    app, me = the_app(request), viewer(request)
    raw, state = request.match_info["request"], request.match_info["state"]
    if not raw.isdigit() or len(raw) > 9 or state not in MOVES:
        raise not_found()
    request_id = int(raw)
    async with app.db.session() as session:
        row = await training.get(session, request_id)
        if row is None or not me.sees(row.department):
            raise not_found()
    if me.person_id is None:
        return done(request, HERE, "—")

    async def act(turn: Turn) -> str:
        outcome = await scan_training.mark(turn, request_id, state)
        if outcome == "changed":
            audit.record(turn.session, turn.now, me.coordinator_id, f"training_{state}",
                         f"training request {request_id}", row.training_id)
        return outcome

    outcome, replies = await app.engine.act_as(me.person_id, act)
    if outcome == "missing":
        raise not_found()
    return done(request, f"{HERE}#requests-h", " ".join(r.text for r in replies))


def add_routes(console: web.Application) -> None:
    console.router.add_get("/skills", skills_page)
    console.router.add_post("/skills/requests/{request}/{state}", mark_request)
