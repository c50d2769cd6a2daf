"""What a digicoach can do: take or decline an offer, help, close, hand back; pausing is in bot/engine/pausing.py."""
from __future__ import annotations

from bot.engine import learning, offers, wording
from bot.engine.work import Turn
from bot.engine.relay import relay
from bot.engine.story import story
from bot.messages import Attachment, Button
from bot.texts import t
from routing.lifecycle import OUTCOMES, Outcome, parse_outcome
from routing.nearest import why_unavailable
from routing.pause import pause_in_effect
from routing.candidates import to_candidate
from storage import capacity, durations, people, sites, tickets
from storage.models import Coach, Ticket


def outcome_buttons(ticket_id: int, lang: str) -> list[Button]:
    return [Button(wording.outcome(o, lang), f"outcome:{ticket_id}:{o}") for o in OUTCOMES]


def helping_buttons(ticket_id: int, lang: str) -> list[Button]:
    return [Button(t("close", lang), f"close:{ticket_id}"), Button(t("hand_back", lang), f"handback:{ticket_id}")]


async def accept(turn: Turn, coach: Coach, ticket_id: str) -> bool:
    if not ticket_id.isdigit():
        return False
    tid = int(ticket_id)
    offer = await tickets.offer_for(turn.session, tid, coach.id)
    if offer is None:
        turn.say(t("not_your_offer", turn.lang, ticket=tid))
        return True
    try:
        won = await tickets.accept_offer(turn.session, tid, coach.id, turn.now)
    except capacity.AtCapacity as full:
        await _refuse_at_capacity(turn, coach, tid, full.held)
        return True
    if won:
        ticket = await tickets.lock_ticket(turn.session, tid)
        assert ticket is not None
        coach.last_assigned_at = turn.now
        await offers.withdraw_pending(turn, ticket, "already_taken")
        employee = await people.person(turn.session, ticket.employee_id) if ticket.employee_id else None
        name = (employee.first_name if employee else None) or "?"
        told = t("accepted_coach", turn.lang, name=name, ticket=tid) + "\n" + await story(turn, ticket, turn.lang)
        turn.say(told, helping_buttons(tid, turn.lang))
        turn.set_state("helping", ticket=tid)
        if employee:
            lang = await turn.language_of(employee.id)
            await turn.notify(employee.id, t("coach_found", lang, coach=coach.name), key=f"found:{offer.id}")  # per offer: the ticket may come back
        return True
    ticket = await tickets.get(turn.session, tid)
    if ticket is not None and ticket.state == "accepted" and ticket.coach_id == coach.id:
        await _already_yours(turn, ticket)
    elif ticket is not None and ticket.state == "accepted":
        turn.say(t("already_taken", turn.lang, ticket=tid))
    elif ticket is not None and ticket.state in tickets.WAITING_FOR_COACH and offer.status != "pending":
        turn.say(t("offer_expired", turn.lang, ticket=tid))
    elif ticket is not None and offer.status == "pending":
        turn.say(t("offer_expired", turn.lang, ticket=tid))  # deadline passed, sweep not yet run
    else:
        turn.say(t("ticket_over", turn.lang, ticket=tid))
    return True


async def _refuse_at_capacity(turn: Turn, coach: Coach, ticket_id: int, held: int) -> None:
    """An offer beyond the coach's capacity is not taken: it ends, and the ticket goes on to the next coach.

    The offer is withdrawn rather than declined, so the coach is not skipped
    for this ticket for good: once they have room they may be offered it again.
    """
    ticket = await tickets.lock_ticket(turn.session, ticket_id)
    offer = await tickets.offer_for(turn.session, ticket_id, coach.id)
    assert ticket is not None and offer is not None  # accept_offer found both
    await offers.end_offer(turn, offer, "withdrawn", detail="at capacity")
    turn.say(t("at_capacity", turn.lang, held=held, ticket=ticket_id))
    await offers.route_on(turn, ticket)


async def _already_yours(turn: Turn, ticket: Ticket) -> None:
    """A second accept of a ticket the coach already holds (an older button, /accept twice): the same reply."""
    employee = await people.person(turn.session, ticket.employee_id) if ticket.employee_id else None
    name = (employee.first_name if employee else None) or "?"
    told = t("accepted_coach", turn.lang, name=name, ticket=ticket.id) + "\n" + await story(turn, ticket, turn.lang)
    turn.say(told, helping_buttons(ticket.id, turn.lang))
    turn.set_state("helping", ticket=ticket.id)


async def accept_command(turn: Turn, coach: Coach, args: list[str]) -> None:
    """`/accept 16`, or `/accept` alone when one offer is open: the same path as the button (permissions first)."""
    from bot.engine.buttons import press  # the button path; imported here, as buttons imports this module

    if len(args) == 1 and args[0].lstrip("#").isdecimal():
        await press(turn, f"accept:{args[0].lstrip('#')}")
        return
    await accept_open_offer(turn, coach)


