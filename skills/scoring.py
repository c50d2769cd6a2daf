"""From a person's answers to their result: area averages, strengths, areas to work on, and a profile.

Pure functions over the scan definition (skills/definition.py), with exact fractions so that a threshold of
1.5 means 1.5 and the tests can compute every profile by hand. An answer is the option's position; it is worth
that position on the 0-3 scale for a skill question, and its option's `value` for an attitude question.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping

from skills.definition import Item, ScanDefinition, Training


@dataclass(frozen=True)
class Result:
    areas: dict[str, Fraction]  # area id -> average answer, 0-3
    skill: Fraction  # average of every skill answer, 0-3
    attitude: Fraction  # average of the attitude answers, 0-3
    profile: str
    strengths: tuple[str, ...]
    weak: tuple[str, ...]


def points(item: Item, answer: int) -> Fraction:
    return item.options[answer].value


def valid_answer(item: Item, answer: object) -> bool:
    return isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer < len(item.options)


def next_item(scan: ScanDefinition, answers: Mapping[str, int]) -> Item | None:
    """The first question without a (still valid) answer: where a stopped scan resumes; None when all are answered."""
    return next((i for i in scan.items if not valid_answer(i, answers.get(i.id))), None)


def _mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values) if values else Fraction(0)


def score(scan: ScanDefinition, answers: Mapping[str, int]) -> Result:
    """The result of a complete scan; ValueError if a question is unanswered (the conversation asks them all)."""
    missing = next_item(scan, answers)
    if missing is not None:
        raise ValueError(f"question {missing.id!r} is not answered")
    skill_items = [i for i in scan.items if not i.attitude]
    areas = {a.id: _mean([points(i, answers[i.id]) for i in skill_items if i.area == a.id]) for a in scan.areas}
    skill = _mean([points(i, answers[i.id]) for i in skill_items])
    attitude = _mean([points(i, answers[i.id]) for i in scan.items if i.attitude])
    rules = scan.scoring
    order = {a.id: n for n, a in enumerate(scan.areas)}
    weak = sorted((a for a, v in areas.items() if v < rules.weak_below), key=lambda a: (areas[a], order[a]))
    strong = sorted((a for a, v in areas.items() if v >= rules.strong_from), key=lambda a: (-areas[a], order[a]))
    profile = scan.corner(
        "high" if skill >= rules.skill_high_from else "low", "high" if attitude >= rules.attitude_high_from else "low"
    )
    return Result(areas, skill, attitude, profile.id, tuple(strong[: rules.max_strengths]), tuple(weak[: rules.max_weak]))


def trainings_for(scan: ScanDefinition, weak: tuple[str, ...], profile: str) -> list[Training]:
    """The offers that fit: one of their areas is to work on, or they are meant for this profile."""
    return [x for x in scan.trainings if set(x.areas) & set(weak) or profile in x.profiles]


@dataclass(frozen=True)
class Change:
    better: tuple[str, ...]
    worse: tuple[str, ...]
    profile_before: str | None  # None when the profile stayed the same


def change(scan: ScanDefinition, before: Mapping[str, float], profile_before: str,
           after: Mapping[str, float], profile_after: str) -> Change:
    """What moved between two scans of one person: areas up or down by at least half a step, and the profile."""
    order = [a.id for a in scan.areas]
    moved = {a: Fraction(after[a]).limit_denominator(100) - Fraction(before[a]).limit_denominator(100)
             for a in order if a in before and a in after}
    half = Fraction(1, 2)
    return Change(
        tuple(a for a in order if moved.get(a, 0) >= half),
        tuple(a for a in order if moved.get(a, 0) <= -half),
        profile_before if profile_before != profile_after else None,
    )
