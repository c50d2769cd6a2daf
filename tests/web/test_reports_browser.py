"""Reports, Privacy and the Audit log in a real Chromium: a week's figures, the CSV downloaded and read, a person
exported and erased after the confirmation page, and the log that says so; axe-core on every page, phone and desktop."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.web.pages import DESKTOP, serious_violations, shoot, signed_in_page
from tests.web.scoping import known_fortnight, person_id

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # one backend is enough for a browser


async def test_reports_csv_privacy_and_audit_in_a_browser(chat, server, browser, tmp_path):
    screens = tmp_path / "screens"
    await known_fortnight(chat)  # tickets in W47 and W48 through the chat; the clock now on Tuesday 1 December
    piet = await person_id(chat, "piet")
    page = await signed_in_page(browser, chat)

    await page.get_by_role("link", name="Rapporten").click()
    await page.get_by_role("heading", level=1, name="Weekoverzicht 2026-W48").wait_for()
    questions = page.get_by_role("row", name=re.compile(r"^Vragen 6"))
    assert await questions.count() == 1, "this week's questions, with the arrow against the weeks before"
    assert await page.get_by_role("img", name="Vragen per dag; Vragen per week (8 weken)").is_visible()
    main = await page.inner_text("main")
    assert "2026-W41" in main and "Minder dan 5 mensen deze week: niet apart getoond." in main
    assert "Groendienst" not in main, "jan and piet: two people are not shown per department (storage/kanon.py)"
    await shoot(page, screens, "reports-phone")
    assert await serious_violations(page) == []

    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="CSV downloaden").click()
    download = await downloading.value
    assert download.suggested_filename == "digest-2026-W48.csv"
    rows = list(csv.DictReader(io.StringIO(Path(await download.path()).read_text(encoding="utf-8"))))
    total = next(r for r in rows if r["section"] == "total")
    assert (total["week"], total["questions"], total["faq_solved"], total["accepted"]) == ("2026-W48", "6", "1", "4")
    assert (total["people"], total["rating_avg"]) == ("2", ""), "two people: counts only"
    assert [r for r in rows if r["section"] in ("department", "site")] == [], "no department of one person"

    await page.get_by_label("Week", exact=True).select_option("2026-W47")
    await page.get_by_role("button", name="Toon").click()
    await page.get_by_role("heading", level=1, name="Weekoverzicht 2026-W47").wait_for()
    await page.set_viewport_size(DESKTOP)
    await shoot(page, screens, "reports-desktop")

    await page.get_by_role("link", name="Privacy").click()
    assert "180 dagen" in await page.inner_text("main")
    await page.get_by_label("Persoon", exact=True).fill("console:piet")
    await page.get_by_role("button", name="Zoeken").click()
    await page.get_by_role("heading", name=f"Persoon #{piet}").wait_for()
    assert await serious_violations(page) == []
    async with page.expect_download() as downloading:
        await page.get_by_role("button", name="Alles downloaden (JSON)").click()
    exported = json.loads(Path(await (await downloading.value).path()).read_text(encoding="utf-8"))
    assert exported["person"]["id"] == piet and len(exported["tickets"]) == 2
    await page.get_by_role("link", name="Wissen…").click()
    await page.get_by_role("heading", name=f"Persoon #{piet} wissen").wait_for()
    assert "Dit kan niet ongedaan gemaakt worden." in await page.inner_text("main")
    await shoot(page, screens, "erase-desktop")
    assert await serious_violations(page) == []
    await page.get_by_role("button", name=f"Ja, persoon #{piet} definitief wissen").click()
    await page.get_by_role("status").wait_for()
    assert f"Persoon #{piet} is gewist." in await page.inner_text("[role=status]")
    assert await person_id(chat, "piet") is None

    await page.get_by_role("link", name="Logboek").click()
    await page.get_by_role("heading", level=1, name="Logboek").wait_for()
    log = await page.inner_text("main")
    assert log.index("wiste een persoon") < log.index("downloadde iemands gegevens") < log.index("meldde zich aan")
    assert f"person {piet}" in log
    await shoot(page, screens, "audit-desktop")
    assert await serious_violations(page) == []
    await page.set_viewport_size({"width": 360, "height": 780})
    await shoot(page, screens, "audit-phone")
    assert await serious_violations(page) == []
