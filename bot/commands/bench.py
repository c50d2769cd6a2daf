"""`digicoach bench routing`: speed figures anyone can rerun (see README for the ones we measured)."""
from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import uuid

from storage.db import Database
from storage.migrate import upgrade

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def register(bench: argparse._SubParsersAction) -> None:
    routing = bench.add_parser("routing", help="time to pick a coach for N coaches, on SQLite and PostgreSQL")
    routing.add_argument("--coaches", default="100,1000,10000", help="comma-separated sizes (default 100,1000,10000)")
    routing.add_argument("--picks", type=int, default=200, help="coach picks timed per size")
    routing.add_argument("--pg-url", default=os.environ.get("DIGICOACH_BENCH_PG_URL", DEFAULT_PG),
                         help="PostgreSQL to use (a throw-away schema is created and dropped); 'none' to skip")
    routing.set_defaults(func=cmd_routing)


def cmd_routing(args: argparse.Namespace) -> int:
    try:
        sizes = [int(x) for x in str(args.coaches).split(",") if x.strip()]
    except ValueError:
        print(f"--coaches: expected numbers like 100,1000,10000, got {args.coaches!r}")
        return 2
    return asyncio.run(_routing(sizes, args.picks, args.pg_url))


async def _routing(sizes: list[int], picks: int, pg_url: str) -> int:
    from routing.bench import measure, populate

    print(f"{'database':<11} {'coaches':>8} {'p50 ms':>8} {'p99 ms':>8}  found")
    for backend in ("sqlite", "postgresql"):
        if backend == "postgresql" and pg_url == "none":
            continue
        for n in sizes:
            async with _scratch_database(backend, pg_url) as db:
                if db is None:
                    print(f"{backend:<11} {n:>8}  (not reachable: {pg_url})")
                    break
                await populate(db, n)
                r = await measure(db, n, picks)
                print(f"{backend:<11} {n:>8} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f}  {r.found}/{r.picks}")
    return 0


class _scratch_database:
    """A fresh SQLite file or PostgreSQL schema, removed afterwards."""

    def __init__(self, backend: str, pg_url: str) -> None:
        self.backend, self.pg_url = backend, pg_url
        self.db: Database | None = None
        self.schema = f"bench_{uuid.uuid4().hex[:10]}"

    async def __aenter__(self) -> Database | None:
        if self.backend == "sqlite":
            self.tmp = tempfile.TemporaryDirectory()
            self.db = Database(f"sqlite+aiosqlite:///{self.tmp.name}/bench.db")
        else:
            import asyncpg

            try:
                conn = await asyncpg.connect(self.pg_url.replace("+asyncpg", ""), timeout=5)
            except (OSError, asyncpg.PostgresError):
                return None
            await conn.execute(f'CREATE SCHEMA "{self.schema}"')
            await conn.close()
            self.db = Database(self.pg_url, connect_args={"server_settings": {"search_path": self.schema}})
        await upgrade(self.db.engine)
        return self.db

    async def __aexit__(self, *exc: object) -> None:
        if self.db is None:
            return
        await self.db.dispose()
        if self.backend == "sqlite":
            self.tmp.cleanup()
        else:
            import asyncpg

            conn = await asyncpg.connect(self.pg_url.replace("+asyncpg", ""))
            await conn.execute(f'DROP SCHEMA "{self.schema}" CASCADE')
            await conn.close()
