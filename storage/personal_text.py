"""Finding a person's words and name in a message queued for someone else, and taking them out.

An outbox row to a coach or coordinator quotes the employee: the offer carries
their name and question, a relay their message. Erasing the person must reach
those copies too (storage/privacy.py decides what to do with a row; this
module only recognises). The row's payload is the JSON of the message
(bot/outbox.py); every string in it is looked at, whatever its key, so a new
field in the format is covered without a change here.

Why these rules:
- A text of the person counts when it occurs as written (the bot quotes what
  people typed, after the same cleaning). Lines are looked for on their own,
  because a ticket's story quotes a question line by line; a long line by its
  first `PREFIX` characters, because the story shortens long lines. Texts
  shorter than `MIN_NEEDLE` characters ("ok", "ja", "4") say nothing about
  anyone and would match every message.
- A name is a whole word, case as written: "Jan" in "Nieuwe vraag #4 van Jan",
  not in "Janssens" or "januari"; and only in strings with a space, i.e. words
  for people: identifiers, file ids and base64 pictures are never touched.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable, Iterator

MIN_NEEDLE = 4
PREFIX = 60
ERASED = "[gewist]"  # the neutral marker a rewritten message shows where the name was


def needles(texts: Iterable[str | None]) -> set[str]:
    """What to look for: each text, each of its lines, long ones by their start; nothing too short to mean anything."""
    found: set[str] = set()
    for text in texts:
        for piece in [text or "", *(text or "").split("\n")]:
            piece = piece.strip()[:PREFIX].strip()
            if len(piece) >= MIN_NEEDLE:
                found.add(piece)
    return found


def strings_in(value: Any) -> Iterator[str]:
    """Every string inside a JSON value (dicts, lists, nested), keys left out."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)


def json_strings(text: str | None) -> list[str]:
    """The strings of a JSON document such as `conversations.data`; a broken document counts as its raw text."""
    if not text:
        return []
    try:
        return list(strings_in(json.loads(text)))
    except ValueError:
        return [text]


def quotes(payload: str, wanted: set[str]) -> bool:
    """Whether a queued message (its JSON payload) contains any of `wanted`."""
    return any(n in s for s in json_strings(payload) for n in wanted)


def carries_attachment(payload: str) -> bool:
    """Whether a queued message passes on a photo or file (`attachment` in bot/outbox.py's format)."""
    try:
        value = json.loads(payload)
    except ValueError:
        return False
    return isinstance(value, dict) and bool(value.get("attachment"))


def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def without_name(payload: str, name: str | None) -> str | None:
    """The payload with `name` (as a whole word) replaced by `ERASED`; None when the name is not in it."""
    if not name or len(name.strip()) < 2:
        return None
    pattern = _name_pattern(name.strip())
    try:
        value = json.loads(payload)
    except ValueError:
        return None
    hits = 0

    def swap(v: Any) -> Any:
        nonlocal hits
        if isinstance(v, str) and any(c.isspace() for c in v):
            new, n = pattern.subn(ERASED, v)
            hits += n
            return new
        if isinstance(v, dict):
            return {k: swap(x) for k, x in v.items()}
        if isinstance(v, list):
            return [swap(x) for x in v]
        return v

    rewritten = swap(value)
    return json.dumps(rewritten) if hits else None
