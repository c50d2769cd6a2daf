"""Step 3 of a message: what kind of message is it?

Before any handler runs, one decision: a shared location, a photo or other
media, an empty message, a command, a button (pressed, or picked by typing its
number or label), or text; and for text, its dialog act (faq/acts.py: a
greeting, thanks, yes or no, a rating, "a person please", noise, or a
question). Handlers then never guess what they were given.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.engine.receive import text_of
from bot.engine.typed_buttons import is_button_number, payload_of_label, stored_buttons
from bot.engine.work import Turn
from bot.messages import Incoming
from bot.texts import t
from faq.acts import Act, ActKind, classify


class Kind(Enum):
    LOCATION = "location"
    ATTACHMENT = "attachment"  # media without text; a photo with a caption is text with an attachment
    EMPTY = "empty"
    COMMAND = "command"
    BUTTON = "button"
    NO_SUCH_BUTTON = "no_such_button"  # a typed number that picks nothing
    TEXT = "text"


@dataclass(frozen=True)
class Understood:
    kind: Kind
    text: str = ""  # the cleaned text (a command's whole line)
    payload: str | None = None  # for BUTTON
    act: Act = Act(ActKind.QUESTION)  # for TEXT: what kind of text it is


def understand(turn: Turn, incoming: Incoming) -> Understood:
    """Too long a text is cut, and the sender told, here: every kind below sees the cut text."""
    if incoming.location is not None:
        return Understood(Kind.LOCATION)
    if incoming.attachment is not None and not incoming.text:
        return Understood(Kind.ATTACHMENT)
    if incoming.payload is not None:
        return Understood(Kind.BUTTON, payload=incoming.payload)
    read = text_of(incoming)
    if not read.text:
        return Understood(Kind.EMPTY)
    if read.cut:
        turn.say(t("too_long", turn.lang))
    if read.text.startswith("/"):
        return Understood(Kind.COMMAND, read.text)
    return typed_button(turn, read.text)


def typed_button(turn: Turn, text: str) -> Understood:
    """A bare number or a button's label picks from the last message's buttons; otherwise it is text."""
    buttons = stored_buttons(turn.conv.buttons)
    if is_button_number(text):
        index = int(text)
        if not buttons:
            turn.say(t("no_buttons", turn.lang))
            return Understood(Kind.NO_SUCH_BUTTON, text)
        if not 1 <= index <= len(buttons):
            turn.say(t("bad_number", turn.lang, count=len(buttons)))
            return Understood(Kind.NO_SUCH_BUTTON, text)
        return Understood(Kind.BUTTON, text, payload=buttons[index - 1][1])
    payload = payload_of_label(buttons, text)
    if payload is not None:
        return Understood(Kind.BUTTON, text, payload=payload)
    return Understood(Kind.TEXT, text, act=classify(text))
