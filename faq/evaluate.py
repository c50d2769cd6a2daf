"""Measure the matcher on labelled cases (JSON lines, format in docs/formats.md).

Definitions (in-scope = cases with an expected entry):

* answer_accuracy: in-scope answered with the expected entry / in-scope
* suggest_recall: expected entry answered or among the suggestions / in-scope
* wrong_answer_rate: in-scope answered with another entry / in-scope
* oos_false_answer_rate: out-of-scope cases answered / out-of-scope
* route_rate: all cases routed / all cases
* p50_ms, p99_ms: per-query match latency
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol

from faq.jsonlines import json_objects
from faq.matcher import Decision, Match

METRIC_KEYS = ("answer_accuracy", "suggest_recall", "wrong_answer_rate", "oos_false_answer_rate",
               "route_rate", "p50_ms", "p99_ms")
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


def metrics(results: list[tuple[Case, Match, float]]) -> dict[str, float]:
    in_scope = [(c, m) for c, m, _ in results if c.expect is not None]
    out_scope = [(c, m) for c, m, _ in results if c.expect is None]

    def share(count: int, total: int) -> float:
        return round(count / total, 4) if total else 0.0

    answered_right = sum(1 for c, m in in_scope if m.decision is Decision.ANSWER and m.entry_id == c.expect)
    offered = sum(1 for c, m in in_scope
                  if (m.decision is Decision.ANSWER and m.entry_id == c.expect)
                  or (m.decision is Decision.SUGGEST and c.expect in m.suggestions))
    answered_wrong = sum(1 for c, m in in_scope if m.decision is Decision.ANSWER and m.entry_id != c.expect)
    oos_answered = sum(1 for _, m in out_scope if m.decision is Decision.ANSWER)
    routed = sum(1 for _, m, _ in results if m.decision is Decision.ROUTE)
    latencies = [ms for _, _, ms in results]
    return {
        "answer_accuracy": share(answered_right, len(in_scope)),
        "suggest_recall": share(offered, len(in_scope)),
        "wrong_answer_rate": share(answered_wrong, len(in_scope)),
        "oos_false_answer_rate": share(oos_answered, len(out_scope)),
        "route_rate": share(routed, len(results)),
        "p50_ms": round(_percentile(latencies, 0.50), 3),
        "p99_ms": round(_percentile(latencies, 0.99), 3),
    }


def evaluate(matcher: _Matches, cases: Iterable[Case | dict]) -> dict[str, float]:
    """The seven metrics above for ``cases`` (Case objects or docs/formats.md dicts)."""
    prepared = [c if isinstance(c, Case) else Case(c["q"], c.get("lang"), c.get("expect")) for c in cases]
    return metrics(run_cases(matcher, prepared))
