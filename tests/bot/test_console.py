"""The console protocol (docs/formats.md), driven the way a script would: piped into `digicoach chat`."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(tmp_path: Path, *args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "DIGICOACH_CONFIG"}
    environ["DIGICOACH_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True,
        env=environ, cwd=tmp_path, timeout=120,
    )


SCRIPT = """\
hallo
groendienst citadelpark
waar vind ik mijn loonbrief
ja
de koffieautomaat in de kantine geeft geen wisselgeld
/as coach:anna
2
/as coach:lotte
1
ik kom eraan
/as jan
dank je
/as coach:lotte
/close resolved 12
/as jan
5
"""


def test_piped_script_plays_the_whole_loop(tmp_path):
    res = run_cli(tmp_path, "chat", "--fake-clock=2026-11-23T09:00", stdin=SCRIPT)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "Traceback" not in out + res.stderr
    assert "[to jan] Op welke plek werk je meestal?" in out
    assert "    (1) Administratief Centrum Zuid, Woodrow Wilsonplein" in out
    assert "[to jan] Heeft dit geholpen?" in out and "    (1) Ja" in out
    assert "[to coach:anna] Nieuwe vraag #2 van Jan (Groendienst, ploeg Citadelpark, 0 m):" in out
    assert "[to coach:lotte] Nieuwe vraag #2 van Jan" in out, "declined by Anna, offered to the next nearest"
    assert "[to jan] Lotte helpt je met je vraag." in out
    assert "[to jan] Lotte: ik kom eraan" in out
    assert "[to coach:lotte] Jan: dank je" in out
    assert "[to jan] Bedankt voor je score!" in out

    listed = run_cli(tmp_path, "tickets", "list", "--json")
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["state"], r["outcome"], r["coach"]) for r in rows] == [
        (1, "self_served", None, None),
        (2, "closed", "resolved", "lotte"),
    ]
    assert {"id", "state", "outcome", "coach", "site", "created", "wait_seconds", "handling_seconds"} <= set(rows[0])
    assert rows[1]["site"] == "groendienst-citadelpark" and rows[1]["wait_seconds"] == 0


def test_tickets_list_shows_unconfirmed_answers_apart(tmp_path):
    """A yes is "confirmed"; an answer left alone past [routing] feedback_minutes is self-served, "unconfirmed"."""
    script = "hallo\ngroendienst citadelpark\nwaar vind ik mijn loonbrief\nja\nhoe vraag ik verlof aan\n/clock +61\n"
    res = run_cli(tmp_path, "chat", "--fake-clock=2026-11-23T09:00", stdin=script)
    assert res.returncode == 0, res.stderr
    rows = json.loads(run_cli(tmp_path, "tickets", "list", "--json").stdout)
    assert [(r["id"], r["state"], r["faq_confirmed"], r["end_detail"]) for r in rows] == [
        (1, "self_served", True, "confirmed"),
        (2, "self_served", False, "silence"),
    ]
    plain = run_cli(tmp_path, "tickets", "list").stdout.splitlines()
    assert plain[0].split()[-1] == "faq"
    assert [line.split()[-1] for line in plain[1:]] == ["confirmed", "unconfirmed"]


def test_fake_clock_time_out_reoffers(tmp_path):
    script = "hallo\n3\nde deur van de loods klemt\n/clock +9\n/clock +2\n"
    out = run_cli(tmp_path, "chat", "--fake-clock=2026-11-23T09:00", stdin=script).stdout
    assert "# Clock is now Mon 2026-11-23 09:09" in out
    assert "[to coach:anna] Je reageerde niet op vraag #1" in out
    assert "[to coach:lotte] Nieuwe vraag #1" in out


def test_bad_console_input_gets_plain_answers(tmp_path):
    script = "\n" + "x" * 5000 + "\n/as coach:nobody\n/as !!\n/clock soon\n/frobnicate\n7\n"
    res = run_cli(tmp_path, "chat", "--fake-clock", stdin=script)
    out = res.stdout
    assert res.returncode == 0 and "Traceback" not in out + res.stderr
    assert "[to jan] Ik kreeg een leeg bericht." in out
    assert "There is no coach 'nobody' in the directory" in out
    assert "# Use /as NAME" in out
    assert "# Use /clock +MINUTES" in out
    assert "[to jan] Dat commando ken ik niet." in out


def test_clock_without_fake_clock_is_refused(tmp_path):
    out = run_cli(tmp_path, "chat", stdin="/clock +5\n").stdout
    assert "# /clock works only with --fake-clock." in out


def test_run_without_channels_is_the_console(tmp_path):
    out = run_cli(tmp_path, "run", stdin="hallo\n").stdout
    assert "[to jan] Op welke plek werk je meestal?" in out


def test_bad_config_stops_startup_naming_the_key(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("[routing]\nmax_offer = 3\n")
    res = run_cli(tmp_path, "run", env={"DIGICOACH_CONFIG": str(config)})
    assert res.returncode == 2
    assert "[routing] max_offer: unknown key" in res.stderr
