"""The digest's self-scan section: people scanned this week, and per department the profiles, the areas to work
on and the funnel of the current round, next to the round before (the trend).

Only groups of at least storage.scan_figures.K people: the rule is applied in the queries there; this module
names and lays out what they return. No person's result ever appears.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import t
from skills.definition import ScanDefinition, load_scan
from storage import scan_figures as sf

Table = tuple[list[str], list[list[str]]]


@dataclass
class ScanDigest:
    definition: ScanDefinition
    k: int
    week_people: int | None  # people who completed a scan this week; None: fewer than k (not shown)
    round: str | None = None  # the latest round with scans
    groups: list[sf.Group] = field(default_factory=list)
    funnel: list[sf.FunnelStep] = field(default_factory=list)
    previous_round: str | None = None
    previous: list[sf.Group] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.week_people is None and not self.groups and not self.previous


async def build(
    session: AsyncSession, start: datetime, end: datetime, departments: Sequence[str] = (),
    definition: ScanDefinition | None = None, k: int = sf.K,
) -> ScanDigest:
    scope = tuple(departments)
    week = await sf.groups(session, sf.FigureScope(scope, start, end), k)
    found = ScanDigest(definition or load_scan(), k, sf.total(week).people or None)
    rounds = [r for r in await sf.rounds(session, scope)]
    if rounds:
        found.round = rounds[-1]
        in_round = sf.FigureScope(scope, round=found.round)
        found.groups = await sf.groups(session, in_round, k)
        found.funnel = await sf.funnel(session, in_round, k)
    if len(rounds) > 1:
        found.previous_round = rounds[-2]
        found.previous = await sf.groups(session, sf.FigureScope(scope, round=found.previous_round), k)
    return found


def _department(name: str | None, lang: str) -> str:
    return name if name is not None else t("digest_other_departments", lang)


def summary_line(scans: ScanDigest, lang: str) -> str | None:
    if scans.empty:
        return None
    week = str(scans.week_people) if scans.week_people else t("digest_fewer_than", lang, k=scans.k)
    requested = sum(step.requested for step in scans.funnel)
    done = sum(step.done for step in scans.funnel)
    return t("digest_scans_line", lang, week=week, round=scans.round or "–", people=sf.total(scans.groups).people,
             requested=requested, done=done)


def _weak(definition: ScanDefinition, group: sf.Group, lang: str) -> str:
    ranked = sorted(group.weak_areas.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
    names = [f"{(definition.area(a).name(lang) if definition.area(a) else a)} ({n})" for a, n in ranked]
    return ", ".join(names) or "–"


def profile_table(scans: ScanDigest, lang: str) -> Table:
    """Per round (the one before, then the current) and department: people, each profile, what to work on."""
    d = scans.definition
    head = [t("digest_department", lang), t("digest_round", lang), t("digest_people", lang),
            *[p.name(lang) for p in d.profiles], t("digest_weak_areas", lang)]
    rows = []
    for round_id, groups in ((scans.previous_round, scans.previous), (scans.round, scans.groups)):
        for g in groups:
            rows.append([_department(g.department, lang), round_id or "–", str(g.people),
                         *[str(g.profiles.get(p.id, 0)) for p in d.profiles], _weak(d, g, lang)])
    return head, rows


def funnel_table(scans: ScanDigest, lang: str) -> Table:
    head = [t("digest_department", lang), t("digest_round", lang), ""]
    rows = [[_department(s.department, lang), scans.round or "–",
             t("digest_funnel", lang, scanned=s.scanned, advice=s.advice, requested=s.requested, planned=s.planned,
               done=s.done)] for s in scans.funnel]
    return head, rows


def csv_rows(scans: ScanDigest) -> list[dict[str, object]]:
    """Rows for the digest CSV: section `scan_profile` (key round, name department, profile, people) and
    `scan_funnel` (key round, name department, people and the four later steps)."""
    out: list[dict[str, object]] = []
    for round_id, groups in ((scans.previous_round, scans.previous), (scans.round, scans.groups)):
        for g in groups:
            for profile in scans.definition.profiles:
                out.append({"section": "scan_profile", "key": round_id or "", "name": g.department or "other",
                            "profile": profile.id, "people": g.profiles.get(profile.id, 0)})
    for s in scans.funnel:
        out.append({"section": "scan_funnel", "key": scans.round or "", "name": s.department or "other",
                    "people": s.scanned, "advice": s.advice, "requested": s.requested, "planned": s.planned,
                    "done": s.done})
    return out
