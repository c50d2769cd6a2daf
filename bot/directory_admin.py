"""What the coordinators' web console does to a coach besides editing the directory: pause, resume, invite.

Each goes through what the chat uses: the pause rule of bot/engine/pausing.py
(a resume lets waiting questions go to the coach at once, as the coach's own
/resume does) and the invitation codes of storage/invites.py, which
`digicoach invite` prints with the same `Invitation.text`. A coordinator with
departments acts only on coaches of those (routing.edits.outside_scope, the
scope test of every console change). Directory edits are routing/edits.py; the
list of coaches and who is free now, routing/roster.py.

Each function works in the caller's transaction (`session`), so the web page
can write its audit entry in the same one; problems come back as lines naming
the entry and the field, and nothing is changed then.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine import pausing
from bot.engine.work import Work
from bot.texts import t
from routing.edits import outside_scope
from routing.pause import PauseError, parse_pause, pause_ending, pause_in_effect
from routing.sync import directory_timezone
from storage import people
from storage.invites import create_invite
from storage.models import Coach, Coordinator

if TYPE_CHECKING:
    from bot.engine.core import Engine

INVITE_DAYS = 7
MAX_INVITE_DAYS = 90


async def pause_coach(
    engine: "Engine", session: AsyncSession, coach_id: str, until: str | datetime | None = None,
    departments: Sequence[str] = (),
) -> list[str]:
    """Pause a coach: `until` as the coach would type it after /pause ("2h", "tot vrijdag"; "" or None: until
    resumed) or a moment (naive: the directory's local time). The coach is told in their chat."""
    coach, problems = await _coach_in_scope(session, coach_id, departments)
    if coach is None:
        return problems
    now = engine.clock.now()
    tz = ZoneInfo(await directory_timezone(session))
    try:
        if isinstance(until, datetime):
            ending = pause_ending(until if until.tzinfo else until.replace(tzinfo=tz), now)
        else:
            ending = parse_pause(until or "", now, tz)
    except PauseError as exc:
        return [f'coach "{coach_id}": until: {exc}']
    pausing.start_pause(coach, ending)
    work = Work(engine=engine, session=session, now=now)
    lang = await work.language_of(coach.person_id)
    await work.notify(coach.person_id, t("paused_by_coordinator", lang, until=pausing.until_text(ending, tz, lang)))
    return []


async def resume_coach(engine: "Engine", session: AsyncSession, coach_id: str, departments: Sequence[str] = ()) -> list[str]:
    """End a coach's pause, as their /resume does: waiting questions may be offered to them at once. The coach is
    told when a pause was in effect; resuming a coach who is not paused changes nothing they would notice."""
    coach, problems = await _coach_in_scope(session, coach_id, departments)
    if coach is None:
        return problems
    work = Work(engine=engine, session=session, now=engine.clock.now())
    was_paused = pause_in_effect(coach.paused, coach.paused_until, work.now)
    if was_paused:  # told first: an offer the resume causes arrives after it
        lang = await work.language_of(coach.person_id)
        await work.notify(coach.person_id, t("resumed_by_coordinator", lang))
    await pausing.end_pause(work, coach)
    return []


async def _coach_in_scope(session: AsyncSession, coach_id: str, departments: Sequence[str]) -> tuple[Coach | None, list[str]]:
    """The coach's row, or None and why not: no such coach, or one outside the coordinator's departments."""
    coach = await session.get(Coach, coach_id)
    if coach is None:
        return None, [f'coach "{coach_id}": id: not in the directory']
    refusal = outside_scope(f'coach "{coach_id}"', coach.department, departments)
    return (None, [refusal]) if refusal else (coach, [])


@dataclass(frozen=True)
class Invitation:
    """A single-use code that links a chat account to a coach or coordinator; only its hash is stored."""

    role: str
    ident: str
    name: str
    code: str
    days: int
    bot_username: str = ""

    @property
    def telegram_link(self) -> str:
        return f"https://t.me/{self.bot_username or '<bot username>'}?start={self.code.replace('-', '')}"

    def text(self) -> str:
        """What `digicoach invite` prints and the console shows: the code, the Telegram link, the Teams way."""
        return (
            f"invitation for {self.role} {self.ident} ({self.name}), valid {self.days} days, usable once:\n"
            f"  code:     {self.code}\n"
            f"  Telegram: {self.telegram_link}\n"
            "  Teams:    type the code in the chat with the bot"
        )


async def make_invitation(
    session: AsyncSession, role: str, ident: str, now: datetime, *, bot_username: str = "",
    days: int = INVITE_DAYS, departments: Sequence[str] = (),
) -> tuple[Invitation | None, list[str]]:
    """A new invitation code for a coach or coordinator (`bot_username`: `[telegram] bot_username`), or the
    problems. A coordinator with departments invites only coaches of those, and coordinators within them."""
    if role not in ("coach", "coordinator"):
        return None, [f"{role!r}: expected coach or coordinator"]
    if not 1 <= days <= MAX_INVITE_DAYS:
        return None, [f"days: between 1 and {MAX_INVITE_DAYS}"]
    row = await people.directory_row(session, role, ident)
    if row is None:
        return None, [f"no {role} {ident!r} in the directory"]
    if isinstance(row, Coordinator):
        theirs = json.loads(row.departments or "[]") or [None]  # none listed: every department
        refusal = next((r for d in theirs if (r := outside_scope(f'coordinator "{ident}"', d, departments))), None)
    else:
        refusal = outside_scope(f'coach "{ident}"', row.department, departments)
    if refusal:
        return None, [refusal]
    code = await create_invite(session, role, ident, now, timedelta(days=days))
    return Invitation(role, ident, row.name, code, days, bot_username), []
