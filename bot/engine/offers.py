"""Offering a ticket to the nearest available coaches, and what happens when nobody can take it."""
from __future__ import annotations

import logging
from datetime import timedelta

from bot.engine import waiting
from bot.engine.story import story
from bot.engine.work import Work
from bot.messages import Button
from bot.texts import t
from routing.candidates import nearest_available
from routing.geo import haversine_km
from routing.nearest import EmployeePoint, RankedCoach
from storage import outbox, people, sites, tickets
from storage.models import Offer, Ticket

log = logging.getLogger("digicoach.routing")


def distance_text(km: float | None) -> str:
    if km is None:
        return "?"
    if km < 0.05:
        return "0 m"
    if km < 1:
        return f"{round(km * 1000, -1):.0f} m"
    return f"{km:.1f} km".replace(".", ",")


async def rank_for(work: Work, ticket: Ticket, want: int | None = None) -> list[RankedCoach]:
    """The best available coaches for this ticket, never one who declined, timed out or handed it back."""
    excluded = await tickets.excluded_coaches(work.session, ticket.id)
    point = await employee_point(work, ticket)
    return await nearest_available(
        work.session, point, ticket.language, work.now, work.engine.tz, excluded,
        want=want or work.engine.routing.offers_at_once,
    )


async def employee_point(work: Work, ticket: Ticket) -> EmployeePoint:
    if ticket.lat is not None and ticket.lon is not None:
        return EmployeePoint(lat=ticket.lat, lon=ticket.lon, department=ticket.department)
    site = await sites.first_site(work.session)
    # No site and no location (should not happen after onboarding): rank from the first site rather than from 0,0.
    return EmployeePoint(lat=site.lat if site else 0.0, lon=site.lon if site else 0.0, department=ticket.department)


async def route(work: Work, ticket: Ticket, *, tell_employee: bool = True) -> str:
    """Offer to the best coaches, or put the ticket in the queue. Returns the ticket's new state."""
    engine = work.engine
    cfg = engine.routing
    waiting = ticket.state in tickets.WAITING_STATES
    if ticket.offer_count >= cfg.max_offers and not waiting:
        await escalate(work, ticket, reason="max_offers", tell_employee=tell_employee)
        return ticket.state
    room = min(cfg.offers_at_once, cfg.max_offers - ticket.offer_count)
    if waiting:
        room = max(1, room)  # past the cap, a waiting ticket still gets one offer whenever a coach is free
    chosen = (await rank_for(work, ticket, want=room))[:room]
    if not chosen:
        if ticket.state not in tickets.WAITING_STATES:
            await work.move(ticket, "queued", detail="no coach available")
            ticket.queued_at = work.now
        if tell_employee:
            await tell_queue_position(work, ticket)
        return ticket.state
    await work.move(ticket, "offered", detail=",".join(c.coach_id for c in chosen))
    for choice in chosen:
        await make_offer(work, ticket, choice.coach_id, choice.distance_km)
    return ticket.state


async def make_offer(work: Work, ticket: Ticket, coach_id: str, distance_km: float | None) -> None:
    deadline = work.now + timedelta(minutes=work.engine.routing.offer_timeout_minutes)
    offer = await tickets.add_offer(work.session, ticket.id, coach_id, work.now, deadline, distance_km)
    ticket.offer_count += 1
    work.engine.metrics.offers.inc()
    coach = await people.coach_by_id(work.session, coach_id)
    employee = await people.person(work.session, ticket.employee_id) if ticket.employee_id else None
    site = await sites.site(work.session, ticket.site_id)
    lang = await work.language_of(coach.person_id if coach else None)
    text = t(
        "offer", lang,
        ticket=ticket.id,
        name=(employee.first_name if employee else None) or "?",
        site=site.name if site else "?",
        distance=distance_text(distance_km),
        question=await story(work, ticket, lang),
    )
    buttons = [Button(t("accept", lang), f"accept:{ticket.id}"), Button(t("decline", lang), f"decline:{ticket.id}")]
    if not await work.notify(coach.person_id if coach else None, text, buttons, key=f"offer:{offer.id}", tag=f"offer:{ticket.id}"):
        log.warning(
            "offered coach unreachable; the offer stands until it times out",
            extra={"event": "offer_unreachable", "ticket": ticket.id, "person_id": coach.person_id if coach else None},
        )


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def tell_queue_position(work: Work, ticket: Ticket) -> None:
    key = f"queued:{ticket.id}:{work.now.timestamp()}"
    if await outbox.is_queued(work.session, key):
        return  # already told at this instant (queued, offered and declined again in the same moment)
    lang = await work.language_of(ticket.employee_id)
    await work.notify(ticket.employee_id, await waiting.waiting_text(work, ticket, lang), key=key)


