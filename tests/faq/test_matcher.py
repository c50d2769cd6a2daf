"""What an employee notices: right answers, no confident wrong ones, suggestions when unsure."""
from __future__ import annotations

import pytest

from faq.kb import default_kb_paths, load_kb
from faq.matcher import Decision, Matcher


@pytest.fixture(scope="module")
def kb():
    return load_kb(default_kb_paths())


@pytest.fixture(scope="module")
def matcher(kb) -> Matcher:
    return Matcher(kb)


@pytest.mark.parametrize("text", [
    "mijn loonbrief klopt niet",
    "mijn loon is te laag",
    "kan ik mijn verlof overdragen naar mijn collega",
    "mijn fiets is gestolen",
    "er staan te weinig uren op mijn loonbrief",
    "mijn fietsvergoeding is te laag",
    "where is the canteen",
    "wanneer krijg ik mijn eindejaarspremie",
    "mijn fiscale fiche is fout",
    "my payslip is not right",
    "ik wil mijn contract opzeggen",  # not a typo of "contact ... opzetten"
])
def test_near_misses_are_not_answered(matcher: Matcher, text: str) -> None:
    assert matcher.match(text, "nl").decision is not Decision.ANSWER


@pytest.mark.parametrize("text, expected", [
    ("kzie mn loonbrief nie", "payslip"),
    ("loonfiche", "payslip"),
    ("pasword vergete", "password_forgotten"),
    ("wachtwoordvergeten", "password_forgotten"),
    ("account geblokeerd", "account_locked"),
    ("hoeveel verlofdagen heb ik nog", "leave_balance"),
    ("ziek", "sick_report"),
    ("mot de passe oublié", "password_forgotten"),
])
def test_misspelled_flemish_and_fragments_are_answered(matcher: Matcher, text: str, expected: str) -> None:
    result = matcher.match(text, "nl")
    assert (result.decision, result.entry_id) == (Decision.ANSWER, expected)


def test_a_complaint_is_answered_only_by_an_entry_about_that_complaint(matcher: Matcher) -> None:
    complaint = matcher.match("mijn fiscale fiche is fout", "nl")
    assert complaint.decision is Decision.SUGGEST and "tax_certificate" in complaint.suggestions
    # account_locked has "te veel keer een fout wachtwoord" among its phrasings
    assert matcher.match("fout wachtwoord te veel keer", "nl").entry_id == "account_locked"


@pytest.mark.parametrize("text", ["ik wil ook digicoach zijn", "ik wil ook digicoach worden",
                                  "I'd like to be a digicoach", "je veux être digicoach"])
def test_wanting_to_be_a_digicoach_is_becoming_one(matcher: Matcher, text: str) -> None:
    result = matcher.match(text, "nl")
    assert (result.decision, result.entry_id) == (Decision.ANSWER, "become_digicoach")
    assert matcher.match("wat is een digicoach", "nl").entry_id == "what_is_digicoach"


def test_when_and_it_does_not_work_qualify_a_question_but_do_not_pick_the_entry(matcher: Matcher) -> None:
    # "volgende maand" also appears in a work_schedule phrasing; the question is about leave
    assert matcher.match("ik wil verlof nemen volgende maand", "nl").entry_id == "leave_request"
    assert matcher.match("mijn mail lukt niet meer op mijn gsm", "nl").entry_id == "email_phone"
    assert matcher.match("morgen", "nl").decision is Decision.ROUTE


def test_english_question_from_a_dutch_user_is_answered_in_english(matcher: Matcher, kb) -> None:
    result = matcher.match("where can I see my payslip", "nl")
    assert result.decision is Decision.ANSWER and result.entry_id == "payslip"
    assert result.lang == "en"
    assert kb.entry(result.entry_id, result.lang).lang == "en"


def test_short_query_keeps_the_users_language(matcher: Matcher) -> None:
    assert matcher.match("loonbrief", "fr").lang == "fr"


def test_ambiguous_question_gets_suggestions_not_an_answer(matcher: Matcher) -> None:
    result = matcher.match("wachtwoord", "nl")  # forgotten, or changing it?
    assert result.decision is Decision.SUGGEST
    assert {"password_forgotten", "password_change"} <= set(result.suggestions)
    assert len(result.suggestions) <= 3


def test_an_answer_comes_with_alternatives_for_did_not_help(matcher: Matcher) -> None:
    result = matcher.match("hoe verander ik mijn wachtwoord", "nl")
    assert result.entry_id == "password_change"
    assert "password_forgotten" in result.suggestions
    assert result.entry_id not in result.suggestions and len(result.suggestions) <= 3


@pytest.mark.parametrize("text", ["", "   ", "👍", "🙂🙂🙂", "???", "...", "asdfgh", "ok", "dankjewel",
                                  "loonbrief " * 1000, "x" * 5000, "\x00"])
def test_garbage_is_routed_without_errors(matcher: Matcher, text: str) -> None:
    result = matcher.match(text, "nl")
    if text.startswith("loonbrief"):
        return  # a 10,000-character message may be understood; it just must not raise
    assert result.decision is Decision.ROUTE
    assert result.suggestions == []


def test_no_language_given(matcher: Matcher) -> None:
    assert matcher.match("paswoord vergeten").entry_id == "password_forgotten"


def test_entries_only_in_one_language_are_still_found(tmp_path) -> None:
    (tmp_path / "kb.yaml").write_text(
        "- id: parking\n  lang: nl\n  questions: ['Waar kan ik parkeren aan het depot?']\n  answer: Achter de loods.\n",
        encoding="utf-8")
    kb = load_kb([tmp_path])
    result = Matcher(kb).match("where can I park at the depot parkeren", "en")
    assert result.entry_id == "parking" or "parking" in result.suggestions
    assert kb.entry("parking", result.lang).lang == "nl"  # falls back to the language it has
