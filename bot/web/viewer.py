"""Who is looking at the console, and what they may see: one coordinator, their departments, their language."""
from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web


@dataclass(frozen=True)
class Viewer:
    coordinator_id: str
    name: str
    person_id: int | None  # their chat account: console actions run as a turn of theirs (Engine.act_as)
    departments: tuple[str, ...]  # empty: every department
    lang: str
    csrf: str

    @property
    def scope(self) -> tuple[str, ...] | None:
        """What storage's department filters take: None for a coordinator of the whole organisation."""
        return self.departments or None

    def sees(self, department: str | None) -> bool:
        """A scoped coordinator sees only their departments; something without a department belongs to no scope."""
        return not self.departments or department in self.departments


VIEWER = web.RequestKey("viewer", Viewer)


def viewer(request: web.Request) -> Viewer:
    return request[VIEWER]


def id_from(raw: str) -> int:
    """A number from a URL, or the not-found page: ASCII digits that fit a 32-bit id ("²" is a digit to Python)."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise not_found()
    return int(raw)


def not_found() -> web.HTTPNotFound:
    """Out of scope looks exactly like missing: a guessed URL learns nothing about another department."""
    return web.HTTPNotFound(text="not found")
