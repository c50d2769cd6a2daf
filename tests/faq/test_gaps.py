"""Editors see which questions to write next, without anyone's personal details."""
from __future__ import annotations

from faq.gaps import group_gaps, mask_personal


def test_similar_questions_are_grouped_largest_first() -> None:
    groups = group_gaps([
        "waar kan ik parkeren", "mijn loonbrief klopt niet", "parkeren aan het depot?",
        "Loonbrief klopt nie", "mijn loonbrief is fout", "PARKEREN", "hoe laat sluit het zwembad",
    ])
    assert [g.count for g in groups] == [3, 3, 1]
    assert sum(g.count for g in groups) == 7
    loon = next(g for g in groups if "loonbrief" in g.example.lower())
    assert set(loon.members) == {"mijn loonbrief klopt niet", "Loonbrief klopt nie", "mijn loonbrief is fout"}


def test_empty_input_and_blank_texts() -> None:
    assert group_gaps([]) == []
    assert group_gaps(["", "   "]) == []
    assert group_gaps(["👍", "👍"])[0].count == 2


def test_masking_personal_details() -> None:
    assert mask_personal("mail jan.peeters@stad.example") == "mail [e-mail]"
    assert mask_personal("bel mij op 0475 12 34 56 aub") == "bel mij op [nummer] aub"
    assert mask_personal("+32 9 123 45 67") == "[nummer]"
    assert mask_personal("personeelsnummer 123456") == "personeelsnummer [nummer]"
    assert mask_personal("Ik ben Marleen van de groendienst") == "Ik ben [naam] van de groendienst"
    assert mask_personal("mijn naam is jan") == "mijn naam is [naam]"
    assert mask_personal("hi, I'm Sarah") == "hi, I'm [naam]"


def test_masking_leaves_ordinary_questions_alone() -> None:
    for text in ["ik ben ziek", "ik ben mijn wachtwoord vergeten", "fiscale fiche 281.10", "verlof op 12/3"]:
        assert mask_personal(text) == text
