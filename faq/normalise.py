"""Turn how staff type into words the matcher can compare.

Staff write "kzie mn loonbrief nie" or "pasword vergete" on a phone. The
pipeline, in order:

1. ``simple_tokens``: lower case, no accents, apostrophes and punctuation
   resolved ("m'n" -> "mijn", "j'ai" -> "j ai", "can't" -> "can not").
2. spoken and chat forms from data ("kzie" -> "ik zie", "nie" -> "niet").
3. compounds against the known words: "loon brief" -> "loonbrief",
   "wachtwoordvergeten" -> "wachtwoord vergeten".
4. unknown words to a known form of the same word ("prik" -> "prikken"),
   else typo correction to the nearest known word (rapidfuzz), except that a
   real Dutch, English or French word (``lexicon/words.json``) is never
   turned into a different word: "contract" is not a typo of "contact".
5. synonyms: every term of a group becomes the group's first term, so
   "loonfiche", "payslip" and "fiche de paie" all read "loonbrief".

Stop words are removed last by ``content_tokens``. The known words come from
the knowledge base's phrasings plus the vocabulary, so the same normaliser
works for any KB given to the matcher.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from faq.vocabulary import LANGUAGES, Vocabulary

MAX_INPUT_CHARS = 600  # longer messages are cut: nobody asks one FAQ question in more
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_DUTCH_CLITICS = [
    (re.compile(r"\bm'n\b"), "mijn"),
    (re.compile(r"\bz'n\b"), "zijn"),
    (re.compile(r"(^|\s)'k\b"), r"\1ik"),
    (re.compile(r"(^|\s)'t\b"), r"\1het"),
    (re.compile(r"\bi'd\b"), "i would"),  # not "id" (an ID card)
    (re.compile(r"\bi'm\b"), "i am"),
    (re.compile(r"\bi've\b"), "i have"),
    (re.compile(r"\bi'll\b"), "i will"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"(\w)'s\b"), r"\1s"),  # foto's, collega's
]
_NON_WORD = re.compile(r"[^a-z0-9]+")
_MIN_SPLIT_PART = 3
WORDS_FILE = Path(__file__).parent / "lexicon" / "words.json"
# Dutch, English and French endings that inflect a word without changing what it is
# about: "prik" -> "prikken", "gewerkt" -> "gewerkte", "changed" -> "change".
_ENDINGS = ("", "e", "en", "n", "t", "s", "d", "ed", "es", "te", "de")
_MIN_STEM = 4
# "ik wil ook digicoach zijn", "I want to be a digicoach": wanting to be something is becoming it
_WANT = frozenset({"wil", "wilt", "willen", "wou", "zou", "want", "wants", "like", "veux", "voudrais", "aimerais"})
_BE = {"zijn": "worden", "be": "become", "etre": "devenir"}
_WANT_REACH = 5  # "be" this many words after "want" at most


@lru_cache(maxsize=1)
def words_by_language() -> dict[str, frozenset[str]]:
    """Common words of Dutch, English and French (shipped as data, ``lexicon/words.json``)."""
    try:
        data = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {lang: frozenset() for lang in LANGUAGES}
    return {lang: frozenset(str(data.get(lang, "")).split()) for lang in LANGUAGES}


@lru_cache(maxsize=1)
def real_words() -> frozenset[str]:
    """Words of any of the three languages.

    A word in this list is not a typo even when the knowledge base does not
    know it: "contract" must not become "contact", nor "opzeggen" "opzetten".
    """
    return frozenset().union(*words_by_language().values())


def _same_stem(word: str, other: str) -> bool:
    """True when two words differ only in their last letters (an inflection, not another word)."""
    common = 0
    for a, b in zip(word, other):
        if a != b:
            break
        common += 1
    return common >= _MIN_STEM and common >= max(len(word), len(other)) - 2


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def simple_tokens(text: str) -> list[str]:
    """Lower-case, accent-free word tokens; never raises on odd input."""
    if not isinstance(text, str):
        return []
    text = strip_accents(text[:MAX_INPUT_CHARS].translate(_APOSTROPHES).lower())
    for pattern, replacement in _DUTCH_CLITICS:
        text = pattern.sub(replacement, text)
    text = text.replace("-", "")  # werk-gsm, e-mail, wi-fi: glue, compounds are handled later
    return [t for t in _NON_WORD.split(text) if t]


def _term_tokens(term: str) -> tuple[str, ...]:
    return tuple(simple_tokens(term))


def _max_typos(length: int) -> int:
    """How many edits (letters changed, added, dropped or swapped) still count as a typo.

    Short words get none or one: "voel" is not a typo of "vol", and
    "parking" is not one of "prikking".
    """
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    return 2


class Normaliser:
    """The pipeline above, bound to one vocabulary and one set of known words."""

    def __init__(self, vocabulary: Vocabulary, known_words: Iterable[str] = ()) -> None:
        self.spoken = {k: tuple(simple_tokens(v)) for k, v in vocabulary.spoken.items()}
        # stop words of one language apply to text in that language only: Dutch "door" (by) is an English door
        self.stopwords_of: dict[str, frozenset[str]] = {
            lang: frozenset(t for word in words for t in simple_tokens(word))
            for lang, words in vocabulary.stopwords.items()}
        self.stopwords: set[str] = set().union(*self.stopwords_of.values())
        # what counts as a word of each language: its dictionary (4+ letters), stop words and marker words
        dictionary = words_by_language()
        self.words_of = {lang: dictionary[lang] | self.stopwords_of.get(lang, frozenset())
                         | {t for word in vocabulary.markers.get(lang, ()) for t in simple_tokens(word)}
                         for lang in LANGUAGES}
        # phrase (tuple of tokens) -> canonical tokens; longest phrases win
        self.synonyms: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.synonym_languages: dict[tuple[str, ...], frozenset[str]] = {}
        for group in vocabulary.synonyms:
            canonical = _term_tokens(group[0])
            for term in group:
                tokens = _term_tokens(term)
                if tokens and tokens not in self.synonyms:
                    self.synonyms[tokens] = canonical
                    self.synonym_languages[tokens] = self.languages_of(tokens)
        self.max_phrase = max((len(p) for p in self.synonyms), default=1)
        vocab_words = {t for phrase in self.synonyms for t in phrase}
        vocab_words.update(t for phrase in self.synonyms.values() for t in phrase)
        # single-word synonym terms are safe targets for joining and splitting
        self.compound_words = {p[0] for p in self.synonyms if len(p) == 1}
        self.known: set[str] = set()
        self.real_words = real_words()
        self.add_known_words(vocab_words)
        self.add_known_words(known_words)
        self._typo_cache: dict[str, str | None] = {}
        # the content words of each essential term, as the pipeline leaves them
        self.essential: set[str] = set()
        for term in vocabulary.essential:
            self.essential.update(self.content_tokens(term))
        self.weak: set[str] = set()
        for term in vocabulary.weak:
            self.weak.update(self.content_tokens(term))

    def languages_of(self, tokens: tuple[str, ...]) -> frozenset[str]:
        """The languages a term is written in: those that hold each of its words that any language holds.

        A term of no known word (jargon such as "mfa", a typo variant such as
        "pasword") belongs to every language.
        """
        langs = set(LANGUAGES)
        for token in tokens:
            holding = {lang for lang in LANGUAGES if token in self.words_of[lang]}
            if holding:
                langs &= holding
        return frozenset(langs)

    def add_known_words(self, words: Iterable[str]) -> None:
        for word in words:
            if word and word not in self.stopwords:
                self.known.add(word)
        self._known_list = sorted(self.known)
        self._typo_cache = {}

    # -- the pipeline -------------------------------------------------

    def expand_spoken(self, tokens: list[str], lang: str | None = None) -> list[str]:
        """Chat forms to written words; in text of a known language, a real word of it stays itself.

        "men" is Flemish for "mijn" but an English word; "tel" is "telefoon"
        in Flemish chat but French for "such".
        """
        own = self.words_of.get(lang or "", frozenset())
        out: list[str] = []
        for token in tokens:
            expansion = self.spoken.get(token)
            if expansion is None or (token in own and not any(t in own for t in expansion)):
                out.append(token)
            else:
                out.extend(expansion)
        return out

    def want_to_be(self, tokens: list[str]) -> list[str]:
        """"wil ... zijn" -> "worden": the wish to be something is the wish to become it.

        Dutch "zijn" is also "his", so it only counts at the end of a clause
        (nothing but stop words after it).
        """
        out = list(tokens)
        want_at = None
        for i, token in enumerate(out):
            if token in _WANT:
                want_at = i
            elif token in _BE and want_at is not None and i - want_at <= _WANT_REACH:
                if token == "zijn" and not all(t in self.stopwords for t in out[i + 1:]):
                    continue
                out[i] = _BE[token]
        return out

    def _joinable(self, word: str) -> bool:
        return word in self.known or word in self.compound_words

    def fix_compounds(self, tokens: list[str]) -> list[str]:
        """Glue "loon brief" when "loonbrief" is known; split unknown "wachtwoordvergeten"."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if i + 1 < len(tokens):
                glued = token + tokens[i + 1]
                if self._joinable(glued) and not (token in self.known and tokens[i + 1] in self.known
                                                  and (token, tokens[i + 1]) in self.synonyms):
                    out.append(glued)
                    i += 2
                    continue
            if token in self.known or token in self.stopwords or len(token) < 2 * _MIN_SPLIT_PART:
                out.append(token)
            else:
                out.extend(self.split_compound(token))
            i += 1
        return out

    def split_compound(self, token: str) -> list[str]:
        """Split into two known parts (allowing a Dutch linking -s-), longest left part first."""
        for cut in range(len(token) - _MIN_SPLIT_PART, _MIN_SPLIT_PART - 1, -1):
            left, right = token[:cut], token[cut:]
            if right not in self.known and right not in self.stopwords:
                continue
            if left in self.known:
                return [left, right]
            if left.endswith("s") and left[:-1] in self.known:
                return [left[:-1], right]
        return [token]

    def inflection(self, token: str) -> str | None:
        """A known word that is ``token`` with another ending: "prik" -> "prikken", "vinde" -> "vind"."""
        if len(token) < _MIN_STEM:
            return None
        stems = [token]
        for ending in _ENDINGS[1:]:
            if token.endswith(ending) and len(token) - len(ending) >= _MIN_STEM:
                stems.append(token[: -len(ending)])
        for stem in stems:
            for ending in _ENDINGS:
                for candidate in (stem + ending, stem + stem[-1] + ending if ending else None):
                    if candidate and candidate != token and candidate in self.known:
                        return candidate
        return None

    def correct_typo(self, token: str) -> str:
        """The nearest known word when ``token`` is unknown and close enough to one.

        A real word (``real_words``) is only moved to another form of itself
        ("gebruikt" -> "gebruik"), never to a different word that looks alike.
        """
        if token in self.known or token in self.stopwords or token.isdigit():
            return token
        if token in self._typo_cache:
            return self._typo_cache[token] or token
        best = self.inflection(token)
        max_edits = _max_typos(len(token))
        if best is None and max_edits and self._known_list:
            found = process.extractOne(token, self._known_list, scorer=OSA.distance, score_cutoff=max_edits)
            # typos rarely hit the first letter, and in a 4-letter word only a changed letter is safe
            if (found is not None and found[0][0] == token[0]
                    and (len(token) > 4 or len(found[0]) == len(token))):
                best = found[0]
                if token in self.real_words and not _same_stem(token, best):
                    best = None
        self._typo_cache[token] = best
        return best or token

    def apply_synonyms(self, tokens: list[str], lang: str | None = None) -> list[str]:
        """Each term to its group's first term, if the term is written in the text's language (or any)."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self.max_phrase, len(tokens) - i), 0, -1):
                phrase = tuple(tokens[i : i + size])
                canonical = self.synonyms.get(phrase)
                if canonical is not None and (lang is None or lang in self.synonym_languages[phrase]):
                    out.extend(canonical)
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def tokens(self, text: str, lang: str | None = None) -> list[str]:
        """All words after normalisation, stop words included (phrases need them).

        ``lang`` is the text's language when known: then only that language's
        chat forms and synonyms apply. None (unclear) applies them all.
        """
        tokens = self.want_to_be(self.expand_spoken(simple_tokens(text), lang))
        tokens = self.fix_compounds(tokens)
        tokens = self.apply_synonyms(tokens, lang)  # before typo fixing: "op slot" must not be "corrected"
        tokens = [self.correct_typo(t) for t in tokens]
        return self.apply_synonyms(tokens, lang)

    def content_tokens(self, text: str, lang: str | None = None) -> list[str]:
        """Words that carry meaning: normalised, stop words (of ``lang``, or of all) removed, order kept, no repeats."""
        stop = self.stopwords_of.get(lang, self.stopwords) if lang else self.stopwords
        return list(dict.fromkeys(t for t in self.tokens(text, lang) if t not in stop))

    def normalise(self, text: str, lang: str | None = None) -> str:
        return " ".join(self.content_tokens(text, lang))
