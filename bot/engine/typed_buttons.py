"""A button picked by typing instead of pressing: its number ("2") or its label ("ja").

Phones without button support, and people who prefer typing, answer the last
message's buttons this way; the conversation row keeps those buttons.
"""
from __future__ import annotations

import json
from typing import Sequence

from bot.messages import Button


def buttons_json(buttons: Sequence[Button]) -> str:
    """How the conversation row keeps the last message's buttons: [label, payload] pairs."""
    return json.dumps([[b.label, b.payload] for b in buttons])


def stored_buttons(buttons_json: str | None) -> list[list[str]]:
    """The [label, payload] pairs of the last message's buttons, as the conversation row keeps them."""
    try:
        buttons = json.loads(buttons_json or "[]")
    except ValueError:
        return []
    return buttons if isinstance(buttons, list) else []


def is_button_number(text: str) -> bool:
    """A bare number picks a button by position; isdecimal, not isdigit: int("²") fails."""
    return text.isdecimal() and len(text) <= 3


def payload_of_label(buttons: list[list[str]], text: str) -> str | None:
    """A button's label typed instead of pressed ("ja", "Nee!") picks that button."""
    folded = text.casefold().strip(" .!")
    for label, payload in buttons:
        if label.casefold() == folded:
            return payload
    return None
