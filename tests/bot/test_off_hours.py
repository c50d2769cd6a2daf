"""Off-hours honesty: a question that must wait says whether coaches are busy or nobody is at work, and until when.

With the demo directory: Jens works 06:00-10:00 and 16:00-20:00, Sofie 13:00-21:00 on weekdays and
08:00-20:00 at weekends; at 21:16 on a weekday nobody works. Time is moved, never slept.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from bot.engine.waiting import when_text
from storage.models import Coach, Ticket
from tests.bot.harness import Harness, ask_coach, payloads_to, text_to, to
from tests.conftest import BRUSSELS, MONDAY_MORNING

QUESTION = "de deur van de loods klemt en het alarm gaat af"
MONDAY_NIGHT = datetime(2026, 11, 23, 21, 16, tzinfo=BRUSSELS)
FRIDAY_NIGHT = datetime(2026, 11, 27, 21, 16, tzinfo=BRUSSELS)


async def chat_at(database, when: datetime) -> Harness:
    app = await build_app(Config(), FakeClock(when), db=database)
    await app.link_console()
    return Harness(app)


async def onboard(chat, actor="jan", greeting="hallo", site="Groendienst, ploeg Citadelpark"):
    await chat.say(actor, greeting)
    await chat.say(actor, site)


async def state_of(chat, ticket_id=1) -> str:
    async with chat.app.db.session() as s:
        return (await s.get(Ticket, ticket_id)).state


def offered_to_a_coach(out) -> bool:
    return any(a.startswith("coach:") for a, _ in out)


async def test_weekday_night_names_tomorrow_morning_and_the_shift_start_offers_it(database):
    chat = await chat_at(database, MONDAY_NIGHT)
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    said = text_to(out, "jan")
    assert "Nu is er geen digicoach aan het werk; morgen vanaf 6:00 is er weer iemand." in said
    assert "je bent nummer 1" in said and said.rstrip().endswith("Typ /cancel.")
    assert "bezet" not in said
    assert not offered_to_a_coach(out)
    assert await state_of(chat) == "queued"

    chat.clock.set(datetime(2026, 11, 24, 5, 59, tzinfo=BRUSSELS))
    assert not offered_to_a_coach(await chat.tick(0)), "nobody works yet"
    out = await chat.tick(1)  # 06:00: Jens's shift starts and the sweep offers him the waiting ticket
    assert "Nieuwe vraag #1" in text_to(out, "coach:jens")
    assert await state_of(chat) == "offered"


async def test_the_next_start_depends_on_who_speaks_the_language(database):
    chat = await chat_at(database, MONDAY_NIGHT)
    await onboard(chat, "marie", "bonjour")
    out = await ask_coach(chat, "marie", "la porte du hangar est bloquée et l'alarme sonne")
    said = text_to(out, "marie")
    assert "Aucun digicoach ne travaille en ce moment ; le premier sera là demain à partir de 6h00." in said
    assert "vous êtes numéro 1" in said and "occupés" not in said

    await onboard(chat, "kate")
    await chat.say("kate", "/lang en")
    out = await ask_coach(chat, "kate", "the shed door is stuck and the alarm goes off")
    said = text_to(out, "kate")
    assert "No digicoach is at work right now; the first one is back tomorrow from 7:00." in said  # Anna, not Jens
    assert "you are number 2" in said and "busy" not in said


async def test_friday_night_names_the_weekend_or_monday(database):
    chat = await chat_at(database, FRIDAY_NIGHT)
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    assert "morgen vanaf 8:00 is er weer iemand" in text_to(out, "jan")  # Sofie works on Saturday
    await onboard(chat, "marie", "bonjour")
    out = await ask_coach(chat, "marie", "la porte du hangar est bloquée et l'alarme sonne")
    assert "le premier sera là lundi à partir de 6h00" in text_to(out, "marie")  # no French at the weekend


async def test_every_coach_at_capacity_is_busy_with_the_position(chat, app):
    assert chat.clock.now() == MONDAY_MORNING.astimezone(timezone.utc)
    # At 9:00 Anna (2), Bram (1), Lotte (3), Jens (2) and Wout (1) work: nine open offers fill them all.
    for n in range(9):
        await onboard(chat, f"emp{n}")
        out = await ask_coach(chat, f"emp{n}", f"{QUESTION} {n}")
        assert offered_to_a_coach(out), n
    await onboard(chat, "jan")
    out = await ask_coach(chat, "jan", QUESTION)
    said = text_to(out, "jan")
    assert "Alle digicoaches zijn nu bezet; je bent nummer 1." in said
    assert "geen digicoach aan het werk" not in said
    await onboard(chat, "piet")
    out = await ask_coach(chat, "piet", "mijn kluisje gaat niet meer open")
    assert "bezet; je bent nummer 2" in text_to(out, "piet")


async def test_a_shift_ending_while_an_offer_waits_tells_the_next_start(database):
    chat = await chat_at(database, datetime(2026, 11, 23, 20, 50, tzinfo=BRUSSELS))  # only Sofie works, until 21:00
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    assert to(out, "coach:sofie")
    out = await chat.tick(11)  # 21:01: her offer timed out and her shift is over
    said = text_to(out, "jan")
    assert "morgen vanaf 6:00 is er weer iemand" in said and "bezet" not in said


async def test_a_coach_at_work_who_declined_still_means_busy(database):
    chat = await chat_at(database, datetime(2026, 11, 23, 20, 50, tzinfo=BRUSSELS))
    await onboard(chat)
    await ask_coach(chat, "jan", QUESTION)
    out = await chat.say("coach:sofie", "Niet nu")
    assert "Alle digicoaches zijn nu bezet; je bent nummer 1." in text_to(out, "jan")


async def test_nobody_speaks_the_language_keeps_the_ticket_waiting_and_promises_no_time(database):
    chat = await chat_at(database, MONDAY_MORNING)
    async with chat.app.db.session() as s:
        await s.execute(update(Coach).values(languages="nl"))
    await onboard(chat, "marie", "bonjour")
    out = await ask_coach(chat, "marie", "la porte du hangar est bloquée et l'alarme sonne")
    said = text_to(out, "marie")
    assert "Aucun digicoach ne peut prendre votre question pour l'instant" in said
    assert "vous êtes numéro 1" in said and "occupés" not in said and "à partir de" not in said
    assert said.rstrip().endswith("Tapez /cancel.")
    assert not offered_to_a_coach(out)
    assert await state_of(chat) == "queued"
    out = await chat.tick(121)  # as before: the coordinators hear of it after two working hours
    assert "wacht al" in text_to(out, "coordinator:tom")
    assert await state_of(chat) == "escalated"


async def test_everyone_paused_until_resume_promises_no_time(chat):
    for coach in ("anna", "bram", "lotte", "jens", "wout", "sofie"):
        await chat.say(f"coach:{coach}", "/pause")
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    said = text_to(out, "jan")
    assert "Er is nu geen digicoach die je vraag kan opnemen" in said and "je bent nummer 1" in said


async def test_a_pause_with_an_end_is_the_next_start(chat):
    chat.clock.set(datetime(2026, 11, 23, 12, 30, tzinfo=BRUSSELS))
    for coach in ("bram", "lotte", "jens", "wout"):
        await chat.say(f"coach:{coach}", "/pause")
    await chat.say("coach:anna", "/pause tot 14:00")  # Sofie starts at 13:00
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    assert "vandaag vanaf 13:00 is er weer iemand" in text_to(out, "jan")


# -- the day and time, said plainly -------------------------------------------


WEDNESDAY_EVENING = datetime(2026, 11, 25, 21, 16, tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    "start, lang, said",
    [
        (datetime(2026, 11, 25, 22, 0), "nl", "vandaag vanaf 22:00"),
        (datetime(2026, 11, 26, 8, 0), "nl", "morgen vanaf 8:00"),
        (datetime(2026, 11, 30, 8, 0), "nl", "maandag vanaf 8:00"),
        (datetime(2026, 11, 25, 22, 0), "en", "today from 22:00"),
        (datetime(2026, 11, 26, 8, 0), "en", "tomorrow from 8:00"),
        (datetime(2026, 11, 30, 8, 0), "en", "on Monday from 8:00"),
        (datetime(2026, 11, 25, 22, 0), "fr", "aujourd'hui à partir de 22h00"),
        (datetime(2026, 11, 26, 8, 30), "fr", "demain à partir de 8h30"),
        (datetime(2026, 11, 28, 8, 0), "fr", "samedi à partir de 8h00"),
        (datetime(2026, 12, 2, 8, 0), "nl", "woensdag 2 december vanaf 8:00"),  # a week ahead: the date too
        (datetime(2026, 12, 2, 8, 0), "fr", "mercredi 2 décembre à partir de 8h00"),
        (datetime(2026, 12, 2, 8, 0), "en", "on Wednesday 2 December from 8:00"),
    ],
)
def test_when_text(start, lang, said):
    assert when_text(start.replace(tzinfo=BRUSSELS).astimezone(timezone.utc), WEDNESDAY_EVENING, BRUSSELS, lang) == said


def test_when_text_counts_days_on_the_local_calendar():
    # 00:30 local is the next day although in UTC it is still the same one.
    late = datetime(2026, 11, 25, 23, 30, tzinfo=BRUSSELS)
    start = datetime(2026, 11, 26, 0, 30, tzinfo=BRUSSELS).astimezone(timezone.utc)
    assert start.day == 25  # 23:30 UTC
    assert when_text(start, late, BRUSSELS, "nl") == "morgen vanaf 0:30"
    assert when_text(start + timedelta(hours=6), late, BRUSSELS, "nl") == "morgen vanaf 6:30"