async def accept_open_offer(turn: Turn, coach: Coach) -> bool:
    """"ik help", "ja" or `/accept` typed with offers open: take the one offer, or pick among several.

    False when the coach has no open offer (the words are then for whoever they help).
    """
    from bot.engine.buttons import press

    pending = await tickets.pending_offers_of_coach(turn.session, coach.id)
    if not pending:
        return False
    if len(pending) == 1:
        await press(turn, f"accept:{pending[0].ticket_id}")
        return True
    turn.say(
        t("which_offer", turn.lang),
        [Button(f"{t('accept', turn.lang)} #{offer.ticket_id}", f"accept:{offer.ticket_id}") for offer in pending[:5]],
    )
    return True


async def decline(turn: Turn, coach: Coach, ticket_id: str) -> bool:
    if not ticket_id.isdigit():
        return False
    tid = int(ticket_id)
    ticket = await tickets.lock_ticket(turn.session, tid)
    offer = await tickets.offer_for(turn.session, tid, coach.id)
    if ticket is None or offer is None:
        turn.say(t("not_your_offer", turn.lang, ticket=tid))
        return True
    if offer.status == "accepted" and ticket.state == "accepted" and ticket.coach_id == coach.id:
        await _already_yours(turn, ticket)
        return True
    if offer.status != "pending":
        turn.say(t("offer_expired", turn.lang, ticket=tid) if ticket.state != "accepted" else t("already_taken", turn.lang, ticket=tid))
        return True
    await offers.end_offer(turn, offer, "declined")
    lang = turn.lang
    turn.say(
        t("declined", lang),
        [Button(t(f"reason_{r}", lang), f"reason:{offer.id}:{r}") for r in ("busy", "topic", "away")],
    )
    turn.set_state("idle")
    await offers.route_on(turn, ticket)
    return True


async def decline_reason(turn: Turn, coach: Coach, offer_id: str, reason: str) -> bool:
    offer = await tickets.offer(turn.session, int(offer_id)) if offer_id.isdigit() else None
    if offer is None or offer.coach_id != coach.id or offer.status != "declined" or reason not in ("busy", "topic", "away"):
        return False
    offer.reason = reason
    turn.say(t("reason_saved", turn.lang))
    return True


async def current_ticket(turn: Turn, coach: Coach) -> Ticket | None:
    """The ticket a coach's free text is about: the one they last acted on, else their latest."""
    wanted = turn.data.get("ticket")
    open_tickets = await tickets.accepted_by(turn.session, coach.id)
    for ticket in open_tickets:
        if ticket.id == wanted:
            return ticket
    return open_tickets[0] if open_tickets else None


async def relay_to_employee(turn: Turn, coach: Coach, text: str, attachment: Attachment | None = None) -> None:
    ticket = await current_ticket(turn, coach)
    if ticket is None or ticket.employee_id is None:
        turn.say(t("no_current_ticket", turn.lang))
        return
    await relay(turn, ticket, ticket.employee_id, coach.name, text, attachment)


async def ask_outcome(turn: Turn, coach: Coach, ticket_id: str) -> bool:
    ticket = await tickets.get(turn.session, int(ticket_id)) if ticket_id.isdigit() else None
    if ticket is None or ticket.coach_id != coach.id or ticket.state != "accepted":
        return False
    turn.say(t("pick_outcome", turn.lang, ticket=ticket.id), outcome_buttons(ticket.id, turn.lang))
    turn.set_state("helping", ticket=ticket.id)
    return True


async def close(turn: Turn, coach: Coach, ticket_id: int, outcome: str, minutes: int | None) -> bool:
    ticket = await tickets.lock_ticket(turn.session, ticket_id)
    if ticket is None or ticket.coach_id != coach.id or ticket.state != "accepted" or outcome not in OUTCOMES:
        return False
    await close_ticket(turn, ticket, coach, outcome, minutes)
    spent = minutes if minutes is not None else durations.handling_minutes(ticket.accepted_at, ticket.closed_at)
    turn.say(t("closed_coach", turn.lang, ticket=ticket.id, outcome=wording.outcome(outcome, turn.lang), minutes=spent),
             learning.mark_button(ticket, turn.lang))  # optional: closing is done, marking is one more tap
    turn.set_state("idle")
    await turn.engine.after_capacity_freed(turn)
    return True


