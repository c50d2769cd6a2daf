"""A known fortnight of tickets, made through the engine with the fake clock; the figures are worked out by hand below."""
from __future__ import annotations

from datetime import datetime

from tests.bot.harness import Harness, ask_coach, payloads_to
from tests.conftest import BRUSSELS

DOOR = "de deur van de loods klemt en het alarm gaat af"
COFFEE = "de koffiemachine in de refter lekt, mail me op piet@example.com"
PAYSLIP = "waar vind ik mijn loonbrief"


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BRUSSELS)


async def faq_question(chat: Harness, actor: str) -> None:
    await chat.say(actor, PAYSLIP)
    await chat.say(actor, "ja")


async def coach_question(chat: Harness, actor: str, question: str, coach: str) -> None:
    out = await ask_coach(chat, actor, question)
    assert payloads_to(out, f"coach:{coach}"), f"{coach} should be offered {question!r}"


async def accept(chat: Harness, coach: str, when: datetime) -> None:
    chat.clock.set(when)
    await chat.say(f"coach:{coach}", "Ik help")


async def build_fortnight(chat: Harness) -> None:
    """W47: one FAQ question. W48 (Mon 23 - Sun 29 Nov 2026), hand-computed in tests/digest/test_figures.py:

    T2  Mon 09:00 jan   FAQ, "ja"                       self_served        Groendienst
    T3  Mon 09:10 jan   DOOR -> anna, accepted 09:14,   closed 09:24 resolved, minutes 12, rated 5
    T4  Tue 10:00 piet  COFFEE -> lotte, accepted 10:02, closed 10:22 resolved, rated 3       Administratie
    T5  Tue 11:00 piet  COFFEE -> lotte, cancelled 11:01                                      Administratie
    T6  Wed 14:00 jan   DOOR -> anna, accepted 14:06,   closed 14:36 needs_training
    T7  Thu 09:00 jan   DOOR -> anna, accepted 09:03,   still open
    """
    chat.clock.set(at(18, 10))  # Wednesday of W47
    await chat.say("jan", "hallo")
    await chat.say("jan", "Groendienst, ploeg Citadelpark")
    await faq_question(chat, "jan")  # T1

    chat.clock.set(at(23, 9))
    await faq_question(chat, "jan")  # T2
    chat.clock.set(at(23, 9, 10))
    await coach_question(chat, "jan", DOOR, "anna")  # T3
    await accept(chat, "anna", at(23, 9, 14))
    chat.clock.set(at(23, 9, 24))
    await chat.say("coach:anna", "/close resolved 12")
    await chat.say("jan", "5")

    chat.clock.set(at(24, 9, 55))
    await chat.say("piet", "hallo")
    await chat.say("piet", "Administratief Centrum Zuid, Woodrow Wilsonplein")
    chat.clock.set(at(24, 10))
    await coach_question(chat, "piet", COFFEE, "lotte")  # T4
    await accept(chat, "lotte", at(24, 10, 2))
    chat.clock.set(at(24, 10, 22))
    await chat.say("coach:lotte", "/close resolved")
    await chat.say("piet", "3")
    chat.clock.set(at(24, 11))
    await coach_question(chat, "piet", COFFEE, "lotte")  # T5
    chat.clock.set(at(24, 11, 1))
    await chat.say("piet", "/cancel")

    chat.clock.set(at(25, 14))
    await coach_question(chat, "jan", DOOR, "anna")  # T6
    await accept(chat, "anna", at(25, 14, 6))
    chat.clock.set(at(25, 14, 36))
    await chat.say("coach:anna", "/close needs_training")

    chat.clock.set(at(26, 9))
    await coach_question(chat, "jan", DOOR, "anna")  # T7
    await accept(chat, "anna", at(26, 9, 3))
