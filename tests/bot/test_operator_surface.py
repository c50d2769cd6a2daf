"""What an operator sees when something is wrong or unusual: one line naming the key, no traceback, an exit code.

Every test runs the real `digicoach` command in a process of its own, the way an operator or a script does.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.bot.test_console import ROOT, run_cli

CLOSED_PORT_URL = "postgresql+asyncpg://digicoach:s3cret@127.0.0.1:1/digicoach"  # nothing listens on port 1


def problem_lines(res: subprocess.CompletedProcess) -> list[str]:
    """stderr as lines; none of them may come from a traceback."""
    assert "Traceback" not in res.stderr + res.stdout
    return res.stderr.splitlines()


# -- start-up errors (finding 12) ----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["run"], ["chat"], ["tickets", "list"], ["invite", "coach:lotte"]])
def test_unreachable_postgresql_is_one_line_naming_the_key(tmp_path, command):
    res = run_cli(tmp_path, *command, env={"DIGICOACH_DATABASE_URL": CLOSED_PORT_URL})
    assert res.returncode == 1
    assert problem_lines(res) == [
        "[database] url (DIGICOACH_DATABASE_URL): cannot connect to "
        "postgresql+asyncpg://digicoach:***@127.0.0.1:1/digicoach: connection refused"
    ], "one line, the password hidden"


def test_unreachable_database_named_in_the_file_names_the_file_key(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path}/no/such/folder/x.db"\n')
    env = {k: v for k, v in os.environ.items() if k not in ("DIGICOACH_CONFIG", "DIGICOACH_DATABASE_URL")}
    res = subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(config), "tickets", "list"],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert res.returncode == 1
    assert problem_lines(res) == [
        f"[database] url: cannot connect to sqlite+aiosqlite:///{tmp_path}/no/such/folder/x.db: unable to open database file"
    ]


def write_config(tmp_path: Path, text: str) -> dict[str, str]:
    config = tmp_path / "digicoach.toml"
    config.write_text(text)
    return {"DIGICOACH_CONFIG": str(config)}


def test_every_config_problem_at_once_one_line_each(tmp_path):
    env = write_config(tmp_path, (
        '[faq]\npaths = ["/nonexistent"]\n'
        '[directory]\npath = "/nonexistent/directory.toml"\n'
        '[routing]\ncoordinator_hours = ["maandag 8-17"]\nmax_offers = 0\n'
        '[telegram]\ntoken = "123:abc"\n'
        '[teams]\napp_password = "pw"\n'
    ))
    res = run_cli(tmp_path, "run", env=env)
    assert res.returncode == 2
    assert sorted(problem_lines(res)) == sorted([
        "configuration error: [faq] paths: /nonexistent: no such file or folder",
        "configuration error: [directory] path: /nonexistent/directory.toml: no such file",
        "configuration error: [routing] coordinator_hours: 'maandag 8-17': unknown day 'maandag' "
        "(use mon, tue, wed, thu, fri, sat, sun)",
        "configuration error: [routing] max_offers: must be at least 1",
        "configuration error: [telegram] token: secrets are not read from the file: "
        "set the environment variable DIGICOACH_TELEGRAM_TOKEN instead",
        "configuration error: [teams] app_password: secrets are not read from the file: "
        "set the environment variable DIGICOACH_TEAMS_APP_PASSWORD instead",
    ])


def test_faq_file_that_does_not_load_is_a_line_per_problem(tmp_path):
    faq = tmp_path / "faq"
    faq.mkdir()
    (faq / "broken.yaml").write_text("- id: payslip\n  lang: nl\n  questions: [waar is mijn loonbrief]\n")
    env = write_config(tmp_path, f'[faq]\npaths = ["{faq}"]\nencoder = "off"\n')
    res = run_cli(tmp_path, "chat", env=env)
    assert res.returncode == 1
    lines = problem_lines(res)
    assert lines and all(line.startswith("[faq] paths: ") for line in lines), lines
    assert f"[faq] paths: {faq / 'broken.yaml'}: payslip: missing or empty answer" in lines


def test_directory_with_mistakes_is_a_line_per_problem(tmp_path):
    directory = tmp_path / "directory.toml"
    directory.write_text('timezone = "Europe/Brussels"\n[[site]]\nid = "depot"\n')
    env = write_config(tmp_path, f'[directory]\npath = "{directory}"\n')
    for command in (["chat"], ["invite", "coach:lotte"]):
        res = run_cli(tmp_path, *command, env=env)
        assert res.returncode == 1, command
        lines = problem_lines(res)
        assert lines and all(line.startswith(f"[directory] path: {directory}: ") for line in lines), lines


# -- the CLI (finding 13) --------------------------------------------------------------------------------------------

JAN_ASKS = "hallo\n1\nwaar vind ik mijn loonbrief\nja\n"


def test_erase_without_a_terminal_is_a_plain_no(tmp_path):
    assert run_cli(tmp_path, "chat", "--fake-clock=2026-11-23T09:00", stdin=JAN_ASKS).returncode == 0
    res = run_cli(tmp_path, "privacy", "erase", "console:jan")  # standard input: empty, at its end at once
    assert res.returncode == 1
    assert problem_lines(res) == []
    assert res.stdout.splitlines()[-1] == "not erased: no answer on standard input (pass --yes to erase without a question)"
    exported = run_cli(tmp_path, "privacy", "export", "console:jan")
    assert json.loads(exported.stdout)["tickets"][0]["question"] == "waar vind ik mijn loonbrief", "nothing erased"
    res = run_cli(tmp_path, "privacy", "erase", "console:jan", "--yes")
    assert res.returncode == 0 and res.stdout.startswith("erased")


def many_tickets(tmp_path: Path, doublings: int = 11) -> None:
    """Jan's one ticket copied to 2**doublings: more output than a pipe holds, so a reader that quits is noticed."""
    assert run_cli(tmp_path, "chat", "--fake-clock=2026-11-23T09:00", stdin=JAN_ASKS).returncode == 0
    with sqlite3.connect(tmp_path / "console.db") as db:
        columns = ", ".join(row[1] for row in db.execute("PRAGMA table_info(tickets)") if row[1] != "id")
        for _ in range(doublings):
            db.execute(f"INSERT INTO tickets ({columns}) SELECT {columns} FROM tickets")


