"""What an employee whose question has to wait is told: busy, off duty until a given moment, or nobody.

Three different situations used to get one sentence ("all digicoaches are
busy"), which at 21:16 on a weekday was simply untrue. Now:

* a coach for the language is at work but full or has already said no:
  everyone is busy, here is your place in the queue (``queued``);
* nobody for the language is at work (hours, pauses): when the first coach
  who could take it starts, said plainly in the employee's language and the
  city's time zone (``queued_off_hours``). The ticket stays queued and the
  sweep (``sweeps.dispatch_waiting``) offers it when that shift starts;
* nobody who could take it will be at work (no coach speaks the language,
  everyone paused until ``/resume``, everyone due has said no): the ticket
  waits as before, and the message promises no time (``queued_no_coach``).
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.engine.work import Work
from bot.texts import t
from routing.candidates import to_candidate
from routing.next_shift import Duty, next_shift
from storage import on_duty, tickets
from storage.models import Ticket


async def waiting_text(work: Work, ticket: Ticket, lang: str) -> str:
    """The sentence for an employee whose ticket is queued or escalated, with their place in the queue."""
    position = await tickets.queue_position(work.session, ticket)
    seen = await duty_for(work, ticket)
    if seen.on_duty_now:
        return t("queued", lang, position=position)
    if seen.next_start is None:
        return t("queued_no_coach", lang, position=position)
    when = when_text(seen.next_start, work.now, work.engine.tz, lang)
    return t("queued_off_hours", lang, position=position, when=when)


async def duty_for(work: Work, ticket: Ticket) -> Duty:
    """Routing's own view of the coaches for this ticket's language, and who of them declined it."""
    rows = await on_duty.coaches_speaking(work.session, ticket.language)
    excluded = await tickets.excluded_coaches(work.session, ticket.id)
    # Load does not matter here: a coach at work counts as "busy" whether full or not.
    candidates = [to_candidate(coach, site, 0) for coach, site in rows]
    return next_shift(candidates, ticket.language, work.now, work.engine.tz, excluded)


def when_text(start: datetime, now: datetime, tz: ZoneInfo, lang: str) -> str:
    """``start`` as a reader in ``tz`` says it from ``now``: "morgen vanaf 8:00", "on Monday from 8:00".

    Today and tomorrow by name; later in the week by weekday (in the
    reader's language); a week or more ahead also by date, since "maandag"
    alone would read as the coming Monday.
    """
    local = start.astimezone(tz)
    days = (local.date() - now.astimezone(tz).date()).days
    time = t("time_of_day", lang, hour=local.hour, minute=local.minute)
    if days <= 0:
        return t("when_today", lang, time=time)
    if days == 1:
        return t("when_tomorrow", lang, time=time)
    day = t("weekday_names", lang).split()[local.weekday()]
    if days >= 7:
        day = f"{day} {local.day} {t('month_names', lang).split()[local.month - 1]}"
    return t("when_day", lang, day=day, time=time)
