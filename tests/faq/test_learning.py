"""What may reach a coordinator as an FAQ candidate, and the id a new entry is proposed with."""
from __future__ import annotations

import pytest

from faq.kb import load_kb
from faq.learning import derive_entry_id, is_known_phrasing, question_line, worth_learning


@pytest.mark.parametrize("text", ["ja", "ok merci", "👍", "dank je wel", "loonbrief", "asdf jkl", "hallo!", "?", "ik wil iemand spreken"])
def test_no_coordinator_ever_reviews_small_talk_noise_or_one_word(text):
    assert not worth_learning(text)


@pytest.mark.parametrize("text", ["hoe zie ik mijn loonstrook", "de printer drukt scheef af", "where is my payslip"])
def test_a_real_question_is_worth_a_look(text):
    assert worth_learning(text)


def test_a_clarified_question_is_learned_by_its_sentence_not_the_vague_word():
    assert question_line("koffie\nde koffieautomaat geeft geen wisselgeld") == "de koffieautomaat geeft geen wisselgeld"
    assert question_line(None) is None


def test_a_phrasing_the_faq_has_is_known_whatever_its_case_and_question_mark():
    kb = load_kb()
    assert is_known_phrasing(kb, "payslip", "nl", "waar vind ik mijn LOONBRIEF")
    assert not is_known_phrasing(kb, "payslip", "nl", "waar staat mijn loonstrook")


def test_a_new_entry_id_is_snake_case_and_unused():
    assert derive_entry_id("Waar is de sleutel van de kluis?", set()) == "waar_is_de_sleutel_van"
    assert derive_entry_id("Waar is de sleutel van de kluis?", {"waar_is_de_sleutel_van"}) == "waar_is_de_sleutel_van_2"
    assert derive_entry_id("Où est la clé ?", set()) == "ou_est_la_cle"
    assert derive_entry_id("123 ???", set()) == "entry"
