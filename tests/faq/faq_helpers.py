"""Small helpers shared by the faq tests."""
from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from bot.commands.faq import register, register_bench


def run(*argv: str) -> int:
    """`digicoach faq ...` / `digicoach bench faq ...` in this process, as bot/cli.py wires them."""
    parser = argparse.ArgumentParser(prog="digicoach")
    commands = parser.add_subparsers(dest="command", required=True)
    register(commands)
    bench = commands.add_parser("bench").add_subparsers(dest="bench_command", required=True)
    register_bench(bench)
    args = parser.parse_args(list(argv))
    return args.func(args)


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


GOOD_NL = """
- id: payslip
  lang: nl
  questions:
    - Waar vind ik mijn loonbrief?
    - loonbrief bekijken
  answer: Je loonbrief staat in Mia.
- id: password_forgotten
  lang: nl
  questions:
    - Ik ben mijn wachtwoord vergeten
  answer: Ga naar wachtwoord.example.
"""

GOOD_EN = """
- id: payslip
  lang: en
  questions:
    - Where can I find my payslip?
  answer: Your payslip is in Mia.
"""