@pytest.mark.parametrize("command", ["tickets list", "tickets list --json", "privacy export console:jan"])
def test_a_pipe_closed_early_ends_quietly(tmp_path, command):
    many_tickets(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "DIGICOACH_CONFIG"}
    env["DIGICOACH_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"
    digicoach = f"{shlex.quote(sys.executable)} -m bot.cli"
    res = subprocess.run(
        ["bash", "-c", f"{digicoach} {command} | head -1; echo \"exit ${{PIPESTATUS[0]}}\""],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert res.stderr == ""
    first, status = res.stdout.splitlines()
    assert first.strip() and status in ("exit 0", "exit 141"), res.stdout


def test_invite_on_a_fresh_database_finds_the_directory(tmp_path):
    """Before the first start: the configured directory (here: none, so the demo one) is imported as a start would."""
    res = run_cli(tmp_path, "invite", "coach:lotte")
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.startswith("invitation for coach lotte (Lotte)")
    assert problem_lines(res) == []


def test_invite_on_a_fresh_database_imports_the_configured_directory(tmp_path):
    directory = tmp_path / "directory.toml"
    directory.write_text((ROOT / "routing" / "data" / "demo_directory.toml").read_text().replace('name = "Lotte"', 'name = "Lotte V."'))
    env = write_config(tmp_path, f'[directory]\npath = "{directory}"\n')
    res = run_cli(tmp_path, "invite", "coach:lotte", env=env)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.startswith("invitation for coach lotte (Lotte V.)")
    missing = run_cli(tmp_path, "invite", "coach:nobody", env=env)
    assert missing.returncode == 1 and problem_lines(missing) == [f"no coach 'nobody' in the directory ({directory})"]


LOCAL = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


def test_tickets_list_shows_local_time_to_the_second(tmp_path):
    """The table: the demo directory's zone (Europe/Brussels), no microseconds; --json: UTC, as before."""
    assert run_cli(tmp_path, "chat", "--fake-clock=2026-11-23T09:00", stdin=JAN_ASKS).returncode == 0
    assert run_cli(tmp_path, "chat", stdin=JAN_ASKS.replace("hallo\n1\n", "")).returncode == 0  # the real clock
    table = run_cli(tmp_path, "tickets", "list").stdout.splitlines()
    assert "created (Europe/Brussels)" in table[0]
    start = table[0].index("created")
    shown = [line[start:start + 19] for line in table[1:]]
    assert shown[0] == "2026-11-23 09:00:00", "09:00 local, not 08:00 UTC"
    assert all(LOCAL.match(cell) for cell in shown), shown
    assert "+00:00" not in "\n".join(table)
    rows = json.loads(run_cli(tmp_path, "tickets", "list", "--json").stdout)
    assert rows[0]["created"] == "2026-11-23T08:00:00+00:00", "--json keeps UTC for its consumers"
    stored = datetime.fromisoformat(rows[1]["created"])
    assert shown[1] == stored.astimezone(ZoneInfo("Europe/Brussels")).strftime("%Y-%m-%d %H:%M:%S")


# -- how to reach `digicoach` after ./start.sh (finding 13) ----------------------------------------------------------

def test_readme_quick_start_says_how_to_run_digicoach():
    """./start.sh installs into .venv without touching PATH: the quick start names the command it installed."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme[readme.index("## Quick start"):readme.index("## Tests")]
    assert ".venv/bin/digicoach tickets list" in quick_start
    assert "source .venv/bin/activate" in quick_start
    assert "pip install --quiet -e" in (ROOT / "scripts" / "venv.sh").read_text(), "start.sh installs the project into .venv"
    assert 'digicoach = "bot.cli:main"' in (ROOT / "pyproject.toml").read_text(), "which puts digicoach in .venv/bin"
    installed = Path(sys.prefix) / "bin" / "digicoach"  # the tests run in a .venv made the same way
    assert installed.exists()
    res = subprocess.run([str(installed), "--help"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and "usage: digicoach" in res.stdout
