"""`faq replay`: split, learn from A with the one merge rule, measure on B.

A word-subset matcher stands in for the real one so what learning changes can
be worked out by hand: it ANSWERS when every word of the question is in one
phrasing, SUGGESTS entries sharing a word, else ROUTES.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

import faq.matcher
from faq.evaluate import Case, load_cases
from faq.kb import Addition, Entry, KnowledgeBase
from faq.matcher import Decision, Match
from faq.replay import replay, split_cases

from faq_helpers import run, write

HERE = Path(__file__).parent


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


class SubsetMatcher:
    built: list[KnowledgeBase] = []

    def __init__(self, kb: KnowledgeBase, **options: object) -> None:  # options: the encoder
        SubsetMatcher.built.append(kb)
        self.phrasings = [(e.id, words(q)) for e in kb.entries for q in e.questions]

    def match(self, text: str, lang: str | None = None) -> Match:
        query = words(text)
        full = sorted({i for i, p in self.phrasings if query and query <= p})
        if len(full) == 1:
            return Match(Decision.ANSWER, full[0], lang=lang)
        sharing = sorted({i for i, p in self.phrasings if query & p})
        return Match(Decision.SUGGEST, None, sharing[:3], lang=lang) if sharing else Match(Decision.ROUTE)


KB = KnowledgeBase([
    Entry("payslip", "nl", ("loonbrief bekijken",), "In Mia."),
    Entry("wifi", "nl", ("wifi wachtwoord",), "Stad-Personeel."),
])
CASES = [
    Case("ik ben mijn loonbrief kwijt", "nl", "payslip"),  # suggested (shares "loonbrief")
    Case("loonbrief kwijt", "nl", "payslip"),  # suggested; answered once the line above is learned
    Case("Loonbrief kwijt?", None, "payslip"),  # the same wording as the line above
    Case("fiche", "nl", "payslip"),  # shares nothing: routed, so never learned
    Case("wifi wachtwoord kwijt", "nl", "wifi"),
    Case("wachtwoord", "nl", "wifi"),  # answered from the start
    Case("weer morgen", "nl", None),
    Case("mijn loonbrief", "nl", None),  # out of scope, but shares a word
]


def seed_where(learn: set[str], held: set[str]) -> int:
    for seed in range(200):
        split = split_cases(CASES, seed)
        qs_learn, qs_held = {c.q for c in split.learn}, {c.q for c in split.held}
        if learn <= qs_learn and held <= qs_held:
            return seed
    raise AssertionError("no seed gives that split")


def test_split_is_seeded_per_entry_and_keeps_a_wording_together() -> None:
    for seed in range(20):
        split = split_cases(CASES, seed)
        assert [c for c in split.held if c.expect is None] == CASES[6:]  # out of scope: all to B, unchanged
        assert all(c.expect is not None for c in split.learn)
        assert sorted(split.learn + split.held, key=CASES.index) == CASES
        together = {c.q in {x.q for x in split.learn} for c in CASES[1:3]}
        assert len(together) == 1  # "loonbrief kwijt" and "Loonbrief kwijt?" on one side
        for entry_id in ("payslip", "wifi"):  # every entry with two wordings or more is on both sides
            assert any(c.expect == entry_id for c in split.learn)
            assert any(c.expect == entry_id for c in split.held)
        assert split == split_cases(CASES, seed)
        shuffled = split_cases(random.Random(seed).sample(CASES, len(CASES)), seed)
        assert sorted(shuffled.learn, key=CASES.index) == sorted(split.learn, key=CASES.index)  # file order
    assert len({tuple(c.q for c in split_cases(CASES, seed).learn) for seed in range(20)}) > 1


def test_dev_cases_split_into_even_halves() -> None:
    cases = load_cases(HERE / "dev_cases.jsonl")
    split = split_cases(cases, 0)
    in_scope = sum(1 for c in cases if c.expect is not None)
    assert abs(len(split.learn) - (len(split.held) - (len(cases) - in_scope))) <= 1
    assert len(split.learn) + len(split.held) == len(cases)


def test_learning_from_a_helps_b_through_the_one_merge_rule() -> None:
    seed = seed_where(learn={"ik ben mijn loonbrief kwijt"}, held={"loonbrief kwijt"})
    result = replay(KB, CASES, seed, SubsetMatcher)
    learn_qs = {c.q for c in result.split.learn}
    # every case of A whose entry was answered or suggested, and nothing else, is learned
    offered = {c.q for c in result.split.learn if c.q != "fiche"}
    assert {a.question for a in result.additions} == offered <= learn_qs
    assert all(isinstance(a, Addition) and a.lang == "nl" for a in result.additions)
    assert result.learned == len(result.additions)  # none of them was a phrasing already
    grown = KB.with_additions(result.additions)
    assert result.learned == grown.phrasing_count() - KB.phrasing_count()
    # B: "loonbrief kwijt" goes from suggested to answered; nothing else in B changes
    assert result.after_held["answer_accuracy"] > result.before_held["answer_accuracy"]
    assert result.after_held["answer_accuracy_n"] == result.before_held["answer_accuracy_n"] \
        == sum(1 for c in result.split.held if c.expect is not None)
    assert result.after_held["oos_false_answer_rate_n"] == 2
    # A: every wording that was offered is now answered
    assert result.after_learn["answer_accuracy"] == pytest.approx(
        len(offered) / len(result.split.learn), abs=1e-4)


def test_a_phrasing_the_kb_has_is_not_learned_twice() -> None:
    kb = KnowledgeBase([Entry("wifi", "nl", ("wifi wachtwoord kwijt", "wachtwoord"), "x")])
    cases = [Case("wifi wachtwoord kwijt", "nl", "wifi"), Case("Wachtwoord", "nl", "wifi")]
    for seed in range(5):
        result = replay(kb, cases, seed, SubsetMatcher)
        assert len(result.additions) == 1 and result.learned == 0


# ---- the command ----



@pytest.fixture
def subset(monkeypatch) -> type[SubsetMatcher]:
    SubsetMatcher.built = []
    monkeypatch.setattr(faq.matcher, "Matcher", SubsetMatcher)
    return SubsetMatcher


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    write(kb_dir / "hr.yaml", """
        - id: payslip
          lang: nl
          questions: [loonbrief bekijken, loonfiche kwijt]
          answer: In Mia.
        - id: wifi
          lang: nl
          questions: [wifi wachtwoord]
          answer: Stad-Personeel.
        """)
    write(kb_dir / "vocabulary.yaml", "spoken:\n  kzie: ik zie\n")
    lines = [json.dumps({"q": c.q, "lang": c.lang, "expect": c.expect}) for c in CASES]
    return kb_dir, write(tmp_path / "cases.jsonl", "\n".join(lines) + "\n")


def test_replay_prints_before_and_after_for_both_halves(subset, files, capsys) -> None:
    kb_dir, cases = files
    seed = seed_where(learn={"ik ben mijn loonbrief kwijt"}, held={"loonbrief kwijt"})
    assert run("faq", "replay", str(cases), "--kb", str(kb_dir), "--seed", str(seed)) == 0
    out = capsys.readouterr().out
    result = replay(SubsetMatcher.built[0], CASES, seed, SubsetMatcher)
    n_learn = len(result.split.learn)
    assert f"seed {seed}" in out and "KB: 2 entries, 3 phrasings" in out
    assert f"A: {n_learn} in-scope cases" in out and f"B: {6 - n_learn} in-scope and 2 out-of-scope" in out
    assert f"Learned {result.learned} new phrasing(s), 3 -> {3 + result.learned} in the KB" in out
    held_part, learn_part = out.split("B, new wording")[1].split("A, the same wording again")
    b_line = next(line for line in held_part.splitlines() if line.strip().startswith("answer_accuracy"))
    before, after = b_line.split("->")
    assert float(before.split()[1]) < float(after.split()[0])  # a user sees B's accuracy go up
    assert "oos_false_answer_rate" in held_part and "oos_false_answer_rate" not in learn_part
    assert "95% Wilson interval" in out


def test_replay_json_and_first_kb(subset, files, capsys) -> None:
    kb_dir, cases = files
    assert run("faq", "replay", "--cases", str(cases), "--kb", str(kb_dir), "--first-kb", "1", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["first_kb"] == 1 and data["A"] + data["B"] == 6 and data["B_out_of_scope"] == 2
    assert data["phrasings_before"] == 2  # loonfiche kwijt is the second phrasing: cut
    assert set(data["before"]) == set(data["after"]) == {"A", "B"}
    assert data["after"]["B"]["answer_accuracy_n"] == data["B"]
    before_kb, after_kb = SubsetMatcher.built
    assert before_kb.vocabulary.spoken == {} and after_kb.vocabulary.spoken == {}
    assert after_kb.phrasing_count() == 2 + data["learned"]


def test_replay_on_the_dev_cases_with_the_real_matcher_is_reproducible(capsys) -> None:
    assert run("faq", "replay", str(HERE / "dev_cases.jsonl"), "--first-kb", "3", "--seed", "7") == 0
    first = capsys.readouterr().out
    assert run("faq", "replay", str(HERE / "dev_cases.jsonl"), "--first-kb", "3", "--seed", "7") == 0
    assert capsys.readouterr().out == first
    learned = int(re.search(r"Learned (\d+) new phrasing", first).group(1))
    assert learned > 50  # most of A's questions had their entry offered
    a_part = first.split("A, the same wording again")[1]
    before, after = next(l for l in a_part.splitlines() if "answer_accuracy" in l).split("->")
    assert float(after.split()[0]) >= float(before.split()[1])  # the same wording, once learned, is not lost
