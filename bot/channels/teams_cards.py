"""How an `Outgoing` looks in Teams, and how a Teams activity reads as an `Incoming`: plain dicts, no SDK.

Kept apart from the SDK wiring so that a port to the Microsoft 365 Agents SDK
(same Bot Framework protocol, same JSON) reuses this file unchanged.
"""
from __future__ import annotations

import base64
from typing import Any, Mapping

from bot.channels.teams_markdown import plain_text
from bot.messages import Attachment, Incoming, Outgoing
from bot.texts import t

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.4"  # what Teams desktop and mobile both render
ACTIONS_PER_ROW = 5  # Teams shows at most 6 actions per action set; more are silently dropped
FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"


def card(text: str, buttons: list[tuple[str, str]], chosen: str | None = None) -> dict[str, Any]:
    """An Adaptive Card with the message text and one Action.Submit per button.

    Each button's data carries the card text and its label, so whichever replica
    receives the press can replace the card in place with an answered copy
    (`chosen`) that has no buttons left to press.
    """
    body = text_blocks(text)
    if chosen is not None:
        body.append({"type": "TextBlock", "text": f"\u2713 {plain_text(chosen)}", "wrap": True, "weight": "Bolder", "isSubtle": True})
    else:
        for start in range(0, len(buttons), ACTIONS_PER_ROW):
            body.append(
                {
                    "type": "ActionSet",
                    "actions": [
                        {"type": "Action.Submit", "title": label, "data": {"payload": payload, "label": label, "card": text}}
                        for label, payload in buttons[start : start + ACTIONS_PER_ROW]
                    ],
                }
            )
    return {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": body,
        "msteams": {"width": "Full"},
    }


def text_blocks(text: str) -> list[dict[str, Any]]:
    """The text as one TextBlock per line, paragraphs (blank lines) further apart.

    Teams reads a TextBlock as Markdown, where a single line break is no break, so
    an FAQ answer written on three lines would show as one run-on paragraph; a
    plain text message keeps its lines, and the answer now shares a card with its
    "Heeft dit geholpen?" (combine.py). Each line is escaped (teams_markdown.py):
    a question "[Reset je wachtwoord hier](https://evil.example)" is shown, not a link.
    """
    blocks: list[dict[str, Any]] = []
    paragraph = False
    for line in text.split("\n"):
        if not line.strip():
            paragraph = bool(blocks)
            continue
        block: dict[str, Any] = {"type": "TextBlock", "text": plain_text(line), "wrap": True}
        if blocks:
            block["spacing"] = "Medium" if paragraph else "None"
        blocks.append(block)
        paragraph = False
    return blocks or [{"type": "TextBlock", "text": plain_text(text), "wrap": True}]


def render(message: Outgoing, lang: str | None = None) -> list[dict[str, Any]]:
    """The Bot Framework activities (as JSON dicts) for one Outgoing, in the order they should be shown."""
    activities: list[dict[str, Any]] = []
    text = message.text
    if message.document:
        text = f"{text}\n\n{t('teams_no_file', lang, name=message.document[0])}" if text else t(
            "teams_no_file", lang, name=message.document[0]
        )
    if message.buttons:
        activities.append(
            {
                "type": "message",
                "summary": text[:120],  # what a phone's notification shows for a card
                "attachments": [
                    {"contentType": ADAPTIVE_CARD, "content": card(text, [(b.label, b.payload) for b in message.buttons])}
                ],
            }
        )
    elif text:
        activities.append({"type": "message", "text": text, "textFormat": "plain"})
    attachments: list[dict[str, Any]] = []
    if message.image:
        attachments.append(
            {"contentType": "image/png", "contentUrl": "data:image/png;base64," + base64.b64encode(message.image).decode(), "name": "chart.png"}
        )
    if message.attachment and message.attachment.ref.startswith("https://"):
        attachments.append({"contentType": "image/*" if message.attachment.kind == "photo" else "application/octet-stream",
                            "contentUrl": message.attachment.ref, "name": message.attachment.caption or message.attachment.kind})
    if attachments:
        activities.append({"type": "message", "attachments": attachments})
    return activities


def answered(value: Mapping[str, Any]) -> dict[str, Any] | None:
    """The replacement for a card whose button was pressed, from the pressed button's own data."""
    label, text = value.get("label"), value.get("card")
    if not isinstance(label, str) or not isinstance(text, str):
        return None
    return {"type": "message", "attachments": [{"contentType": ADAPTIVE_CARD, "content": card(text, [], chosen=label)}]}


def incoming(activity: Mapping[str, Any], address: str) -> Incoming:
    """A Teams message activity (JSON) as the engine's Incoming; a card press carries its payload in `value`."""
    value = activity.get("value")
    payload = value.get("payload") if isinstance(value, Mapping) and isinstance(value.get("payload"), str) else None
    sender = activity.get("from")
    return Incoming(
        channel="teams",
        address=address,
        text=None if payload is not None else (_string(activity.get("text")) or None),
        payload=payload,
        attachment=_attachment(activity.get("attachments") or []),
        message_id=_string(activity.get("id")) or None,
        display_name=(_string(sender.get("name")) if isinstance(sender, Mapping) else None) or None,
        locale=_string(activity.get("locale")) or None,
    )


def _string(value: Any) -> str | None:
    """A string field as the SDK reads it (a number becomes its text), whatever the request carried."""
    if value is None or isinstance(value, (Mapping, list)):
        return None
    return value if isinstance(value, str) else str(value)


def _attachment(attachments: list[Mapping[str, Any]]) -> Attachment | None:
    """The first photo or file; Teams adds a text/html copy of every message, which is not an attachment."""
    for item in attachments if isinstance(attachments, list) else []:
        if not isinstance(item, Mapping):
            continue
        kind, url, name = _string(item.get("contentType")) or "", _string(item.get("contentUrl")), _string(item.get("name"))
        if kind.startswith("image/") and url:
            return Attachment("photo", url, name)
        if kind == FILE_DOWNLOAD_INFO:
            content = item.get("content") if isinstance(item.get("content"), Mapping) else {}
            return Attachment("file", _string(content.get("downloadUrl")) or url or "", name)
    return None
