"""The console's texts in nl, en and fr (bot/web/texts.yaml), as templates and handlers ask for them."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml

LANGUAGES = ("nl", "en", "fr")


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    return yaml.safe_load((Path(__file__).parent / "texts.yaml").read_text(encoding="utf-8"))


def w(key: str, lang: str, **values: object) -> str:
    """A missing language falls back on Dutch, a missing key shows the key: a page never fails on a text."""
    entry = _texts().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["nl"]
    return text.format(**values) if values else text


def words_for(lang: str) -> Callable[..., str]:
    return lambda key, **values: w(key, lang, **values)
