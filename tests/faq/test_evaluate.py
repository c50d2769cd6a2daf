"""The eval metrics follow the issue's definitions exactly (values computed by hand)."""
from __future__ import annotations

import pytest

from faq.evaluate import METRIC_KEYS, Case, CaseError, evaluate, parse_cases
from faq.kb import Entry, KnowledgeBase
from faq.matcher import Decision, Match, Matcher


class ScriptedMatcher:
    """Returns a fixed decision per question, so the arithmetic can be checked by hand."""

    def __init__(self, script: dict[str, Match]) -> None:
        self.script = script

    def match(self, text: str, lang: str | None = None) -> Match:
        return self.script[text]


def test_metrics_by_hand() -> None:
    script = {
        "a": Match(Decision.ANSWER, "payslip"),                       # in scope, right
        "b": Match(Decision.ANSWER, "wifi"),                          # in scope, wrong
        "c": Match(Decision.SUGGEST, None, ["wifi", "payslip"]),      # in scope, suggested
        "d": Match(Decision.ROUTE),                                   # in scope, routed
        "e": Match(Decision.ROUTE),                                   # out of scope, routed
        "f": Match(Decision.ANSWER, "payslip"),                       # out of scope, answered
        "g": Match(Decision.SUGGEST, None, ["wifi"]),                 # out of scope, suggested
        "h": Match(Decision.SUGGEST, None, ["wifi"]),                 # in scope, wrong suggestions
    }
    cases = [Case("a", "nl", "payslip"), Case("b", "nl", "payslip"), Case("c", "nl", "payslip"),
             Case("d", "nl", "payslip"), Case("e", "nl", None), Case("f", "nl", None),
             Case("g", "nl", None), Case("h", "nl", "payslip")]
    result = evaluate(ScriptedMatcher(script), cases)
    assert list(result) == list(METRIC_KEYS)
    assert result["answer_accuracy"] == pytest.approx(1 / 5)
    assert result["suggest_recall"] == pytest.approx(2 / 5)
    assert result["wrong_answer_rate"] == pytest.approx(1 / 5)
    assert result["oos_false_answer_rate"] == pytest.approx(1 / 3, abs=1e-3)
    assert result["route_rate"] == pytest.approx(2 / 8)
    assert 0 <= result["p50_ms"] <= result["p99_ms"]


def test_real_matcher_on_a_tiny_kb() -> None:
    kb = KnowledgeBase([
        Entry("payslip", "nl", ("Waar vind ik mijn loonbrief?",), "In Mia."),
        Entry("wifi", "nl", ("Wat is het wifi wachtwoord?",), "Stad-Personeel."),
    ])
    cases = [{"q": "loonbrief", "lang": "nl", "expect": "payslip"},
             {"q": "wifi wachtwoord", "lang": "nl", "expect": "wifi"},
             {"q": "wie wint de match", "lang": "nl", "expect": None},
             {"q": "👍", "lang": "nl", "expect": None}]
    result = evaluate(Matcher(kb), cases)
    assert result["answer_accuracy"] == 1.0 and result["suggest_recall"] == 1.0
    assert result["wrong_answer_rate"] == 0.0 and result["oos_false_answer_rate"] == 0.0
    assert result["route_rate"] == 0.5


def test_no_cases_gives_zeros_not_errors() -> None:
    assert set(evaluate(ScriptedMatcher({}), []).values()) == {0.0}


def test_bad_case_lines_are_named() -> None:
    lines = ['{"q": "ok", "lang": "nl", "expect": null}', "not json", '{"q": 3, "lang": "nl", "expect": null}',
             '{"q": "x", "lang": "de", "expect": null}', '{"q": "x", "lang": "nl"}', "[1]", ""]
    with pytest.raises(CaseError) as info:
        parse_cases(lines, "cases.jsonl")
    problems = info.value.problems
    assert [p.split(":")[1] for p in problems] == ["2", "3", "4", "5", "6"]
    assert "expect" in problems[3]


def test_outcomes_and_intervals_follow_the_same_counts() -> None:
    from faq.evaluate import case_record, outcome, report, run_cases

    script = {
        "a": Match(Decision.ANSWER, "payslip", scores={"payslip": 0.8}),
        "b": Match(Decision.ANSWER, "wifi"),
        "c": Match(Decision.SUGGEST, None, ["wifi", "payslip"]),
        "d": Match(Decision.ROUTE, None, ["payslip"]),  # suggestions on a ROUTE do not count as offered
        "e": Match(Decision.ROUTE),
        "f": Match(Decision.ANSWER, "payslip"),
        "g": Match(Decision.SUGGEST, None, ["wifi"]),
    }
    cases = [Case("a", "nl", "payslip"), Case("b", "nl", "payslip"), Case("c", None, "payslip"),
             Case("d", "nl", "payslip"), Case("e", "nl", None), Case("f", "nl", None), Case("g", "en", None)]
    matcher = ScriptedMatcher(script)
    assert [outcome(c, matcher.match(c.q)) for c in cases] == [
        "answered_right", "answered_wrong", "suggested_right", "missed", "oos_routed", "oos_answered",
        "oos_suggested"]
    result = report(run_cases(matcher, cases))
    assert result["answer_accuracy"] == 0.25 and result["answer_accuracy_n"] == 4
    assert result["suggest_recall"] == 0.5 and result["suggest_recall_ci95"] == pytest.approx([0.15004, 0.84996], abs=1e-5)
    assert result["oos_false_answer_rate_n"] == 3 and result["route_rate_n"] == 7
    low, high = result["oos_false_answer_rate_ci95"]
    assert low < 1 / 3 < high
    record = case_record(cases[2], matcher.match("c"))
    assert record["lang"] is None and record["decision"] == "suggest" and record["outcome"] == "suggested_right"
