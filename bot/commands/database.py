"""How every CLI command gets its database: opened from the config, migrated, closed when done."""
from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Awaitable, Callable, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.startup import check_database
from storage.db import Database
from storage.migrate import upgrade

T = TypeVar("T")


@asynccontextmanager
async def migrated(config: Config) -> AsyncIterator[Database]:
    """The configured database at the newest schema: a command never runs against an old one.

    A database that cannot be reached is a StartupError naming the key (bot/startup.py), not a traceback.
    """
    db = Database(config.database.url)
    try:
        await check_database(db)
        await upgrade(db.engine)
        yield db
    finally:
        await db.dispose()


async def in_transaction(config: Config, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """`work` in one transaction on the migrated database."""
    async with migrated(config) as db:
        async with db.session() as session:
            return await work(session)


__all__: list[Any] = ["migrated", "in_transaction"]
