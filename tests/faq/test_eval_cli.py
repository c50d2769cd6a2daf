"""`digicoach faq eval`: intervals, --cases-out and --first-kb, as a user reads them.

A scripted matcher stands in for faq.matcher.Matcher so the printed figures can
be worked out by hand whatever the real matcher decides.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import faq.matcher
from faq.evaluate import OUTCOMES
from faq.kb import KnowledgeBase
from faq.matcher import Decision, Match

from faq_helpers import GOOD_NL, run, write

HERE = Path(__file__).parent

SCRIPT = {  # question -> what the scripted matcher decides; the case's outcome in the comment
    "loonbrief": Match(Decision.ANSWER, "payslip", scores={"payslip": 0.91234, "wifi": 0.2}),  # answered_right
    "loonfiche": Match(Decision.SUGGEST, None, ["wifi", "payslip"]),                          # suggested_right
    "wifi kapot": Match(Decision.ANSWER, "wifi"),                                              # answered_wrong
    "zomaar iets": Match(Decision.SUGGEST, None, ["wifi"]),                                     # missed
    "weer morgen": Match(Decision.ROUTE),                                                      # oos_routed
    "voetbal": Match(Decision.SUGGEST, None, ["wifi"]),                                         # oos_suggested
}
CASES = [("loonbrief", "payslip"), ("loonfiche", "payslip"), ("wifi kapot", "payslip"),
         ("zomaar iets", "payslip"), ("weer morgen", None), ("voetbal", None)]


class ScriptedMatcher:
    built: list[KnowledgeBase] = []

    def __init__(self, kb: KnowledgeBase, **options: object) -> None:  # options: the encoder
        ScriptedMatcher.built.append(kb)

    def match(self, text: str, lang: str | None = None) -> Match:
        return SCRIPT.get(text, Match(Decision.ROUTE))


@pytest.fixture
def scripted(monkeypatch) -> type[ScriptedMatcher]:
    ScriptedMatcher.built = []
    monkeypatch.setattr(faq.matcher, "Matcher", ScriptedMatcher)
    return ScriptedMatcher


@pytest.fixture
def cases_file(tmp_path: Path) -> Path:
    lines = [json.dumps({"q": q, "lang": "nl", "expect": expect}) for q, expect in CASES]
    return write(tmp_path / "cases.jsonl", "\n".join(lines) + "\n")



def rows(out: str) -> dict[str, str]:
    """The metric lines of the table, by metric name."""
    return {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and "_" in line.split()[0]}


def test_each_rate_has_its_interval_and_denominator(scripted, cases_file: Path, capsys) -> None:
    assert run("faq", "eval", str(cases_file)) == 0
    out = capsys.readouterr().out
    table = rows(out)
    # in scope 4: 1 right, 2 offered, 1 wrong; out of scope 2: none answered; routed 1 of 6
    assert "answer_accuracy        0.250 [0.046-0.699] n=4 " in table["answer_accuracy"]
    assert "0.500 [0.150-0.850] n=4 " in table["suggest_recall"]
    assert "0.250 [0.046-0.699] n=4 " in table["wrong_answer_rate"]
    assert "0.000 [0.000-0.658] n=2 " in table["oos_false_answer_rate"]
    assert "0.167 [0.030-0.564] n=6 " in table["route_rate"]
    assert "[" not in table["p50_ms"] and "n=" not in table["p99_ms"]
    assert "95% Wilson interval" in out
    assert out.startswith("6 cases, 2 out of scope")


def test_a_rate_without_cases_says_so_instead_of_a_figure(scripted, tmp_path: Path, capsys) -> None:
    only_in_scope = write(tmp_path / "in.jsonl", '{"q": "loonbrief", "lang": "nl", "expect": "payslip"}\n')
    assert run("faq", "eval", "--cases", str(only_in_scope)) == 0
    table = rows(capsys.readouterr().out)
    assert "  -" in table["oos_false_answer_rate"] and "n=0" in table["oos_false_answer_rate"]
    assert "1.000 [0.207-1.000] n=1" in table["answer_accuracy"]


def test_cases_out_has_one_line_per_case_with_its_outcome(scripted, cases_file: Path, tmp_path: Path,
                                                          capsys) -> None:
    out_file = tmp_path / "decisions.jsonl"
    assert run("faq", "eval", str(cases_file), "--cases-out", str(out_file), "--json") == 0
    json.loads(capsys.readouterr().out)  # --json still prints only the one object
    records = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [r["q"] for r in records] == [q for q, _ in CASES]
    assert [r["outcome"] for r in records] == ["answered_right", "suggested_right", "answered_wrong",
                                               "missed", "oos_routed", "oos_suggested"]
    assert set(r["outcome"] for r in records) <= set(OUTCOMES)
    first = records[0]
    assert first == {"q": "loonbrief", "lang": "nl", "expect": "payslip", "decision": "answer",
                     "entry_id": "payslip", "suggestions": [], "scores": {"payslip": 0.9123, "wifi": 0.2},
                     "outcome": "answered_right"}
    assert records[1]["decision"] == "suggest" and records[1]["suggestions"] == ["wifi", "payslip"]
    assert records[4]["expect"] is None and records[4]["entry_id"] is None


def test_cases_out_is_announced_and_an_unwritable_file_fails(scripted, cases_file: Path, tmp_path: Path,
                                                             capsys) -> None:
    assert run("faq", "eval", str(cases_file), "--cases-out", str(tmp_path / "d.jsonl")) == 0
    assert f"written to {tmp_path / 'd.jsonl'}" in capsys.readouterr().out
    assert run("faq", "eval", str(cases_file), "--cases-out", str(tmp_path / "no" / "d.jsonl")) == 2
    assert "cannot write" in capsys.readouterr().err


def test_first_kb_matches_on_the_reduced_kb_without_its_vocabulary(scripted, cases_file: Path,
                                                                   tmp_path: Path, capsys) -> None:
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    write(kb_dir / "hr.yaml", GOOD_NL)  # payslip has 2 phrasings, password_forgotten 1
    write(kb_dir / "vocabulary.yaml", "spoken:\n  kzie: ik zie\n")
    assert run("faq", "eval", str(cases_file), "--kb", str(kb_dir)) == 0
    assert "KB: 2 entries, 3 phrasings" in capsys.readouterr().out
    assert run("faq", "eval", str(cases_file), "--kb", str(kb_dir), "--first-kb", "1") == 0
    assert "first KB: 2 entries, 2 of 3 phrasings (the first 1 of each), without its vocabulary file" \
        in capsys.readouterr().out
    full, first = scripted.built
    assert full.vocabulary.spoken == {"kzie": "ik zie"} and first.vocabulary.spoken == {}
    assert first.entry("payslip", "nl").questions == ("Waar vind ik mijn loonbrief?",)


def test_cases_given_twice_or_not_at_all_or_a_bad_first_kb(cases_file: Path, capsys) -> None:
    assert run("faq", "eval") == 2
    assert "CASES or --cases" in capsys.readouterr().err
    assert run("faq", "eval", str(cases_file), "--cases", str(HERE / "dev_cases.jsonl")) == 2
    with pytest.raises(SystemExit):
        run("faq", "eval", str(cases_file), "--first-kb", "0")
