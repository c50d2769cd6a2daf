"""Step 1 of a message: is it one to handle at all, and what does its text say once cleaned?

Duplicate deliveries, floods and hidden characters are stopped here, before
anyone is looked up: a second delivery of one update fails the processed-update
INSERT (the caller drops it), a flood gets one friendly word, and the text the
rest of the engine sees has no control or invisible characters that could hide
or reorder what a coach is shown.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine.limits import Verdict
from bot.messages import Incoming, Outgoing
from bot.texts import LANGUAGES, t
from storage import people, updates

if TYPE_CHECKING:
    from bot.engine.core import Engine

log = logging.getLogger("digicoach.engine")

MAX_TEXT = 2000  # longer messages are cut; the user is told
# Control characters (line breaks and tabs kept), and the invisible ones that can hide or reorder text
# a coach is shown: soft hyphen, Arabic letter mark, zero-width spaces and joiners, bidi embeddings,
# overrides and isolates, word joiner and invisible operators, BOM, interlinear annotations, tag characters.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def clean_text(text: str | None) -> str:
    """Strip control characters and surrounding space; keep line breaks."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub("", text).strip()


@dataclass(frozen=True)
class Text:
    """The message's text as the engine reads it: cleaned, and cut to MAX_TEXT (`cut` says whether it was)."""

    text: str
    cut: bool = False


def text_of(incoming: Incoming) -> Text:
    """A photo's caption counts as its text."""
    raw = clean_text(incoming.text or (incoming.attachment.caption if incoming.attachment else None))
    if len(raw) > MAX_TEXT:
        return Text(raw[:MAX_TEXT], cut=True)
    return Text(raw)


def guess_language(engine: "Engine", incoming: Incoming) -> str:
    """Before we know the person: their app's language when it is one of ours."""
    locale = (incoming.locale or "")[:2].lower()
    return locale if locale in LANGUAGES else engine.default_language


async def record_delivery(session: AsyncSession, incoming: Incoming, now: datetime) -> None:
    """A second delivery of the same platform update fails here; `Engine.handle` drops it (no SELECT first)."""
    if incoming.message_id:
        await updates.record(session, incoming.channel, incoming.message_id, now)


async def over_limit(engine: "Engine", incoming: Incoming, now: datetime) -> list[Outgoing] | None:
    """None to go on; else what to answer: one friendly word, then silence, and a flood never reaches the database twice."""
    verdict = engine.limiter.check(incoming.channel, incoming.address, now)
    if verdict is Verdict.OK:
        return None
    log.info("message over the per-minute limit (%s)", verdict.value, extra={"event": "rate_limited", "channel": incoming.channel})
    engine.metrics.message(incoming.channel, "limited")
    if verdict is Verdict.DROP:
        return []
    lang = guess_language(engine, incoming)
    try:
        async with engine.db.session() as session:
            person = await people.find_by_address(session, incoming.channel, incoming.address)
            lang = (person.language if person else None) or lang
    except (OperationalError, DBAPIError, OSError):
        pass  # the guess will do
    return [Outgoing(text=t("slow_down", lang))]
