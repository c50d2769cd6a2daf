"""A self-scan's result, in a few plain lines, and the advice that acts on it.

Strengths, the one or two areas to work on, the profile on the skill x attitude grid (skills/scoring.py), what
changed since the person's previous scan, and the city's training offers that fit. The buttons under it: FAQ
entries for the areas to work on, "Ik wil me inschrijven" per training, and "Praat met een digicoach"; they are
handled in bot/engine/scan_advice.py.
"""
from __future__ import annotations

from bot.engine.work import Turn
from bot.messages import Button
from bot.texts import t
from skills.definition import ScanDefinition
from skills.scoring import change, score, trainings_for
from storage import scans
from storage.models import Scan

MAX_FAQ_BUTTONS = 3


def area_names(definition: ScanDefinition, area_ids: list[str] | tuple[str, ...], lang: str) -> str:
    names = [area.name(lang) for area in (definition.area(a) for a in area_ids) if area is not None]
    return ", ".join(names) if names else t("scan_nothing", lang)


async def finish(turn: Turn, scan: Scan) -> None:
    """Every question answered: score it, keep the result, show it with what changed and the advice."""
    definition = turn.engine.scan
    result = score(definition, scans.answers_of(scan))
    day = turn.now.astimezone(turn.engine.tz).date()
    await scans.complete(
        turn.session, scan, turn.now, round_id=definition.round_of(day), profile=result.profile,
        skill=float(result.skill), attitude=float(result.attitude),
        areas={a: float(v) for a, v in result.areas.items()}, strengths=result.strengths, weak=result.weak,
    )
    turn.set_state("idle")
    await show(turn, scan)


async def show_last(turn: Turn) -> None:
    """`/scan resultaat`: the person's latest complete scan, as it was shown then, with its advice."""
    scan = await scans.latest_completed(turn.session, turn.person.id)
    if scan is None:
        turn.say(t("scan_no_result", turn.lang), [Button(t("scan_button", turn.lang), "scan:start")])
        return
    await show(turn, scan)


async def show(turn: Turn, scan: Scan) -> None:
    definition, lang = turn.engine.scan, turn.lang
    weak, strengths = scans.area_list(scan.weak), scans.area_list(scan.strengths)
    lines = [t("scan_result_title", lang)]
    if strengths:
        lines.append(t("scan_strengths", lang, areas=area_names(definition, strengths, lang)))
    lines.append(t("scan_weak", lang, areas=area_names(definition, weak, lang)) if weak else t("scan_no_weak", lang))
    profile = definition.profile(scan.profile or "")
    if profile is not None:
        lines.append(t("scan_profile", lang, name=profile.name(lang), text=profile.text(lang)))
    lines += await _since_last(turn, scan)
    for training in trainings_for(definition, tuple(weak), scan.profile or ""):
        lines.append(t("scan_training_line", lang, name=training.name(lang), for_whom=training.for_whom(lang),
                       sign_up=training.sign_up(lang)))
    turn.say("\n".join(lines))
    turn.say(t("scan_advice", lang), advice_buttons(turn, scan))


async def _since_last(turn: Turn, scan: Scan) -> list[str]:
    """A repeat scan: which areas moved (half a step or more) and the profile before, if it changed."""
    before = await scans.latest_completed(turn.session, turn.person.id, before_id=scan.id)
    if before is None or before.completed_at is None:
        return []
    definition, lang = turn.engine.scan, turn.lang
    moved = change(definition, await scans.area_scores(turn.session, before.id), before.profile or "",
                   await scans.area_scores(turn.session, scan.id), scan.profile or "")
    parts = []
    if moved.better:
        parts.append(t("scan_change_better", lang, areas=area_names(definition, moved.better, lang)))
    if moved.worse:
        parts.append(t("scan_change_worse", lang, areas=area_names(definition, moved.worse, lang)))
    when = before.completed_at.astimezone(turn.engine.tz).strftime("%d/%m/%Y")
    lines = [t("scan_change", lang, date=when, what="; ".join(parts) or t("scan_change_same", lang))]
    old = definition.profile(moved.profile_before or "")
    if old is not None:
        lines.append(t("scan_profile_before", lang, name=old.name(lang)))
    return lines


def advice_buttons(turn: Turn, scan: Scan) -> list[Button]:
    """FAQ entries for the areas to work on (ones this FAQ has), each fitting training, and a digicoach."""
    definition, lang = turn.engine.scan, turn.lang
    kb, _ = turn.engine.faq.current()
    weak = scans.area_list(scan.weak)
    entries: list[str] = []
    for area_id in weak:
        area = definition.area(area_id)
        for entry in (area.faq if area else ())[:2]:
            if entry not in entries and kb.entry(entry, lang) is not None:
                entries.append(entry)
    buttons = [Button(kb.title(e, lang), f"scanfaq:{scan.id}:{e}") for e in entries[:MAX_FAQ_BUTTONS]]
    buttons += [Button(t("scan_train_button", lang, name=x.name(lang)), f"scantrain:{scan.id}:{x.id}")
                for x in trainings_for(definition, tuple(weak), scan.profile or "")]
    buttons.append(Button(t("scan_coach_button", lang), f"scancoach:{scan.id}"))
    return buttons
