"""The Coaches pages in a real Chromium: a coordinator pauses a coach and ends the pause (the coach is told in the
chat), adds a coach after fixing what the directory's rules refused, makes an invitation code with which the new
coach links their chat and is free at once; every page passes axe-core, at phone and desktop size."""
from __future__ import annotations

import re

import pytest

from tests.bot.harness import text_to
from tests.web.pages import DESKTOP, PHONE, serious_violations, shoot, signed_in_page

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # one backend is enough for a browser


async def checked(page, tmp_path, name: str) -> None:  # type: ignore[no-untyped-def]
    """axe-core finds nothing serious, at both sizes; a screenshot of each for a person to look at."""
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        await page.set_viewport_size(viewport)
        assert await serious_violations(page) == [], f"{name} at {size} size"
        await shoot(page, tmp_path / "screens", f"{name}-{size}")
    await page.set_viewport_size(PHONE)


async def note(page) -> str:  # type: ignore[no-untyped-def]
    await page.get_by_role("status").wait_for()
    return await page.inner_text("[role=status]")


async def test_pause_resume_add_and_invite_a_coach_in_the_browser(chat, server, browser, tmp_path):
    page = await signed_in_page(browser, chat)
    await page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Coaches").click()
    await page.get_by_role("heading", name="Coaches", level=1).wait_for()
    anna_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Anna"))
    assert "vrij" in await anna_row.inner_text()
    await checked(page, tmp_path, "coaches")

    await page.get_by_role("link", name="Anna").click()
    await page.get_by_role("heading", name="Coach Anna").wait_for()
    await checked(page, tmp_path, "coach")
    await page.get_by_label("Tot (niet verplicht)").fill("2h")
    await page.get_by_role("button", name="Op pauze zetten").click()
    assert (await note(page)).startswith("Anna staat op pauze tot ma 23/11 11:00")
    assert "pauze tot 23/11/2026 11:00" in await page.inner_text("main")
    assert "op pauze gezet tot ma 23/11 11:00" in text_to(await chat.flush(), "coach:anna")
    await page.get_by_role("button", name="Pauze beëindigen").click()
    assert "De pauze van Anna is beëindigd" in await note(page)
    assert "Niet op pauze." in await page.inner_text("main")
    assert "pauze beëindigd" in text_to(await chat.flush(), "coach:anna")

    await page.get_by_role("navigation", name="Coaches en locaties").get_by_role("link", name="Nieuwe coach").click()
    await page.get_by_role("heading", name="Nieuwe coach", level=1).wait_for()
    await page.get_by_label("Id").fill("nina")
    await page.get_by_label("Naam", exact=True).fill("Nina")
    await page.get_by_label("Locatie", exact=True).select_option(label="Groendienst, depot Blaarmeersen")
    await page.get_by_label("Talen").fill("nl, fr")
    await page.get_by_role("button", name="Coach toevoegen").click()
    await page.get_by_role("alert").wait_for()
    assert 'coach "nina": hours: missing' in await page.inner_text("[role=alert]")
    assert await page.get_by_label("Naam", exact=True).input_value() == "Nina", "what was typed stays"
    await checked(page, tmp_path, "coach-new-problems")
    await page.get_by_label("Werkuren").fill("mon-fri 08:00-16:00")
    await page.get_by_role("button", name="Coach toevoegen").click()
    await page.get_by_role("heading", name="Coach Nina").wait_for()
    assert "Nina is toegevoegd" in await note(page)
    assert "nog geen chat gekoppeld" in await page.inner_text("main")

    await page.get_by_role("button", name="Maak een uitnodigingscode").click()
    invited = await note(page)
    code = re.search(r"code (\S+) ·", invited).group(1)
    assert "Telegram: https://t.me/" in invited
    await checked(page, tmp_path, "coach-invited")
    assert "Welkom, Nina" in text_to(await chat.say("kim", code), "kim")

    await page.get_by_role("link", name="Overzicht").click()
    nina_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Nina"))
    assert (await nina_row.inner_text()).startswith("Nina\tvrij"), "linked by the code: free at once"

    await page.get_by_role("link", name="Stadhuis, Botermarkt").click()
    await page.get_by_role("heading", name="Locatie Stadhuis, Botermarkt").wait_for()
    assert "Jens" in await page.inner_text("main")
    await checked(page, tmp_path, "site")
    await page.get_by_role("link", name="Nieuwe locatie").click()
    await page.get_by_role("heading", name="Nieuwe locatie", level=1).wait_for()
    await checked(page, tmp_path, "site-new")
