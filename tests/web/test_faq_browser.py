"""The FAQ pages in a real Chromium: a coordinator edits an answer and the employee's next question gets it;
approving a candidate made in the chat takes it off the queue and the chat answers that phrasing; every FAQ
page passes axe-core, at phone and desktop size."""
from __future__ import annotations

import re

import pytest

from tests.bot.harness import buttons_to, payloads_to, text_to
from tests.web.pages import DESKTOP, PHONE, serious_violations, shoot, signed_in_page

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # one backend is enough for a browser

NEW_ANSWER = "Je loonbrief staat sinds deze maand in de app Mijn Loon, onder 'Documenten'."
PRINTER = "de printer in de kantine drukt alles scheef af"


async def onboard(chat, actor: str) -> None:
    await chat.say(actor, "hallo")
    await chat.say(actor, payload="site:groendienst-blaarmeersen")


async def checked(page, tmp_path, name: str) -> None:  # type: ignore[no-untyped-def]
    """axe-core finds nothing serious, at both sizes; a screenshot of each for a person to look at."""
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        await page.set_viewport_size(viewport)
        assert await serious_violations(page) == [], f"{name} at {size} size"
        await shoot(page, tmp_path / "screens", f"{name}-{size}")
    await page.set_viewport_size(PHONE)


async def test_edit_an_answer_and_approve_a_candidate_in_the_browser(chat, server, browser, tmp_path):
    await onboard(chat, "jan")
    out = await chat.say("jan", PRINTER)
    assert "afdrukken op het werk" in buttons_to(out, "jan")
    await chat.say("jan", payload=payloads_to(out, "jan")[0])  # the suggestion jan picks becomes a candidate phrasing

    page = await signed_in_page(browser, chat)
    await page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="FAQ").click()
    await page.get_by_role("heading", name="De FAQ", level=1).wait_for()
    await checked(page, tmp_path, "faq-entries")
    await page.get_by_label("Zoeken in id, vragen en antwoorden").fill("loonbrief")
    await page.wait_for_url(re.compile(r"q=loonbrief"))  # the list follows the typing (HTMX), the URL too
    await page.get_by_role("link", name="Waar vind ik mijn loonbrief?").click()

    await page.get_by_role("heading", name="FAQ-item payslip").wait_for()
    await checked(page, tmp_path, "faq-entry")
    await page.get_by_label("Nieuw antwoord (nl)").fill(NEW_ANSWER)
    await page.locator("section", has=page.get_by_label("Nieuw antwoord (nl)")).get_by_role(
        "button", name="Antwoord bewaren").click()
    await page.get_by_role("status").wait_for()
    assert "nieuwe antwoord" in await page.inner_text("[role=status]")
    assert NEW_ANSWER in await page.inner_text("main")

    asked = await chat.say("jan", "waar vind ik mijn loonbrief")
    assert NEW_ANSWER in text_to(asked, "jan") and "Mia" not in text_to(asked, "jan"), "the chat answers with the edit"

    await page.get_by_role("link", name="Voorstellen").click()
    await page.get_by_role("heading", name="Voorstellen voor de FAQ").wait_for()
    card = page.get_by_role("listitem").filter(has_text=PRINTER)
    await card.wait_for()
    assert "afdrukken op het werk" in await card.inner_text()
    await checked(page, tmp_path, "faq-review")
    await card.get_by_role("button", name="Goedkeuren").click()
    await page.get_by_role("status").wait_for()
    assert PRINTER in await page.inner_text("[role=status]") and "staat nu in de FAQ" in await page.inner_text("[role=status]")
    assert "Er wachten geen voorstellen." in await page.inner_text("main"), "the candidate left the queue"

    await onboard(chat, "piet")
    answered = await chat.say("piet", PRINTER)
    assert "Stad-Print" in text_to(answered, "piet") and "Bedoelde je" not in text_to(answered, "piet")

    await page.get_by_role("link", name="Test een vraag").click()
    await page.get_by_label("Vraag").fill("<b>waar</b> vind ik mijn loonbrief")
    await page.get_by_role("button", name="Testen").click()
    await page.get_by_role("heading", name="Wat de chat doet").wait_for()
    result = await page.inner_text("main")
    assert "<b>waar</b> vind ik mijn loonbrief" in result, "typed text shows as typed, not as markup"
    assert "answer" in result and NEW_ANSWER in result and "Kans dat het beste item klopt" in result
    await checked(page, tmp_path, "faq-test")

    await page.get_by_role("link", name="Onbeantwoord").click()
    await page.get_by_role("heading", name="Wat de FAQ niet kon beantwoorden").wait_for()
    await checked(page, tmp_path, "faq-gaps")

    await page.get_by_role("link", name="Nieuw item").click()
    await page.get_by_label("Id").fill("Koffie Automaat")
    await page.get_by_role("button", name="Item bewaren").click()
    await page.get_by_role("alert").wait_for()
    problems = await page.inner_text("[role=alert]")
    assert "Id: gebruik kleine letters" in problems and "Antwoord: vul dit in." in problems
    await checked(page, tmp_path, "faq-new-problems")
