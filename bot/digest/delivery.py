"""Sending each coordinator last week's digest exactly once, on their own channel.

Exactly once comes from the outbox: one coordinator's three messages
(summary with the chart, HTML, CSV) are inserted in one transaction with
keys `digest:WEEK:COORDINATOR:part`, and the key is UNIQUE. A second
replica, or a retry after a crash halfway, either finds the rows already
there or hits the constraint and backs off; a crash before the commit leaves
nothing, so the next run sends it all. Delivery itself is the outbox's job.
Erasing a person drops every digest row not yet delivered (storage/privacy.py):
with its keys gone, the next run builds that week again from what is left.

Missed runs: each run looks at the latest completed week whose send time has
passed, so a bot that was down on Monday 08:00 sends it when it is back, and
says it is late.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Callable, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.config import WEEKDAYS, DigestConfig
from bot.digest.content import Week, build_digest
from bot.digest.rendering import Rendered, render_all
from bot.engine.work import Work
from bot.texts import t
from storage import people
from storage.outbox import DIGEST_KEY_PREFIX
from storage.models import Coordinator, OutboxMessage

if TYPE_CHECKING:
    from bot.engine.core import Engine

log = logging.getLogger("digicoach.digest")

PARTS = ("summary", "html", "csv")
LATE_AFTER = timedelta(minutes=30)  # later than this after the send time means the bot was not running then


def send_time(week: Week, config: DigestConfig, tz: ZoneInfo) -> datetime:
    """When `week`'s digest is due: the configured weekday and time of the following week, local time."""
    day = week.shifted(1).monday + timedelta(days=WEEKDAYS.index(config.weekday))
    hh, _, mm = config.time.partition(":")
    return datetime.combine(day, time(int(hh), int(mm)), tzinfo=tz).astimezone(timezone.utc)


def due_week(now: datetime, config: DigestConfig, tz: ZoneInfo) -> tuple[Week, datetime]:
    """The latest completed week whose digest send time is not in the future."""
    week = Week.containing(now, tz).shifted(-1)
    at = send_time(week, config, tz)
    if at > now:
        week = week.shifted(-1)
        at = send_time(week, config, tz)
    return week, at


def outbox_keys(week: Week, coordinator_id: str) -> dict[str, str]:
    return {part: f"{DIGEST_KEY_PREFIX}{week.label}:{coordinator_id}:{part}" for part in PARTS}


departments_of = people.coordinator_departments  # the one reading of a coordinator's scope


async def already_queued(session, week: Week, coordinator_id: str) -> bool:  # type: ignore[no-untyped-def]
    keys = list(outbox_keys(week, coordinator_id).values())
    found = await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.key.in_(keys)))
    return bool(found)


@dataclass
class Result:
    week: Week
    late: bool
    sent: list[str]
    skipped: list[str]


class DigestSender:
    """One per process; `run()` is what the scheduled job calls, as often as it likes."""

    def __init__(
        self, engine: "Engine", config: DigestConfig, titles: Callable[[str, str], str] | None = None
    ) -> None:
        self.engine = engine
        self.config = config
        self.titles = titles  # (entry id, language) -> a readable FAQ title

    async def run(self) -> Result | None:
        now = self.engine.clock.now()
        week, at = due_week(now, self.config, self.engine.tz)
        async with self.engine.db.session() as session:
            coordinators = await people.active_coordinators(session)
            waiting = [c.id for c in coordinators if not await already_queued(session, week, c.id)]
        if not waiting:
            return None
        late = now - at > LATE_AFTER
        return await self.send(week, waiting, late=late)

    async def send(self, week: Week, coordinator_ids: Sequence[str], *, late: bool = False) -> Result:
        result = Result(week, late, [], [])
        cache: dict[tuple[tuple[str, ...], str], Rendered] = {}
        for cid in coordinator_ids:
            try:
                queued = await self._send_one(week, cid, late, cache)
            except IntegrityError:
                queued = False  # another replica queued it between our check and our commit
                log.info("digest %s already queued elsewhere", week.label, extra={"event": "digest_skipped"})
            (result.sent if queued else result.skipped).append(cid)
        if result.sent:
            log.info("digest %s queued for %d coordinator(s)%s", week.label, len(result.sent), " (late)" if late else "")
        return result

    async def _send_one(
        self, week: Week, coordinator_id: str, late: bool, cache: dict[tuple[tuple[str, ...], str], Rendered]
    ) -> bool:
        engine = self.engine
        async with engine.db.session() as session:
            coordinator = await session.get(Coordinator, coordinator_id)
            if coordinator is None or coordinator.person_id is None or await already_queued(session, week, coordinator_id):
                return False
            scope = departments_of(coordinator)
            lang = await Work(engine=engine, session=session, now=engine.clock.now()).language_of(coordinator.person_id)
            rendered = cache.get((scope, lang))
            if rendered is None:
                titles = (lambda e: self.titles(e, lang)) if self.titles else None  # type: ignore[misc]
                digest = await build_digest(session, week, engine.tz, scope, titles, scan=engine.scan)
        if rendered is None:
            rendered = render_all(digest, lang, late=late)  # charts drawn outside any transaction
            cache[(scope, lang)] = rendered
        keys = outbox_keys(week, coordinator_id)
        name = f"digest-{week.label}"
        async with engine.db.session() as session:  # all three rows or none: the unique keys make it once
            work = Work(engine=engine, session=session, now=engine.clock.now())
            if await already_queued(session, week, coordinator_id):
                return False
            title = t("digest_title", lang, week=week.label)
            if not await work.notify(coordinator.person_id, rendered.summary, key=keys["summary"], image=rendered.charts.summary):
                return False
            await work.notify(coordinator.person_id, f"{title} (HTML)", key=keys["html"],
                              document=(f"{name}.html", rendered.html.encode("utf-8")))
            await work.notify(coordinator.person_id, f"{title} (CSV)", key=keys["csv"],
                              document=(f"{name}.csv", rendered.csv.encode("utf-8")))
            await session.flush()
        return True


def faq_titles(engine: "Engine") -> Callable[[str, str], str]:
    def title(entry_id: str, lang: str) -> str:
        kb, _ = engine.faq.current()
        return kb.title(entry_id, lang)

    return title
