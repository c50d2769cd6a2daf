"""Routing through the engine: availability, queue, escalation, reminders, restarts. Time is moved, never slept."""
from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from bot.messages import Location
from storage.models import Coach, Offer, Ticket, TicketEvent
from tests.bot.harness import Harness, ask_coach, buttons_to, payloads_to, text_to, to
from tests.conftest import BRUSSELS, MONDAY_MORNING

QUESTION = "de deur van de loods klemt en het alarm gaat af"


async def onboard(chat, actor="jan", site="Groendienst, ploeg Citadelpark"):
    await chat.say(actor, "hallo")
    await chat.say(actor, site)


async def pause_all(chat, *, but=()):
    for coach in ("anna", "bram", "lotte", "jens", "wout", "sofie"):
        if coach not in but:
            await chat.say(f"coach:{coach}", "/pause")


async def offers_of(app, ticket_id=1):
    async with app.db.session() as s:
        rows = await s.execute(select(Offer).where(Offer.ticket_id == ticket_id).order_by(Offer.id))
        return [(o.coach_id, o.status) for o in rows.scalars()]


async def ticket(app, ticket_id=1) -> Ticket:
    async with app.db.session() as s:
        return await s.get(Ticket, ticket_id)


def set_routing(app, **kw):
    app.engine.routing = replace(app.engine.routing, **kw)


async def test_coach_deactivated_while_holding_an_offer(chat, app):
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    accept = payloads_to(out, "coach:anna")[0]
    async with app.db.session() as s:
        await s.execute(update(Coach).where(Coach.id == "anna").values(active=False))
    out = await chat.say("coach:anna", payload=accept)
    assert "Je helpt" not in text_to(out, "coach:anna")
    out = await chat.tick(1)
    assert "Nieuwe vraag #1" in text_to(out, "coach:lotte")
    assert await offers_of(app) == [("anna", "withdrawn"), ("lotte", "pending")]


async def test_decline_after_accept_changes_nothing(chat, app):
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    decline = payloads_to(out, "coach:anna")[1]
    await chat.say("coach:anna", "Ik help")
    out = await chat.say("coach:anna", payload=decline)
    assert "Je helpt" in text_to(out, "coach:anna")
    assert (await ticket(app)).state == "accepted"


async def test_max_offers_escalates_and_coordinator_assigns_by_hand(chat, app):
    set_routing(app, max_offers=2)
    await onboard(chat)
    await ask_coach(chat, "jan", QUESTION)
    await chat.say("coach:anna", "Niet nu")
    out = await chat.say("coach:lotte", "Niet nu")
    assert "je bent nummer 1" in text_to(out, "jan")
    alert = text_to(out, "coordinator:tom")
    assert "#1" in alert and "Wie kan helpen" in alert
    assert QUESTION not in alert, "coordinators see no question text"
    assign = [p for p in payloads_to(out, "coordinator:tom") if p.endswith(":jens")] or payloads_to(out, "coordinator:tom")
    out = await chat.say("coordinator:tom", payload=assign[0])
    assert "aangeboden aan" in text_to(out, "coordinator:tom")
    coach = assign[0].split(":")[2]
    assert "Nieuwe vraag #1" in text_to(out, f"coach:{coach}")
    assert (await ticket(app)).state == "offered"
    out = await chat.say("coordinator:tom", payload=assign[0])
    assert "kan nu niet toegewezen" in text_to(out, "coordinator:tom"), "not twice"


async def test_forged_assign_by_a_coach_does_nothing(chat, app):
    set_routing(app, max_offers=1)
    await onboard(chat)
    await ask_coach(chat, "jan", QUESTION)
    await chat.say("coach:anna", "Niet nu")
    out = await chat.say("coach:anna", payload="assign:1:anna")
    assert "niet meer geldig" in text_to(out, "coach:anna")
    assert (await ticket(app)).state == "escalated"


async def test_queue_alert_after_two_working_hours_not_counting_the_weekend(database):
    friday = datetime(2026, 11, 27, 16, 30, tzinfo=BRUSSELS)
    app = await build_app(Config(), FakeClock(friday), db=database)
    await app.link_console()
    chat = Harness(app)
    await pause_all(chat)
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    assert "nummer 1" in text_to(out, "jan")
    chat.clock.set(datetime(2026, 11, 30, 9, 29, tzinfo=BRUSSELS))  # Monday: 30 + 89 working minutes
    out = await chat.tick(0)
    assert not to(out, "coordinator:tom")
    out = await chat.tick(2)
    assert "wacht al" in text_to(out, "coordinator:tom")
    assert (await ticket(app)).state == "escalated"
    out = await chat.tick(30)
    assert not to(out, "coordinator:tom"), "alerted once"


