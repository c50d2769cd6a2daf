"""The server's event loop: uvloop where it is available, asyncio's own otherwise.

uvloop (libuv, by the asyncpg authors) runs the same asyncio code with less
CPU per socket event; a replica spends most of its time in exactly that
(HTTP in, SQL, HTTP out). `bench load` measured the difference. Windows has
no uvloop: the standard loop is used there.
"""
from __future__ import annotations

import asyncio
from typing import Any, Callable, Coroutine, TypeVar

T = TypeVar("T")


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - not installed on this platform
        return None
    return uvloop.new_event_loop


def run(main: Coroutine[Any, Any, T]) -> T:
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)
