"""Measure the dialog-act classifier (faq/acts.py) on labelled cases.

Cases are JSON lines ``{"text", "lang", "act"}`` with an optional ``"alt"``: a second
label that is equally right (tests/understand/README.md). A case counts as right when
the predicted kind is ``act`` or ``alt``.

Why these figures: accuracy alone hides what matters most for scarce volunteers, so the
report also counts greeting/thanks cases that would reach a coach (predicted ``question``
or ``person``: must be 0) and, the other way, questions the bot would swallow. Accuracy
comes with a 95% Wilson interval because a few hundred cases leave real doubt.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from faq.intervals import wilson_interval
from faq.jsonlines import json_objects
from faq.acts import Act, ActKind, classify

_KINDS = frozenset(k.value for k in ActKind)
_TO_COACH = frozenset({ActKind.QUESTION.value, ActKind.PERSON.value})
_POLITE = frozenset({ActKind.GREETING.value, ActKind.THANKS.value})


class ActCaseError(ValueError):
    """A cases file with bad lines; ``problems`` names each line and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ActCase:
    text: str
    lang: str | None
    act: str
    alt: str | None = None

    def right(self, kind: str) -> bool:
        return kind == self.act or kind == self.alt


def parse_cases(lines: Iterable[str], source: str = "<cases>") -> list[ActCase]:
    """Read JSON lines into cases; every bad line is reported at once, with its number."""
    cases: list[ActCase] = []
    problems: list[str] = []
    for where, data in json_objects(lines, source, problems, "a text string"):
        if not isinstance(data.get("text"), str):
            problems.append(f"{where}: must be a JSON object with a text string")
            continue
        act, alt = data.get("act"), data.get("alt")
        if act not in _KINDS or (alt is not None and alt not in _KINDS):
            problems.append(f"{where}: act/alt must be one of {', '.join(sorted(_KINDS))}")
            continue
        cases.append(ActCase(data["text"], data.get("lang"), act, alt))
    if problems:
        raise ActCaseError(problems)
    return cases


def load_cases(path: Path | str) -> list[ActCase]:
    """The cases of one JSON-lines file (ActCaseError names each bad line)."""
    path = Path(path)
    return parse_cases(path.read_text(encoding="utf-8").splitlines(), str(path))


def evaluate(cases: list[ActCase], classify_fn: Callable[[str], Act] = classify) -> dict[str, Any]:
    """Accuracy with its interval, per-label precision/recall, coach-safety counts and the wrong cases.

    Per label, a case's gold label is the prediction when that is its ``alt`` (it is
    equally right), else its ``act``; precision and recall compare that with the prediction.
    """
    golds: list[str] = []
    preds: list[str] = []
    wrong: list[dict[str, Any]] = []
    times: list[float] = []
    classify_fn("")  # the lexicon is built on first use: keep that out of the timings
    for case in cases:
        start = time.perf_counter()
        act = classify_fn(case.text)
        times.append(time.perf_counter() - start)
        pred = act.kind.value
        preds.append(pred)
        golds.append(pred if case.right(pred) else case.act)
        if not case.right(pred):
            wrong.append({"text": case.text, "lang": case.lang, "act": case.act, "alt": case.alt, "got": pred})
    correct = sum(g == p for g, p in zip(golds, preds))
    low, high = wilson_interval(correct, len(cases))
    per_label: dict[str, dict[str, float | int]] = {}
    for kind in sorted(set(golds) | set(preds)):
        tp = sum(g == p == kind for g, p in zip(golds, preds))
        n_gold, n_pred = golds.count(kind), preds.count(kind)
        per_label[kind] = {"support": n_gold, "predicted": n_pred,
                           "precision": round(tp / n_pred, 3) if n_pred else 1.0,
                           "recall": round(tp / n_gold, 3) if n_gold else 1.0}
    times.sort()
    return {
        "cases": len(cases),
        "correct": correct,
        "accuracy": round(correct / len(cases), 4) if cases else 0.0,
        "accuracy_ci95": [round(low, 4), round(high, 4)],
        "per_label": per_label,
        # greeting/thanks (as act or alt) predicted question/person: would reach a coach
        "greeting_thanks_to_coach": sum(1 for c, p in zip(cases, preds)
                                        if {c.act, c.alt} & _POLITE and p in _TO_COACH),
        "content_free_to_coach": sum(1 for c, p in zip(cases, preds)
                                     if not {c.act, c.alt} & _TO_COACH and p in _TO_COACH),
        "questions_not_to_coach": sum(1 for c, p in zip(cases, preds)
                                      if {c.act, c.alt} & _TO_COACH and p not in _TO_COACH),
        "p50_ms": round(times[len(times) // 2] * 1000, 4) if times else 0.0,
        "max_ms": round(times[-1] * 1000, 4) if times else 0.0,
        "wrong": wrong,
    }
