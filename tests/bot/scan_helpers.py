"""Taking the self-scan through the real engine, as an employee typing the numbers of the buttons."""
from __future__ import annotations

from datetime import timedelta

from tests.bot.harness import Harness

STARTER = ([1] * 12, (0, 1))  # every skill "with help", attitude low: the steady starter, phone and login to work on
LEARNER = ([0, 0, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1], (2, 2))  # the keen learner; phone and login to work on
GUIDE = ([3] * 12, (3, 3))


async def onboard(chat: Harness, actor: str, site: str = "Groendienst, ploeg Citadelpark") -> None:
    await chat.say(actor, "hallo")
    await chat.say(actor, site)


async def take_scan(chat: Harness, actor: str, answers: tuple[list[int], tuple[int, int]]) -> list:
    """/scan, then every answer (position 0-3 typed as 1-4); returns what the last answer showed."""
    skill, attitude = answers
    await chat.say(actor, "/scan")
    out: list = []
    for position in [*skill, *attitude]:
        chat.clock.advance(timedelta(seconds=5))  # a person reads each question: under the per-minute limit
        out = await chat.say(actor, str(position + 1))
    return out
