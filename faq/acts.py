"""What kind of message it is: a question for the FAQ (and maybe a coach), or a dialog act.

Volunteer digicoaches have little time, so "merci", "ok", "👍", "hallooo" or keyboard mash
must never become a ticket, while anything with content must: "loonbrief", "nee ik kan nog
altijd niet inloggen", "merci, en hoe zie ik mijn verlof?". So the rule is one-sided: a
message is a dialog act only when EVERY word in it is known to be content-free (act words,
fillers and emoji in ``lexicon/acts.yml``, kept as data so a city can adapt them) or
keyboard mash. One unknown word makes it a ``question``.

Matching forgives how staff type on a phone: case, accents, apostrophes ("t'es" = "tes"),
stretched letters ("dankuuu"), one typo in a long act word ("bedamkt"), censoring ("f*ck")
and chat spellings ("nie" = "niet"). No I/O beyond reading the data file (and the shared
real-word list) once, on first use.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

from faq.mash import VOWELS as _VOWELS, is_mash, period as _period
from faq.normalise import real_words, strip_accents

ACTS_FILE = Path(__file__).parent / "lexicon" / "acts.yml"  # .yml: every lexicon/*.yaml is FAQ vocabulary
MAX_CHARS = 600  # a longer message carries content anyway; the cuts keep classify fast
MAX_TOKENS = 60
LANGS = ("nl", "en", "fr")
ANY = "any"  # lexicon words of other languages ("gracias", "merhaba"): the act counts, ``lang`` stays None


class ActKind(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    YES = "yes"
    NO = "no"
    RATING = "rating"
    PERSON = "person"
    INSULT = "insult"
    GIBBERISH = "gibberish"
    EMPTY = "empty"
    QUESTION = "question"


@dataclass(frozen=True)
class Act:
    """The kind of a message, the score of a rating (1-5), and the language of its act words."""

    kind: ActKind
    rating: int | None = None
    lang: str | None = None


class ActsLexiconError(ValueError):
    """acts.yml cannot be used; the message names the file and the key at fault ("acts.thanks.nl")."""


_WORD_ACTS = ("greeting", "thanks", "yes", "no", "person", "insult", "empty")
_WORDS = ("success", "negation", "filler", "helper", "address", "target")
_STRONG = frozenset({*_WORD_ACTS, "success", "negation", "number", "unit"})  # full weight in the language vote
_PRIORITY = ("person", "rating", "insult", "no", "yes", "thanks", "greeting", "empty")  # first present wins
_DROP = dict.fromkeys([0xFE0E, 0xFE0F, 0x200D, 0x20E3, *range(0x1F3FB, 0x1F400)])  # emoji modifiers
_Entry = dict[str, set[str]]  # what one lexicon phrase means: category -> languages


def _str_list(value: Any, key: str) -> list[str]:
    if not isinstance(value, list):
        raise ActsLexiconError(f"{key}: expected a list of words or phrases, got {value!r}")
    for item in value:
        if isinstance(item, bool):  # YAML reads a bare yes/no/on/off as true/false
            raise ActsLexiconError(f"{key}: {item!r} is not a word: quote yes, no, on and off")
        if not isinstance(item, (str, int)) or not str(item).strip():
            raise ActsLexiconError(f"{key}: expected a list of non-empty words or phrases, got {item!r}")
    return [str(v) for v in value]


def _section(data: Any, key: str, names: tuple[str, ...]) -> dict[str, Any]:
    """``data[key]`` (``key`` dotted from the top) as a mapping whose keys are all in ``names``."""
    section = data.get(key.rpartition(".")[2]) if isinstance(data, dict) else None
    if not isinstance(section, dict):
        raise ActsLexiconError(f"{key}: missing, or not a mapping")
    for k in section:
        if isinstance(k, bool) or str(k) not in names:
            hint = " (YAML reads a bare yes/no/on/off as true/false: quote it)" if isinstance(k, bool) else ""
            raise ActsLexiconError(f"{key}.{k}: unknown key{hint}; expected one of {', '.join(names)}")
    return section


def _lexicon(data: Any) -> Iterator[tuple[str, str, str | None, int | None, str]]:
    """Every (phrase, category, language, rating value, key) of an acts lexicon, checked on the way."""
    for group, names in (("acts", _WORD_ACTS), ("words", _WORDS)):
        section = _section(data, group, names)
        for name in names:
            for lang, phrases in _section(section, f"{group}.{name}", (*LANGS, ANY)).items():
                for phrase in _str_list(phrases, f"{group}.{name}.{lang}"):
                    yield phrase, name, lang, None, f"{group}.{name}.{lang}"
    rating = _section(data, "rating", ("numbers", "units"))
    for lang, numbers in _section(rating, "rating.numbers", LANGS).items():
        for value, words in _section(rating["numbers"], f"rating.numbers.{lang}", ("1", "2", "3", "4", "5")).items():
            for word in _str_list(words, f"rating.numbers.{lang}.{value}"):
                yield word, "number", lang, int(value), f"rating.numbers.{lang}.{value}"
    for lang, units in _section(rating, "rating.units", LANGS).items():
        for unit in _str_list(units, f"rating.units.{lang}"):
            yield unit, "unit", lang, None, f"rating.units.{lang}"
    for name, symbols in _section(data, "emoji", (*_WORD_ACTS, "star")).items():
        for symbol in _str_list(symbols, f"emoji.{name}"):
            yield symbol, str(name), None, None, f"emoji.{name}"
    spellings = data.get("spellings") or {}
    if not isinstance(spellings, dict):
        raise ActsLexiconError("spellings: expected a mapping of chat spelling to written form")
    for word, written in spellings.items():
        if not isinstance(written, str) or not written.strip():
            raise ActsLexiconError(f"spellings.{word}: expected a written word or phrase, got {written!r}")
        yield str(word), "spelling", written, None, f"spellings.{word}"


class ActClassifier:
    """Rules over the normalised tokens of a message, compiled once from an acts lexicon."""

    def __init__(self, data: Any, source: str = "acts.yml") -> None:
        try:
            items = list(_lexicon(data))
        except ActsLexiconError as exc:
            raise ActsLexiconError(f"{source}: {exc}") from None
        self._real = real_words()
        self.spellings = {_plain(w): _plain(str(lang)).split() for w, cat, lang, _, _ in items if cat == "spelling"}
        # emoticons (":)", "<3") are matched whole; single emoji and "xd" need no pattern
        emoticons = sorted({s.translate(_DROP) for s, _, _, _, key in items if key.startswith("emoji.")
                            and len(s.translate(_DROP)) > 1 and not s.isalnum()}, key=len, reverse=True)
        self._token_re = re.compile("".join(f"(?P<emo>{'|'.join(map(re.escape, emoticons))})|" if emoticons else "")
                                    + r"(?P<slash>/(?=\s*\d))|(?P<word>[^\W_]+(?:['’*]+[^\W_]+)*\+?)|(?P<other>\S)")
        self.index: dict[tuple[str, ...], _Entry] = {}
        self.numbers: dict[tuple[str, ...], int] = {}  # rating words: "vier" -> 4
        for phrase, cat, lang, number, key in (item for item in items if item[1] != "spelling"):
            tokens = tuple(self.tokens(phrase)[0])
            if not tokens:
                raise ActsLexiconError(f"{source}: {key}: {phrase!r} has no word or emoji in it")
            self.index.setdefault(tokens, {}).setdefault(cat, set()).update([lang] if lang in LANGS else [])
            if number is not None:
                self.numbers[tokens] = number
        self.squeezed: dict[tuple[str, ...], _Entry] = {}
        for key, entry in self.index.items():
            self.squeezed.setdefault(tuple(re.sub(r"(.)\1+", r"\1", t) for t in key), entry)
        self.starts: dict[str, int] = {}  # first token (as typed or squeezed) -> longest phrase it starts
        for key in (*self.index, *self.squeezed):
            self.starts[key[0]] = max(self.starts.get(key[0], 0), len(key))
        self._fuzzy: dict[str, list[str]] = {}  # first letter -> act words a typo may be meant as
        for key, entry in self.index.items():
            if len(key) == 1 and len(key[0]) >= 4 and set(entry) & {*_WORD_ACTS, "success"}:
                self._fuzzy.setdefault(key[0][0], []).append(key[0])

    @classmethod
    def from_file(cls, path: Path | str) -> "ActClassifier":
        """Load and check an acts lexicon; ActsLexiconError names the file and the key at fault."""
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ActsLexiconError(f"{path}: cannot read: {exc}") from None
        return cls(data, str(path))

    def tokens(self, text: str) -> tuple[list[str], int]:
        """Normalised words, emoji and rating slashes of a message, and how many other symbols it has."""
        text = "".join(c if c.isprintable() else " " if c.isspace() else "" for c in text[:MAX_CHARS].translate(_DROP))
        out: list[str] = []
        punct = 0
        for match in self._token_re.finditer(strip_accents(text.casefold())):
            kind, token = match.lastgroup, match.group()
            if kind == "word":
                token = token.replace("'", "").replace("’", "")  # "t'es" = "tes", "didn't" = "didnt"
                out.extend(self.spellings.get(token, (token,)))
            elif kind == "other" and unicodedata.category(token) != "So":
                punct += 1
            else:
                out.append(token)
        return out[:MAX_TOKENS], punct

    def _variants(self, token: str) -> tuple[str, str, str, bool]:
        """The token, with 3+ equal letters cut to 2 ("jaaa" -> "jaa"), and squeezed ("hallooo", "helo" -> "halo").

        One key held down ("ffffff") stays as typed; a short or real word is never squeezed: "pass" is not "pas".
        """
        if len(token) > 2 and len(set(token)) == 1:
            return token, token, token, False
        cut = re.sub(r"(.)\1{2,}", r"\1\1", token)
        squeeze = cut != token or (len(token) >= 4 and token not in self._real)
        return token, cut, re.sub(r"(.)\1+", r"\1", token) if squeeze else token, squeeze

    def _lookup(self, variants: list[tuple[str, str, str, bool]], i: int) -> tuple[tuple[str, ...], _Entry | None]:
        """The longest lexicon phrase at ``variants[i]``: as typed, then with stretched letters undone."""
        longest = max(self.starts.get(v, 0) for v in variants[i][:3])
        for size in range(min(longest, len(variants) - i), 0, -1):
            exact, cut, squeezed, squeezable = zip(*variants[i:i + size])
            for key in (exact, cut):
                if key in self.index:
                    return key, self.index[key]
            if any(squeezable) and squeezed in self.squeezed:
                return squeezed, self.squeezed[squeezed]
        return (), None

    def _single(self, word: str) -> tuple[str, ...]:
        """The key of a censored ("sto**e"), repeated ("hahaha") or once mistyped ("bedamkt") act word."""
        candidates = self._fuzzy.get(word[0], [])
        period = _period(word)
        if "*" in word:
            pattern = re.compile(re.escape(word).replace(r"\*", "."))
            found = next((k for k in candidates if pattern.fullmatch(k)), word.replace("*", ""))
            return (found,) if (found,) in self.index else ()
        if period and len(period) > 1:
            for key in ((period * 2,), (period,)):
                if key in self.index:
                    return key
        if len(word) >= 5 and word.isalpha() and word not in self._real:
            match = process.extractOne(re.sub(r"(.)\1{2,}", r"\1\1", word), candidates,
                                       scorer=OSA.distance, score_cutoff=1)
            return (match[0],) if match is not None else ()
        return ()

    def classify(self, text: str) -> Act:
        """Decide the act of one message; never raises. See the module docstring for why."""
        if not isinstance(text, str):
            return Act(ActKind.EMPTY)
        toks, punct = self.tokens(text)
        if not toks:
            return Act(ActKind.GIBBERISH if punct else ActKind.EMPTY)
        variants = [self._variants(t) for t in toks]
        items: list[set[str]] = []  # the categories of each lexicon match or unknown token, in order
        words: set[str] = set()  # categories that came from words, not emoji
        votes = dict.fromkeys(LANGS, 0.0)
        numbers: list[tuple[int, bool]] = []  # (value, only next to a unit)
        seen_content = False
        i = 0
        while i < len(toks):
            key, entry = self._lookup(variants, i)
            token = toks[i]
            if entry is None and token[0].isalnum() and not token.isdigit() and not seen_content:
                key = self._single(token)
                entry = self.index.get(key)
            if entry is None:  # once content is seen the act is known: later words only vote on the language
                items.append({"content" if seen_content and token[0].isalnum() else self._unknown(token, numbers)})
                seen_content = "content" in items[-1]
                i += 1
                continue
            if key in self.numbers:  # "een", "un" are also articles: they only rate next to a unit
                numbers.append((self.numbers[key], len(entry) > 1))
            items.append(set(entry))
            if token[0].isalnum():
                words |= entry.keys()
            for cat, langs in entry.items():
                for lang in langs:
                    votes[lang] += (1.0 if cat in _STRONG else 0.5) / len(langs)
            i += max(len(key), 1)
        ranked = sorted(votes.values(), reverse=True)
        return _decide(items, words, numbers, max(votes, key=votes.__getitem__) if ranked[0] > ranked[1] else None)

    def _unknown(self, token: str, numbers: list[tuple[int, bool]]) -> str:
        """What a token outside the lexicon is: a rating digit, mash, a short maybe-acronym, content or emoji."""
        if not token[0].isalnum():
            return "emoji"  # an emoji the lexicon does not know: content-free
        if token.isdigit() and len(token) == 1 and "1" <= token <= "5":
            numbers.append((int(token), False))
            return "number"
        if is_mash(token, self._real):
            return "mash"
        if token.isdigit():
            return "content" if len(token) > 2 else "emoji"  # "7" says nothing; "12345" may be a staff number
        if len(token) <= 3 and token.isascii() and (not _VOWELS & set(token) or not token.isalpha()):
            return "weak"  # "7y", "lkj" next to mash; alone such a token is an acronym ("gsm")
        return "content"


def _plain(word: str) -> str:
    return strip_accents(word.casefold()).replace("'", "").replace("’", "")


def _addressed(items: list[set[str]], at: int) -> bool:
    """True when the helper at ``items[at]`` is addressed after a greeting or thanks ("bedankt digicoach")."""
    j = at - 1
    while j >= 0 and "address" in items[j]:
        j -= 1
    if j >= 0 and items[j] & {"greeting", "thanks"}:
        return True
    return at == 0 and len(items) > 1 and bool(items[1] & {"greeting", "thanks"})  # "collega, merci"


def _decide(items: list[set[str]], words: set[str], numbers: list[tuple[int, bool]], lang: str | None) -> Act:
    """Combine the categories of a message into one act (priority order in acts.yml)."""
    cats: set[str] = set().union(*items)
    if any("helper" in found and not _addressed(items, at) for at, found in enumerate(items)):
        cats.add("person")
    if "target" in cats and (not cats & {"insult", "person"} or cats & {"success", "negation", "no"}):
        cats.add("content")  # "app" alone and "kut app werkt niet" are about a topic; "klote app" is not
    if "content" in cats or ("weak" in cats and "mash" not in cats):  # "gsm" is a topic; "hgfd 7y" is mash
        return Act(ActKind.QUESTION, lang=lang)
    stars = sum("star" in found for found in items)
    values = {v for v, needs_unit in numbers if "unit" in cats or stars or not needs_unit}
    if not numbers and 0 < stars <= 5:
        values = {stars}
    if "negation" in cats or ("success" in cats and "no" in cats):
        cats.add("no")  # "werkt nie", "didnt work", "nog altijd nie"
    elif "success" in cats:
        cats.add("yes")  # "het werkt", "ça marche"
    if "thanks" in cats and not words & {"yes", "success"}:
        cats.discard("yes")  # "merci 👍" is thanks; "ok merci", "ja bedankt" are yes
    if len(values) == 1:
        cats.add("rating")
    for kind in _PRIORITY:
        if kind in cats:
            return Act(ActKind(kind), rating=values.pop() if kind == "rating" else None, lang=lang)
    if "mash" in cats:
        return Act(ActKind.GIBBERISH)
    return Act(ActKind.EMPTY, lang=lang)


@lru_cache(maxsize=1)
def default_classifier() -> ActClassifier:
    """The classifier for the shipped ``lexicon/acts.yml``, built on first use and kept."""
    return ActClassifier.from_file(ACTS_FILE)


def classify(text: str) -> Act:
    """The dialog act of one chat message (see the module docstring); well under 1 ms."""
    return default_classifier().classify(text)
