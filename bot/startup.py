"""Start-up failures an operator can fix, said in one line each that names the key to look at.

A database that does not answer, a FAQ file that does not load, a directory
file with mistakes: none of these is a bug, so none of them should reach the
operator as a traceback. `bot/cli.py` prints the lines of a StartupError and
exits non-zero; everything else keeps its traceback, because that one is a bug.
"""
from __future__ import annotations

import asyncio
import socket
import threading
from typing import Iterable

from sqlalchemy import text

from bot.config import database_url_key, shown_url
from storage.db import Database


class StartupError(Exception):
    """Start-up cannot go on; `problems` are the lines to show, each naming the key to fix."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def connect_reason(exc: BaseException) -> str:
    """Why a connection failed, in a few words: the innermost cause, without the driver's class names."""
    seen: set[int] = set()
    while id(exc) not in seen:  # the driver's error is wrapped by SQLAlchemy's, sometimes twice
        seen.add(id(exc))
        inner = getattr(exc, "orig", None) or exc.__cause__
        if inner is None:
            break
        exc = inner
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return f"host not found ({exc.strerror or exc})"
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        return "timed out"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    first = str(exc).strip().splitlines()
    return first[0] if first else type(exc).__name__


async def check_database(db: Database) -> None:
    """Connect once before anything else, so a wrong URL or a database that is down is one line, not a traceback.

    Only the first connection is checked here: a database lost while the bot runs is handled by the engine.
    """
    before = set(threading.enumerate())
    try:
        async with db.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # whatever the driver raises while connecting: all of it means "cannot connect"
        await _driver_threads_done(before)
        raise StartupError(
            [f"{database_url_key()}: cannot connect to {shown_url(db.url)}: {connect_reason(exc)}"]
        ) from exc


async def _driver_threads_done(before: set[threading.Thread]) -> None:
    """Let a driver's worker thread (aiosqlite's) hand back its last result while the loop still runs.

    After a failed connect aiosqlite stops its thread with one more queued call; if the command exits first,
    that call lands on a closed loop and the thread prints a traceback under the operator's one line.
    """
    for thread in set(threading.enumerate()) - before:
        await asyncio.to_thread(thread.join, 2.0)
