"""Pure helpers that shape engine messages for Telegram: text chunks, keyboards, button data.

Messages are sent as plain text (no parse_mode). Nothing the engine or a
user writes is then ever read as Markdown or HTML, so a colleague's `*_[`
or `<` cannot break a message or change how it looks, and there is no
escaping to forget. Telegram still makes links and phone numbers tappable.
"""
from __future__ import annotations

import base64
import hashlib
from collections import OrderedDict
from typing import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from bot.messages import Button

TEXT_LIMIT = MessageLimit.MAX_TEXT_LENGTH  # 4096
CAPTION_LIMIT = MessageLimit.CAPTION_LENGTH  # 1024
DATA_LIMIT = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64 bytes
SHORT_PREFIX = "~"  # no engine payload starts with it (they are `kind:args`)


def tg_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji can count twice)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut a long text into messages Telegram accepts, at a paragraph, line or word where possible."""
    chunks: list[str] = []
    rest = text
    while tg_len(rest) > limit:
        window = rest[:limit]
        while tg_len(window) > limit:  # surrogate pairs: shrink until it fits
            window = window[:-1]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut < limit // 2:  # no good break point: cut hard rather than make tiny pieces
            cut = len(window)
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def short_key(payload: str) -> str:
    """A stable stand-in for a payload too long for callback_data (hash, 23 bytes)."""
    digest = hashlib.sha256(payload.encode()).digest()[:16]
    return SHORT_PREFIX + base64.urlsafe_b64encode(digest).decode().rstrip("=")


class CallbackData:
    """Maps engine payloads to Telegram's 64-byte callback_data and back.

    Nearly every payload (`outcome:123:referred_servicedesk`) fits and is sent
    as is. A long one (a long FAQ entry or site id) is sent as its hash and
    remembered here; after a restart the channel can still resolve it from the
    buttons the engine stored with the conversation (see `resolve_from`).
    """

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._long: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        if len(payload.encode()) <= DATA_LIMIT and not payload.startswith(SHORT_PREFIX):
            return payload
        key = short_key(payload)
        self._long[key] = payload
        self._long.move_to_end(key)
        while len(self._long) > self.size:
            self._long.popitem(last=False)
        return key

    def decode(self, data: str) -> str | None:
        """The payload behind callback_data; None for a short key we no longer remember."""
        if not data.startswith(SHORT_PREFIX):
            return data
        return self._long.get(data)

    @staticmethod
    def resolve_from(data: str, payloads: Iterable[str]) -> str | None:
        """Find the payload whose short key is `data` among known payloads (the engine's last buttons)."""
        return next((p for p in payloads if short_key(p) == data), None)


def inline_keyboard(buttons: Sequence[Button], data: CallbackData) -> InlineKeyboardMarkup:
    """One button per row (site names are long on a phone), except short ones like a 1-5 rating."""
    keys = [InlineKeyboardButton(b.label[:100], callback_data=data.encode(b.payload)) for b in buttons]
    if all(len(b.label) <= 3 for b in buttons):
        return InlineKeyboardMarkup([keys])
    return InlineKeyboardMarkup([[k] for k in keys])


def location_keyboard(label: str) -> ReplyKeyboardMarkup:
    """Telegram's own "share my location" button; it only exists on a reply keyboard."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(label, request_location=True)]], resize_keyboard=True, one_time_keyboard=True
    )


def pressed_label(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    """The label of the button with this callback_data on a message we sent."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


def with_choice(text: str, label: str) -> str | None:
    """The pressed message's text with the choice shown under it; None if that would be too long."""
    edited = f"{text}\n\n✔ {label}"
    return edited if tg_len(edited) <= TEXT_LIMIT else None
