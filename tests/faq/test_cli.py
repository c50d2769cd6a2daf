"""`digicoach faq ...` through a tiny argparse harness (no dependency on bot/cli.py)."""
from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from faq.evaluate import METRIC_KEYS, RATE_KEYS
from faq_helpers import run, write

HERE = Path(__file__).parent



def test_check_ok_prints_a_summary(kb_dir: Path, capsys) -> None:
    assert run("faq", "check", str(kb_dir)) == 0
    assert "OK: 2 entries" in capsys.readouterr().out


def test_check_prints_every_problem_and_fails(tmp_path: Path, capsys) -> None:
    bad = write(tmp_path / "bad.yaml", "- id: a\n  lang: xx\n  questions: []\n  answer: x\n")
    assert run("faq", "check", str(bad), str(tmp_path / "missing.yaml")) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    assert sum(line.startswith(f"{bad}: a: ") for line in lines) == 2
    assert all(line.count(": ") >= 2 for line in lines)


def test_eval_json_keeps_the_seven_keys_first_and_adds_intervals(capsys) -> None:
    assert run("faq", "eval", "--cases", str(HERE / "holdout_cases.jsonl"), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:7] == list(METRIC_KEYS)  # other tools read these: same names, same order
    assert list(data)[7:] == [f"{key}_{suffix}" for key in RATE_KEYS for suffix in ("ci95", "n")]
    assert all(isinstance(data[key], float) for key in RATE_KEYS)
    for key in RATE_KEYS:
        low, high = data[f"{key}_ci95"]
        assert low <= data[key] <= high
    assert data["answer_accuracy_n"] + data["oos_false_answer_rate_n"] == data["route_rate_n"] == 82


def test_eval_table_with_explicit_kb(kb_dir: Path, tmp_path: Path, capsys) -> None:
    cases = write(tmp_path / "c.jsonl", '{"q": "loonbrief", "lang": "nl", "expect": "payslip"}\n')
    assert run("faq", "eval", "--kb", str(kb_dir), "--cases", str(cases)) == 0
    out = capsys.readouterr().out
    assert "answer_accuracy" in out and "1.0" in out


def test_eval_with_broken_kb_or_cases_fails_clearly(tmp_path: Path, capsys) -> None:
    bad_kb = write(tmp_path / "bad.yaml", "nope: 1\n")
    cases = write(tmp_path / "c.jsonl", "{bad json\n")
    assert run("faq", "eval", "--kb", str(bad_kb), "--cases", str(HERE / "dev_cases.jsonl")) == 1
    assert run("faq", "eval", "--cases", str(cases)) == 1
    assert "c.jsonl:1" in capsys.readouterr().err
    assert run("faq", "eval", "--cases", str(tmp_path / "none.jsonl")) == 2


def test_gaps_and_reload_call_the_runtime_module(monkeypatch) -> None:
    calls = []
    fake = types.ModuleType("bot.commands.faq_runtime")
    fake.run_gaps = lambda args: calls.append(("gaps", args.since)) or 0
    fake.run_reload = lambda args: calls.append(("reload",)) or 3
    monkeypatch.setitem(sys.modules, "bot.commands.faq_runtime", fake)
    assert run("faq", "gaps", "--since", "30") == 0
    assert run("faq", "reload") == 3
    assert calls == [("gaps", 30), ("reload",)]


def test_bench_prints_a_row_per_size(capsys) -> None:
    assert run("bench", "faq", "--sizes", "20,40", "--queries", "10") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("meaning stage: use;") and "MB resident memory" in lines[0]
    assert "p99 ms" in lines[1] and "cached s" in lines[1] and "memory MB" in lines[1]
    assert [line.split()[0] for line in lines[2:]] == ["20", "40"]


def test_bench_without_the_meaning_stage(capsys) -> None:
    assert run("bench", "faq", "--sizes", "20", "--queries", "10", "--encoder", "off") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "meaning stage: off; the encoder's weights add 0 MB resident memory"
    assert lines[2].split()[0] == "20"


def test_bench_rejects_bad_sizes() -> None:
    with pytest.raises(SystemExit):
        run("bench", "faq", "--sizes", "ten")
