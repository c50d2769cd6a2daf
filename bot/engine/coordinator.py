"""What a coordinator can do in the chat: see tickets that wait or linger, and assign a coach by hand."""
from __future__ import annotations

from datetime import timedelta

from bot.engine import offers, wording
from bot.engine.work import Turn
from bot.messages import Button
from bot.texts import t
from storage import people, sites, tickets


async def list_tickets(turn: Turn) -> None:
    """Waiting tickets (oldest first) and tickets a coach has held for days; no question texts."""
    stale_before = turn.now - timedelta(days=turn.engine.routing.stale_days)
    found = await tickets.stuck(turn.session, stale_before, limit=10)
    if not found:
        turn.say(t("tickets_none_stuck", turn.lang))
        return
    lines = []
    buttons: list[Button] = []
    for ticket in found:
        site = await sites.site(turn.session, ticket.site_id)
        waited = offers.human_duration(turn.now - ticket.created_at, turn.lang)
        holder = f" · {ticket.coach_id}" if ticket.coach_id else ""
        state = wording.state(ticket.state, turn.lang)
        lines.append(f"#{ticket.id} {state} · {site.name if site else '?'} · {ticket.language} · {waited}{holder}")
        if ticket.state in tickets.WAITING_STATES and len(buttons) < 6:
            for coach_id, name in await offers.assignable_coaches(turn, ticket, limit=2):
                buttons.append(Button(f"#{ticket.id} → {name}", f"assign:{ticket.id}:{coach_id}"))
    turn.say("\n".join(lines), buttons[:6])


async def assign(turn: Turn, ticket_id: str, coach_id: str) -> bool:
    """Offer a waiting ticket to the coach a coordinator chose; False (and a "cannot assign" reply) when refused."""
    ticket = await tickets.lock_ticket(turn.session, int(ticket_id)) if ticket_id.isdigit() else None
    coach = await people.coach_by_id(turn.session, coach_id)
    if ticket is None or coach is None or not coach.active or coach.person_id is None or ticket.state not in tickets.WAITING_STATES:
        turn.say(t("cannot_assign", turn.lang, ticket=ticket_id))
        return False
    await turn.move(ticket, "offered", coach_id=coach.id, detail=f"assigned by {turn.person.id}")
    await offers.make_offer(turn, ticket, coach.id, None)
    turn.say(t("assigned", turn.lang, ticket=ticket.id, coach=coach.name))
    return True
