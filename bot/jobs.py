"""Time-driven work as APScheduler interval jobs.

Jobs hold no state of their own: each run reads the database and acts with
conditional updates, so a restart, a missed run or a second replica neither
loses nor doubles anything.
"""
from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.app import App

log = logging.getLogger("digicoach.jobs")


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

    async def reload_faq() -> None:
        result = app.faq.check_for_changes()
        if getattr(result, "problems", None):
            log.warning("FAQ edit rejected, keeping the last good knowledge base: %s", result)

    scheduler.add_job(sweep, "interval", seconds=seconds, id="sweep", max_instances=1, coalesce=True)
    scheduler.add_job(deliver, "interval", seconds=2, id="outbox", max_instances=1, coalesce=True)
    scheduler.add_job(
        reload_faq, "interval", seconds=max(1, app.config.faq.reload_seconds), id="faq-reload", max_instances=1, coalesce=True
    )
    return scheduler
