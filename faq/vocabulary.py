"""Language knowledge kept as data: synonyms, chat/spoken forms and stop words.

The general vocabulary ships with the matcher (``faq/lexicon/*.yaml``) so it
applies to any knowledge base; a KB folder may add a ``vocabulary.yaml`` of
its own with the same sections, which extends the general one. Keeping this
as YAML lets a coordinator add "loonfiche" without touching code.

File format (every section optional)::

    synonyms:            # each item a group; the FIRST term is used internally
      - [loonbrief, loonfiche, loonstrook, payslip, fiche de paie]
    spoken:              # chat or spoken form -> written form
      kzie: ik zie
    stopwords:           # per language; words that never decide a match
      nl: [de, het, een]
    markers:             # words that give away a language (detect_language)
      en: [hello, please]
    essential:           # words (as the matcher reads them: a group's FIRST term) that
      - klopt            # change the question; only a phrasing that has them is answered
    weak:                # words that qualify a question rather than name it ("morgen",
      - morgen           # "lukt niet"): they count little in deciding which entry fits
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

LEXICON_DIR = Path(__file__).parent / "lexicon"
VOCABULARY_FILENAMES = ("vocabulary.yaml", "vocabulary.yml")
LANGUAGES = ("nl", "en", "fr")


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used; ``problems`` lists why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Vocabulary:
    synonyms: list[tuple[str, ...]] = field(default_factory=list)
    spoken: dict[str, str] = field(default_factory=dict)
    stopwords: dict[str, set[str]] = field(default_factory=dict)
    markers: dict[str, set[str]] = field(default_factory=dict)
    essential: list[str] = field(default_factory=list)
    weak: list[str] = field(default_factory=list)

    def extended(self, other: "Vocabulary") -> "Vocabulary":
        """A new vocabulary with ``other`` on top (its spoken forms win)."""
        stop = {k: set(v) for k, v in self.stopwords.items()}
        for lang, words in other.stopwords.items():
            stop.setdefault(lang, set()).update(words)
        marks = {k: set(v) for k, v in self.markers.items()}
        for lang, words in other.markers.items():
            marks.setdefault(lang, set()).update(words)
        return Vocabulary(
            synonyms=self.synonyms + other.synonyms,
            spoken={**self.spoken, **other.spoken},
            stopwords=stop,
            markers=marks,
            essential=self.essential + [e for e in other.essential if e not in self.essential],
            weak=self.weak + [w for w in other.weak if w not in self.weak],
        )


def _words(value: object, where: str, problems: list[str]) -> list[str]:
    if not isinstance(value, list):
        problems.append(f"{where}: must be a list of words")
        return []
    bad = [w for w in value if not (isinstance(w, str) and w.strip())]
    if bad:
        # YAML reads yes/no/on/off as booleans and 28110 as a number: quote them
        problems.append(f"{where}: {bad!r} is not a word (put it in quotes)")
        return []
    return [w.strip().lower() for w in value]


def parse_vocabulary(data: object, source: str = "<vocabulary>") -> Vocabulary:
    """Validate already-parsed YAML; raise VocabularyError listing every problem."""
    problems: list[str] = []
    vocab = Vocabulary()
    if data is None:
        return vocab
    if not isinstance(data, dict):
        raise VocabularyError([f"{source}: must be a mapping with synonyms/spoken/stopwords/markers/essential/weak"])
    unknown = set(data) - {"synonyms", "spoken", "stopwords", "markers", "essential", "weak"}
    for key in sorted(unknown):
        problems.append(f"{source}: unknown section '{key}'")
    for i, group in enumerate(data.get("synonyms") or []):
        words = _words(group, f"{source}: synonyms #{i + 1}", problems)
        if len(words) == 1:
            problems.append(f"{source}: synonyms #{i + 1}: a group needs at least two terms")
        elif words:
            vocab.synonyms.append(tuple(words))
    spoken = data.get("spoken") or {}
    if not isinstance(spoken, dict):
        problems.append(f"{source}: spoken: must be a mapping 'form: written form'")
    else:
        for form, written in spoken.items():
            if not isinstance(written, str):
                problems.append(f"{source}: spoken: '{form}' must map to text")
            else:
                vocab.spoken[str(form).lower()] = written.lower()
    for section in ("essential", "weak"):
        if data.get(section) is not None:
            setattr(vocab, section, _words(data.get(section), f"{source}: {section}", problems))
    for section, target in (("stopwords", vocab.stopwords), ("markers", vocab.markers)):
        value = data.get(section) or {}
        if not isinstance(value, dict):
            problems.append(f"{source}: {section}: must be a mapping per language")
            continue
        for lang, words in value.items():
            if lang not in LANGUAGES:
                problems.append(f"{source}: {section}: unknown language '{lang}' (use nl, en or fr)")
                continue
            target[lang] = set(_words(words, f"{source}: {section}.{lang}", problems))
    if problems:
        raise VocabularyError(problems)
    return vocab


def load_vocabulary_file(path: str | Path) -> Vocabulary:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise VocabularyError([f"{path}: malformed YAML: {exc}"]) from exc
    except OSError as exc:
        raise VocabularyError([f"{path}: cannot read: {exc}"]) from exc
    return parse_vocabulary(data, str(path))


def load_vocabularies(paths: Iterable[str | Path]) -> Vocabulary:
    vocab = Vocabulary()
    for path in paths:
        vocab = vocab.extended(load_vocabulary_file(path))
    return vocab


_GENERAL: Vocabulary | None = None


def general_vocabulary() -> Vocabulary:
    """The vocabulary shipped with the matcher (cached: it never changes while running)."""
    global _GENERAL
    if _GENERAL is None:
        _GENERAL = load_vocabularies(sorted(LEXICON_DIR.glob("*.yaml")))
    return _GENERAL
