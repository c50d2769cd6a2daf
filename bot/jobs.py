"""Time-driven work as APScheduler interval jobs.

Jobs hold no state of their own: each run reads the database and acts with
conditional updates, so a restart, a missed run or a second replica neither
loses nor doubles anything.

Sweep and outbox run on every replica (their claims use SKIP LOCKED and
conditional updates). The digest and retention run only on the leader
(bot/leader.py): they would be safe anywhere, leadership saves the waste.
"""
from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.app import App
from bot.commands.faq_runtime import RELOAD_KEY
from storage.privacy import apply_retention
from storage.settings import get_setting, set_setting

log = logging.getLogger("digicoach.jobs")

RETENTION_KEY = "privacy:retention_last_run"
RETENTION_EVERY = timedelta(days=1)


async def run_retention(app: App) -> dict[str, int] | None:
    """Apply `[privacy] retention_days` if the last run (any replica) was a day ago or more; None when not due."""
    now = app.clock.now()
    async with app.db.session() as session:
        last = await get_setting(session, RETENTION_KEY)
        if last and now - datetime.fromisoformat(last) < RETENTION_EVERY:
            return None
        counts = await apply_retention(session, now, app.config.privacy.retention_days)
        await set_setting(session, RETENTION_KEY, now.isoformat())
    log.info("retention applied (%d days): %s", app.config.privacy.retention_days, json.dumps(counts))
    return counts


async def refresh_learned(app: App) -> bool:
    """What another replica approved joins this one's FAQ (the faq-reload job); True when rebuilt."""
    try:
        return await app.engine.learned.refresh()
    except Exception:
        log.exception("learned FAQ not refreshed; next run retries")
        return False


def build_scheduler(app: App) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone="UTC")
    seconds = app.config.routing.sweep_seconds

    async def sweep() -> None:
        try:
            counts = await app.engine.sweep()
            if any(counts.values()):
                log.info("sweep: %s", counts)
        except Exception:
            log.exception("sweep failed; next run retries")

    async def deliver() -> None:
        try:
            await app.dispatcher.flush()
        except Exception:
            log.exception("outbox delivery failed; next run retries")

    async def recover_inbox() -> None:
        """Renew what this replica handles; take over what a stopped one left (bot/inbox.py)."""
        if app.inbox is None:
            return
        try:
            taken = await app.inbox.recover()
            if taken:
                log.info("inbox: %d updates taken over", taken)
        except Exception:
            log.exception("inbox recovery failed; next run retries")

    async def lead() -> None:
        """Every replica tries to become (or stay) the leader each interval, so a dead leader is replaced."""
        await app.leader.check()

    async def retention() -> None:
        if not await app.leader.check():
            return
        try:
            await run_retention(app)
        except Exception:
            log.exception("retention failed; next run retries")

    last_request: list[str | None] = [None]

    async def reload_faq() -> None:
        """Edited files are noticed by their fingerprint; `digicoach faq reload` forces a reload everywhere."""
        async with app.db.session() as session:
            requested = await get_setting(session, RELOAD_KEY)
        forced = requested is not None and requested != last_request[0] and last_request[0] is not None
        last_request[0] = requested or ""
        # off the event loop: building a matcher may take a while, and messages keep coming
        result = await asyncio.to_thread(app.faq.reload if forced else app.faq.check_for_changes)
        if result.problems:
            log.warning(
                "FAQ edit rejected, keeping the last good knowledge base: %s", "; ".join(str(p) for p in result.problems)
            )
        elif result.reloaded:
            log.info("FAQ reloaded: %d entries", result.entries)
        await refresh_learned(app)

    if app.config.digest.enabled:
        from bot.digest.delivery import DigestSender, faq_titles

        digests = DigestSender(app.engine, app.config.digest, faq_titles(app.engine))

        async def digest() -> None:
            """Last week's digest for every coordinator, once; a run missed while down catches up (see bot/digest/delivery)."""
            if not await app.leader.check():
                return
            try:
                await digests.run()
            except Exception:
                log.exception("weekly digest failed; next run retries")

        scheduler.add_job(
            digest, "interval", seconds=app.config.digest.check_seconds, id="digest", max_instances=1, coalesce=True
        )
    scheduler.add_job(lead, "interval", seconds=seconds, id="leader", max_instances=1, coalesce=True,
                      next_run_time=datetime.now().astimezone())
    # Hourly look, applied once a day (the last run is in the database, so a new leader does not repeat it).
    scheduler.add_job(retention, "interval", hours=1, id="retention", max_instances=1, coalesce=True,
                      next_run_time=datetime.now().astimezone() + timedelta(seconds=seconds))
    scheduler.add_job(sweep, "interval", seconds=seconds, id="sweep", max_instances=1, coalesce=True)
    scheduler.add_job(deliver, "interval", seconds=2, id="outbox", max_instances=1, coalesce=True)
    # A third of the lease: a replica renews its own rows well before another may take them.
    scheduler.add_job(recover_inbox, "interval", seconds=max(1, app.config.inbox.lease_seconds // 3), id="inbox",
                      max_instances=1, coalesce=True)
    scheduler.add_job(
        reload_faq, "interval", seconds=max(1, app.config.faq.reload_seconds), id="faq-reload", max_instances=1, coalesce=True
    )
    return scheduler
