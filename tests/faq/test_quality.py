"""Keep the matcher from sliding back on the development set (thresholds, not exact numbers)."""
from __future__ import annotations

from pathlib import Path

import pytest

from faq.evaluate import evaluate, load_cases
from faq.kb import default_kb_paths, load_kb
from faq.matcher import Matcher

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_kb(default_kb_paths()))


def test_dev_set_is_big_and_varied_enough() -> None:
    cases = load_cases(HERE / "dev_cases.jsonl")
    assert len(cases) >= 250
    assert sum(c.expect is None for c in cases) >= 60
    assert {c.lang for c in cases} == {"nl", "en", "fr"}


def test_dev_set_metrics_do_not_slide_back(matcher: Matcher) -> None:
    result = evaluate(matcher, load_cases(HERE / "dev_cases.jsonl"))
    # measured: 0.955 / 1.0 / 0.0 / 0.0
    assert result["answer_accuracy"] >= 0.93
    assert result["suggest_recall"] >= 0.98
    assert result["wrong_answer_rate"] <= 0.01
    assert result["oos_false_answer_rate"] <= 0.02


def test_holdout_set_stays_safe(matcher: Matcher) -> None:
    """Written before tuning, never tuned on case by case (measured: 0.953 / 1.0 / 0.0 / 0.0)."""
    result = evaluate(matcher, load_cases(HERE / "holdout_cases.jsonl"))
    assert result["answer_accuracy"] >= 0.90
    assert result["suggest_recall"] >= 0.97
    assert result["wrong_answer_rate"] <= 0.03
    assert result["oos_false_answer_rate"] <= 0.06


def test_second_holdout_set_is_big_and_varied_enough() -> None:
    cases = load_cases(HERE / "holdout2_cases.jsonl")
    assert len(cases) >= 120
    assert sum(c.expect is None for c in cases) >= 35
    assert {c.lang for c in cases} == {"nl", "en", "fr"}


def test_second_holdout_set_generalises(matcher: Matcher) -> None:
    """Written before the generalisation work and only used as a check of it, not tuned on case by case.

    Measured before that work: 0.855 / 0.982 / 0.009 / 0.051; after: 0.955 / 1.0 / 0.0 / 0.0.
    """
    result = evaluate(matcher, load_cases(HERE / "holdout2_cases.jsonl"))
    assert result["answer_accuracy"] >= 0.90
    assert result["suggest_recall"] >= 0.97
    assert result["wrong_answer_rate"] <= 0.03
    assert result["oos_false_answer_rate"] <= 0.05
