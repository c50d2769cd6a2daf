"""`digicoach bench web`: the console's own time per page on a database of N tickets, and how soon a new question shows.

The server time is what the guard reports in Server-Timing (the page without the network and the browser); the
client's wall time is printed beside it. The pages are read from the console's router, so a page added later is
measured without touching the bench. The live view is timed the way a browser sees it: polling the live part as
often as its template says (hx-trigger), from the moment a question reaches the engine.
"""
from __future__ import annotations

import asyncio
import math
import os
import random
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from aiohttp import ClientSession, web

from bot.clock import SystemClock
from bot.web import bench_setup as setup
from bot.web.guard import COOKIE
from storage.db import Database

TARGET_MS = {"sqlite": 500.0, "postgresql": 200.0}  # server time per page, p99 (the target)
LIVE_TARGET_S = 5.0
LIVE = "/console/now/live"
TIMING = re.compile(r"\bapp;dur=([0-9.]+)")
POLL = re.compile(r'hx-get="/console/now/live"[^>]*hx-trigger="every (\d+(?:\.\d+)?)s"')
TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class PageFigures:
    database: str
    viewer: str  # "all" or the scoped coordinator's departments
    path: str
    status: int = 0
    error: str = ""  # an error status, a missing Server-Timing or a refused connection: never silently skipped
    server_ms: list[float] = field(default_factory=list)
    client_ms: list[float] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    """Nearest rank: always a time that was measured (with 50 requests p99 is the slowest of them)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] if ordered else float("nan")


def console_paths(web_app: web.Application) -> list[str]:
    """Every GET page of the console without a {parameter}; the sign-in page and the static files need no session."""
    paths: list[str] = []
    for resource in web_app.router.resources():
        console = resource.get_info().get("app")
        if not isinstance(console, web.Application):
            continue
        for route in console.router.routes():
            info = route.resource.get_info() if route.resource else {}
            path = info.get("path")
            if route.method != "GET" or path is None or "{" in path or path.endswith("/signin"):
                continue  # static files and parameterised routes have no "path" in their info
            paths.append(path)
    return list(dict.fromkeys(paths))


def poll_seconds() -> float:
    """How often the Now page fetches its live part: read from the template, so the bench follows the page."""
    found = POLL.search((TEMPLATES / "_now_live.html").read_text(encoding="utf-8"))
    if found is None:
        raise ValueError("_now_live.html: no hx-trigger=\"every Ns\" on the live part")
    return float(found.group(1))


async def time_page(client: ClientSession, base: str, secret: str, figures: PageFigures, requests: int) -> PageFigures:
    """One warm-up, then `requests` GETs one after the other (a coordinator's browser, not a crowd)."""
    headers = {"Cookie": f"{COOKIE}={secret}"}  # a Secure cookie is not kept by aiohttp's jar on http://127.0.0.1
    for n in range(requests + 1):
        started = time.perf_counter()
        try:
            async with client.get(base + figures.path, headers=headers, allow_redirects=False) as response:
                await response.read()
        except Exception as exc:  # a broken page must show up as an error line, whatever broke
            figures.error = f"{type(exc).__name__}: {exc}"[:80]
            return figures
        elapsed = (time.perf_counter() - started) * 1000
        figures.status = response.status
        timing = TIMING.search(response.headers.get("Server-Timing", ""))
        if response.status >= 400 or timing is None:
            figures.error = f"status {response.status}" if response.status >= 400 else "no Server-Timing"
            return figures
        if n:  # the first was the warm-up
            figures.server_ms.append(float(timing.group(1)))
            figures.client_ms.append(elapsed)
    return figures


@dataclass
class LiveTrial:
    shown_s: float | None  # from the question reaching the engine until a poll showed it; None: not within 30 s
    handled_s: float  # the engine's turn(s) for the question, part of shown_s


async def live_delay(run: setup.Running, client: ClientSession, secrets: list[str], interval: float, rng: random.Random
                     ) -> LiveTrial:
    """A new employee's question while each signed-in coordinator's live part is polled as the page does.

    Each browser polls at its own moment; the trial is as late as the later of them.
    """
    address = f"bench-{uuid.uuid4().hex[:8]}"
    await setup.onboard(run.app, address)
    loop = asyncio.get_running_loop()
    wanted: list[str] = []
    asked = handled = math.inf

    async def poll(secret: str, phase: float) -> float:
        headers = {"Cookie": f"{COOKIE}={secret}"}
        seen: list[tuple[float, str]] = []
        await asyncio.sleep(phase)
        while True:
            started = loop.time()
            async with client.get(run.base + LIVE, headers=headers) as response:
                seen.append((loop.time(), await response.text()))
            if wanted:
                shown = [at for at, body in seen if at >= asked and wanted[0] in body]
                if shown:
                    return shown[0]
            await asyncio.sleep(max(0.0, interval - (loop.time() - started)))

    pollers = [asyncio.create_task(poll(secret, rng.random() * interval)) for secret in secrets]
    try:
        await asyncio.sleep(interval + rng.random() * interval)  # the question comes at any moment between two polls
        asked = loop.time()
        ticket = await setup.ask(run.app, address)
        handled = loop.time() - asked
        if ticket is None:
            return LiveTrial(None, handled)
        wanted.append(f'href="/console/tickets/{ticket}"')
        shown = await asyncio.wait_for(asyncio.gather(*pollers), timeout=30)
        return LiveTrial(max(shown) - asked, handled)
    except asyncio.TimeoutError:
        return LiveTrial(None, handled)
    finally:
        for poller in pollers:
            poller.cancel()


@dataclass
class DatabaseFigures:
    database: str
    pages: list[PageFigures]
    live: list[LiveTrial]
    load_s: float
    busy: float = 0.0  # the machine's 1-minute load average per CPU at the end: other processes sharing the CPUs


async def bench_database(backend: str, pg_url: str, n: int, requests: int, trials: int) -> DatabaseFigures | None:
    """A throw-away database of n tickets, measured; None: the database is not reachable."""
    from bot.commands.bench import _scratch_database

    clock = SystemClock()
    async with _scratch_database(backend, pg_url) as db:
        if db is None:
            return None
        started = time.perf_counter()
        await setup.fill(db, n, clock.now())
        load_s = time.perf_counter() - started
        pages, live = await measure(db, backend, requests, trials)
    return DatabaseFigures(backend, pages, live, load_s, os.getloadavg()[0] / (os.cpu_count() or 1))


async def measure(db: Database, backend: str, requests: int, trials: int) -> tuple[list[PageFigures], list[LiveTrial]]:
    """Every console page for both coordinators, then `trials` new questions, on a filled database."""
    async with setup.running(db, SystemClock()) as run, ClientSession() as client:
        viewers = {"all": await setup.session_cookie(run.app, setup.EVERYONE),
                   ",".join(setup.SCOPED.departments): await setup.session_cookie(run.app, setup.SCOPED.id)}
        ticket = await setup.waiting_ticket(run.app, setup.SCOPED.departments)
        paths = console_paths(run.web_app) + ([f"/console/tickets/{ticket}"] if ticket else [])
        pages = []
        for label, secret in viewers.items():
            for path in paths:
                pages.append(await time_page(client, run.base, secret, PageFigures(backend, label, path), requests))
        if ticket is None:
            pages.append(PageFigures(backend, "all", "/console/tickets/{id}", error="no waiting ticket to open"))
        live: list[LiveTrial] = []
        if trials:
            await setup.pause_every_coach(run.app)
            await setup.onboard(run.app, "bench-warm-up")  # a running bot has its FAQ matcher loaded: not timed
            await setup.ask(run.app, "bench-warm-up")
            rng = random.Random(11)
            for _ in range(trials):
                live.append(await live_delay(run, client, list(viewers.values()), poll_seconds(), rng))
    return pages, live


def page_line(p: PageFigures) -> str:
    head = f"{p.database:<11} {p.viewer:<12} {p.path:<32}"
    if p.error:
        return f"{head} error  {p.error}"
    s, c = p.server_ms, p.client_ms
    return (f"{head} ok {p.status:>3} {percentile(s, 50):>8.1f} {percentile(s, 99):>8.1f} {max(s):>8.1f}"
            f" {percentile(c, 50):>10.1f} {percentile(c, 99):>10.1f}")


def verdict_lines(f: DatabaseFigures) -> list[str]:
    target = TARGET_MS[f.database]
    errors = [p for p in f.pages if p.error]
    timed = [p for p in f.pages if not p.error]
    lines = []
    if timed:
        worst = max(timed, key=lambda p: percentile(p.server_ms, 99))
        over = list(dict.fromkeys(p.path for p in timed if percentile(p.server_ms, 99) > target))
        met = "met" if not errors and not over else "MISSED"
        lines.append(f"{f.database:<11} worst page p99 {percentile(worst.server_ms, 99):.1f} ms ({worst.path}, {worst.viewer})"
                     f" vs target {target:.0f} ms: {met}" + (f"; over it: {', '.join(over)}" if over else "")
                     + (f"; errors: {len(errors)}" if errors else ""))
    else:
        lines.append(f"{f.database:<11} no page answered: MISSED")
    if f.live:
        shown = [t.shown_s for t in f.live if t.shown_s is not None]
        worst = max(shown) if len(shown) == len(f.live) else None
        trials = ", ".join("never" if t.shown_s is None else f"{t.shown_s:.1f}" for t in f.live)
        lines.append(f"{f.database:<11} live view: a new question shown after "
                     + ("(not within 30 s)" if worst is None else f"{worst:.1f} s")
                     + f" at worst (trials {trials} s; both coordinators polling every {poll_seconds():g} s; the question's turn took"
                     f" {max(t.handled_s for t in f.live):.1f} s at most) vs target {LIVE_TARGET_S:.0f} s: "
                     + ("met" if worst is not None and worst <= LIVE_TARGET_S else "MISSED"))
    return lines


async def run(n: int, backends: list[str], requests: int, pg_url: str, trials: int = 3,
              out: Callable[[str], None] = print) -> int:
    """Prints a line per page and database, then the verdicts; 1 when a page answered with an error."""
    out(f"web bench: {n} tickets, {requests} requests per page after one warm-up; ms = server time (Server-Timing),"
        f" client = wall time at the client")
    out(f"{'database':<11} {'viewer':<12} {'page':<32} status {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
        f" {'client p50':>10} {'client p99':>10}")
    failed = False
    for backend in backends:
        figures = await bench_database(backend, pg_url, n, requests, trials)
        if figures is None:
            out(f"{backend:<11} (not reachable: {pg_url})")
            continue
        for page in figures.pages:
            out(page_line(page))
            failed = failed or bool(page.error)
        for line in verdict_lines(figures):
            out(line)
        out(f"{backend:<11} database filled in {figures.load_s:.0f} s; machine load during the run"
            f" {figures.busy:.1f} per CPU (above 1, other processes shared the CPUs: times are longer)")
    return 1 if failed else 0
