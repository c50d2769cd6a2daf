"""faq.language.language_guess: only a message with enough distinctive words is confident."""
from __future__ import annotations

import pytest

from faq.language import LanguageGuess, language_guess


@pytest.mark.parametrize(
    "text",
    ["help", "/help", "/lang en", "hallo", "hello", "hello hi hey", "bonjour", "ok thanks", "merci", "42", "1 2 3",
     "paswoord vergeten", "my phone werkt niet", "mijn password werkt niet", ""],
)
def test_never_confident(text):
    assert not language_guess(text).confident


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("how do I reset my password", "en"),
        ("hello, where can I find my payslip?", "en"),
        ("waar vind ik mijn loonbrief", "nl"),
        ("kzie mn loonbrief nie", "nl"),
        ("ik kan niet inloggen", "nl"),
        ("je ne trouve pas ma fiche de paie", "fr"),
        ("mot de passe oublié", "fr"),
    ],
)
def test_confident(text, lang):
    assert language_guess(text) == LanguageGuess(lang, confident=True)


def test_the_guess_without_confidence_is_still_given():
    assert language_guess("help").lang == "en"
    assert language_guess("hallo").lang == "nl"
