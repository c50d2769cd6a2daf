"""A small fault-injecting TCP proxy for tests: put it between the bot and PostgreSQL or a channel.

    proxy = FaultProxy("127.0.0.1", 5432); await proxy.start()
    proxy.latency = 0.02          # seconds added to every chunk, both directions
    proxy.cut()                   # close every open connection now
    proxy.refuse = True           # new connections are closed at once (the server "is down")
    proxy.answer = b"HTTP/1.1 503 ..."  # new connections get this reply instead of the upstream
    proxy.heal()                  # back to normal
"""
from __future__ import annotations

import asyncio
import contextlib


class FaultProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.latency = 0.0
        self.refuse = False
        self.answer: bytes | None = None
        self.connections = 0  # accepted so far, for tests that want to see reconnects
        self._server: asyncio.base_events.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.sockets[0].getsockname()[1]

    async def start(self) -> "FaultProxy":
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return self

    def cut(self) -> None:
        """Drop every open connection in both directions, as a network failure or a server crash would."""
        for writer in list(self._open):
            with contextlib.suppress(Exception):
                writer.transport.abort()
        self._open.clear()

    def heal(self) -> None:
        self.latency, self.refuse, self.answer = 0.0, False, None

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        if self.refuse:
            writer.transport.abort()
            return
        if self.answer is not None:
            with contextlib.suppress(Exception):
                await reader.read(65536)
                writer.write(self.answer)
                await writer.drain()
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.transport.abort()
            return
        self._open.update((writer, up_writer))
        pumps = [
            asyncio.create_task(self._pump(reader, up_writer, writer)),
            asyncio.create_task(self._pump(up_reader, writer, up_writer)),
        ]
        self._tasks.update(pumps)
        for pump in pumps:
            pump.add_done_callback(self._tasks.discard)

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, other: asyncio.StreamWriter) -> None:
        try:
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                if self.latency:
                    await asyncio.sleep(self.latency)
                if writer not in self._open:
                    break
                writer.write(chunk)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            for w in (writer, other):
                self._open.discard(w)
                with contextlib.suppress(Exception):
                    w.transport.abort()
