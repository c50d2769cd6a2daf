"""The live view in a real Chromium: a new question appears without a reload, and assigning reaches the coach."""
from __future__ import annotations

import re

import pytest

from tests.bot.harness import ask_coach, text_to
from tests.web.pages import DESKTOP, serious_violations, shoot, signed_in_page


pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # one backend is enough for a browser


async def test_a_waiting_question_appears_live_and_assigning_offers_it(chat, server, browser, tmp_path):
    page = await signed_in_page(browser, chat)
    await page.get_by_text("Er staan geen vragen open.").wait_for()
    # every coach busy declines: the question waits in the queue
    for coach in ("coach:anna", "coach:bram", "coach:lotte", "coach:jens", "coach:sofie", "coach:wout"):
        await chat.say(coach, "/pause")
    await chat.say("jan", "hallo")
    await chat.say("jan", payload="site:groendienst-blaarmeersen")
    await ask_coach(chat, "jan", "mijn badge werkt niet meer aan de poort, wat nu?")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Toewijzen"))
    await row.wait_for(timeout=5000)  # the live part refreshes by itself: no reload
    await shoot(page, tmp_path / "screens", "now-phone")
    assert await serious_violations(page) == []
    await row.get_by_role("link").first.click()
    await page.get_by_role("heading", name=re.compile("Vraag #")).wait_for()
    assert "wat nu?" in await page.inner_text("main")
    await page.get_by_label("Toewijzen aan").select_option(label="Anna")
    await page.get_by_role("button", name="Toewijzen").click()
    await page.get_by_role("status").wait_for()
    assert "Anna" in await page.inner_text("[role=status]")
    offered = await chat.flush()
    assert "wat nu?" in text_to(offered, "coach:anna"), "the coach gets the offer with the whole question"
    await page.set_viewport_size(DESKTOP)
    await shoot(page, tmp_path / "screens", "ticket-desktop")
    assert await serious_violations(page) == []