async def escalate(work: Work, ticket: Ticket, *, reason: str, tell_employee: bool = True) -> None:
    """No coach left to try: keep it waiting for the next free coach, and tell the coordinators now."""
    if ticket.state != "escalated":
        await work.move(ticket, "escalated", detail=reason)
        ticket.queued_at = ticket.queued_at or work.now
    if ticket.alerted_at is None:
        await alert_coordinators(work, ticket)
    if tell_employee:
        await tell_queue_position(work, ticket)


async def alert_coordinators(work: Work, ticket: Ticket) -> None:
    ticket.alerted_at = work.now
    waited = work.now - (ticket.created_at or work.now)
    site = await sites.site(work.session, ticket.site_id)
    suggestions = await assignable_coaches(work, ticket, limit=3)
    for coordinator in await people.active_coordinators(work.session):
        lang = await work.language_of(coordinator.person_id)
        text = t(
            "escalation", lang, ticket=ticket.id, site=site.name if site else "?",
            language=ticket.language, waited=human_duration(waited, lang),
        )
        buttons = [Button(name, f"assign:{ticket.id}:{coach_id}") for coach_id, name in suggestions]
        await work.notify(coordinator.person_id, text, buttons, key=f"alert:{ticket.id}:{coordinator.id}")


async def assignable_coaches(work: Work, ticket: Ticket, limit: int = 3) -> list[tuple[str, str]]:
    """Coaches a coordinator may pick by hand: active, reachable, speak the language, nearest first."""
    rows = await sites.reachable_coaches_with_sites(work.session)
    lat, lon = ticket.lat or 0.0, ticket.lon or 0.0
    ranked = sorted(
        (haversine_km(lat, lon, site.lat, site.lon), coach.id, coach.name)
        for coach, site in rows
        if ticket.language in coach.languages.split(",")
    )
    return [(cid, name) for _, cid, name in ranked[:limit]]


def human_duration(delta: timedelta, lang: str) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 90:
        return f"{minutes} min"
    hours = minutes / 60
    unit = {"nl": "uur", "en": "hours", "fr": "heures"}.get(lang, "uur")
    if hours < 48:
        return f"{hours:.0f} {unit}"
    days = {"nl": "dagen", "en": "days", "fr": "jours"}.get(lang, "dagen")
    return f"{hours / 24:.0f} {days}"


async def end_offer(work: Work, offer: Offer, status: str, *, detail: str | None = None) -> None:
    """An offer answered or over (declined, timed out, withdrawn, unreachable): its status, time and event."""
    offer.status = status
    offer.answered_at = work.now
    await tickets.add_event(work.session, offer.ticket_id, status, work.now, coach_id=offer.coach_id, detail=detail)


async def route_on(work: Work, ticket: Ticket) -> None:
    """After an offer ended: if it was the ticket's last pending one, the next coach gets it."""
    if ticket.state == "offered" and not await tickets.pending_offers(work.session, ticket.id):
        await route(work, ticket)


async def withdraw_pending(work: Work, ticket: Ticket, text_key: str, **values: object) -> None:
    """End every pending offer of a ticket and tell those coaches why."""
    for offer in await tickets.pending_offers(work.session, ticket.id):
        offer.status = "withdrawn"
        offer.answered_at = work.now
        coach = await people.coach_by_id(work.session, offer.coach_id)
        if coach and coach.person_id:
            lang = await work.language_of(coach.person_id)
            await work.notify(coach.person_id, t(text_key, lang, ticket=ticket.id, **values), key=f"withdrawn:{offer.id}")