async def close_ticket(work, ticket: Ticket, coach: Coach, outcome: str, minutes: int | None, *, auto: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Close with an outcome; the employee is thanked and asked for a rating (or told it was auto-closed)."""
    ticket.outcome = outcome
    ticket.minutes = minutes
    ticket.closed_at = work.now
    await work.move(ticket, "closed", coach_id=coach.id, detail=outcome)
    if ticket.employee_id is None:
        return
    lang = await work.language_of(ticket.employee_id)
    if auto:
        await work.notify(ticket.employee_id, t("auto_closed_employee", lang, ticket=ticket.id), key=f"closed:{ticket.id}")
        return
    rating = [Button(str(n), f"rate:{ticket.id}:{n}") for n in range(1, 6)]
    text = t("closed_employee", lang, coach=coach.name)
    if outcome == "needs_training" and ticket.scan_id is None:  # something to learn: the self-scan shows what helps
        text += "\n" + t("scan_offer_after_help", lang, count=len(work.engine.scan.items))
        rating.append(Button(t("scan_button", lang), "scan:start"))
    await work.notify(ticket.employee_id, text, rating, key=f"closed:{ticket.id}")
    conv = await people.conversation(work.session, ticket.employee_id, work.now)
    people.set_conversation(conv, "rating", work.now, ticket=ticket.id)


def read_close(args: list[str]) -> tuple[Outcome, int | None] | None:
    """`/close OUTCOME [MINUTES]`: the outcome in any language, perhaps several words ("niet opgelost 10"); None if unclear."""
    minutes = int(args[-1]) if len(args) > 1 and args[-1].isdecimal() else None
    words = args[:-1] if minutes is not None else args
    try:
        outcome = parse_outcome(" ".join(words)) if words else None
    except ValueError:
        return None
    if outcome is None or minutes is not None and minutes > 24 * 60:
        return None
    return outcome, minutes


async def close_command(turn: Turn, coach: Coach, args: list[str]) -> None:
    read = read_close(args)
    if read is None:
        turn.say(t("close_usage", turn.lang, outcomes=wording.outcome_choices(turn.lang)))
        return
    ticket = await current_ticket(turn, coach)
    if ticket is None:
        turn.say(t("nothing_to_close", turn.lang))
        return
    await close(turn, coach, ticket.id, read[0].value, read[1])


async def hand_back(turn: Turn, coach: Coach, ticket_id: str) -> bool:
    ticket = await tickets.lock_ticket(turn.session, int(ticket_id)) if ticket_id.isdigit() else None
    if ticket is None or ticket.coach_id != coach.id or ticket.state != "accepted":
        return False
    offer = await tickets.offer_for(turn.session, ticket.id, coach.id)
    if offer is not None:
        offer.status = "handed_back"
    ticket.coach_id = None
    ticket.accepted_at = None
    await tickets.add_event(turn.session, ticket.id, "handed_back", turn.now, coach_id=coach.id)
    turn.say(t("handed_back", turn.lang, ticket=ticket.id))
    turn.set_state("idle")
    if ticket.employee_id:
        lang = await turn.language_of(ticket.employee_id)
        await turn.notify(ticket.employee_id, t("employee_handed_back", lang, coach=coach.name))
    await offers.route(turn, ticket)
    return True


async def status(turn: Turn, coach: Coach) -> None:
    site = await sites.site(turn.session, coach.site_id)
    load = (await capacity.open_load(turn.session, [coach.id])).get(coach.id, 0)
    candidate = to_candidate(coach, site, load) if site else None
    reason = (
        why_unavailable(candidate, now=turn.now, tz=turn.engine.tz, language=coach.languages.split(",")[0])
        if candidate
        else "inactive"
    )
    state = t(f"status_{reason or 'available'}", turn.lang)
    if reason == "paused" and coach.paused_until and pause_in_effect(coach.paused, coach.paused_until, turn.now):
        state += t("until", turn.lang, when=wording.date_time(coach.paused_until, turn.engine.tz, turn.lang))
    hours = wording.hours(candidate.hours, turn.lang) if candidate else "?"
    turn.say(t("status", turn.lang, state=state, open=load, capacity=coach.capacity, hours=hours, site=site.name if site else "?"))


async def list_tickets(turn: Turn, coach: Coach) -> None:
    rows = await tickets.tickets_of_coach(turn.session, coach.id)
    open_offers = {offer.ticket_id for offer in await tickets.pending_offers_of_coach(turn.session, coach.id)}
    if not rows:
        turn.say(t("tickets_none", turn.lang))
        return
    lines = []
    buttons: list[Button] = []
    for ticket in rows[:10]:
        employee = await people.person(turn.session, ticket.employee_id) if ticket.employee_id else None
        name = (employee.first_name if employee else None) or "?"
        mine = ticket.coach_id == coach.id
        state = wording.state(ticket.state if mine or ticket.state != "accepted" else "taken", turn.lang)
        lines.append(f"#{ticket.id} {state} · {name} · {offers.shorten(ticket.question or '', 60)}" if mine or ticket.state == "offered" else f"#{ticket.id} {state}")
        if mine and ticket.state == "accepted":
            buttons.append(Button(f"{t('close', turn.lang)} #{ticket.id}", f"close:{ticket.id}"))
        elif ticket.id in open_offers:
            buttons.append(Button(f"{t('accept', turn.lang)} #{ticket.id}", f"accept:{ticket.id}"))
    turn.say("\n".join(lines), buttons[:5])
