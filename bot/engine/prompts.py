"""An employee's answer to a prompt, pressed or typed: "did this help?", a suggestion or "none of these",
a rating, a topic button. A press whose ticket has moved on returns False: the caller says it plainly."""
from __future__ import annotations

from bot.engine import employee  # the question flow these prompts continue (it imports this module lazily)
from bot.engine import learning
from bot.engine.work import Turn
from bot.messages import Button
from bot.texts import t
from storage import tickets
from storage.models import Ticket
from storage.states import CONFIRMED


async def own_ticket(turn: Turn, ticket_id: str, *states: str) -> Ticket | None:
    """The ticket behind a button, only if it is this employee's and still in one of `states`.

    The reply follows the language the question was asked in: a French
    suggestion picked by a Dutch-preferring employee is answered in French.
    """
    if not ticket_id.isdigit():
        return None
    ticket = await tickets.lock_ticket(turn.session, int(ticket_id))
    if ticket is None or ticket.employee_id != turn.person.id or ticket.state not in states:
        return None
    turn.reply_lang = turn.reply_lang or ticket.language
    return ticket


async def judged_answer(turn: Turn, ticket_id: str, helpful: bool) -> Ticket | None:
    """The answered ticket behind a "did this help?" button, with the employee's judgement recorded."""
    ticket = await own_ticket(turn, ticket_id, "new")
    if ticket is None or not ticket.faq_entry:
        return None
    tickets.record_judgement(turn.session, ticket.id, turn.now, ticket.faq_entry, helpful)
    return ticket


async def on_yes(turn: Turn, ticket_id: str) -> bool:
    ticket = await judged_answer(turn, ticket_id, helpful=True)
    if ticket is None:
        return False
    ticket.closed_at = turn.now
    await turn.move(ticket, "self_served", detail=CONFIRMED)  # the one way to "solved by the FAQ"
    await learning.capture_confirmed(turn, ticket)
    turn.set_state("idle")
    turn.say(t("glad", turn.lang))
    return True


async def on_no(turn: Turn, ticket_id: str, *, straight_to_coach: bool = False) -> bool:
    """The answer did not help: other likely entries first, unless the employee asked for a person."""
    ticket = await judged_answer(turn, ticket_id, helpful=False)
    if ticket is None:
        return False
    await tickets.add_event(turn.session, ticket.id, "faq_rejected", turn.now, detail=ticket.faq_entry)
    alternatives = [a for a in turn.data.get("alternatives", []) if a != ticket.faq_entry]
    if alternatives and turn.data.get("ticket") == ticket.id and not straight_to_coach:
        await employee.show_suggestions(turn, ticket, alternatives[:3])
    else:
        await employee.hand_to_coach(turn, ticket)
    return True


async def on_pick(turn: Turn, ticket_id: str, entry_id: str) -> bool:
    ticket = await own_ticket(turn, ticket_id, "new")
    kb, _ = turn.engine.faq.current()
    if ticket is None or kb.entry(entry_id, turn.lang) is None:
        return False
    await tickets.add_event(turn.session, ticket.id, "suggestion_used", turn.now, detail=entry_id)
    await learning.capture_phrasing(turn, ticket, entry_id, "picked")
    await employee.show_answer(turn, ticket, entry_id, [])
    return True


async def on_none(turn: Turn, ticket_id: str) -> bool:
    ticket = await own_ticket(turn, ticket_id, "new")
    if ticket is None:
        return False
    await tickets.add_event(turn.session, ticket.id, "suggestions_rejected", turn.now)
    await employee.hand_to_coach(turn, ticket)
    return True


async def on_rate(turn: Turn, ticket_id: str, score: str) -> bool:
    ticket = await own_ticket(turn, ticket_id, "closed")
    if ticket is None or ticket.rating is not None or score not in ("1", "2", "3", "4", "5"):
        return False
    ticket.rating = int(score)
    await tickets.add_event(turn.session, ticket.id, "rated", turn.now, detail=score)
    turn.set_state("idle")
    turn.say(t("rating_thanks", turn.lang))
    if ticket.outcome == "needs_training" and ticket.scan_id is None:  # the scan offer went with the rating: once more
        turn.say(t("scan_offer_after_help", turn.lang, count=len(turn.engine.scan.items)),
                 [Button(t("scan_button", turn.lang), "scan:start")])
    return True


async def on_topic(turn: Turn, entry_id: str) -> bool:
    """A topic button (after a greeting, noise, or a vague word): as if the employee had asked it.

    Pressed late, while a coach has or is being found for a question, it gets the FAQ answer without a new
    ticket, as a question typed while waiting does: an employee has one open ticket at a time (the property
    tests found an old topic button opening a second one next to an accepted ticket).
    """
    kb, _ = turn.engine.faq.current()
    entry = kb.entry(entry_id, turn.lang)
    if entry is None:
        return False
    open_tickets = await tickets.open_tickets_of_employee(turn.session, turn.person.id)
    busy = next((x for x in open_tickets if x.state != "new"), None)
    if busy is not None:
        employee.answer_beside(turn, busy, entry)
        return True
    await employee.ask(turn, kb.title(entry_id, turn.lang), [x for x in open_tickets if x.state == "new"])
    return True
