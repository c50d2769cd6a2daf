"""One phone notification instead of two: a plain text reply joined to the message after it.

The engine answers an FAQ question with the answer and then "Heeft dit
geholpen?" with its buttons; on a phone that is two notifications, and the
buttons sit under a one-line message instead of under the answer they are
about. Telegram and Teams send such a pair as one message (each send is also
one call to the platform, which is what a busy replica spends its time on).
The console keeps the engine's messages as they are: its transcript is the
protocol docs/formats.md describes.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from bot.messages import Outgoing

SEPARATOR = "\n\n"


def _plain(message: Outgoing) -> bool:
    """Only text: nothing a channel must send as a separate photo, file, keyboard or editable message."""
    return not (
        message.buttons or message.image is not None or message.document is not None
        or message.attachment is not None or message.request_location or message.tag
    )


def _joinable(message: Outgoing) -> bool:
    """A text message (buttons and a location request allowed) that a plain text can go in front of."""
    return message.image is None and message.document is None and message.attachment is None


def combine(replies: list[Outgoing], fits: Callable[[str], bool]) -> list[Outgoing]:
    """Join each plain text reply to the next reply while the joined text `fits` the channel's limit."""
    out: list[Outgoing] = []
    for message in replies:
        previous = out[-1] if out else None
        if previous is not None and _plain(previous) and _joinable(message) and previous.text.strip():
            text = previous.text.rstrip() + SEPARATOR + message.text.lstrip() if message.text.strip() else previous.text
            if fits(text):
                out[-1] = replace(message, text=text)
                continue
        out.append(message)
    return out
