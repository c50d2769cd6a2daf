"""The files: `digicoach digest --out DIR`, the HTML in headless Chromium, the CSV, and the bench on a small N."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.commands.digest import _bench, _digest
from bot.config import Config, DatabaseConfig
from bot.digest.content import Week, build_digest
from bot.digest.rendering import render_all
from tests.digest.scenario import build_fortnight

W48 = Week.parse("2026-W48")


async def rendered(app, lang="nl", departments=()):
    async with app.db.session() as s:
        digest = await build_digest(s, W48, app.engine.tz, departments)
    return digest, render_all(digest, lang, images={"days": "days.png", "trend": "trend.png"})


async def test_csv_has_the_weekly_figures(chat, app):
    await build_fortnight(chat)
    _, r = await rendered(app)
    rows = list(csv.DictReader(io.StringIO(r.csv)))
    total = next(x for x in rows if x["section"] == "total")
    assert (total["week"], total["questions"], total["faq_solved"], total["routed"], total["accepted"]) == ("2026-W48", "6", "1", "5", "4")
    assert (total["wait_median_s"], total["wait_p90_s"], total["handling_median_s"], total["coach_minutes"]) == ("210", "324", "1200", "62")
    assert (total["ended_faq"], total["ended_coach"], total["ended_cancelled"], total["ended_open"]) == ("1", "3", "1", "1")
    assert (total["people"], total["ratings"], total["rating_avg"]) == ("2", "2", ""), "two people: no rating average"
    assert [x for x in rows if x["section"] in ("department", "site")] == [], "one person a department: no rows"
    assert [x["questions"] for x in rows if x["section"] == "day"] == ["2", "2", "1", "1", "0", "0", "0"]
    assert [x["questions"] for x in rows if x["section"] == "trend"] == ["0", "0", "0", "0", "0", "0", "1", "6"]
    assert {x["key"]: x["coach_minutes"] for x in rows if x["section"] == "coach"} == {"anna": "42", "lotte": "20"}
    assert "piet@example.com" not in r.csv and "[e-mail]" in r.csv


async def test_english_markdown_and_summary(chat, app):
    await build_fortnight(chat)
    _, r = await rendered(app, "en")
    assert r.summary.startswith("Weekly digest 2026-W48 · 23/11 to 29/11/2026")
    assert "| Questions | 6 | ↑ +2300% |" in r.markdown
    assert "![Questions per day](days.png)" in r.markdown
    assert "Busiest day: Mon 23/11 (2); busiest hours: 09:00 (3), 10:00 (1), 11:00 (1)" in r.markdown


async def test_cli_writes_every_file(chat, app, database, tmp_path):
    if database.backend != "sqlite":
        pytest.skip("the CLI opens the database by URL; the PostgreSQL fixture lives in a private schema")
    await build_fortnight(chat)
    out = tmp_path / "out"
    config = Config(database=DatabaseConfig(url=database.url))
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    assert await _digest(config, W48, "tom", None, out, now) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["days.png", "digest.csv", "digest.html", "digest.md", "summary.png", "trend.png"]
    assert all((out / n).stat().st_size > 1000 for n in names if n.endswith(".png"))
    assert "# Weekoverzicht 2026-W48" in (out / "digest.md").read_text()
    assert await _digest(config, Week.parse("2026-W50"), None, None, out, now) == 2, "not a past week"


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


async def test_html_renders_in_headless_chromium(chat, app, database, tmp_path):
    if database.backend != "sqlite":
        pytest.skip("one screenshot is enough")
    browser = chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required under CI but is not installed (.ci/run installs it)")
        pytest.skip("chromium not installed (.ci/run installs it)")
    await build_fortnight(chat)
    _, r = await rendered(app)
    page = tmp_path / "digest.html"
    page.write_text(r.html, encoding="utf-8")
    shot = tmp_path / "digest.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=400,1200", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000, "a phone-sized page with a chart, not a blank one"
    keep = Path("/tmp/digest-screenshot.png")  # for a person to look at after a local run
    keep.write_bytes(data)


async def test_bench_runs_on_a_small_year(capsys):
    assert await _bench(300, ["sqlite"], "none", 1) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("sqlite"))
    assert line.split()[1] == "300"


async def test_a_question_written_as_a_formula_stays_text_in_the_csv(chat, app):
    """An employee's "=HYPERLINK(...)" must not become a live link in the spreadsheet coordinators open."""
    from dataclasses import replace

    from bot.digest.content import Gap
    from bot.digest.rendering import render_csv

    await build_fortnight(chat)
    digest, _ = await rendered(app)
    planted = replace(digest, gaps=[Gap(example='=HYPERLINK("http://evil.example";"klik")', count=3), Gap(example="@SUM(A1)", count=2)])
    rows = list(csv.DictReader(io.StringIO(render_csv(planted))))
    names = [x["name"] for x in rows if x["section"] == "gap"]
    assert names == ["'=HYPERLINK(\"http://evil.example\";\"klik\")", "'@SUM(A1)"]
