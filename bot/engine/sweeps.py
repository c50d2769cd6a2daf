"""Everything the clock causes: offers time out, waiting tickets alert, coaches are reminded, silent
tickets close, unjudged FAQ answers settle, and waiting tickets go to coaches who became free.

Every sweep has the same shape (`_each`): read what is due in one transaction,
locking those rows with SKIP LOCKED, and act on each. So a sweep is safe on every
replica at once and as often as you like: a row another replica holds is
skipped, and a row already handled is no longer due.
"""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Awaitable, Callable, Sequence, TypeVar

from bot.engine import coach as coach_actions
from bot.engine import employee as employee_actions
from bot.engine import offers
from bot.engine.work import Work
from bot.texts import t
from routing.hours import working_time_between
from storage import people, tickets
from storage.models import Ticket

if TYPE_CHECKING:
    from bot.engine.core import Engine

Row = TypeVar("Row")


async def sweep(engine: "Engine") -> dict[str, int]:
    return {
        "timed_out": await expire_offers(engine),
        "alerted": await _each(engine, tickets.waiting_unalerted, _alert_if_waited_too_long),
        "reminded": await _each(engine, _accepted_before_reminder(engine), _remind),
        "auto_closed": await _each(engine, _silent_since(engine), _auto_close),
        "settled": await _each(engine, _unjudged_since(engine), _settle),
        "dispatched": await _in_one(engine, dispatch_waiting),
    }


async def _each(
    engine: "Engine",
    due: Callable[..., Awaitable[Sequence[Row]]],
    act: Callable[[Work, Row], Awaitable[bool]],
) -> int:
    """The skeleton: one transaction, the due rows locked, `act` on each; counts the rows acted on."""
    async with engine.db.session() as session:
        work = Work(engine=engine, session=session, now=engine.clock.now())
        done = 0
        for row in await due(session):
            done += bool(await act(work, row))
        return done


async def _in_one(engine: "Engine", act: Callable[[Work], Awaitable[int]]) -> int:
    async with engine.db.session() as session:
        return await act(Work(engine=engine, session=session, now=engine.clock.now()))


# -- what is due -----------------------------------------------------------------------------


def _accepted_before_reminder(engine: "Engine") -> Callable[..., Awaitable[list[Ticket]]]:
    cutoff = engine.clock.now() - timedelta(hours=engine.routing.reminder_hours)
    return lambda session: tickets.accepted_unreminded(session, cutoff)


def _silent_since(engine: "Engine") -> Callable[..., Awaitable[list[Ticket]]]:
    cutoff = engine.clock.now() - timedelta(days=engine.routing.no_show_days)
    return lambda session: tickets.accepted_silent(session, cutoff)


def _unjudged_since(engine: "Engine") -> Callable[..., Awaitable[list[Ticket]]]:
    cutoff = engine.clock.now() - timedelta(minutes=engine.routing.feedback_minutes)
    return lambda session: tickets.unjudged_before(session, cutoff)


# -- what each does ------------------------------------------------------------------------------


async def _alert_if_waited_too_long(work: Work, ticket: Ticket) -> bool:
    """Waiting past the limit in the coordinators' working hours: escalated, and the coordinators told."""
    engine = work.engine
    since = ticket.queued_at or ticket.created_at
    limit = timedelta(hours=engine.routing.queue_alert_working_hours)
    if working_time_between(since, work.now, engine.tz, engine.coordinator_hours) < limit:
        return False
    if ticket.state == "queued":
        await work.move(ticket, "escalated", detail="waited too long")
    await offers.alert_coordinators(work, ticket)
    return True


async def _remind(work: Work, ticket: Ticket) -> bool:
    ticket.reminded_at = work.now
    coach = await people.coach_by_id(work.session, ticket.coach_id)
    if coach is None or coach.person_id is None:
        return False
    employee = await people.person(work.session, ticket.employee_id) if ticket.employee_id else None
    lang = await work.language_of(coach.person_id)
    name = (employee.first_name if employee else None) or "?"
    await work.notify(
        coach.person_id, t("reminder_coach", lang, ticket=ticket.id, name=name),
        coach_actions.helping_buttons(ticket.id, lang), key=f"remind:{ticket.id}",
    )
    return True


async def _auto_close(work: Work, ticket: Ticket) -> bool:
    """An employee who went silent does not keep a ticket open forever: it closes as no_show."""
    coach = await people.coach_by_id(work.session, ticket.coach_id)
    if coach is None:
        return False
    await coach_actions.close_ticket(work, ticket, coach, "no_show", None, auto=True)
    if coach.person_id:
        lang = await work.language_of(coach.person_id)
        await work.notify(coach.person_id, t("auto_closed_coach", lang, ticket=ticket.id), key=f"autoclose:{ticket.id}")
    return True


async def _settle(work: Work, ticket: Ticket) -> bool:
    await employee_actions.settle_unanswered(work, ticket)
    return True


async def dispatch_waiting(work: Work, limit: int = 20) -> int:
    """The oldest waiting tickets get a chance at a coach who is free now (also right after one becomes free)."""
    offered = 0
    for ticket_id in await tickets.waiting_tickets(work.session, limit):
        ticket = await tickets.lock_ticket(work.session, ticket_id, skip_locked=True)
        if ticket is None or ticket.state not in tickets.WAITING_STATES:
            continue
        if await offers.route(work, ticket, tell_employee=False) == "offered":
            offered += 1
    return offered


async def expire_offers(engine: "Engine") -> int:
    """Offers past their deadline time out; offers held by a deactivated coach are withdrawn. Both re-route.

    One transaction per ticket, not one for all: re-routing notifies coaches,
    and one ticket's failure must not hold back the others.
    """
    async with engine.db.session() as session:
        ids = await tickets.tickets_with_dead_offers(session, engine.clock.now())
    ended = 0
    for ticket_id in ids:
        async with engine.db.session() as session:
            work = Work(engine=engine, session=session, now=engine.clock.now())
            ticket = await tickets.lock_ticket(session, ticket_id, skip_locked=True)
            if ticket is not None:
                ended += await _end_dead_offers(work, ticket)
    return ended


async def _end_dead_offers(work: Work, ticket: Ticket) -> int:
    ended = 0
    for offer in await tickets.pending_offers(work.session, ticket.id):
        coach = await people.coach_by_id(work.session, offer.coach_id)
        if offer.deadline <= work.now:
            kind, key = "timed_out", "offer_timed_out_coach"
        elif coach is None or not coach.active:
            kind, key = "withdrawn", "offer_expired"
        else:
            continue
        await offers.end_offer(work, offer, kind)
        ended += 1
        if kind == "timed_out":
            work.engine.metrics.offer_timeouts.inc()
        if coach and coach.person_id:
            lang = await work.language_of(coach.person_id)
            await work.notify(coach.person_id, t(key, lang, ticket=ticket.id), key=f"{kind}:{offer.id}")
    await offers.route_on(work, ticket)
    return ended
