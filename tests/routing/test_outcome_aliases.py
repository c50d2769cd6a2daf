"""Outcomes typed after /close in Dutch, English or French (routing.lifecycle.parse_outcome)."""
from __future__ import annotations

import pytest

from bot.texts import LANGUAGES, t
from routing.lifecycle import OUTCOME_ALIASES, Outcome, outcome_words, parse_outcome


@pytest.mark.parametrize(
    ("typed", "outcome"),
    [
        ("opgelost", Outcome.RESOLVED),
        ("Opgelost", Outcome.RESOLVED),
        ("résolu", Outcome.RESOLVED),
        ("resolu", Outcome.RESOLVED),
        ("resolved", Outcome.RESOLVED),
        ("doorverwezen", Outcome.REFERRED_SERVICEDESK),
        ("transmis", Outcome.REFERRED_SERVICEDESK),
        ("referred-servicedesk", Outcome.REFERRED_SERVICEDESK),
        ("opleiding", Outcome.NEEDS_TRAINING),
        ("formation", Outcome.NEEDS_TRAINING),
        ("niet opgelost", Outcome.NOT_RESOLVED),
        ("Niet-opgelost", Outcome.NOT_RESOLVED),
        ("non résolu", Outcome.NOT_RESOLVED),
        ("niet gekomen", Outcome.NO_SHOW),
        ("absent", Outcome.NO_SHOW),
        ("no show", Outcome.NO_SHOW),
    ],
)
def test_typed_outcomes(typed, outcome):
    assert parse_outcome(typed) is outcome


def test_every_button_label_and_stored_name_reads_back():
    for outcome in Outcome:
        assert parse_outcome(outcome.value) is outcome
        for lang in LANGUAGES:
            assert parse_outcome(t(f"outcome_{outcome.value}", lang)) is outcome, (outcome, lang)


def test_each_language_suggests_one_word_per_outcome():
    for lang in LANGUAGES:
        words = outcome_words(lang)
        assert [parse_outcome(w) for w in words] == list(Outcome), lang
        assert set(OUTCOME_ALIASES[lang]) == set(Outcome), lang
    assert outcome_words("en") == [o.value for o in Outcome], "English keeps the stored names"


def test_unknown_words_still_raise_with_the_choices():
    for word in ("done", "klaar", "opgelost opgelost", ""):
        with pytest.raises(ValueError) as info:
            parse_outcome(word)
        assert "resolved" in str(info.value)
