"""Self-scans and training requests are personal data: exported, erased with the person (and by `/scan wissen`),
and after the retention period kept only as anonymous counts."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from storage import scan_figures
from storage.models import Scan, ScanArea, TrainingRequest
from storage.privacy import apply_retention, erase_person, export_person, find_person
from tests.bot.harness import Harness, text_to
from tests.bot.scan_helpers import STARTER, onboard, take_scan
from tests.conftest import MONDAY_MORNING

SIGN_UP = "Ik wil me inschrijven: Basiscursus digitaal (5 sessies)"


async def jan_scanned_and_signed_up(database):
    app = await build_app(Config(), FakeClock(MONDAY_MORNING), db=database)
    await app.link_console()
    chat = Harness(app)
    await onboard(chat, "jan")
    await take_scan(chat, "jan", STARTER)
    await chat.say("jan", SIGN_UP)
    return app, chat


async def counts(database) -> tuple[int, int, int]:
    async with database.session() as s:
        return tuple([await s.scalar(select(func.count()).select_from(t)) for t in (Scan, ScanArea, TrainingRequest)])


async def test_export_has_the_answers_the_result_and_the_training_request(database):
    await jan_scanned_and_signed_up(database)
    async with database.session() as s:
        data = await export_person(s, await find_person(s, "console:jan"))
    [scan] = data["scans"]
    assert scan["profile"] == "starter" and scan["to_work_on"] == ["phone", "login"] and scan["answers"]["apps"] == 1
    assert scan["coach_may_see"] is None
    assert [(r["training"], r["state"]) for r in data["training_requests"]] == [("basics", "requested")]


async def test_erase_deletes_scans_and_requests(database):
    await jan_scanned_and_signed_up(database)
    assert await counts(database) == (1, 6, 1)
    async with database.session() as s:
        done = await erase_person(s, await find_person(s, "console:jan"), MONDAY_MORNING)
    assert (done["scans_deleted"], done["training_requests_deleted"]) == (1, 1)
    assert await counts(database) == (0, 0, 0)


async def test_scan_wissen_deletes_the_persons_results_after_a_yes(database):
    app, chat = await jan_scanned_and_signed_up(database)
    out = await chat.say("jan", "/scan wissen")
    assert "Wil je al je digiscan-resultaten wissen?" in text_to(out, "jan")
    out = await chat.say("jan", "Nee, bewaren")
    assert "niets gewist" in text_to(out, "jan") and await counts(database) == (1, 6, 1)
    await chat.say("jan", "/scan wissen")
    out = await chat.say("jan", "Ja, wis alles")
    assert "zijn gewist (1)" in text_to(out, "jan")
    assert await counts(database) == (0, 0, 1), "the training request stays (the coordinator plans it), without its scan"
    out = await chat.say("jan", "/scan resultaat")
    assert "nog geen digiscan gedaan" in text_to(out, "jan")


async def test_retention_keeps_the_result_as_an_anonymous_count(database):
    app, chat = await jan_scanned_and_signed_up(database)
    await chat.say("jan", "/scan")  # a second scan, left unfinished
    await chat.say("jan", "2")
    async with database.session() as s:
        result = await apply_retention(s, MONDAY_MORNING + timedelta(days=181), 180)
    assert (result["scans_anonymised"], result["training_requests_anonymised"]) == (2, 1)
    async with database.session() as s:
        [scan] = (await s.execute(select(Scan))).scalars().all()
        [request] = (await s.execute(select(TrainingRequest))).scalars().all()
        assert (scan.person_id, scan.answers, scan.profile) == (None, "{}", "starter")
        assert (request.person_id, request.state) == (None, "requested")
        assert await scan_figures.groups(s, k=1) == [scan_figures.Group("Groendienst", 1, {"starter": 1},
                                                                       {"phone": 1, "login": 1})]
        again = await apply_retention(s, MONDAY_MORNING + timedelta(days=181), 180)
    assert again["scans_anonymised"] == 0
