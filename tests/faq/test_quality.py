"""Keep the matcher from sliding back on the development sets (thresholds, not exact numbers).

Since the thresholds are fitted on the KB itself (issue 14), the figures on
these sets, all read while tuning and so dev sets, are a little lower than
those of the old hand-tuned thresholds but hold on KBs nobody tuned for.
"""
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
    # measured with fitted thresholds: 0.896 / 1.0 / 0.0 / 0.030 (hand-tuned before: 0.955 / 1.0 / 0.0 / 0.0)
    assert result["answer_accuracy"] >= 0.87
    assert result["suggest_recall"] >= 0.98
    assert result["wrong_answer_rate"] <= 0.01
    assert result["oos_false_answer_rate"] <= 0.05


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
    """Written before the generalisation work; its failures were read since, so it is a dev set now.

    Measured before that work: 0.855 / 0.982 / 0.009 / 0.051; hand-tuned after it: 0.955 / 1.0 / 0.0 / 0.0;
    with thresholds fitted on the KB: 0.946 / 1.0 / 0.0 / 0.077 (3 of 39 near misses answered).
    """
    result = evaluate(matcher, load_cases(HERE / "holdout2_cases.jsonl"))
    assert result["answer_accuracy"] >= 0.90
    assert result["suggest_recall"] >= 0.97
    assert result["wrong_answer_rate"] <= 0.03
    assert result["oos_false_answer_rate"] <= 0.10


def test_first_kb_condition_still_answers_most_dev_questions() -> None:
    """The shipped KB cut to 3 phrasings an entry and without its vocabulary file: what a city starts with.

    Measured: 0.833 / 0.991 / 0.0 / 0.030.
    """
    result = evaluate(Matcher(load_kb(default_kb_paths()).reduced(phrasings=3, vocabulary=False)),
                      load_cases(HERE / "dev_cases.jsonl"))
    assert result["answer_accuracy"] >= 0.78
    assert result["suggest_recall"] >= 0.96
    assert result["wrong_answer_rate"] <= 0.02
    assert result["oos_false_answer_rate"] <= 0.08


def test_a_second_kb_nobody_tuned_for_stays_safe() -> None:
    """Another city's FAQ (no vocabulary file) and staff-typed questions, written by someone who never saw the
    matcher; its failures were read, so it is a dev set. Measured: 0.332 / 0.863 / 0.0 / 0.021."""
    result = evaluate(Matcher(load_kb([HERE / "second_kb"])), load_cases(HERE / "second_kb_cases.jsonl"))
    assert result["answer_accuracy"] >= 0.28
    assert result["suggest_recall"] >= 0.82
    assert result["wrong_answer_rate"] <= 0.02
    assert result["oos_false_answer_rate"] <= 0.06
