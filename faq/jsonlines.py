"""Labelled cases as JSON lines: one object per line, every bad line reported at once with its number."""
from __future__ import annotations

import json
from typing import Iterable, Iterator


def json_objects(lines: Iterable[str], source: str, problems: list[str], shape: str) -> Iterator[tuple[str, dict]]:
    """Each non-empty line that is a JSON object, as ("source:line", object); the others go to `problems`.

    `shape` says what a line must hold, for the problem message ("q, lang, expect").
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(data, dict):
            problems.append(f"{where}: must be a JSON object with {shape}")
            continue
        yield where, data
