"""Two replicas on one database: what the web console changes on one counts for the next question the other routes,
without a restart; the directory's time zone, the one value a replica keeps, follows on its next sweep."""
from __future__ import annotations

from dataclasses import replace

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from bot.directory_admin import make_invitation, pause_coach, resume_coach
from routing.directory import default_directory_path, load_directory
from routing.edits import save_coach
from routing.sync import import_directory
from tests.bot.harness import Harness, ask_coach, text_to
from tests.bot.test_faq_learning_replicas import same_database
from tests.bot.test_help_loop import onboard
from tests.conftest import MONDAY_MORNING

QUESTION = "de deur van de loods klemt en het alarm gaat af"
NINA = {"id": "nina", "name": "Nina", "site": "groendienst-citadelpark", "languages": "nl", "capacity": "1",
        "hours": "mon-sun 00:00-24:00"}


async def test_an_edit_on_one_replica_routes_the_next_question_on_the_other(database):
    clock = FakeClock(MONDAY_MORNING)
    a = await build_app(Config(), clock, db=database)
    b = await build_app(Config(), clock, db=same_database(database))
    await a.link_console()
    on_a, on_b = Harness(a), Harness(b)
    try:
        async with a.db.session() as s:  # the console on replica A: Anna (at Jan's site) paused, Nina added
            assert await pause_coach(a.engine, s, "anna") == []
            assert await save_coach(s, NINA, adding=True) == []
            invitation, _ = await make_invitation(s, "coach", "nina", clock.now())
        assert "Welkom, Nina" in text_to(await on_a.say("coach:nina", invitation.code), "coach:nina")

        await onboard(on_b, "jan")
        out = await ask_coach(on_b, "jan", QUESTION)  # replica B routes
        assert "Nieuwe vraag #1" in text_to(out, "coach:nina"), "the coach added on A, at Jan's own site"
        assert "Nieuwe vraag" not in text_to(out, "coach:anna")

        async with a.db.session() as s:
            assert await resume_coach(a.engine, s, "anna") == []
        await onboard(on_b, "piet")
        out = await ask_coach(on_b, "piet", "de koffieautomaat in de kantine geeft geen wisselgeld")
        assert "Nieuwe vraag #2" in text_to(out, "coach:anna"), "un-paused on A; Nina, at capacity, is not asked"
    finally:
        await a.close()
        await b.close()


async def test_a_new_time_zone_reaches_the_other_replica_on_its_sweep(database):
    clock = FakeClock(MONDAY_MORNING)
    a = await build_app(Config(), clock, db=database)
    b = await build_app(Config(), clock, db=same_database(database))
    try:
        assert b.engine.tz.key == "Europe/Brussels"
        lisbon = replace(load_directory(default_directory_path()), timezone="Europe/Lisbon")
        async with a.db.session() as s:  # a file import (`digicoach directory import`, or A starting with it)
            await import_directory(s, lisbon, clock.now())
        await b.engine.sweep()
        assert b.engine.tz.key == "Europe/Lisbon", "working hours are read in the new zone from now on"
    finally:
        await a.close()
        await b.close()
