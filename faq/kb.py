"""Loading and validating the FAQ knowledge base (YAML format in docs/formats.md).

Coordinators edit these files by hand, so the loader never stops at the first
mistake: it collects every problem with the file and entry it is in, and
``KBError`` carries them all so ``digicoach faq check`` can print a full list.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from faq.vocabulary import (
    LANGUAGES,
    VOCABULARY_FILENAMES,
    Vocabulary,
    VocabularyError,
    load_vocabulary_file,
)

DATA_DIR = Path(__file__).parent / "data"
FALLBACK_LANGUAGE = "nl"
TITLE_MAX = 60
MAX_ID_LENGTH = 64  # an id travels in button payloads; bot/engine/permissions.py accepts names this long
_SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_KNOWN_FIELDS = {"id", "lang", "questions", "answer", "tags"}


def is_entry_id(value: str) -> bool:
    """snake_case and short enough to travel in a button payload: the rule for every entry id."""
    return bool(_SNAKE_CASE.match(value)) and len(value) <= MAX_ID_LENGTH


def phrasing_key(text: str) -> str:
    """Two phrasings are the same when they differ only in case, spaces and punctuation ("Waar is mijn
    loonbrief?" and "waar is mijn loonbrief"): the merge rule and the learning loop's dedupe compare by this."""
    return " ".join("".join(" " if unicodedata.category(c).startswith("P") else c for c in text.casefold()).split())


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str  # the entry id, or "#N" (1-based position) when it has no usable id
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}"


class KBError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n{lines}")


@dataclass(frozen=True)
class Entry:
    id: str
    lang: str
    questions: tuple[str, ...]
    answer: str
    tags: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Addition:
    """An approved phrasing of an entry (answer None) or a whole new entry (answer given)."""

    entry_id: str
    lang: str
    question: str
    answer: str | None = None
    source: str = "database"


