"""Text in a Teams card shows as written: TextBlocks are read as Markdown, so what people typed is escaped.

An employee's question or message reaches a coach's card inside the bot's own
wording ("Nieuwe vraag #4 van Jan: ..."), so every line of a card is escaped,
not only the quoted part: the bot's texts are plain text on every channel.
What Teams' TextBlocks render, and so what is escaped: links `[text](url)`,
emphasis `*` `_`, strike-through `~`, code `` ` `` and the backslash itself
(CommonMark's backslash escapes, which Teams desktop, web and current mobile
apps honour). Renderers that once ignored backslash escapes could still see
`\\[text\\](url)` as a link, so `](` is also split by a zero-width space:
no Markdown parser makes a link of that. A bare https://... address stays a
link, as in Telegram; it shows the address it goes to (FAQ answers use them).
"""
from __future__ import annotations

ESCAPED = frozenset("\\`*_[]~")
LINK_BREAK = "\u200b"  # zero-width space between "]" and "(": never a link, looks the same


def plain_text(text: str) -> str:
    """`text` as a TextBlock shows it literally."""
    out = []
    for i, c in enumerate(text):
        out.append("\\" + c if c in ESCAPED else c)
        if c == "]" and text[i + 1 : i + 2] == "(":
            out.append(LINK_BREAK)
    return "".join(out)
