"""Guess the language of an employee's message (nl, en or fr).

The engine uses this on a first message to pick the conversation language,
and the matcher to answer an English question in English. Short chat
messages give little to go on, so the rule is simple and conservative:
count marker words per language and return None unless one language clearly
wins.
"""
from __future__ import annotations

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
    markers = _markers()
    tokens = simple_tokens(text)
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
