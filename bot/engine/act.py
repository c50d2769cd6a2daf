"""Step 4 of a message: the handler for what it is and who sent it.

Commands (bot/engine/commands.py), buttons (bot/engine/buttons.py), media
(bot/engine/media.py) and text by role: an employee's text is a question or a
message for their coach (bot/engine/employee.py), a coach's text goes to the
colleague they help (bot/engine/coach.py).
"""
from __future__ import annotations

from bot.engine import buttons, commands, media
from bot.engine import coach as coach_actions
from bot.engine import employee as employee_actions
from bot.engine.understand import Kind, Understood
from bot.engine.work import Turn
from bot.messages import Incoming
from bot.texts import t
from storage import people


async def act(turn: Turn, incoming: Incoming, message: Understood) -> None:
    kind = message.kind
    if kind is Kind.LOCATION:
        assert incoming.location is not None
        await media.on_location(turn, incoming.location)
    elif kind is Kind.ATTACHMENT:
        assert incoming.attachment is not None
        await media.on_attachment(turn, incoming.attachment)
    elif kind is Kind.EMPTY:
        turn.say(t("empty", turn.lang))
    elif kind is Kind.COMMAND:
        turn.decision = "command"
        await commands.run(turn, message.text)
    elif kind is Kind.BUTTON:
        assert message.payload is not None
        turn.decision = "button"
        await buttons.press(turn, message.payload)
    elif kind is Kind.TEXT:
        await on_text(turn, message.text)
    # Kind.NO_SUCH_BUTTON: `understand` has said so


async def on_text(turn: Turn, text: str) -> None:
    role = turn.person.role
    if role == "employee":
        await employee_actions.on_text(turn, text)
    elif role == "coach":
        coach = await people.coach_of(turn.session, turn.person.id)
        if coach is None:
            turn.say(t("unknown_person", turn.lang))
            return
        await coach_actions.relay_to_employee(turn, coach, text)
    else:
        turn.say(t("coordinator_idle", turn.lang))