@dataclass
class KnowledgeBase:
    entries: list[Entry]
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._by_key = {(e.id, e.lang): e for e in self.entries}
        self._ids: list[str] = list(dict.fromkeys(e.id for e in self.entries))

    def __len__(self) -> int:
        return len(self.entries)

    def ids(self) -> list[str]:
        return list(self._ids)

    def languages_of(self, entry_id: str) -> list[str]:
        return [lang for lang in LANGUAGES if (entry_id, lang) in self._by_key]

    def entry(self, entry_id: str, lang: str | None = None) -> Entry | None:
        """The entry in ``lang``; else Dutch; else any language it exists in.

        A half-translated KB must still answer, so a missing translation falls
        back rather than failing.
        """
        for candidate in (lang, FALLBACK_LANGUAGE, *LANGUAGES):
            if candidate and (entry_id, candidate) in self._by_key:
                return self._by_key[(entry_id, candidate)]
        return None

    def with_additions(self, additions: Iterable["Addition"]) -> "KnowledgeBase":
        """This KB plus approved phrasings and entries (the learning loop's output).

        The one rule for merging, used by the live KB on every replica, by
        ``digicoach faq export`` and by the replay measurement. A phrasing
        for an (id, lang) that does not exist yet borrows the answer of the
        entry in another language, so "a new way to ask it in French" works
        before anybody translated the answer; a phrasing the entry already
        has (ignoring case and spaces) is not added twice. An addition with
        an answer for an (id, lang) that exists replaces that answer (a
        coordinator's edit in the web console): the later addition wins, so
        the caller passes them in the order they were approved.
        """
        entries = {(e.id, e.lang): e for e in self.entries}
        for add in additions:
            key = (add.entry_id, add.lang)
            question = " ".join(add.question.split())
            current = entries.get(key)
            if current is None:
                model = next((entries[(add.entry_id, lang)] for lang in (FALLBACK_LANGUAGE, *LANGUAGES)
                              if (add.entry_id, lang) in entries), None)
                answer = add.answer if add.answer is not None else (model.answer if model else None)
                if answer is None or not question:
                    continue  # a phrasing for an entry that no longer exists: nothing to attach it to
                entries[key] = Entry(add.entry_id, add.lang, (question,), answer.strip(),
                                     model.tags if model else (), source=add.source)
                continue
            known = {phrasing_key(q) for q in current.questions}
            if question and phrasing_key(question) not in known:
                current = replace(current, questions=current.questions + (question,))
            if add.answer is not None and add.answer.strip():
                current = replace(current, answer=add.answer.strip())
            entries[key] = current
        return KnowledgeBase(list(entries.values()), self.vocabulary, self.files)

    def phrasing_count(self) -> int:
        """How many example phrasings the KB holds, over all entries and languages."""
        return sum(len(e.questions) for e in self.entries)

    def reduced(self, phrasings: int | None = None, vocabulary: bool = True) -> "KnowledgeBase":
        """This KB cut down to what a city's first FAQ would hold (the "first KB" condition).

        ``phrasings``: keep only the first N phrasings of each entry (per id and
        language), in file order; None keeps them all. ``vocabulary=False``
        drops the KB's own vocabulary file (``vocabulary.yaml``); the matcher's
        general lexicon (``faq/lexicon/``) is not part of the KB and stays.
        """
        if phrasings is not None and phrasings < 1:
            raise ValueError(f"an entry needs at least one phrasing, not {phrasings}")
        entries = [replace(e, questions=e.questions[:phrasings]) if phrasings is not None else e
                   for e in self.entries]
        if vocabulary:
            return KnowledgeBase(entries, self.vocabulary, self.files)
        files = tuple(f for f in self.files if not is_vocabulary_file(Path(f)))
        return KnowledgeBase(entries, Vocabulary(), files)

    def title(self, entry_id: str, lang: str | None = None) -> str:
        """Short button label: the entry's first question, cut to fit a phone button."""
        entry = self.entry(entry_id, lang)
        if entry is None:
            return entry_id
        text = " ".join(entry.questions[0].split())
        if len(text) > TITLE_MAX:
            text = text[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
        return text


def default_kb_paths() -> list[Path]:
    """The example KB shipped in ``faq/data/``."""
    return [DATA_DIR]


def is_vocabulary_file(path: Path) -> bool:
    return path.name.lower() in VOCABULARY_FILENAMES


def _expand(paths: Iterable[str | Path], problems: list[Problem]) -> tuple[list[Path], list[Path]]:
    """Split the given paths into entry files and vocabulary files."""
    entry_files: list[Path] = []
    vocab_files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
            if not found:
                problems.append(Problem(str(path), "-", "folder holds no .yaml or .yml files"))
            for p in found:
                (vocab_files if is_vocabulary_file(p) else entry_files).append(p)
        elif path.is_file():
            (vocab_files if is_vocabulary_file(path) else entry_files).append(path)
        else:
            problems.append(Problem(str(path), "-", "no such file or folder"))
    return entry_files, vocab_files


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _parse_entry(raw: object, index: int, file: str, problems: list[Problem]) -> Entry | None:
    label = f"#{index + 1}"
    if not isinstance(raw, dict):
        problems.append(Problem(file, label, "entry must be a mapping with id, lang, questions, answer"))
        return None
    entry_id = raw.get("id")
    ok = True
    if _is_text(entry_id) and _SNAKE_CASE.match(str(entry_id)) and len(str(entry_id)) > MAX_ID_LENGTH:
        problems.append(Problem(file, label, f"id {entry_id!r} is longer than {MAX_ID_LENGTH} characters (it travels in buttons)"))
        ok = False
    elif _is_text(entry_id) and _SNAKE_CASE.match(str(entry_id)):
        label = str(entry_id)
    elif entry_id is None:
        problems.append(Problem(file, label, "missing id"))
        ok = False
    else:
        problems.append(Problem(file, label, f"id {entry_id!r} must be snake_case (like payslip or leave_request)"))
        ok = False
    for key in sorted(set(raw) - _KNOWN_FIELDS, key=str):
        problems.append(Problem(file, label, f"unknown field '{key}' (allowed: id, lang, questions, answer, tags)"))
        ok = False
    lang = raw.get("lang")
    if lang is None:
        problems.append(Problem(file, label, "missing lang (nl, en or fr)"))
        ok = False
    elif lang not in LANGUAGES:
        problems.append(Problem(file, label, f"unknown language {lang!r} (use nl, en or fr)"))
        ok = False
    questions = raw.get("questions")
    if questions is None or questions == []:
        problems.append(Problem(file, label, "missing or empty questions list"))
        ok = False
    elif not isinstance(questions, list):
        problems.append(Problem(file, label, "questions must be a list of phrasings"))
        ok = False
    else:
        for n, q in enumerate(questions):
            if not _is_text(q):
                problems.append(Problem(file, label, f"question {n + 1} is empty or not text"))
                ok = False
    answer = raw.get("answer")
    if not _is_text(answer):
        problems.append(Problem(file, label, "missing or empty answer"))
        ok = False
    tags = raw.get("tags", [])
    if tags is None:
        tags = []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(Problem(file, label, "tags must be a list of words"))
        ok = False
    if not ok:
        return None
    return Entry(
        id=str(entry_id),
        lang=str(lang),
        questions=tuple(" ".join(q.split()) for q in questions),
        answer=str(answer).strip(),
        tags=tuple(tags),
        source=file,
    )


def _read_entries(path: Path, problems: list[Problem]) -> list[Entry]:
    file = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        problems.append(Problem(file, "-", f"malformed YAML{at}: {getattr(exc, 'problem', None) or exc}"))
        return []
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(file, "-", f"cannot read file: {exc}"))
        return []
    if data is None:
        return []  # an empty file is allowed: a coordinator may just have created it
    if not isinstance(data, list):
        problems.append(Problem(file, "-", "file must be a list of entries (each starting with '- id:')"))
        return []
    entries = []
    for index, raw in enumerate(data):
        entry = _parse_entry(raw, index, file, problems)
        if entry is not None:
            entries.append(entry)
    return entries


