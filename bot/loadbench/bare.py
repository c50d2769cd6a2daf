"""`python -m bot.loadbench.bare PORT`: the bare endpoint in its own process, like a replica."""
from __future__ import annotations

import sys

from aiohttp import web


def main() -> None:
    async def ok(request: web.Request) -> web.Response:
        await request.read()
        return web.Response()

    async def healthz(_: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/api/messages", ok)
    app.router.add_post("/telegram", ok)
    app.router.add_get("/healthz", healthz)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)


if __name__ == "__main__":
    main()
