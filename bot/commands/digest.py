"""`digicoach digest` (write one week's digest as files) and `digicoach bench digest` (time it on a year of tickets)."""
from __future__ import annotations

import argparse
import asyncio
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.commands.database import migrated
from bot.config import Config

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("digest", help="write the weekly digest of a past week as files (md, html, csv, png)")
    p.add_argument("--week", help="ISO week like 2026-W47 (default: the last completed week)")
    p.add_argument("--coordinator", help="a coordinator id: their departments and language (default: everything)")
    p.add_argument("--lang", choices=("nl", "en", "fr"), help="language of the report (default: the coordinator's, else [language])")
    p.add_argument("--out", required=True, help="directory to write digest.md, digest.html, digest.csv and the PNGs to")
    p.set_defaults(func=cmd_digest)


def register_bench(bench: argparse._SubParsersAction) -> None:
    p = bench.add_parser("digest", help="time the weekly digest on N synthetic tickets over a year")
    p.add_argument("--tickets", type=int, default=100_000, help="tickets to generate (default 100000)")
    p.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    p.add_argument("--pg-url", default=os.environ.get("DIGICOACH_BENCH_PG_URL", DEFAULT_PG),
                   help="PostgreSQL to use (a throw-away schema is created and dropped)")
    p.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is shown")
    p.set_defaults(func=cmd_bench)


def cmd_digest(args: argparse.Namespace) -> int:
    from bot.digest.content import Week

    config: Config = args.settings
    try:
        week = Week.parse(args.week) if args.week else None
    except ValueError as exc:
        print(f"--week: {exc}")
        return 2
    return asyncio.run(_digest(config, week, args.coordinator, args.lang, Path(args.out)))


async def _digest(  # type: ignore[no-untyped-def]
    config: Config, week, coordinator_id: str | None, lang: str | None, out: Path, now: datetime | None = None
) -> int:
    from bot.app import faq_paths
    from bot.clock import SystemClock
    from bot.digest.content import build_digest
    from bot.digest.delivery import departments_of, due_week
    from bot.digest.rendering import render_all
    from faq.kb import load_kb
    from skills.definition import load_scan
    from routing.sync import directory_timezone
    from storage.models import Coordinator, Person

    async with migrated(config) as db:
        async with db.session() as session:
            tz = ZoneInfo(await directory_timezone(session))
            now = now or SystemClock().now()
            week = week or due_week(now, config.digest, tz)[0]
            if week.start(tz) > now:
                print(f"{week.label} has not started yet")
                return 2
            departments: tuple[str, ...] = ()
            if coordinator_id:
                coordinator = await session.get(Coordinator, coordinator_id)
                if coordinator is None:
                    print(f"no coordinator {coordinator_id!r} in the directory")
                    return 1
                departments = departments_of(coordinator)
                person = await session.get(Person, coordinator.person_id) if coordinator.person_id else None
                lang = lang or (person.language if person else None)
            lang = lang or config.language
            kb = load_kb(faq_paths(config))  # entry titles only: no matcher to build
            scan = load_scan(config.scan.path or None)  # profile and area names for the self-scan section
            digest = await build_digest(session, week, tz, departments, lambda e: kb.title(e, lang), scan=scan)
    images = {"days": "days.png", "trend": "trend.png"}
    rendered = render_all(digest, lang, images=images)
    out.mkdir(parents=True, exist_ok=True)
    (out / "digest.md").write_text(rendered.markdown, encoding="utf-8")
    (out / "digest.html").write_text(rendered.html, encoding="utf-8")
    (out / "digest.csv").write_text(rendered.csv, encoding="utf-8")
    (out / "days.png").write_bytes(rendered.charts.days or b"")
    (out / "trend.png").write_bytes(rendered.charts.trend or b"")
    (out / "summary.png").write_bytes(rendered.charts.summary)
    scope = f" ({', '.join(departments)})" if departments else ""
    print(f"digest {week.label}{scope}: {digest.totals.questions} questions; written to {out}/")
    print("  digest.md digest.html digest.csv days.png trend.png summary.png")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    if args.tickets < 1:
        print("--tickets: at least 1")
        return 2
    backends = [b.strip() for b in str(args.databases).split(",") if b.strip()]
    unknown = [b for b in backends if b not in ("sqlite", "postgresql")]
    if unknown:
        print(f"--databases: unknown {', '.join(unknown)} (sqlite, postgresql)")
        return 2
    return asyncio.run(_bench(args.tickets, backends, args.pg_url, max(1, args.repeat)))


async def _bench(n: int, backends: list[str], pg_url: str, repeat: int) -> int:
    from bot.commands.bench import _scratch_database
    from bot.digest.bench import measure, populate
    from bot.digest.content import Week

    tz = ZoneInfo("Europe/Brussels")
    end = datetime(2026, 11, 30, tzinfo=timezone.utc)  # a Monday: the year before it, and its last full week
    week = Week.containing(end - timedelta(days=3), tz)
    print(f"digest bench: {n} tickets over the year before {end.date()}, week {week.label}, median of {repeat} runs")
    print(f"{'database':<11} {'tickets':>9} {'events':>9} {'load s':>7} {'week q':>7} {'week s':>7} "
          f"{'trend s':>8} {'full s':>7} {'scoped s':>9}")
    for backend in backends:
        async with _scratch_database(backend, pg_url) as db:
            if db is None:
                print(f"{backend:<11} (not reachable: {pg_url})")
                continue
            generated = await populate(db, n, end)
            r = await measure(db, week, tz, repeat)
            print(f"{backend:<11} {n:>9} {generated.events:>9} {generated.seconds:>7.1f} {r.questions:>7} "
                  f"{r.week_s:>7.3f} {r.trend_s:>8.3f} {r.full_s:>7.3f} {r.scoped_s:>9.3f}")
    print("week = one week's figures; trend = the 8-week queries; full = whole digest incl. trend, charts, HTML, CSV;")
    print("scoped = the full digest for a coordinator limited to one department")
    return 0
