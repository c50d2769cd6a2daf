"""Step 5 of a message: the replies go back to the sender; what others get is already in the outbox.

The last buttons shown are kept with the conversation, so a number or a
label typed later picks from them. A message that answers nothing (a command
like /help or /status, an empty line, a number that picks nothing) leaves
them standing, so an open prompt keeps its meaning until it is answered or
replaced; anything else without new buttons clears them. A press of a button whose ticket has
moved on is answered plainly as stale (bot/engine/buttons.py). The turn leaves
one log line and a metric.
"""
from __future__ import annotations

import logging

from bot.engine.typed_buttons import buttons_json
from bot.engine.work import Turn
from bot.messages import Incoming, Outgoing

log = logging.getLogger("digicoach.engine")


def deliver(turn: Turn, incoming: Incoming) -> list[Outgoing]:
    shown = [reply.buttons for reply in turn.replies if reply.buttons]
    if shown:
        turn.conv.buttons = buttons_json(shown[-1])
    elif not turn.keeps_prompt:
        turn.conv.buttons = buttons_json(())
    turn.engine.metrics.message(incoming.channel, turn.decision)
    log.info(
        "handled a %s message (%s): %d replies, %d notifications",
        incoming.channel, turn.person.role, len(turn.replies), turn.notified,
        extra={"event": "message", "channel": incoming.channel, "person_id": turn.person.id, "ticket": turn.data.get("ticket")},
    )
    return turn.replies
