"""`digicoach directory export` writes what `directory import` reads back as no change; importing the configured
file by hand counts as its import, so the next start leaves the web console's edits alone."""
from __future__ import annotations

import tomllib

from routing.directory import default_directory_path
from routing.edits import save_coach
from storage.db import Database
from tests.bot.test_console import run_cli
from tests.bot.test_operator_surface import problem_lines, write_config

DEMO = default_directory_path()


def test_export_then_import_changes_nothing(tmp_path):
    empty = run_cli(tmp_path, "directory", "export")
    assert empty.returncode == 1 and problem_lines(empty) == [
        "no directory in the database yet: import one (digicoach directory import FILE) or start once"]
    assert "7 added" in run_cli(tmp_path, "directory", "import", str(DEMO)).stdout
    chat = run_cli(tmp_path, "chat", "--fake-clock=2026-11-23T09:00", stdin="/as coach:anna\n/pause\n")
    assert "Je staat op pauze" in chat.stdout, "a pause and a linked chat account: state a file does not hold"
    tickets = run_cli(tmp_path, "tickets", "list", "--json").stdout

    written = run_cli(tmp_path, "directory", "export", "--out", "gent.toml")
    assert written.returncode == 0 and written.stdout == "directory exported to gent.toml: 6 sites, 6 coaches, 1 coordinators\n"
    text = (tmp_path / "gent.toml").read_text(encoding="utf-8")
    assert run_cli(tmp_path, "directory", "export").stdout == text, "standard output: the same file"
    table = tomllib.loads(text)
    assert [c["id"] for c in table["coach"]] == ["anna", "bram", "jens", "lotte", "sofie", "wout"]
    again = run_cli(tmp_path, "directory", "import", "gent.toml")
    assert again.stdout == "directory imported: 0 added, 0 updated, 0 deactivated\n", again.stdout + again.stderr
    assert run_cli(tmp_path, "directory", "export").stdout == text
    assert run_cli(tmp_path, "tickets", "list", "--json").stdout == tickets
    assert "op pauze" in run_cli(tmp_path, "chat", stdin="/as coach:anna\n/status\n").stdout, "Anna is still paused"


async def test_importing_the_configured_file_counts_as_its_import(tmp_path):
    path = tmp_path / "gent.toml"
    path.write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    env = write_config(tmp_path, f'[directory]\npath = "{path}"\n')
    assert "7 added" in run_cli(tmp_path, "directory", "import", str(path), env=env).stdout
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'console.db'}")
    try:
        async with db.session() as s:
            assert await save_coach(s, {"id": "anna", "capacity": "4"}) == []  # the web console, after the import
    finally:
        await db.dispose()
    assert run_cli(tmp_path, "invite", "coach:anna", env=env).returncode == 0  # does what a start does first
    anna = tomllib.loads(run_cli(tmp_path, "directory", "export", env=env).stdout)["coach"][0]
    assert anna["id"] == "anna" and anna["capacity"] == 4, "the unchanged file was not imported again over the edit"
