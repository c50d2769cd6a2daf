"""The FAQ commands that need the database: `faq gaps` and `faq reload`."""
from __future__ import annotations

import argparse
import asyncio
from datetime import timedelta

from bot.app import faq_paths
from bot.clock import SystemClock
from bot.config import Config
from faq.gaps import group_gaps, mask_personal
from faq.kb import check_kb
from storage.gaps import gap_texts
from bot.commands.database import in_transaction
from storage.settings import set_setting

RELOAD_KEY = "faq_reload_requested"


def run_gaps(args: argparse.Namespace) -> int:
    config: Config = args.settings
    days = getattr(args, "since", None) or 30

    async def run() -> int:
        texts = await in_transaction(config, lambda session: gap_texts(session, SystemClock().now() - timedelta(days=days)))
        groups = group_gaps(texts)
        if not groups:
            print(f"no unanswered questions in the last {days} days")
            return 0
        print(f"{len(texts)} unanswered questions in the last {days} days, {len(groups)} groups:")
        for group in groups[:30]:
            print(f"{group.count:>5}  {mask_personal(group.example)}")
        return 0

    return asyncio.run(run())


def run_reload(args: argparse.Namespace) -> int:
    """Check the configured FAQ now; if it is good, ask every running replica to load it."""
    config: Config = args.settings
    problems = check_kb(faq_paths(config))
    if problems:
        for problem in problems:
            print(problem)
        print("not reloaded: the running bot keeps its last good FAQ")
        return 1

    async def run() -> int:
        await in_transaction(config, lambda session: set_setting(session, RELOAD_KEY, SystemClock().now().isoformat()))
        print("FAQ is valid; running bots reload it within their reload interval")
        return 0

    return asyncio.run(run())
