"""The meaning stage and the self-calibration, on small KBs built here."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

import faq.calibrate
from faq.kb import Addition, Entry, KnowledgeBase
from faq.matcher import Decision, Matcher


def _entry(entry_id: str, *questions: str) -> Entry:
    return Entry(entry_id, "en", questions, f"The answer about {entry_id}.")


KB = KnowledgeBase([
    _entry("payslip", "Where do I find my payslip?", "How can I see my salary slip?", "Where is my pay slip for this month?"),
    _entry("sick", "How do I report sick?", "I am ill, who do I tell?", "Where do I call in sick?"),
    _entry("bike", "Do I get a bicycle allowance?", "How much is the bike allowance?", "Is there money for cycling to work?"),
    _entry("parking", "Where can I park my car at the depot?", "Is there parking at work?", "Can I park at the depot?"),
])


def test_meaning_finds_the_entry_when_no_word_is_shared(tmp_path: Path) -> None:
    question = "how much did i earn this month"  # not one word in common with the payslip phrasings
    with_meaning = Matcher(KB, cache_dir=tmp_path).match(question, "en")
    assert with_meaning.decision is not Decision.ROUTE
    assert "payslip" in [with_meaning.entry_id, *with_meaning.suggestions][:2]
    words_only = Matcher(KB, encoder=None, cache_dir=tmp_path).match(question, "en")
    assert words_only.entry_id != "payslip" and words_only.suggestions[:1] != ["payslip"]


def test_a_new_phrasing_is_the_only_sentence_embedded_again(tmp_path: Path) -> None:
    Matcher(KB, cache_dir=tmp_path)
    with np.load(tmp_path / "use-vectors.npz") as data:
        before = len(data["keys"])
    Matcher(KB.with_additions([Addition("bike", "en", "can I get paid for biking to the depot")]), cache_dir=tmp_path)
    with np.load(tmp_path / "use-vectors.npz") as data:
        assert len(data["keys"]) == before + 1


def test_thresholds_are_fitted_once_per_kb_and_then_read_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    first = Matcher(KB, cache_dir=tmp_path).thresholds
    assert first.questions > 0 and first.out_of_scope >= 300

    def refit(matcher: Matcher) -> faq.calibrate.Thresholds:
        raise AssertionError("fitted again although the KB did not change")

    monkeypatch.setattr(faq.calibrate, "fit", refit)
    assert Matcher(KB, cache_dir=tmp_path).thresholds == first
    changed = KB.with_additions([Addition("sick", "en", "I have the flu and stay home")])
    with pytest.raises(AssertionError, match="fitted again"):
        Matcher(changed, cache_dir=tmp_path)


def test_a_damaged_cache_is_rebuilt_with_a_warning(tmp_path: Path, caplog) -> None:
    expected = Matcher(KB, cache_dir=tmp_path).match("where is my payslip", "en")
    (tmp_path / "use-vectors.npz").write_bytes(b"not numpy at all")
    for cached in tmp_path.glob("thresholds-*.json"):
        cached.write_text("{broken", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="digicoach.faq"):
        again = Matcher(KB, cache_dir=tmp_path).match("where is my payslip", "en")
    assert "unreadable" in caplog.text
    assert (again.decision, again.entry_id) == (expected.decision, expected.entry_id) == (Decision.ANSWER, "payslip")


def test_a_first_kb_of_one_phrasing_per_entry_still_answers_and_routes(tmp_path: Path) -> None:
    kb = KnowledgeBase([Entry(e.id, e.lang, e.questions[:1], e.answer) for e in KB.entries])
    matcher = Matcher(kb, cache_dir=tmp_path)
    answered = matcher.match("where do i find my payslip", "en")
    assert (answered.decision, answered.entry_id) == (Decision.ANSWER, "payslip")
    assert matcher.match("who won the football match yesterday", "en").decision is not Decision.ANSWER


def test_an_ambiguous_shared_word_alone_is_not_answered(tmp_path: Path) -> None:
    # "allowance" belongs to bike only, "depot" to parking only; "where" is a stop word. "park" is
    # parking's, but "work" is used by both bike and parking: asked alone it cannot pick one.
    match = Matcher(KB, cache_dir=tmp_path).match("work", "en")
    assert match.decision is not Decision.ANSWER