def _load(paths: Sequence[str | Path]) -> tuple[KnowledgeBase | None, list[Problem]]:
    problems: list[Problem] = []
    if isinstance(paths, (str, Path)):
        paths = [paths]
    entry_files, vocab_files = _expand(paths, problems)
    entries: list[Entry] = []
    seen: dict[tuple[str, str], Entry] = {}
    for path in entry_files:
        for entry in _read_entries(path, problems):
            key = (entry.id, entry.lang)
            if key in seen:
                first = seen[key]
                problems.append(Problem(entry.source, entry.id,
                                        f"duplicate id '{entry.id}' in language '{entry.lang}' "
                                        f"(also in {first.source})"))
                continue
            seen[key] = entry
            entries.append(entry)
    vocabulary = Vocabulary()
    for path in vocab_files:
        try:
            vocabulary = vocabulary.extended(load_vocabulary_file(path))
        except VocabularyError as exc:
            problems.extend(Problem(str(path), "vocabulary", p.split(": ", 1)[-1]) for p in exc.problems)
    if not entries and not any(p.entry == "-" for p in problems):
        problems.append(Problem(", ".join(str(p) for p in paths) or "-", "-", "no FAQ entries found"))
    files = tuple(str(p) for p in entry_files + vocab_files)
    return KnowledgeBase(entries, vocabulary, files), problems


def check_kb(paths: Sequence[str | Path]) -> list[Problem]:
    """Every problem in the KB files; an empty list means the KB loads."""
    return _load(paths)[1]


def load_kb(paths: Sequence[str | Path] | None = None) -> KnowledgeBase:
    """Load a KB from files and/or folders; raise KBError listing every problem."""
    kb, problems = _load(default_kb_paths() if paths is None else paths)
    if problems:
        raise KBError(problems)
    assert kb is not None
    return kb
