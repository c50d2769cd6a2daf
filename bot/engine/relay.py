"""Messages between an employee and their coach, passed through the bot with the sender's first name."""
from __future__ import annotations

from typing import Sequence

from bot.engine.work import Turn
from bot.messages import Attachment, Button
from bot.texts import t
from storage import tickets
from storage.models import Ticket


async def relay(
    turn: Turn,
    ticket: Ticket,
    to_person_id: int,
    sender_name: str,
    text: str,
    attachment: Attachment | None = None,
    buttons: Sequence[Button] = (),
) -> None:
    """Keep the message with the ticket (retention erases it later) and queue it for the other person."""
    tickets.keep_relayed(turn.session, ticket.id, turn.person.id, turn.now, text)
    ticket.last_activity_at = turn.now
    lang = await turn.language_of(to_person_id)
    body = t("relay", lang, name=sender_name, text=text) if text else t("relay_photo", lang, name=sender_name)
    await turn.notify(to_person_id, body, buttons, attachment=attachment)
