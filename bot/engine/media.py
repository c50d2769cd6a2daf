"""A shared location (where the employee is now, for the nearest coach) and photos or other media."""
from __future__ import annotations

from bot.engine import coach as coach_actions
from bot.engine import employee as employee_actions
from bot.engine import with_coach
from bot.engine.work import Turn
from bot.messages import Attachment, Location
from bot.texts import t
from routing.geo import haversine_km
from storage import people, sites, tickets


async def on_location(turn: Turn, loc: Location) -> None:
    if not (-90 <= loc.lat <= 90 and -180 <= loc.lon <= 180):
        turn.say(t("stale_button", turn.lang))
        return
    person = turn.person
    person.lat, person.lon, person.location_at = loc.lat, loc.lon, turn.now
    turn.say(t("location_saved", turn.lang))
    if person.site_id is None:
        known = await sites.all_sites(turn.session)
        if known:
            person.site_id = min(known, key=lambda s: haversine_km(loc.lat, loc.lon, s.lat, s.lon)).id
    if turn.conv.state == "ask_site":
        pending = turn.data.get("pending")
        turn.set_state("idle")
        if pending:
            await employee_actions.ask(turn, pending)
            return
        turn.say(t("ask_question", turn.lang))


async def on_attachment(turn: Turn, attachment: Attachment) -> None:
    """Photos travel inside a ticket a coach has accepted, both ways; everything else gets a plain word."""
    if attachment.kind != "photo":
        turn.say(t("media_unsupported", turn.lang))
        return
    if turn.person.role == "employee":
        ticket = await tickets.open_ticket_of_employee(turn.session, turn.person.id)
        if ticket is not None and ticket.state == "accepted":
            await with_coach.relay_to_coach(turn, ticket, "", attachment=attachment)
            return
        turn.say(t("photo_outside", turn.lang))
        return
    if turn.person.role == "coach":
        coach = await people.coach_of(turn.session, turn.person.id)
        if coach is not None:
            await coach_actions.relay_to_employee(turn, coach, "", attachment=attachment)
            return
    turn.say(t("media_unsupported", turn.lang))
