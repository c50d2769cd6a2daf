"""A coordinator pauses, resumes and invites coaches from the web console, through the chat's own rules."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.directory_admin import make_invitation, pause_coach, resume_coach
from storage.models import Coach
from tests.bot.harness import ask_coach, text_to
from tests.bot.test_help_loop import onboard

QUESTION = "de deur van de loods klemt en het alarm gaat af"
EVERYONE = ("anna", "bram", "lotte", "jens", "wout", "sofie")


async def pause(app, coach_id, until=None, departments=()):
    async with app.db.session() as s:
        return await pause_coach(app.engine, s, coach_id, until, departments)


async def resume(app, coach_id, departments=()):
    async with app.db.session() as s:
        return await resume_coach(app.engine, s, coach_id, departments)


async def coach(app, coach_id) -> Coach:
    async with app.db.session() as s:
        return await s.get(Coach, coach_id)


async def test_a_paused_coach_is_told_and_gets_no_questions(chat, app):
    assert await pause(app, "anna", "tot 14:00") == []
    told = text_to(await chat.flush(), "coach:anna")
    assert told == "Een coördinator heeft je op pauze gezet tot ma 23/11 14:00. Je krijgt geen nieuwe vragen. " \
                   "/resume om terug te komen."
    await onboard(chat)
    out = await ask_coach(chat, "jan", QUESTION)
    assert "Nieuwe vraag #1" not in text_to(out, "coach:anna"), "Anna works at Jan's site, but is paused"
    assert "Nieuwe vraag #1" in text_to(out, "coach:lotte"), "the next nearest gets it"
    assert "op pauze" in text_to(await chat.say("coach:anna", "/status"), "coach:anna"), "what /status says too"


async def test_resume_offers_the_waiting_question_at_once(chat, app):
    for coach_id in EVERYONE:
        assert await pause(app, coach_id) == []
    await chat.flush()
    await onboard(chat)
    assert "je bent nummer 1" in text_to(await ask_coach(chat, "jan", QUESTION), "jan")
    assert await resume(app, "wout") == []
    told = text_to(await chat.flush(), "coach:wout")
    assert told.startswith("Een coördinator heeft je pauze beëindigd.")
    assert "Nieuwe vraag #1" in told.split("\n", 1)[1], "the waiting question, right after being told"
    assert await resume(app, "wout") == [] and text_to(await chat.flush(), "coach:wout") == "", "not paused: no news"


async def test_pause_until_a_moment_or_until_resumed(chat, app):
    assert await pause(app, "anna", datetime(2026, 11, 24, 8, 0)) == [], "naive: the directory's local time"
    assert (await coach(app, "anna")).paused_until == datetime(2026, 11, 24, 7, 0, tzinfo=timezone.utc)
    assert await pause(app, "bram", "") == []
    assert (await coach(app, "bram")).paused and (await coach(app, "bram")).paused_until is None
    assert "op pauze gezet. Je krijgt" in text_to(await chat.flush(), "coach:bram")
    assert await pause(app, "lotte", "tot sint-juttemis") == [
        "coach \"lotte\": until: I don't understand 'until sint-juttemis'. Try a day (friday, vrijdag, vendredi) "
        "or a time (14:00, 14u)."]
    assert await pause(app, "lotte", datetime(2026, 11, 23, 8, 0)) == ['coach "lotte": until: That moment has already passed.']
    assert not (await coach(app, "lotte")).paused


async def test_a_scoped_coordinator_pauses_only_their_coaches(chat, app):
    assert await pause(app, "anna", "2h", ["Zorg"]) == [
        'coach "anna": department: "Groendienst" is not one of your departments (Zorg)']
    assert await pause(app, "nobody") == ['coach "nobody": id: not in the directory']
    assert not (await coach(app, "anna")).paused
    assert await pause(app, "sofie", "2h", ["Zorg"]) == []
    assert await resume(app, "sofie", ["Groendienst"]) != []
    assert (await coach(app, "sofie")).paused


async def test_an_invitation_from_the_console_links_the_coach(chat, app):
    async with app.db.session() as s:
        invitation, problems = await make_invitation(s, "coach", "anna", app.clock.now(), bot_username="gent_bot")
    assert problems == [] and invitation is not None
    text = invitation.text()
    assert text.startswith("invitation for coach anna (Anna), valid 7 days, usable once:")
    assert f"https://t.me/gent_bot?start={invitation.code.replace('-', '')}" in text
    assert "Welkom, Anna" in text_to(await chat.say("kim", invitation.code), "kim")


async def test_a_scoped_coordinator_invites_only_within_their_departments(app):
    async with app.db.session() as s:
        now = app.clock.now()
        assert (await make_invitation(s, "coach", "lotte", now, departments=["Groendienst"]))[1] == [
            'coach "lotte": department: "Administratie" is not one of your departments (Groendienst)']
        assert (await make_invitation(s, "coordinator", "tom", now, departments=["Groendienst"]))[1] == [
            'coordinator "tom": department: none is not one of your departments (Groendienst)'], "Tom sees all"
        assert (await make_invitation(s, "coach", "anna", now, departments=["Groendienst"]))[1] == []
        assert (await make_invitation(s, "coach", "nobody", now))[1] == ["no coach 'nobody' in the directory"]
