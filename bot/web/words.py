"""The console's texts in nl, en and fr (bot/web/texts.yaml), as templates and handlers ask for them."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml

LANGUAGES = ("nl", "en", "fr")


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    """texts.yaml and one texts_PAGE.yaml per page that wants its own; a key defined twice is a mistake."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(Path(__file__).parent.glob("texts*.yaml")):
        for key, entry in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"{path.name}: text {key!r} is defined twice")
            merged[key] = entry
    return merged


def w(key: str, lang: str, **values: object) -> str:
    """A missing language falls back on Dutch, a missing key shows the key: a page never fails on a text."""
    entry = _texts().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["nl"]
    return text.format(**values) if values else text


def words_for(lang: str) -> Callable[..., str]:
    return lambda key, **values: w(key, lang, **values)
