"""Composition: from a Config to a running engine with its database, FAQ, directory and outbox."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.clock import Clock, SystemClock
from bot.config import Config
from bot.engine.accounts import Accounts
from bot.engine.core import Engine
from bot.logs import load_salt
from bot.leader import AlwaysLeader, Leadership, leadership_for, startup_lock
from bot.inbox import Inbox
from bot.outbox import Dispatcher
from faq.live import LiveKnowledgeBase
from bot.startup import StartupError, check_database
from faq.kb import KBError
from routing.directory import (
    Directory, DirectoryError, default_directory_path, load_directory, parse_directory, read_directory_text,
)
from routing.sync import import_directory, import_if_changed
from skills.definition import ScanDefinition, ScanError, load_scan
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Coach, Coordinator, Site

log = logging.getLogger("digicoach.app")


@dataclass
class App:
    config: Config
    db: Database
    clock: Clock
    faq: LiveKnowledgeBase
    engine: Engine
    dispatcher: Dispatcher
    accounts: Accounts  # what channels ask about a chat account (bot/engine/accounts.py)
    leader: Leadership = field(default_factory=AlwaysLeader)  # who runs the run-once jobs (bot/leader.py)
    inbox: Inbox | None = None  # webhook updates stored before they are acknowledged (bot/inbox.py)

    async def close(self) -> None:
        await self.leader.close()
        await self.db.dispose()

    async def link_console(self) -> None:
        """On the console every coach and coordinator is reachable as `coach:ID` / `coordinator:ID`."""
        async with self.db.session() as session:
            coaches = list((await session.execute(select(Coach.id).where(Coach.active.is_(True)))).scalars())
            coordinators = list((await session.execute(select(Coordinator.id))).scalars())
        for cid in coaches:
            await self.engine.link_directory_person("console", f"coach:{cid}", "coach", cid)
        for cid in coordinators:
            await self.engine.link_directory_person("console", f"coordinator:{cid}", "coordinator", cid)


def faq_paths(config: Config) -> list[Path]:
    from faq.kb import default_kb_paths

    return [Path(p) for p in config.faq.paths] or default_kb_paths()


def live_faq(config: Config) -> LiveKnowledgeBase:
    """The FAQ as configured: its files, and the matcher's encoder and cache.

    Files that do not load raise StartupError, a line per problem under `[faq] paths` (the shipped FAQ has none).
    """
    encoder = None if config.faq.encoder == "off" else config.faq.encoder
    try:
        return LiveKnowledgeBase(faq_paths(config), encoder=encoder,
                                 cache_dir=Path(config.faq.cache_dir) if config.faq.cache_dir else None)
    except KBError as exc:
        raise StartupError(f"[faq] paths: {problem}" for problem in exc.problems) from exc


def configured_scan(config: Config, faq_ids: set[str]) -> ScanDefinition:
    """The self-scan `[scan] path` names (empty: the shipped one); mistakes are a StartupError, a line each.

    A city's own scan must name FAQ entries its FAQ has; the shipped scan's advice simply skips the ones a city's
    FAQ lacks (bot/engine/scan_result.py shows only entries that exist).
    """
    try:
        scan = load_scan(config.scan.path or None)
    except ScanError as exc:
        raise StartupError(f"[scan] path: {problem}" for problem in exc.problems) from exc
    if config.scan.path:
        missing = [(a.id, e) for a in scan.areas for e in a.faq if e not in faq_ids]
        if missing:
            raise StartupError(f"[scan] path: {scan.source}: areas.{area}.faq: unknown FAQ entry {entry!r}" for area, entry in missing)
    return scan


def configured_directory(config: Config) -> tuple[Directory, str]:
    """The file `[directory] path` names and its text (read once: what is imported is what is fingerprinted);
    its mistakes are a StartupError, a line each, naming the key."""
    try:
        text = read_directory_text(config.directory.path)
        return parse_directory(text, config.directory.path), text
    except DirectoryError as exc:
        raise StartupError(f"[directory] path: {exc.source}: {problem}" for problem in exc.problems) from exc


async def ensure_directory(db: Database, config: Config, clock: Clock) -> None:
    """A configured directory is imported at start-up when its content changed since it was last imported;
    otherwise the demo one, once, into an empty database.

    So edits made in the web console stand until the file changes, and a changed file (a bulk change) overrides
    the coaches and sites it lists (routing/sync.py, "which one wins"). Every command that needs the directory
    (start-up, `digicoach invite`) goes through here, so they agree on which directory a database gets.
    """
    async with db.session() as session:
        if config.directory.path:
            directory, text = configured_directory(config)
            report = await import_if_changed(session, directory, text, clock.now())
            if report is None:
                log.info("directory file unchanged since its last import: the database's directory stands")
            else:
                log.info("directory imported: %s", report.summary())
            return
        if (await session.execute(select(func.count()).select_from(Site))).scalar_one() == 0:
            directory = load_directory(default_directory_path())
            log.info("no directory configured: using the shipped demo directory")
            report = await import_directory(session, directory, clock.now())
            log.info("directory imported: %s", report.summary())


async def prepare_database(db: Database, config: Config, clock: Clock) -> None:
    """The database as a start leaves it: reachable, migrated, salted, with its directory.

    Replicas started together take turns (one migrates and imports, the other waits). A database that cannot
    be reached, or a directory file with mistakes, is a StartupError.
    """
    await check_database(db)
    async with startup_lock(db):
        await upgrade(db.engine)
        await load_salt(db)
        await ensure_directory(db, config, clock)


async def build_app(config: Config, clock: Clock | None = None, db: Database | None = None) -> App:
    clock = clock or SystemClock()
    owned = db is None
    db = db or Database(config.database.url, pool_size=config.database.pool_size)
    try:
        await prepare_database(db, config, clock)
        faq = live_faq(config)
        scan = configured_scan(config, set(faq.current()[0].ids()))
    except BaseException:
        if owned:
            await db.dispose()  # an engine left open warns about unclosed connections on the way out
        raise
    engine = Engine(db, clock, faq, config.routing, config.language, limits=config.limits, scan=scan,
                    console_url=config.web.public_url or f"http://127.0.0.1:{config.server.port}")
    await engine.start()
    dispatcher = Dispatcher(db, clock, on_unreachable=engine.on_unreachable)
    leader = leadership_for(db, clock, retry=timedelta(seconds=max(1, config.routing.sweep_seconds) / 2))
    accounts = Accounts(db, engine.default_language)  # the language the engine falls back on
    inbox = Inbox(db, clock, lease=timedelta(seconds=config.inbox.lease_seconds))
    return App(
        config=config, db=db, clock=clock, faq=faq, engine=engine, dispatcher=dispatcher, accounts=accounts, leader=leader,
        inbox=inbox,
    )
