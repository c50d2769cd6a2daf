"""A webhook's JSON body, read within limits: a size cap before and while reading, a nesting cap after.

Both webhooks take bodies from the internet. Before anything is read the
caller has checked who is sending (Telegram's secret header, the Bot
Framework token); then a body above `limit` bytes is refused by its
Content-Length, or once the read passes it, without being parsed. Parsing
caps nesting: `json` recurses per level, so a deep body would raise
RecursionError (a 500) instead of being refused as what it is, a bad request.
"""
from __future__ import annotations

import json
from typing import Any

from aiohttp import web

MAX_BODY = 256 * 1024  # a Telegram update or Teams activity is a few KB; a 4,096-character message well under 64 KB
MAX_DEPTH = 32  # Telegram updates nest about 7 levels (a keyboard in a message in a callback), Teams activities less


class BadBody(Exception):
    """The body cannot be taken: `status` is 413 (too large) or 400 (not JSON, too deep, not an object)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


async def read_json(request: web.Request, limit: int = MAX_BODY) -> tuple[dict[str, Any], str]:
    """The body as a JSON object, and as text (what the inbox stores)."""
    if request.content_length is not None and request.content_length > limit:
        raise BadBody(413, "body too large")
    chunks, size = [], 0
    while True:
        chunk = await request.content.read(64 * 1024)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise BadBody(413, "body too large")
        chunks.append(chunk)
    try:
        text = b"".join(chunks).decode("utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BadBody(400, f"not JSON: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise BadBody(400, "not a JSON object")
    if too_deep(data, MAX_DEPTH):
        raise BadBody(400, "nested too deeply")
    return data, text


def too_deep(value: Any, limit: int) -> bool:
    """Whether containers nest more than `limit` levels; without recursion, so any depth is measured safely."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))
    return False
