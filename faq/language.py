"""Guess the language of an employee's message (nl, en or fr).

The matcher uses `detect_language` to lean towards entries in the message's
language. The engine uses `language_guess`, which also says whether the guess
is *confident*: only then may one message be answered in another language
than the person's preference, or set a new person's preference. Short chat
messages give little to go on, so the rule is simple and conservative: count
marker words per language and return None unless one language clearly wins.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from faq.normalise import simple_tokens
from faq.vocabulary import LANGUAGES, general_vocabulary


@lru_cache(maxsize=1)
def _markers() -> dict[str, frozenset[str]]:
    vocab = general_vocabulary()
    words: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for source in (vocab.stopwords, vocab.markers):
        for lang, items in source.items():
            for item in items:
                words[lang].update(simple_tokens(item))
    # a word that two languages share ("de", "je", "in") tells nothing
    shared = {w for a in LANGUAGES for b in LANGUAGES if a < b for w in words[a] & words[b]}
    return {lang: frozenset(words[lang] - shared) for lang in LANGUAGES}


def language_scores(text: str) -> dict[str, int]:
    return _scores(simple_tokens(text))


def _scores(tokens: list[str]) -> dict[str, int]:
    markers = _markers()
    return {lang: sum(1 for t in tokens if t in markers[lang]) for lang in LANGUAGES}


def detect_language(text: str) -> str | None:
    """"nl", "en" or "fr", or None when the message does not say clearly."""
    scores = language_scores(text)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top == 0 or top == second:
        return None
    if top == 1 and second == 0 and len(simple_tokens(text)) > 4:
        return None  # one marker in a long message is too thin
    return best


# A confident guess needs this many words (greetings, thanks and numbers not counted) ...
CONFIDENT_WORDS = 3
# ... this many marker words of the winning language, and more than twice the runner-up's.
CONFIDENT_MARKERS = 2
# Greeting and politeness words say little about what language someone reads best:
# Flemish staff write "hello", "merci" and "sorry" as readily as "hallo".
SMALL_TALK = frozenset(
    "hallo hello hoi hey hi dag daag goeiedag goedendag goeiemorgen goedemorgen goeiemiddag goedemiddag "
    "goeienavond goedenavond bonjour salut bonsoir coucou allo yo "
    "bedankt dank dankje dankjewel merci thanks thank sorry pardon ok oke okay ja nee yes no oui non help hulp aide".split()
)


@dataclass(frozen=True)
class LanguageGuess:
    """The language a message looks like (None: no idea), and whether it says so clearly enough to act on."""

    lang: str | None
    confident: bool = False


def language_guess(text: str) -> LanguageGuess:
    """`detect_language`, plus whether the message has enough distinctive words to answer it in that language.

    Commands (/help), numbers, greetings, "help" and other short messages are
    never confident: they must not switch a Dutch speaker to English.
    """
    lang = detect_language(text)
    if lang is None or text.lstrip().startswith("/"):
        return LanguageGuess(lang)
    words = [w for w in simple_tokens(text) if w not in SMALL_TALK and not w.isdigit()]
    scores = _scores(words)
    top = scores[lang]
    second = max(v for k, v in scores.items() if k != lang)
    confident = len(words) >= CONFIDENT_WORDS and top >= CONFIDENT_MARKERS and top > 2 * second
    return LanguageGuess(lang, confident)
