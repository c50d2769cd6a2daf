"""Step 4 of a message: the handler for what it is and who sent it.

Commands (bot/engine/commands.py), buttons (bot/engine/buttons.py), media
(bot/engine/media.py) and text by role: an employee's text is a question or a
message for their coach (bot/engine/employee.py), a coach's text goes to the
colleague they help (bot/engine/coach.py).
"""
from __future__ import annotations

from bot.engine import buttons, commands, faq_review, learning, media
from bot.engine import coach as coach_actions
from bot.engine import employee as employee_actions
from bot.engine.understand import Kind, Understood
from bot.engine.work import Turn
from bot.messages import Incoming
from bot.texts import t
from storage import people
from storage.models import Coach
from faq.acts import Act


async def act(turn: Turn, incoming: Incoming, message: Understood) -> None:
    kind = message.kind
    turn.keeps_prompt = kind in (Kind.EMPTY, Kind.COMMAND, Kind.NO_SUCH_BUTTON)
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
        await on_text(turn, message.text, message.act)
    # Kind.NO_SUCH_BUTTON: `understand` has said so


ACCEPT_WORDS = frozenset({"ik help", "ik help wel", "i'll help", "ill help", "i help", "i will help", "j'aide", "accept", "accepteren"})
YES_WORDS = frozenset({"ja", "jawel", "yes", "oui", "ok", "oké", "okay"})


async def takes_offer(turn: Turn, coach: Coach, text: str) -> bool:
    """A coach's typed "ik help" (or the accept button's label) takes an open offer; a plain "ja" does only
    while they help nobody, because otherwise it is meant for the colleague they help."""
    folded = " ".join(text.casefold().strip(" .!").split())
    if folded in ACCEPT_WORDS or folded == t("accept", turn.lang).casefold():
        return True
    return folded in YES_WORDS and await coach_actions.current_ticket(turn, coach) is None


async def on_text(turn: Turn, text: str, kind: Act) -> None:
    role = turn.person.role
    if role == "employee":
        await employee_actions.on_text(turn, text, kind)
    elif role == "coach":
        coach = await people.coach_of(turn.session, turn.person.id)
        if coach is None:
            turn.say(t("unknown_person", turn.lang))
            return
        if learning.waits_for_answer(turn):  # they marked a closed ticket "good FAQ question": this is its answer
            await learning.on_coach_answer(turn, coach, text)
            return
        if await takes_offer(turn, coach, text) and await coach_actions.accept_open_offer(turn, coach):
            return
        await coach_actions.relay_to_employee(turn, coach, text)
    elif faq_review.is_editing(turn):
        await faq_review.on_text(turn, text)
    else:
        turn.say(t("coordinator_idle", turn.lang))
