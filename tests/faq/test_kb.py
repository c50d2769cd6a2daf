"""The validator must report every mistake a coordinator can make, with file and entry."""
from __future__ import annotations

from pathlib import Path

import pytest

from faq.kb import KBError, check_kb, default_kb_paths, load_kb

from faq_helpers import write


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_every_problem_in_one_file_is_reported_with_file_and_entry(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", """
        - id: no_questions
          lang: nl
          questions: []
          answer: x
        - id: Bad-Id
          lang: nl
          questions: [q]
          answer: x
        - id: klingon
          lang: tlh
          questions: [q]
          answer: x
        - id: no_answer
          lang: nl
          questions: [q]
        - lang: nl
          questions: [q]
          answer: x
        - id: typo_field
          lang: nl
          questions: [q]
          anwser: x
        - just a string
    """)
    problems = check_kb([bad])
    text = messages(problems)
    assert all(p.file == str(bad) for p in problems)
    assert any(t.startswith(f"{bad}: no_questions: ") and "questions" in t for t in text)
    assert any("#2" in t and "snake_case" in t for t in text)
    assert any("klingon" in t and "unknown language" in t for t in text)
    assert any("no_answer" in t and "answer" in t for t in text)
    assert any("#5" in t and "missing id" in t for t in text)
    assert any("typo_field" in t and "anwser" in t for t in text)
    assert any("#7" in t and "mapping" in t for t in text)


def test_duplicate_id_and_language_across_files_names_both_files(kb_dir: Path) -> None:
    write(kb_dir / "extra.yaml", """
        - id: payslip
          lang: nl
          questions: [nog een loonbrief]
          answer: dubbel
    """)
    problems = check_kb([kb_dir])
    assert len(problems) == 1
    assert problems[0].entry == "payslip"
    named = {Path(problems[0].file).name, Path(problems[0].message.split("also in ")[1].rstrip(")")).name}
    assert "duplicate" in problems[0].message and named == {"extra.yaml", "hr.yaml"}


def test_malformed_yaml_and_non_list_file_are_reported_and_others_still_checked(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.yaml", "- id: x\n  lang: nl\n   questions: [a\n")
    mapping = write(tmp_path / "mapping.yaml", "id: x\nlang: nl\n")
    other = write(tmp_path / "other.yaml", "- id: ok\n  lang: xx\n  questions: [q]\n  answer: a\n")
    problems = check_kb([broken, mapping, other])
    by_file = {p.file: p.message for p in problems}
    assert "malformed YAML" in by_file[str(broken)]
    assert "list of entries" in by_file[str(mapping)]
    assert "unknown language" in by_file[str(other)]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    text = messages(check_kb([tmp_path / "nope.yaml", tmp_path / "empty"]))
    assert any("no such file" in t for t in text)
    assert any("no .yaml" in t for t in text)


def test_load_kb_raises_with_all_problems(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", "- id: a\n  lang: nl\n- id: b\n  lang: zz\n  questions: [q]\n  answer: a\n")
    with pytest.raises(KBError) as info:
        load_kb([bad])
    assert len(info.value.problems) >= 3  # a: questions, a: answer, b: language


def test_language_fallback_title_and_ids(kb_dir: Path) -> None:
    kb = load_kb([kb_dir])
    assert kb.entry("payslip", "en").lang == "en"
    assert kb.entry("password_forgotten", "en").lang == "nl"  # no English: falls back to Dutch
    assert kb.entry("password_forgotten", "fr").lang == "nl"
    assert kb.entry("nope", "nl") is None
    assert kb.languages_of("payslip") == ["nl", "en"]
    assert set(kb.ids()) == {"payslip", "password_forgotten"}
    assert kb.title("payslip", "en") == "Where can I find my payslip?"


def test_title_is_short_enough_for_a_button(tmp_path: Path) -> None:
    write(tmp_path / "long.yaml", "- id: long\n  lang: nl\n  questions: ['" + "woord " * 30 + "']\n  answer: a\n")
    title = load_kb([tmp_path]).title("long", "nl")
    assert len(title) <= 60 and title.endswith("…")


def test_vocabulary_file_in_kb_folder_is_not_read_as_entries(kb_dir: Path) -> None:
    write(kb_dir / "vocabulary.yaml", "synonyms:\n  - [loonbrief, pay-envelope]\n")
    kb = load_kb([kb_dir])
    assert ("loonbrief", "pay-envelope") in kb.vocabulary.synonyms


def test_broken_kb_vocabulary_is_a_problem(kb_dir: Path) -> None:
    write(kb_dir / "vocabulary.yaml", "synonyms:\n  - [alleen]\nstopwords:\n  xx: [a]\n")
    text = messages(check_kb([kb_dir]))
    assert any("vocabulary.yaml" in t and "two terms" in t for t in text)
    assert any("unknown language" in t for t in text)


def test_shipped_kb_is_valid_and_complete() -> None:
    kb = load_kb(default_kb_paths())
    ids = kb.ids()
    assert len(ids) >= 40
    assert all("en" in kb.languages_of(i) for i in ids)
    assert sum("fr" in kb.languages_of(i) for i in ids) >= 15
    for entry in kb.entries:
        assert len(entry.answer.splitlines()) <= 5, entry.id


def test_an_id_too_long_for_a_button_is_refused_naming_it(tmp_path):
    """An id travels in button payloads (at most 64 characters): a longer one would give buttons that never work."""
    long_id = "fietsvergoeding_" + "x" * 60
    path = tmp_path / "kb.yaml"
    path.write_text(
        f"- id: {long_id}\n  lang: nl\n  questions:\n    - Hoe vraag ik de fietsvergoeding aan\n  answer: In het portaal.\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in check_kb([path])]
    assert any(long_id in p and "longer than 64" in p for p in problems), problems
