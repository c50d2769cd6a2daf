"""Where the FAQ learns from use: candidates a coordinator reviews before any employee sees them.

- An employee picks a suggestion, or says yes to "did this help?": what they typed becomes a candidate
  phrasing of that entry (unless the FAQ already has it, or it is no real question: faq/learning.py).
- A coach who closed a ticket may mark it "good FAQ question" and type the short answer they gave: a
  candidate new entry. Optional, one extra tap after the close, never in the way of closing.

The review itself is bot/engine/faq_review.py; the candidates live in storage/faq_learning.py.
"""
from __future__ import annotations

from bot.engine.work import Turn
from bot.messages import Button
from bot.texts import t
from faq.kb import phrasing_key
from faq.learning import derive_entry_id, is_known_phrasing, question_line
from storage import faq_learning, tickets
from storage.models import Coach, Ticket

MARKABLE_OUTCOMES = frozenset({"resolved", "referred_servicedesk", "needs_training"})  # something was answered
MIN_ANSWER_WORDS = 2


async def capture_phrasing(turn: Turn, ticket: Ticket, entry_id: str, source: str) -> None:
    """The ticket's question as a candidate phrasing of `entry_id` ("picked" or "confirmed")."""
    question = question_line(ticket.question)
    kb, _ = turn.engine.faq.current()
    if question is None or kb.entry(entry_id, ticket.language) is None:
        return
    if is_known_phrasing(kb, entry_id, ticket.language, question):
        return  # the matcher already knows this way of asking
    await faq_learning.propose(
        turn.session, turn.now, kind=faq_learning.PHRASING, entry_id=entry_id, lang=ticket.language,
        question=question, key=phrasing_key(question), source=source, ticket_id=ticket.id, person_id=ticket.employee_id,
    )


async def capture_confirmed(turn: Turn, ticket: Ticket) -> None:
    """A yes after an answer; an answer reached through a picked suggestion was captured at the pick."""
    if ticket.faq_entry and not await tickets.events_of(turn.session, ticket.id, ["suggestion_used"]):
        await capture_phrasing(turn, ticket, ticket.faq_entry, "confirmed")


def mark_button(ticket: Ticket, lang: str) -> list[Button]:
    """The optional "good FAQ question" button under a coach's close confirmation, when it could be one (a learning
    question after the self-scan is the bot's own words, never one)."""
    if ticket.outcome not in MARKABLE_OUTCOMES or ticket.scan_id is not None or question_line(ticket.question) is None:
        return []
    return [Button(t("faq_mark", lang), f"faqmark:{ticket.id}")]


async def on_mark(turn: Turn, coach: Coach, ticket_id: str) -> bool:
    """The coach pressed "good FAQ question": ask for the answer they gave (their next text)."""
    ticket = await tickets.get(turn.session, int(ticket_id))
    if ticket is None or ticket.coach_id != coach.id or ticket.state != "closed":
        return False
    if question_line(ticket.question) is None:
        turn.say(t("faq_mark_unusable", turn.lang, ticket=ticket.id))
        return True
    turn.say(t("faq_mark_ask", turn.lang), [Button(t("faq_mark_not_now", turn.lang), f"faqmarkno:{ticket.id}")])
    turn.set_state("faq_answer", ticket=ticket.id)
    return True


async def on_mark_dropped(turn: Turn, coach: Coach, ticket_id: str) -> bool:
    if turn.conv.state != "faq_answer" or str(turn.data.get("ticket")) != ticket_id:
        return False
    turn.set_state("idle")
    turn.say(t("faq_mark_dropped", turn.lang))
    return True


def waits_for_answer(turn: Turn) -> bool:
    return turn.conv.state == "faq_answer"


async def on_coach_answer(turn: Turn, coach: Coach, text: str) -> None:
    """The answer to a marked ticket: a candidate new entry with the ticket's question."""
    ticket = await tickets.get(turn.session, int(turn.data.get("ticket", 0) or 0))
    question = question_line(ticket.question) if ticket is not None and ticket.coach_id == coach.id else None
    if ticket is None or question is None:
        turn.set_state("idle")
        turn.say(t("faq_mark_unusable", turn.lang, ticket=turn.data.get("ticket", "?")))
        return
    if len(text.split()) < MIN_ANSWER_WORDS or not any(c.isalnum() for c in text):
        turn.say(t("faq_mark_too_short", turn.lang))
        return
    kb, _ = turn.engine.faq.current()
    if not is_known_phrasing(kb, None, ticket.language, question):
        taken = set(kb.ids()) | await faq_learning.approved_entry_ids(turn.session)
        await faq_learning.propose(
            turn.session, turn.now, kind=faq_learning.ENTRY, entry_id=derive_entry_id(question, taken),
            lang=ticket.language, question=question, key=phrasing_key(question), answer=text.strip(), source="coach", ticket_id=ticket.id,
            person_id=ticket.employee_id,
        )
    turn.set_state("idle")
    turn.say(t("faq_mark_saved", turn.lang))
