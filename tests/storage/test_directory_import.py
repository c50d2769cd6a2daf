"""`directory import`: updates in place, deactivates the unlisted, keeps history, rejects bad files whole."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

from sqlalchemy import select

from routing.directory import default_directory_path, load_directory, parse_directory
from routing.sync import directory_timezone, import_directory
from storage.models import Coach, Site, Ticket

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)

SMALL = """
timezone = "Europe/Brussels"
[[site]]
id = "depot"
name = "Depot"
lat = 51.05
lon = 3.73
department = "Groendienst"
[[coach]]
id = "anna"
name = "Anna"
site = "depot"
languages = ["nl"]
capacity = 2
hours = ["mon-fri 08:00-16:00"]
[[coach]]
id = "bram"
name = "Bram"
site = "depot"
languages = ["nl"]
capacity = 1
hours = ["mon-fri 08:00-16:00"]
"""


async def test_demo_directory_imports(database):
    async with database.session() as s:
        report = await import_directory(s, load_directory(default_directory_path()), NOW)
    assert len(report.added) == 7
    async with database.session() as s:
        assert await directory_timezone(s) == "Europe/Brussels"
        assert len((await s.execute(select(Site))).scalars().all()) == 6


async def test_reimport_updates_in_place_and_deactivates_unlisted(database):
    async with database.session() as s:
        await import_directory(s, parse_directory(SMALL), NOW)
    async with database.session() as s:
        s.add(Ticket(state="closed", language="nl", coach_id="bram", created_at=NOW, updated_at=NOW, offer_count=1))
    changed = SMALL.replace("capacity = 2", "capacity = 3").split("[[coach]]\nid = \"bram\"")[0]
    async with database.session() as s:
        report = await import_directory(s, parse_directory(changed), NOW)
    assert report.deactivated == ["coach:bram"]
    async with database.session() as s:
        anna = await s.get(Coach, "anna")
        bram = await s.get(Coach, "bram")
        ticket = (await s.execute(select(Ticket))).scalar_one()
    assert anna.capacity == 3 and anna.active
    assert bram is not None and not bram.active, "history kept: the row stays, inactive"
    assert ticket.coach_id == "bram"


def test_cli_rejects_a_bad_file_and_changes_nothing(tmp_path):
    db = tmp_path / "d.db"
    env = {"DIGICOACH_DATABASE_URL": f"sqlite+aiosqlite:///{db}", "PATH": "/usr/bin:/bin"}
    good = tmp_path / "good.toml"
    good.write_text(SMALL)
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL.replace("capacity = 1", "capcity = 1").replace("lat = 51.05", "lat = 151.05"))
    run = lambda *a: subprocess.run([sys.executable, "-m", "bot.cli", *a], capture_output=True, text=True, env=env, timeout=60)
    ok = run("directory", "import", str(good))
    assert ok.returncode == 0, ok.stderr
    assert "2 added" in ok.stdout
    res = run("directory", "import", str(bad))
    assert res.returncode == 1
    assert 'coach "bram"' in res.stdout and "capcity" in res.stdout
    assert "lat" in res.stdout
    listed = run("tickets", "list", "--json")
    assert listed.returncode == 0 and listed.stdout.strip() == "[]"
    again = run("directory", "import", str(good))
    assert "0 added, 0 updated, 0 deactivated" in again.stdout, "the bad import changed nothing"
