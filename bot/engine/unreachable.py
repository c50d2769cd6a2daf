"""A person the outbox can no longer reach (blocked the bot, uninstalled it): coordinators are told, an employee's
unjudged FAQ answer is cancelled as not delivered (never self-served), and a coach's pending offers go to the next
nearest coach instead of waiting for their time-out."""
from __future__ import annotations

import logging

from bot.engine import offers
from bot.engine.work import Work
from bot.outbox import Unreachable
from bot.texts import t
from storage import outbox, people, tickets
from storage.states import NOT_DELIVERED

log = logging.getLogger("digicoach.engine")


async def on_unreachable(work: Work, gone: Unreachable) -> None:
    if gone.person_id is None:
        return
    await _tell_coordinators(work, gone)
    for ticket in await tickets.unjudged_of(work.session, gone.person_id):
        # the answer never reached them: not self-served, whatever the silence says
        ticket.closed_at = work.now
        await work.move(ticket, "cancelled", detail=NOT_DELIVERED)
    coach = await people.coach_of(work.session, gone.person_id)
    if coach is None:
        return
    for offer in await tickets.pending_offers_of_coach(work.session, coach.id):
        ticket = await tickets.lock_ticket(work.session, offer.ticket_id)
        await offers.end_offer(work, offer, "unreachable")
        if ticket:
            await offers.route_on(work, ticket)
    log.warning("coach unreachable on %s; pending offers re-routed", gone.channel, extra={"event": "unreachable", "person_id": gone.person_id})


async def _tell_coordinators(work: Work, gone: Unreachable) -> None:
    """Once a day per person and coordinator; never about a coordinator, so an unreachable one cannot loop."""
    assert gone.person_id is not None
    person = await people.person(work.session, gone.person_id)
    if person is None or person.role == "coordinator":
        return
    coach = await people.coach_of(work.session, person.id) if person.role == "coach" else None
    name = (coach.name if coach else person.first_name) or "?"
    day = work.now.astimezone(work.engine.tz).date().isoformat()
    for coordinator in await people.active_coordinators(work.session):
        key = f"unreachable:{person.id}:{coordinator.id}:{day}"
        if await outbox.is_queued(work.session, key):
            continue
        lang = await work.language_of(coordinator.person_id)
        await work.notify(coordinator.person_id, t("unreachable_coordinator", lang, name=name, channel=gone.channel), key=key)
