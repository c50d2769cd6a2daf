"""An employee whose question is with a coach: what they write goes to the coach; /cancel ends it."""
from __future__ import annotations

from bot.engine import offers
from bot.engine.relay import relay
from bot.engine.work import Turn
from bot.messages import Attachment, Button
from bot.texts import t
from storage import people, tickets
from storage.models import Ticket


async def cancel(turn: Turn) -> None:
    ticket = await tickets.open_ticket_of_employee(turn.session, turn.person.id)
    if ticket is None:
        turn.say(t("nothing_to_cancel", turn.lang))
        return
    ticket = await tickets.lock_ticket(turn.session, ticket.id)
    assert ticket is not None
    name = turn.person.first_name or "?"
    await offers.withdraw_pending(turn, ticket, "cancelled_coach", name=name)
    if ticket.state == "accepted" and ticket.coach_id:
        coach = await people.coach_by_id(turn.session, ticket.coach_id)
        if coach and coach.person_id:
            lang = await turn.language_of(coach.person_id)
            await turn.notify(coach.person_id, t("cancelled_coach", lang, name=name, ticket=ticket.id))
    ticket.closed_at = turn.now
    await turn.move(ticket, "cancelled", detail="employee")
    turn.set_state("idle")
    turn.say(t("cancelled", turn.lang))
    if ticket.coach_id:
        await turn.engine.after_capacity_freed(turn)


async def relay_to_coach(turn: Turn, ticket: Ticket, text: str, attachment: Attachment | None = None) -> None:
    coach = await people.coach_by_id(turn.session, ticket.coach_id)
    if coach is None or coach.person_id is None:
        turn.say(t("waiting_for_coach", turn.lang))
        return
    lang = await turn.language_of(coach.person_id)
    close = [Button(t("close", lang), f"close:{ticket.id}")]
    await relay(turn, ticket, coach.person_id, turn.person.first_name or "?", text, attachment, close)
