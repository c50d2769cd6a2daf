"""A conversation as a readable file, in the console protocol, and the one runner that plays it.

    # An employee asks something the FAQ knows.       <- comment lines: what the scene is about
    @clock 2026-11-23 21:16                           <- optional: the fake clock's local start (default Monday 9:00)
    jan> hallo                                        <- ACTOR> TEXT: one message from that actor
      Welkom                                          <- indented: a fragment the replies of this step must contain
      (1) Groendienst                                 <- button lines are matched the same way
    jan> 1
      ! digicoach                                     <- "! fragment": must NOT appear in this step's output
    > /clock +11                                      <- a bare "> " line is a console command (/clock)
      [to coach:lotte] Nieuwe vraag                   <- the step's output of every actor: offers, relays...

Fragments are matched in order, case-insensitively, each after the previous
one, against everything printed because of that line (the sender's replies and
what the outbox delivered to others), exactly as `digicoach chat` prints it.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.channels.console import ConsoleChat

STEP = re.compile(r"^(?P<actor>[a-z0-9:_.-]*)> ?(?P<text>.*)$")


@dataclass
class Step:
    line_no: int
    actor: str  # "" for a console command
    text: str
    expect: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


@dataclass
class Dialog:
    path: Path
    title: str
    clock: datetime | None
    steps: list[Step]


def parse(path: Path, tz) -> Dialog:  # type: ignore[no-untyped-def]
    steps: list[Step] = []
    title, clock = "", None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        if raw.startswith("#"):
            title = title or raw.lstrip("# ").strip()
            continue
        if raw.startswith("@clock "):
            clock = datetime.fromisoformat(raw[7:].strip().replace(" ", "T")).replace(tzinfo=tz)
            continue
        if raw.startswith((" ", "\t")):
            if not steps:
                raise ValueError(f"{path.name}:{n}: an expectation before any message")
            fragment = raw.strip()
            if fragment.startswith("! "):
                steps[-1].absent.append(fragment[2:])
            else:
                steps[-1].expect.append(fragment)
            continue
        match = STEP.match(raw)
        if match is None:
            raise ValueError(f"{path.name}:{n}: expected 'ACTOR> text', '> /command', an indented expectation or '# comment'")
        steps.append(Step(n, match["actor"], match["text"]))
    return Dialog(path, title, clock, steps)


async def play(dialog: Dialog, chat: ConsoleChat, out: io.StringIO) -> list[str]:
    """Every failed expectation, as 'file:line: ...' with what was printed instead."""
    problems: list[str] = []
    for step in dialog.steps:
        if step.actor and step.actor != chat.actor:
            await chat.line(f"/as {step.actor}")
        out.seek(0)
        out.truncate()
        await chat.line(step.text)
        printed = out.getvalue()
        problems += check(dialog, step, printed)
    return problems


def check(dialog: Dialog, step: Step, printed: str) -> list[str]:
    where = f"{dialog.path.name}:{step.line_no} ({step.actor or 'console'}> {step.text})"
    folded = printed.casefold()
    problems = []
    position = 0
    for fragment in step.expect:
        found = folded.find(fragment.casefold(), position)
        if found < 0:
            problems.append(f"{where}: expected {fragment!r}, got:\n{printed or '(nothing)'}")
            break
        position = found + len(fragment)
    for fragment in step.absent:
        if fragment.casefold() in folded:
            problems.append(f"{where}: {fragment!r} must not appear, got:\n{printed}")
    return problems
