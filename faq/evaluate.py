"""Measure the matcher on labelled cases (JSON lines, format in docs/formats.md).

Definitions (in-scope = cases with an expected entry):

* answer_accuracy: in-scope answered with the expected entry / in-scope
* suggest_recall: expected entry answered or among the suggestions / in-scope
* wrong_answer_rate: in-scope answered with another entry / in-scope
* oos_false_answer_rate: out-of-scope cases answered / out-of-scope
* route_rate: all cases routed / all cases
* p50_ms, p99_ms: per-query match latency

Each rate also gets a 95% Wilson interval and its denominator (``report``),
and each case an ``outcome`` for error analysis (``case_record``).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol

from faq.intervals import wilson_interval
from faq.jsonlines import json_objects
from faq.matcher import Decision, Match

METRIC_KEYS = ("answer_accuracy", "suggest_recall", "wrong_answer_rate", "oos_false_answer_rate",
               "route_rate", "p50_ms", "p99_ms")
RATE_KEYS = METRIC_KEYS[:5]  # the shares of cases, which get an interval
OUTCOMES = ("answered_right", "answered_wrong", "suggested_right", "missed",
            "oos_answered", "oos_suggested", "oos_routed")
_LANGS = ("nl", "en", "fr")


class CaseError(ValueError):
    """A cases file with bad lines; ``problems`` names each line and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Case:
    q: str
    lang: str | None
    expect: str | None


class _Matches(Protocol):
    def match(self, text: str, lang: str | None = None) -> Match: ...


def parse_cases(lines: Iterable[str], source: str = "<cases>") -> list[Case]:
    cases: list[Case] = []
    problems: list[str] = []
    for where, data in json_objects(lines, source, problems, "q, lang, expect"):
        q, lang, expect = data.get("q"), data.get("lang"), data.get("expect", "<missing>")
        if not isinstance(q, str):
            problems.append(f"{where}: 'q' must be the question text")
        elif lang is not None and lang not in _LANGS:
            problems.append(f"{where}: 'lang' must be nl, en or fr, not {lang!r}")
        elif expect == "<missing>":
            problems.append(f"{where}: 'expect' is missing (use null for a question the FAQ must not answer)")
        elif expect is not None and not isinstance(expect, str):
            problems.append(f"{where}: 'expect' must be an entry id or null")
        else:
            cases.append(Case(q, lang, expect))
    if problems:
        raise CaseError(problems)
    return cases


def load_cases(path: str | Path) -> list[Case]:
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        return parse_cases(handle, str(path))


def _percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def run_cases(matcher: _Matches, cases: Iterable[Case]) -> list[tuple[Case, Match, float]]:
    results = []
    for case in cases:
        start = time.perf_counter()
        match = matcher.match(case.q, case.lang)
        results.append((case, match, (time.perf_counter() - start) * 1000))
    return results


def outcome(case: Case, match: Match) -> str:
    """What happened to one case, one of OUTCOMES.

    In scope: answered_right, answered_wrong, suggested_right (the expected
    entry among the suggestions), missed (routed, or suggestions without it).
    Out of scope: oos_answered, oos_suggested, oos_routed.
    """
    if case.expect is None:
        return {Decision.ANSWER: "oos_answered", Decision.SUGGEST: "oos_suggested"}.get(match.decision, "oos_routed")
    if match.decision is Decision.ANSWER:
        return "answered_right" if match.entry_id == case.expect else "answered_wrong"
    if match.decision is Decision.SUGGEST and case.expect in match.suggestions:
        return "suggested_right"
    return "missed"


def rate_counts(results: list[tuple[Case, Match, float]]) -> dict[str, tuple[int, int]]:
    """Each rate of RATE_KEYS as (count, denominator)."""
    outcomes = [outcome(c, m) for c, m, _ in results]
    in_scope = sum(1 for c, _, _ in results if c.expect is not None)
    return {
        "answer_accuracy": (outcomes.count("answered_right"), in_scope),
        "suggest_recall": (outcomes.count("answered_right") + outcomes.count("suggested_right"), in_scope),
        "wrong_answer_rate": (outcomes.count("answered_wrong"), in_scope),
        "oos_false_answer_rate": (outcomes.count("oos_answered"), len(results) - in_scope),
        "route_rate": (sum(1 for _, m, _ in results if m.decision is Decision.ROUTE), len(results)),
    }


def metrics(results: list[tuple[Case, Match, float]]) -> dict[str, float]:
    """The seven METRIC_KEYS, in that order."""
    rates = {key: round(count / total, 4) if total else 0.0
             for key, (count, total) in rate_counts(results).items()}
    latencies = [ms for _, _, ms in results]
    return {
        **rates,
        "p50_ms": round(_percentile(latencies, 0.50), 3),
        "p99_ms": round(_percentile(latencies, 0.99), 3),
    }


def report(results: list[tuple[Case, Match, float]]) -> dict[str, float | int | list[float]]:
    """``metrics`` (same keys, same order, first), then per rate ``<rate>_ci95`` [low, high] and ``<rate>_n``.

    A rate with no cases (``_n`` 0) stays 0.0 as before, with the interval [0.0, 1.0].
    """
    result: dict[str, float | int | list[float]] = dict(metrics(results))
    for key, (count, total) in rate_counts(results).items():
        low, high = wilson_interval(count, total)
        result[f"{key}_ci95"] = [round(low, 6), round(high, 6)]
        result[f"{key}_n"] = total
    return result


def case_record(case: Case, match: Match) -> dict:
    """One line of ``--cases-out`` (docs/formats.md)."""
    return {
        "q": case.q,
        "lang": case.lang,
        "expect": case.expect,
        "decision": match.decision.value,
        "entry_id": match.entry_id,
        "suggestions": list(match.suggestions),
        "scores": {entry_id: round(float(score), 4) for entry_id, score in match.scores.items()},
        "outcome": outcome(case, match),
    }


def evaluate(matcher: _Matches, cases: Iterable[Case | dict]) -> dict[str, float]:
    """The seven metrics above for ``cases`` (Case objects or docs/formats.md dicts)."""
    prepared = [c if isinstance(c, Case) else Case(c["q"], c.get("lang"), c.get("expect")) for c in cases]
    return metrics(run_cases(matcher, prepared))
