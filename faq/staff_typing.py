"""Questions as staff type them on a phone, made from a KB's neat phrasings.

The FAQ's phrasings are written by HR in full sentences; staff type "hoe
mn loonbrief zien" with a swapped letter, or bury the question in a
greeting. Calibration (``faq/calibrate.py``) asks such versions of the KB's
own phrasings so its thresholds fit what the bot will really see, and the
speed benchmark uses the same versions as its queries.
"""
from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import yaml

CHATTER_FILE = Path(__file__).parent / "calibration" / "chatter.yaml"


def swap_letters(word: str, rng: random.Random) -> str:
    """Two neighbouring letters swapped, never the first: the commonest thumb slip."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def as_typed(text: str, rng: random.Random) -> str:
    """Lower case, no question mark, a word in five slipped, sometimes a word left out."""
    words = text.rstrip("?").split()
    words = [swap_letters(w, rng) if rng.random() < 0.2 else w for w in words]
    if len(words) > 3 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    return " ".join(words).lower()


@lru_cache(maxsize=1)
def _chatter() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    data = yaml.safe_load(CHATTER_FILE.read_text(encoding="utf-8")) or {}
    return {lang: (tuple(parts.get("before", ())), tuple(parts.get("after", ()))) for lang, parts in data.items()}


def in_chatter(text: str, lang: str, rng: random.Random) -> str:
    """The question between a greeting or an excuse and a thank-you, as a long message would carry it."""
    before, after = _chatter().get(lang, _chatter()["nl"])
    return f"{rng.choice(before)} {text[:1].lower()}{text[1:]} {rng.choice(after)}".strip()
