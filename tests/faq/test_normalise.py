"""How staff type must reach the matcher as the words the FAQ uses."""
from __future__ import annotations

import pytest

from faq.language import detect_language
from faq.normalise import Normaliser, simple_tokens
from faq.vocabulary import Vocabulary, VocabularyError, general_vocabulary, parse_vocabulary


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    return Normaliser(general_vocabulary(), known_words=["loonbrief", "wachtwoord", "vergeten", "zien"])


@pytest.mark.parametrize("typed, expected", [
    ("kzie mn loonbrief nie", "zien loonbrief niet"),
    ("KZIE M'N LOONBRIEF NIE!!", "zien loonbrief niet"),
    ("loon brief", "loonbrief"),
    ("loonfiche", "loonbrief"),
    ("payslip", "loonbrief"),
    ("fiche de paie", "loonbrief"),
    ("wachtwoordvergeten", "wachtwoord vergeten"),
    ("pasword vergete", "wachtwoord vergeten"),
    ("paswoord kwijt", "wachtwoord vergeten"),
    ("J’ai oublié mon mot de passe", "vergeten wachtwoord"),
    ("wachtwrood", "wachtwoord"),  # swapped letters
    ("ziekmelding", "ziek melden"),
])
def test_phone_typing_becomes_the_words_the_faq_uses(normaliser: Normaliser, typed: str, expected: str) -> None:
    assert normaliser.normalise(typed) == expected


def test_pronouns_and_short_forms_are_expanded(normaliser: Normaliser) -> None:
    assert normaliser.tokens("kanik da zien") == ["kan", "ik", "dat", "zien"]
    assert normaliser.tokens("wa moet ge doen") == ["wat", "moet", "je", "doen"]


def test_negation_is_kept_so_complaints_differ_from_questions(normaliser: Normaliser) -> None:
    assert "niet" in normaliser.content_tokens("ik zie mijn loonbrief niet")
    assert normaliser.normalise("mijn loonbrief klopt niet") == "loonbrief klopt niet"


def test_short_words_are_not_corrected_into_other_words(normaliser: Normaliser) -> None:
    normaliser.add_known_words(["vol", "prikking"])
    assert normaliser.correct_typo("voel") == "voel"
    assert normaliser.correct_typo("parking") == "parking"


@pytest.mark.parametrize("text", ["", "   ", "👍👍", "???", "é" * 5000, "a" * 10_000, "\x00\x01"])
def test_odd_input_never_raises(normaliser: Normaliser, text: str) -> None:
    normaliser.normalise(text)
    assert len(simple_tokens(text)) <= 600


def test_a_kb_vocabulary_extends_the_general_one() -> None:
    extra = parse_vocabulary({"synonyms": [["mia", "personeelsapp", "hr app"]], "spoken": {"mia's": "mia"}})
    normaliser = Normaliser(general_vocabulary().extended(extra))
    assert normaliser.normalise("de hr app") == "mia"
    assert normaliser.normalise("loonfiche") == "loonbrief"  # general vocabulary still applies


def test_bad_vocabulary_lists_every_problem() -> None:
    with pytest.raises(VocabularyError) as info:
        parse_vocabulary({"synonyms": [["alleen"], "geen lijst"], "stopwords": {"xx": ["a"]}, "extra": 1})
    assert len(info.value.problems) == 4


def test_no_term_belongs_to_two_synonym_groups() -> None:
    seen: dict[tuple[str, ...], str] = {}
    clashes = []
    for group in general_vocabulary().synonyms:
        for term in group:
            key = tuple(simple_tokens(term))
            if key in seen and seen[key] != group[0]:
                clashes.append((term, seen[key], group[0]))
            seen.setdefault(key, group[0])
    assert clashes == []


@pytest.mark.parametrize("text, lang", [
    ("hello", "en"), ("hi, I forgot my password", "en"), ("bonjour", "fr"),
    ("j'ai oublié mon mot de passe", "fr"), ("hallo", "nl"), ("goeiedag", "nl"),
    ("kzie mn loonbrief nie", "nl"), ("waar vind ik mijn loonbrief", "nl"),
])
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "👍", "ok", "teams", "12345"])
def test_detect_language_says_none_when_unsure(text: str) -> None:
    assert detect_language(text) is None


def test_empty_vocabulary_still_normalises_basics() -> None:
    assert Normaliser(Vocabulary()).normalise("Hé, Daar!") == "he daar"


def test_a_real_word_is_not_corrected_into_another_word() -> None:
    normaliser = Normaliser(general_vocabulary(), known_words=["contact", "opzetten", "deux"])
    assert normaliser.normalise("contract opzeggen") == "contract opzeggen"
    assert normaliser.correct_typo("deur") == "deur"
    assert normaliser.correct_typo("contcat") == "contact"  # a real typo still is


def test_an_unknown_form_of_a_known_word_becomes_that_word() -> None:
    normaliser = Normaliser(Vocabulary(), known_words=["prikken", "gebruik", "vinden"])
    assert normaliser.correct_typo("prik") == "prikken"
    assert normaliser.correct_typo("gebruikt") == "gebruik"
    assert normaliser.correct_typo("vinde") == "vinden"


def test_essential_words_are_read_from_the_vocabulary() -> None:
    vocab = parse_vocabulary({"synonyms": [["klopt niet", "fout"]], "essential": ["klopt"], "weak": ["Morgen"]})
    assert vocab.essential == ["klopt"] and vocab.weak == ["morgen"]
    assert "klopt" in Normaliser(vocab).essential
    with pytest.raises(VocabularyError):
        parse_vocabulary({"essential": "klopt"})


def test_wanting_to_be_is_becoming_but_his_is_not(normaliser: Normaliser) -> None:
    assert normaliser.tokens("ik wil ook digicoach zijn")[-1] == "worden"
    assert "worden" not in normaliser.tokens("ik wil zijn nummer")
    assert "worden" not in normaliser.tokens("mijn mails zijn weg")


@pytest.mark.parametrize(("typed", "lang", "expected"), [
    ("lock the front door", "en", "geblokkeerd front door"),  # Dutch "door" (by) is no stop word in English
    ("je ne peux pas me connecter", "fr", "ne niet inloggen"),  # French "ne", "me" are not Flemish "een", "mijn"
    ("kzie mn loonfiche nie", "nl", "zien loonbrief niet"),  # Flemish chat forms still work in Dutch
    ("kzie mn loonfiche nie", None, "zien loonbrief niet"),  # and when the language is unclear
    ("what time is it", "en", "time"),  # not normalised to nothing
    ("I can't remember my login", "en", "niet remember inloggen"),  # remembering is not forgetting
])
def test_each_language_keeps_its_own_rules(normaliser: Normaliser, typed: str, lang: str | None, expected: str) -> None:
    assert normaliser.normalise(typed, lang) == expected
