"""A coach's pause: the one rule, whether the coach types /pause and /resume or a coordinator uses the web console.

While paused a coach gets no new offers (routing.pause.pause_in_effect, checked
by routing for every question); offers already made and tickets held stay. A
pause with an end runs out by itself. Ending a pause frees a coach like closing
a ticket does: the oldest waiting questions get their chance at once.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.engine import wording
from bot.engine.work import Turn, Work
from bot.texts import t
from routing.pause import PauseError, PauseUntil, parse_pause
from storage.models import Coach


def start_pause(coach: Coach, until: PauseUntil) -> None:
    """The pause, whoever asks (the coach's /pause, a coordinator in the web console): no new offers until
    `until` (None: until resumed). Offers already made and tickets held stay: the coach may still take or close them."""
    coach.paused = True
    coach.paused_until = until.until


async def end_pause(work: Work, coach: Coach) -> None:
    """The end of a pause, whoever asks: offers again at once, and the oldest waiting questions get their chance now."""
    coach.paused = False
    coach.paused_until = None
    await work.engine.after_capacity_freed(work)


async def pause(turn: Turn, coach: Coach, arg: str) -> None:
    try:
        until = parse_pause(arg, turn.now, turn.engine.tz)
    except PauseError:
        turn.say(t("pause_usage", turn.lang))
        return
    start_pause(coach, until)
    turn.say(t("paused", turn.lang, until=until_text(until, turn.engine.tz, turn.lang)))


def until_text(until: PauseUntil, tz: ZoneInfo, lang: str) -> str:
    """" tot vr 27/11 00:00" for a pause with an end, "" for one until /resume."""
    return "" if until.until is None else t("until", lang, when=wording.date_time(until.until, tz, lang))


async def resume(turn: Turn, coach: Coach) -> None:
    turn.say(t("resumed", turn.lang))
    await end_pause(turn, coach)
