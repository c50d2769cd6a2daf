"""`digicoach bench routing`, `bench load` and `bench web`: speed figures anyone can rerun (see README for the ones we measured)."""
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


def register_web(bench: argparse._SubParsersAction) -> None:
    p = bench.add_parser("web", help="the console's server time per page on N tickets, and how soon the live view shows a question")
    p.add_argument("--tickets", type=int, default=1_000_000, help="tickets over a year (default 1000000)")
    p.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    p.add_argument("--requests", type=int, default=50, help="timed requests per page and coordinator (default 50)")
    p.add_argument("--live-trials", type=int, default=3, help="new questions timed until the live view shows them (default 3)")
    p.add_argument("--pg-url", default=os.environ.get("DIGICOACH_BENCH_PG_URL", DEFAULT_PG),
                   help="PostgreSQL to use (a throw-away schema is created and dropped)")
    p.set_defaults(func=cmd_web)


def cmd_web(args: argparse.Namespace) -> int:
    backends = [b.strip() for b in str(args.databases).split(",") if b.strip()]
    unknown = [b for b in backends if b not in ("sqlite", "postgresql")]
    if unknown or not backends:
        print(f"--databases: expected sqlite, postgresql, got {args.databases!r}")
        return 2
    if args.tickets < 1 or args.requests < 1 or args.live_trials < 0:
        print("bench web: --tickets and --requests at least 1, --live-trials at least 0")
        return 2
    from bot.web.bench import run

    return asyncio.run(run(args.tickets, backends, args.requests, args.pg_url, args.live_trials))


def register_load(bench: argparse._SubParsersAction) -> None:
    load = bench.add_parser(
        "load", help="the real server under concurrent simulated employees (Teams and Telegram webhook), vs a bare endpoint"
    )
    load.add_argument("--duration", type=float, default=10.0, help="seconds each measured phase lasts (default 10)")
    load.add_argument("--employees", type=int, default=20, help="concurrent simulated employees per replica (default 20)")
    load.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql")
    load.add_argument("--replicas", default="1,2", help="comma-separated replica counts (default 1,2)")
    load.add_argument("--channels", default="teams,telegram", help="comma-separated: teams,telegram")
    load.add_argument("--scenario", default="faq,mixed",
                      help="comma-separated: faq (FAQ answers only), mixed (whole conversations with simulated coaches); "
                           "default faq,mixed")
    load.add_argument("--max-messages", type=int, default=200_000, help="cap on timed messages per phase")
    load.add_argument("--no-bare", action="store_true", help="skip the bare aiohttp endpoint")
    load.add_argument("--log-level", default="WARNING", choices=("WARNING", "INFO"),
                      help="the replicas' log level (default WARNING; INFO writes one line per message, as production does)")
    load.add_argument("--pg-url", default=os.environ.get("DIGICOACH_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"),
                      help="PostgreSQL server to create a throw-away database dcbench_* on (dropped afterwards)")
    load.set_defaults(func=cmd_load)


def cmd_load(args: argparse.Namespace) -> int:
    from bot.loadbench.load import Options, run, summary

    def split(value: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
        items = tuple(x.strip() for x in str(value).split(",") if x.strip())
        bad = [x for x in items if allowed and x not in allowed]
        if bad or not items:
            raise ValueError(f"expected a comma-separated list of {', '.join(allowed or ('numbers',))}, got {value!r}")
        return items

    try:
        options = Options(
            duration=args.duration,
            employees=args.employees,
            databases=split(args.databases, ("sqlite", "postgresql")),
            replicas=tuple(int(x) for x in split(args.replicas)),
            channels=split(args.channels, ("teams", "telegram")),
            scenarios=tuple(dict.fromkeys(split(args.scenario, ("faq", "mixed")))),
            max_messages=args.max_messages,
            pg_url=args.pg_url,
            log_level=args.log_level,
            bare=not args.no_bare,
        )
    except ValueError as exc:
        print(f"bench load: {exc}")
        return 2
    if options.duration <= 0 or options.duration > 600 or options.employees < 1 or options.employees > 1000 or any(
        r < 1 or r > 8 for r in options.replicas
    ):
        print("bench load: --duration 0-600 s, --employees 1-1000, --replicas 1-8")
        return 2
    from bot import eventloop

    results = eventloop.run(run(options))  # the simulated employees on the replicas' event loop: less of the CPU
    text = summary(results)
    if text:
        print(text)
    return 0