async def test_queue_is_first_come_first_served_when_a_coach_closes(chat, app):
    await pause_all(chat, but=("wout",))
    await onboard(chat)
    await onboard(chat, "piet")
    await onboard(chat, "an")
    await ask_coach(chat, "jan", QUESTION)  # to Wout (capacity 1)
    await chat.say("coach:wout", "Ik help")
    out = await ask_coach(chat, "piet", "mijn kluisje gaat niet meer open")
    assert "nummer 1" in text_to(out, "piet")
    out = await ask_coach(chat, "an", "de koffieautomaat in de kantine geeft geen wisselgeld")
    assert "nummer 2" in text_to(out, "an")
    out = await chat.say("coach:wout", "/close resolved")
    assert "Nieuwe vraag #2" in text_to(out, "coach:wout") and "#3" not in text_to(out, "coach:wout")


async def test_reminder_then_auto_close_as_no_show(chat, app):
    await onboard(chat)
    await ask_coach(chat, "jan", QUESTION)
    await chat.say("coach:anna", "Ik help")
    out = await chat.tick(23 * 60)
    assert not to(out, "coach:anna")
    out = await chat.tick(61)
    assert "staat nog open" in text_to(out, "coach:anna")
    assert "Afsluiten" in buttons_to(out, "coach:anna")
    out = await chat.tick(60)
    assert not to(out, "coach:anna"), "reminded once"
    out = await chat.tick(2 * 24 * 60)
    assert "afgesloten omdat we een tijd niets hoorden" in text_to(out, "jan")
    t = await ticket(app)
    assert (t.state, t.outcome) == ("closed", "no_show")


async def test_hand_back_reroutes_and_skips_that_coach(chat, app):
    await onboard(chat)
    await ask_coach(chat, "jan", QUESTION)
    await chat.say("coach:anna", "Ik help")
    out = await chat.say("coach:anna", "Geef terug")
    assert "teruggegeven" in text_to(out, "coach:anna")
    assert "kan je toch niet helpen" in text_to(out, "jan")
    assert "Nieuwe vraag #1" in text_to(out, "coach:lotte")
    assert await offers_of(app) == [("anna", "handed_back"), ("lotte", "pending")]
    await chat.say("coach:lotte", "Ik help")
    t = await ticket(app)
    assert (t.state, t.coach_id) == ("accepted", "lotte")


async def test_pause_for_two_hours_ends_by_itself(chat, app):
    out = await chat.say("coach:anna", "/pause 2h")
    assert "pauze tot" in text_to(out, "coach:anna")
    assert "op pauze" in text_to(await chat.say("coach:anna", "/status"), "coach:anna")
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    assert not to(out, "coach:anna") and to(out, "coach:lotte")
    await chat.tick(121)
    assert "beschikbaar" in text_to(await chat.say("coach:anna", "/status"), "coach:anna")
    await onboard(chat, "piet")
    out = await ask_coach(chat, "piet", "mijn kluisje gaat niet meer open")
    assert to(out, "coach:anna")


async def test_bad_pause_is_explained(chat):
    out = await chat.say("coach:anna", "/pause tot sintjuttemis")
    assert "/pause tot vrijdag" in text_to(out, "coach:anna")
    assert "beschikbaar" in text_to(await chat.say("coach:anna", "/status"), "coach:anna")


async def test_coach_outside_hours_is_skipped(chat, app):
    chat.clock.set(datetime(2026, 11, 23, 15, 45, tzinfo=BRUSSELS))  # Anna works until 15:30
    assert "buiten je uren" in text_to(await chat.say("coach:anna", "/status"), "coach:anna")
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    assert not to(out, "coach:anna") and to(out, "coach:lotte")


