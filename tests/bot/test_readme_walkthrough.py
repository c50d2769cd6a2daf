"""The README's quick-start walkthrough, piped into `digicoach chat --fake-clock` as the README says it can be:
every step must do what its comment says."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"

# What each step of the walkthrough must show, in order (the comment beside it says it in words).
EXPECTED = [
    ("hallo", ["[to jan] Hallo! Ik ben Digicoach", "Op welke plek werk je meestal?"]),
    ("1", ["Je werkplek is Administratief Centrum Zuid"]),
    ("waar vind ik mijn loonbrief", ["Je loonbrief staat in de app Mia", "Heeft dit geholpen?"]),
    ("ja", ["Fijn!"]),
    ("de printer in de kantine drukt alles scheef af", ["Bedoelde je een van deze?", "(1) afdrukken op het werk", "(2) Geen van deze"]),
    ("2", ["[to jan] Ik zoek een digicoach", "[to coach:lotte] Nieuwe vraag #2 van Jan", "Geen van mijn voorstellen paste"]),
    ("/as coach:lotte", ["# You are now 'coach:lotte'"]),
    ("1", ["[to coach:lotte] Je helpt Jan (#2)", "“de printer in de kantine drukt alles scheef af”", "[to jan] Lotte helpt je"]),
    ("ik kom om 10 uur kijken", ["[to jan] Lotte: ik kom om 10 uur kijken"]),
    ("/close resolved 10", ["[to coach:lotte] Vraag #2 is afgesloten (Opgelost, 10 min)", "[to jan] Lotte heeft je vraag afgesloten"]),
    ("/as jan", ["# You are now 'jan'"]),
    ("5", ["[to jan] Bedankt voor je score!"]),
]


def walkthrough() -> list[str]:
    """The lines of the first code block under "## Quick start" that starts with "hallo", comments removed."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Quick start"):]
    block = re.search(r"```\n(hallo.*?)```", section, re.S)
    assert block, "the quick start has no walkthrough block starting with 'hallo'"
    return [re.sub(r"\s+#.*$", "", line).rstrip() for line in block.group(1).splitlines()]


def test_the_readme_walkthrough_does_what_it_says(tmp_path) -> None:
    steps = walkthrough()
    assert steps == [step for step, _ in EXPECTED], "the README walkthrough changed: update EXPECTED with it"
    env = {**os.environ, "DIGICOACH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/walkthrough.db"}
    env.pop("DIGICOACH_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--fake-clock=2026-11-23T09:00"],
        input="\n".join(steps) + "\n", capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    output = done.stdout
    position = 0
    for step, fragments in EXPECTED:
        for fragment in fragments:
            found = output.find(fragment, position)
            assert found >= 0, f"step {step!r}: expected {fragment!r} after position {position} in:\n{output}"
            position = found + len(fragment)
    assert "Er ging iets mis" not in output and "niets om te kiezen" not in output
