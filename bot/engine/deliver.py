"""Step 5 of a message: the replies go back to the sender; what others get is already in the outbox.

The last reply's buttons are kept with the conversation, so a number or a
label typed later picks from them; the turn leaves one log line and a metric.
"""
from __future__ import annotations

import logging

from bot.engine.typed_buttons import buttons_json
from bot.engine.work import Turn
from bot.messages import Incoming, Outgoing

log = logging.getLogger("digicoach.engine")


def deliver(turn: Turn, incoming: Incoming) -> list[Outgoing]:
    if turn.replies:
        turn.conv.buttons = buttons_json(turn.replies[-1].buttons)
    turn.engine.metrics.message(incoming.channel, turn.decision)
    log.info(
        "handled a %s message (%s): %d replies, %d notifications",
        incoming.channel, turn.person.role, len(turn.replies), turn.notified,
        extra={"event": "message", "channel": incoming.channel, "person_id": turn.person.id, "ticket": turn.data.get("ticket")},
    )
    return turn.replies
