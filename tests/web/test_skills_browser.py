"""Digiscan in a real Chromium: an employee signs up for a training in the chat, the coordinator marks it planned
on the page, and the employee hears it in the chat; the figures are readable on a phone and pass axe."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.bot.harness import text_to
from tests.conftest import MONDAY_MORNING
from tests.web.pages import DESKTOP, serious_violations, shoot, signed_in_page
from tests.web.test_skills_page import city, signed_up

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # one backend is enough for a browser


async def test_a_sign_up_from_the_chat_is_marked_planned_on_the_page(chat, server, app, browser, tmp_path):
    await city(app, {"Groendienst": 5}, profile="careful", weak=("login",), round_id="2024",
               at=MONDAY_MORNING - timedelta(days=700))
    await city(app, {"Groendienst": 5, "Wegen": 3, "Zorg": 2}, profile="learner", weak=("phone", "login"))
    await signed_up(chat)  # jan, Groendienst: "Ik wil me inschrijven: Basiscursus digitaal (5 sessies)"
    page = await signed_in_page(browser, chat)
    await page.get_by_role("link", name="Digiscan").click()
    await page.get_by_role("heading", name="Digiscan", level=1).wait_for()
    assert await page.get_by_role("heading", name="Groendienst · 6 mensen").count() == 1
    assert await page.get_by_role("heading", name="Andere afdelingen samen · 5 mensen").count() == 1
    row = page.get_by_role("row").filter(has_text="Basiscursus digitaal")
    assert "Jan" in await row.inner_text() and "aangevraagd" in await row.inner_text()
    await shoot(page, tmp_path / "screens", "skills-phone")
    assert await serious_violations(page) == []

    await row.get_by_role("button", name="Ingepland").click()
    await page.get_by_role("status").wait_for()
    assert "staat nu op ingepland" in await page.inner_text("[role=status]")
    assert "ingepland" in await row.inner_text() and await row.get_by_role("button", name="Ingepland").count() == 0
    told = await chat.flush()
    assert "je bent ingepland voor Basiscursus digitaal" in text_to(told, "jan")

    await page.set_viewport_size(DESKTOP)
    await shoot(page, tmp_path / "screens", "skills-desktop")
    assert await serious_violations(page) == []