async def test_shared_location_picks_the_coach_nearest_to_it(chat, app):
    await onboard(chat, site="Administratief Centrum Zuid, Woodrow Wilsonplein")
    out = await chat.say("jan", location=Location(51.0785, 3.7295))  # at the Wiedauwkaai depot today
    assert "locatie" in text_to(out, "jan")
    out = await ask_coach(chat, "jan", QUESTION)
    assert "Nieuwe vraag #1" in text_to(out, "coach:bram")
    await chat.say("coach:bram", "Niet nu")
    chat.clock.advance(timedelta(minutes=61))  # an hour later the location is stale: back to the site
    await chat.say("jan", "/cancel")
    out = await ask_coach(chat, "jan", "mijn kluisje gaat niet meer open")
    assert to(out, "coach:lotte")


async def test_french_speaker_goes_to_a_french_speaking_coach(chat, app):
    await chat.say("marie", "bonjour")
    await chat.say("marie", "Groendienst, ploeg Citadelpark")
    out = await ask_coach(chat, "marie", "la porte du hangar est bloquée et l'alarme sonne")
    assert "Je cherche un digicoach" in text_to(out, "marie")
    assert not to(out, "coach:anna")  # nearest, but no French
    assert to(out, "coach:lotte")


async def test_unanswered_faq_answer_counts_as_self_served_after_an_hour(chat, app):
    await onboard(chat)
    await chat.say("jan", "waar vind ik mijn loonbrief")
    await chat.tick(59)
    assert (await ticket(app)).state == "new"
    await chat.tick(2)
    assert (await ticket(app)).state == "self_served"


async def test_restart_with_a_pending_offer_reoffers_exactly_once(database):
    clock = FakeClock(MONDAY_MORNING)
    first = await build_app(Config(), clock, db=database)
    await first.link_console()
    chat = Harness(first)
    await onboard(chat)
    await ask_coach(chat, "jan", QUESTION)
    # the first process is gone; a new one starts on the same database
    second = await build_app(Config(), clock, db=database)
    chat2 = Harness(second)
    out = await chat2.tick(11)
    assert "Nieuwe vraag #1" in text_to(out, "coach:lotte")
    out = await chat2.tick(1)
    assert not to(out, "coach:lotte")
    assert await offers_of(second) == [("anna", "timed_out"), ("lotte", "pending")]


async def test_two_engines_sweeping_at_once_reoffer_exactly_once(database):
    clock = FakeClock(MONDAY_MORNING)
    a = await build_app(Config(), clock, db=database)
    await a.link_console()
    b = await build_app(Config(), clock, db=database)
    chat = Harness(a)
    await onboard(chat)
    for n in range(5):
        await onboard(chat, f"emp{n}")
        await ask_coach(chat, f"emp{n}", f"{QUESTION} {n}")
    clock.advance(timedelta(minutes=11))
    await asyncio.gather(a.engine.sweep(), b.engine.sweep(), a.engine.sweep())
    async with database.session() as s:
        offers = (await s.execute(select(Offer.ticket_id, func.count()).group_by(Offer.ticket_id))).all()
        events = await s.scalar(select(func.count()).select_from(TicketEvent).where(TicketEvent.kind == "timed_out"))
    assert sorted(n for _, n in offers) == [2, 2, 2, 2, 2]
    assert events == 5


async def test_queued_ticket_is_offered_when_a_shift_starts(database):
    early = datetime(2026, 11, 23, 5, 0, tzinfo=BRUSSELS)  # nobody works yet; Jens starts at 06:00
    app = await build_app(Config(), FakeClock(early), db=database)
    await app.link_console()
    chat = Harness(app)
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    assert "nummer 1" in text_to(out, "jan")
    out = await chat.tick(59)
    assert not any(a.startswith("coach:") for a, _ in out)
    out = await chat.tick(2)
    assert "Nieuwe vraag #1" in text_to(out, "coach:jens")


async def test_coordinator_sees_waiting_and_long_open_tickets_without_question_text(chat, app):
    await onboard(chat)
    await ask_coach(chat, "jan", QUESTION)
    await chat.say("coach:anna", "Ik help")
    assert "Er wachten geen vragen" in text_to(await chat.say("coordinator:tom", "/tickets"), "coordinator:tom")
    chat.clock.advance(timedelta(days=3, minutes=1))
    await chat.say("coach:anna", "nog even geduld")  # activity: no auto-close, but open for days
    out = await chat.say("coordinator:tom", "/tickets")
    listing = text_to(out, "coordinator:tom")
    assert "#1 in behandeling" in listing and "anna" in listing  # the state in the coordinator's Dutch
    assert "loods" not in listing
