"""The load run: databases, replica processes, simulated employees, figures.

Two scenarios: "faq" (employees onboard untimed, then ask questions the FAQ
answers outright, back to back) and "mixed" (whole conversations with
simulated coaches: bot/loadbench/mixed.py). Every request goes to 127.0.0.1
only, and every loop is bounded by a duration and a message count.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import aiohttp

from bot.loadbench.fakes import BENCH_TOKEN, BOT_USER, FakeBotApi, FakeConnector, Inbox, Reply

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
SECRET = "bench-secret_0123456789"
WEBHOOK_PATH = "/telegram"
# Questions the shipped FAQ answers outright in Dutch (checked again at start: see answered_questions).
QUESTIONS = (
    "waar vind ik mijn loonbrief",
    "paswoord vergeten",
    "hoe vraag ik verlof aan",
    "ik ben mijn wachtwoord vergeten",
    "hoe krijg ik mijn mail op mijn gsm",
    "kzie mn loonbrief nie",
    "hoeveel vakantiedagen heb ik nog",
    "hoe wijzig ik mijn adres",
    "waar vind ik mijn fiscale fiche",
    "hoe meld ik mij ziek",
    "wifi werkt niet op het werk",
)
REPLY_TIMEOUT = 10.0  # seconds an employee waits for the bot's answer before counting an error
ONBOARD_QUIET = 0.3


@dataclass
class Options:
    duration: float = 10.0
    employees: int = 20  # per replica
    databases: tuple[str, ...] = ("sqlite", "postgresql")
    replicas: tuple[int, ...] = (1, 2)
    channels: tuple[str, ...] = ("teams", "telegram")
    scenarios: tuple[str, ...] = ("faq", "mixed")
    max_messages: int = 200_000  # per measured phase
    pg_url: str = DEFAULT_PG
    bare: bool = True
    log_level: str = "WARNING"  # the replicas'; INFO adds the one line per message production writes
    out: Callable[[str], None] = print


@dataclass
class Result:
    target: str
    database: str
    replicas: int
    employees: int
    latencies: list[float] = field(default_factory=list)  # seconds, answered messages only
    errors: int = 0  # no reply within REPLY_TIMEOUT, or an HTTP error
    onboarding_failed: int = 0
    other: int = 0  # answered, but not with an FAQ answer
    seconds: float = 0.0
    rss_mb: list[float] = field(default_factory=list)
    cpu: float = 0.0  # CPU seconds the server process(es) used during the measured phase
    load_cpu: float = 0.0  # CPU seconds of this process: the simulated employees and the fake platforms
    db_cpu: float | None = None  # CPU seconds of the local PostgreSQL server's processes (None: SQLite, or unreadable)
    peak_mb: list[float] = field(default_factory=list)
    scenario: str = "faq"  # faq | mixed | - (bare)
    steps: Counter[str] = field(default_factory=Counter)  # mixed: timed messages answered, per step
    step_latencies: dict[str, list[float]] = field(default_factory=dict)  # mixed: seconds per step
    problems: list[str] = field(default_factory=list)  # mixed: what went wrong, one line per message
    db_counts: dict[str, int] = field(default_factory=dict)  # mixed: what the database holds afterwards

    @property
    def cpu_ms(self) -> float:
        """Server CPU per timed message: what the machine's load does not change much."""
        return self.per_message_ms(self.cpu)

    def per_message_ms(self, seconds: float | None) -> float:
        done = len(self.latencies) + self.other + self.errors
        return seconds * 1000 / done if done and seconds is not None else float("nan")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


# -- processes ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def postgres_cpu() -> dict[int, float]:
    """CPU seconds so far of every `postgres` process on this machine (the local server: backends, WAL writer...)."""
    found: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
        except OSError:
            continue
        found[int(entry.name)] = cpu_seconds(int(entry.name))
    return found


def postgres_cpu_since(before: dict[int, float]) -> float | None:
    """CPU the server used since `before`: processes that ended meanwhile are left out (a lower bound)."""
    after = postgres_cpu()
    if not after:
        return None
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def memory_mb(pid: int) -> tuple[float, float]:
    """VmRSS and VmHWM (peak) of a process, in MB."""
    values = {"VmRSS": 0.0, "VmHWM": 0.0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in values:
                values[key] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return values["VmRSS"], values["VmHWM"]


class Process:
    """A child process serving HTTP on 127.0.0.1:port, its stderr kept in a file for when it fails."""

    def __init__(self, name: str, argv: list[str], port: int, env: dict[str, str], workdir: Path) -> None:
        self.name, self.port = name, port
        self.log_path = workdir / f"{name}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(argv, env=env, stdout=self._log, stderr=subprocess.STDOUT, cwd=workdir)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def ready(self, http: aiohttp.ClientSession, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                async with http.get(self.url + "/healthz", timeout=aiohttp.ClientTimeout(total=2)) as r:
                    if r.status == 200:
                        return
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
                pass
            await asyncio.sleep(0.2)
        raise RuntimeError(f"{self.name} did not become ready in {timeout}s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        self._log.flush()
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def memory(self) -> tuple[float, float]:
        return memory_mb(self.proc.pid)

    async def stop_async(self, timeout: float = 15) -> None:
        """`stop` without blocking the event loop: the fake platforms in this process keep answering meanwhile.

        A replica stopping waits for what it is still sending (the outbox's Teams sends run in threads that
        shutdown waits for), and those sends go to the fakes here: a blocking wait would hold both until the kill.
        """
        if self.proc.poll() is None:
            self.proc.terminate()
            deadline = time.monotonic() + timeout
            while self.proc.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            if self.proc.poll() is None:
                self.proc.kill()
        self.stop()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()


def replica_config(db_url: str, port: int, bot_api: str, directory: Path | None = None) -> str:
    from bot.config import SECTIONS

    # Simulated employees ask back to back, far above any person's limit: the bench measures the server.
    limits = "\n[limits]\nmessages_per_minute = 0\n" if "limits" in SECTIONS else ""
    # The mixed scenario's coaches (mixed.write_directory), imported by the first replica to start; the others
    # find the file unchanged since that import.
    where = f'\n[directory]\npath = "{directory.as_posix()}"\n' if directory else ""
    return f"""\
language = "nl"
{limits}{where}
[database]
url = "{db_url}"

[server]
host = "127.0.0.1"
port = {port}

[teams]
allow_unauthenticated = true

[telegram]
mode = "webhook"
webhook_url = "https://bench.invalid{WEBHOOK_PATH}"
webhook_path = "{WEBHOOK_PATH}"
base_url = "{bot_api}"
bot_username = "digicoach_bench_bot"
flood_limits = false
"""


def child_env(log_level: str = "WARNING") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIGICOACH_")}
    # The replicas run this source tree's code, whatever the working directory (a temporary one) or the venv holds.
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join([root] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != root])
    env.update(
        DIGICOACH_TELEGRAM_TOKEN=BENCH_TOKEN,
        DIGICOACH_TELEGRAM_SECRET=SECRET,
        DIGICOACH_LOG_LEVEL=log_level,
        PYTHONUNBUFFERED="1",
    )
    return env


class Database:
    """A throw-away SQLite file or PostgreSQL database for one setup."""

    def __init__(self, kind: str, pg_url: str, workdir: Path) -> None:
        self.kind, self.pg_url, self.workdir = kind, pg_url, workdir
        self.name = f"dcbench_{secrets.token_hex(5)}"
        self.url = ""

    async def __aenter__(self) -> "Database":
        if self.kind == "sqlite":
            self.url = f"sqlite+aiosqlite:///{self.workdir / (self.name + '.db')}"
            return self
        import asyncpg

        conn = await asyncpg.connect(_dsn(self.pg_url), timeout=5)
        try:
            await conn.execute(f'CREATE DATABASE "{self.name}"')
        finally:
            await conn.close()
        base = self.pg_url.rsplit("/", 1)[0]
        self.url = f"{base}/{self.name}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(self.url.split("///", 1)[1] + suffix).unlink(missing_ok=True)
            return
        import asyncpg

        conn = await asyncpg.connect(_dsn(self.pg_url), timeout=5)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            await conn.close()


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


# -- simulated employees ------------------------------------------------------------


class Employees:
    """Employees of one channel, spread over the replicas request by request (as a load balancer does)."""

    def __init__(self, channel: str, http: aiohttp.ClientSession, urls: list[str], fake: FakeConnector | FakeBotApi) -> None:
        self.channel, self.http, self.urls, self.fake = channel, http, urls, fake
        self._next = itertools.count()
        self._ids = itertools.count(1)
        self.names: dict[int, str] = {}  # accounts that are not employee "Emp<n>" (the mixed scenario's coaches)

    def url(self) -> str:
        base = self.urls[next(self._next) % len(self.urls)]
        return base + ("/api/messages" if self.channel in ("teams", "bare") else WEBHOOK_PATH)

    def body(self, n: int, text: str) -> tuple[dict[str, Any], dict[str, str]]:
        """The request one employee (number n) sends to say `text`."""
        ident = next(self._ids)
        if self.channel == "telegram":
            message = {"message_id": ident, "date": int(time.time()), "text": text, "chat": self._chat(n), "from": self._user(n)}
            if text.startswith("/"):  # as Telegram marks a command (/start CODE from a deep link)
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
            return {"update_id": ident, "message": message}, {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        return {**self._activity(n, ident), "text": text, "textFormat": "plain"}, {}

    def press_body(self, n: int, reply: Reply, payload: str) -> tuple[dict[str, Any], dict[str, str]]:
        """The request for pressing the button `payload` (Telegram: its callback_data) under `reply`."""
        ident = next(self._ids)
        data = reply.data_of(payload)
        if self.channel == "telegram":
            message = {
                "message_id": int(reply.message_id or 0), "date": int(time.time()), "chat": self._chat(n),
                "from": BOT_USER, "text": reply.text,
            }
            if reply.markup:
                message["reply_markup"] = json.loads(reply.markup)
            query = {"id": f"q{ident}", "from": self._user(n), "chat_instance": f"ci{n}", "data": data["payload"], "message": message}
            return {"update_id": ident, "callback_query": query}, {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        # An Adaptive Card's Action.Submit: the button's data as the value, replying to the card's activity.
        return {**self._activity(n, ident), "value": data, "replyToId": reply.message_id}, {}

    def _user(self, n: int) -> dict[str, Any]:
        return {"id": 900_000 + n, "is_bot": False, "first_name": self.names.get(n, f"Emp{n}"), "language_code": "nl"}

    def _chat(self, n: int) -> dict[str, Any]:
        return {"id": 900_000 + n, "type": "private", "first_name": self.names.get(n, f"Emp{n}")}

    def _activity(self, n: int, ident: int) -> dict[str, Any]:
        return {
            "type": "message", "id": f"bench-{ident}", "timestamp": "2026-11-23T08:00:00.000Z",
            "channelId": "msteams", "serviceUrl": self.fake.url if self.fake else "http://127.0.0.1:9/",
            "from": {"id": f"29:emp{n}", "name": self.names.get(n, f"Emp{n} Peeters"),
                     "aadObjectId": f"00000000-0000-0000-0000-{n:012d}"},
            "conversation": {"id": f"a:emp{n}", "conversationType": "personal", "tenantId": "tenant-bench"},
            "recipient": {"id": "28:digicoach-bench", "name": "Digicoach"},
            "locale": "nl-BE", "channelData": {"tenant": {"id": "tenant-bench"}},
        }

    def inbox(self, n: int) -> Inbox:
        key: Any = 900_000 + n if self.channel == "telegram" else f"a:emp{n}"
        return self.fake.inbox(key)  # type: ignore[union-attr]

    async def post(self, n: int, text: str) -> int:
        body, headers = self.body(n, text)
        async with self.http.post(self.url(), json=body, headers=headers) as response:
            await response.read()
            return response.status

    async def press(self, n: int, reply: Reply, payload: str) -> int:
        body, headers = self.press_body(n, reply, payload)
        async with self.http.post(self.url(), json=body, headers=headers) as response:
            await response.read()
            return response.status

    async def onboard(self, n: int) -> bool:
        """Say hello, pick the first site; ask one question (a warm-up, not timed)."""
        box = self.inbox(n)
        for text in ("hallo", "1"):
            since = len(box.replies)
            if await self.post(n, text) != 200:
                return False
            if not await box.wait_quiet(since, ONBOARD_QUIET, REPLY_TIMEOUT):
                return False
        return (await self.ask(n, QUESTIONS[n % len(QUESTIONS)]))[0] == "answered"

    async def ask(self, n: int, question: str) -> tuple[str, float]:
        """One timed question: ("answered" | "other" | "error", seconds until the last reply arrived)."""
        box = self.inbox(n)
        since = len(box.replies)
        start = time.perf_counter()
        try:
            status = await self.post(n, question)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
            return "error", 0.0
        if status != 200:
            return "error", 0.0
        reply = await box.wait_for(since, _turn_end, REPLY_TIMEOUT)
        if reply is None:
            return "error", time.perf_counter() - start
        return ("answered" if reply.feedback else "other"), reply.at - start


def _turn_end(reply: Reply) -> bool:
    """An FAQ answer ends with its yes/no buttons; suggestions end with theirs."""
    return reply.buttons


async def drive(employees: Employees, count: int, options: Options, result: Result, first: int = 0) -> None:
    """`count` employees ask questions back to back until the duration or the message cap is reached."""
    questions = itertools.cycle(QUESTIONS)
    sent = [0]
    start = time.perf_counter()
    stop_at = start + options.duration
    last = [start]

    async def one(n: int) -> None:
        while time.perf_counter() < stop_at and sent[0] < options.max_messages:
            sent[0] += 1
            outcome, seconds = await employees.ask(n, next(questions))
            if outcome == "answered":
                result.latencies.append(seconds)
            elif outcome == "other":
                result.other += 1
            else:
                result.errors += 1
            last[0] = time.perf_counter()

    await asyncio.gather(*(one(first + n) for n in range(count)))
    result.seconds = last[0] - start


async def drive_bare(http: aiohttp.ClientSession, url: str, count: int, options: Options, result: Result) -> None:
    """The same generator against the bare endpoint: POST, 200, next."""
    employees = Employees("bare", http, [url], None)  # type: ignore[arg-type]
    start = time.perf_counter()
    stop_at = start + options.duration
    sent = [0]

    async def one(n: int) -> None:
        while time.perf_counter() < stop_at and sent[0] < options.max_messages:
            sent[0] += 1
            t0 = time.perf_counter()
            try:
                status = await employees.post(n, QUESTIONS[sent[0] % len(QUESTIONS)])
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
                status = 0
            if status == 200:
                result.latencies.append(time.perf_counter() - t0)
            else:
                result.errors += 1

    await asyncio.gather(*(one(n) for n in range(count)))
    result.seconds = time.perf_counter() - start


# -- the run ------------------------------------------------------------------------


def answered_questions() -> None:
    """Fail early if the shipped FAQ no longer answers the bench's questions outright."""
    from bot.app import faq_paths
    from bot.config import Config
    from faq.live import LiveKnowledgeBase
    from faq.matcher import Decision

    _, matcher = LiveKnowledgeBase(faq_paths(Config())).current()
    wrong = [q for q in QUESTIONS if matcher.match(q, "nl").decision != Decision.ANSWER]
    if wrong:
        raise RuntimeError(f"the FAQ no longer answers these bench questions outright: {wrong}")


HEADER = (
    f"{'target':<9} {'scen':<5} {'database':<10} {'repl':>4} {'empl':>5} {'msgs':>7} {'msg/s':>8} {'per repl':>8} "
    f"{'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'vs bare':>7} {'cpu ms':>6} {'load':>5} {'db':>5}  RSS MB per replica (peak)"
)
LEGEND = (
    "cpu ms: the server processes' CPU per message; load: this process's (simulated employees and fake platforms); "
    "db: the local PostgreSQL server's; all in ms per message, on the same cores"
)
MIXED_LEGEND = (
    "mixed: a message is timed to the bot's reply to its sender; a message relayed between employee and coach "
    "(it gets none) to its arrival at the other person; errors: no such reply within {timeout:g}s, or an error reply"
)


def line(r: Result, bare_rate: float | None) -> str:
    ratio = f"{r.rate / bare_rate:>7.2f}" if bare_rate else f"{'-':>7}"
    memory = ", ".join(f"{m:.0f} ({p:.0f})" for m, p in zip(r.rss_mb, r.peak_mb)) or "-"
    db = f"{r.per_message_ms(r.db_cpu):>5.2f}" if r.db_cpu is not None else f"{'-':>5}"
    return (
        f"{r.target:<9} {r.scenario:<5} {r.database:<10} {r.replicas:>4} {r.employees:>5} {len(r.latencies):>7} {r.rate:>8.1f} "
        f"{r.rate / max(1, r.replicas):>8.1f} {r.pct(0.5):>7.1f} {r.pct(0.99):>7.1f} {r.errors + r.other:>6} {ratio} {r.cpu_ms:>6.2f} "
        f"{r.per_message_ms(r.load_cpu):>5.2f} {db}  {memory}"
    )


async def run(options: Options) -> list[Result]:
    answered_questions()
    if "mixed" in options.scenarios:
        from bot.loadbench import mixed

        mixed.check_questions()
    out = options.out
    results: list[Result] = []
    bare_rates: dict[int, float] = {}
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=REPLY_TIMEOUT)
    with tempfile.TemporaryDirectory(prefix="dcbench-") as tmp:
        workdir = Path(tmp)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
            out(f"digicoach bench load: {options.duration:g}s per phase, {options.employees} employees per replica, "
                f"scenarios {','.join(options.scenarios)}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
            if "mixed" in options.scenarios:
                out(mixed.describe_mix())
                out(MIXED_LEGEND.format(timeout=REPLY_TIMEOUT))
            out(LEGEND)
            out(HEADER)
            if options.bare:
                port = free_port()
                bare = Process("bare", [sys.executable, "-m", "bot.loadbench.bare", str(port)], port, child_env(), workdir)
                try:
                    await bare.ready(http)
                    for replicas in options.replicas:
                        count = options.employees * replicas
                        r = Result("bare", "-", 1, count, scenario="-")
                        cpu, load_cpu = cpu_seconds(bare.proc.pid), time.process_time()
                        await drive_bare(http, bare.url, count, options, r)
                        r.cpu = cpu_seconds(bare.proc.pid) - cpu
                        r.load_cpu = time.process_time() - load_cpu
                        r.rss_mb, r.peak_mb = [list(v) for v in zip(bare.memory())]
                        bare_rates[replicas] = r.rate
                        results.append(r)
                        out(line(r, None))
                finally:
                    bare.stop()
            for kind in options.databases:
                for replicas in options.replicas:
                    try:
                        found = await _setup(kind, replicas, options, http, workdir, bare_rates.get(replicas))
                    except (OSError, RuntimeError) as exc:
                        out(f"{'-':<9} {'-':<5} {kind:<10} {replicas:>4}  skipped: {str(exc).strip().splitlines()[0]}")
                        if isinstance(exc, RuntimeError):
                            out(str(exc))
                        continue
                    results += found
    return results


async def _setup(kind: str, replicas: int, options: Options, http: aiohttp.ClientSession, workdir: Path,
                 bare_rate: float | None) -> list[Result]:
    """One database, `replicas` processes on it; each channel measured in turn, each scenario in turn."""
    from bot.loadbench import mixed

    out = options.out
    results: list[Result] = []
    count = options.employees * replicas
    mixed_channels = list(options.channels) if "mixed" in options.scenarios else []
    # As many coaches as employees for each channel's mixed phase; the directory has them all from the start.
    directory = mixed.write_directory(workdir / f"directory-{kind}-{replicas}.toml", count * len(mixed_channels))
    teams, telegram = FakeConnector(), FakeBotApi()
    await teams.start()
    await telegram.start()
    processes: list[Process] = []
    try:
        async with Database(kind, options.pg_url, workdir) as db:
            try:
                for i in range(replicas):  # one after the other: the first applies the migrations
                    port = free_port()
                    config = workdir / f"replica{i}.toml"
                    config.write_text(replica_config(db.url, port, telegram.url, directory))
                    argv = [sys.executable, "-m", "bot.cli", "--config", str(config), "run"]
                    proc = Process(f"{kind}-r{replicas}-{i}", argv, port, child_env(options.log_level), workdir)
                    processes.append(proc)
                    await proc.ready(http)
                deadline = time.monotonic() + 30
                while telegram.webhooks_set < replicas and time.monotonic() < deadline:
                    await asyncio.sleep(0.1)
                urls = [p.url for p in processes]
                for channel in options.channels:
                    fake = teams if channel == "teams" else telegram
                    employees = Employees(channel, http, urls, fake)
                    for scenario in options.scenarios:
                        result = Result(channel, kind, replicas, count, scenario=scenario)
                        coaches: list[mixed.Actor] = []
                        indexes: list[int] = []  # this channel's coaches in the directory
                        phase: mixed.Mixed | None = None
                        if scenario == "faq":
                            onboarded = await asyncio.gather(*(employees.onboard(n) for n in range(count)))
                            result.onboarding_failed = onboarded.count(False)
                        else:
                            first = mixed_channels.index(channel) * count
                            indexes = list(range(first, first + count))
                            coaches = await mixed.link_coaches(employees, db.url, indexes)
                            phase = mixed.Mixed(employees, options, result, coaches, mixed.EMPLOYEE_BASE)
                            await phase.prepare(count)
                        cpu = sum(cpu_seconds(p.proc.pid) for p in processes)
                        load_cpu, db_cpu = time.process_time(), postgres_cpu() if kind == "postgresql" else None
                        if scenario == "faq":
                            await drive(employees, count, options, result)
                        elif phase is not None:
                            await phase.run(count)
                        result.cpu = sum(cpu_seconds(p.proc.pid) for p in processes) - cpu
                        result.load_cpu = time.process_time() - load_cpu
                        result.db_cpu = postgres_cpu_since(db_cpu) if db_cpu else None
                        memory = [p.memory() for p in processes]
                        result.rss_mb = [m[0] for m in memory]
                        result.peak_mb = [m[1] for m in memory]
                        results.append(result)
                        out(line(result, bare_rate))
                        if phase is not None:
                            await phase.wind_down()
                            result.db_counts = await mixed.database_counts(db.url, [mixed.coach_id(i) for i in indexes])
                            for text in mixed.step_lines(result) + [mixed.database_line(result)]:
                                out(text)
                        if result.errors or result.other or result.onboarding_failed:
                            if scenario == "faq":
                                out(f"  {result.errors} without a reply within {REPLY_TIMEOUT:g}s or refused, {result.other} not "
                                    f"answered from the FAQ, {result.onboarding_failed} employees not onboarded")
                            else:
                                out(f"  {result.errors} without the expected reply within {REPLY_TIMEOUT:g}s or refused, "
                                    f"{result.other} answered with an error, {result.onboarding_failed} employees not "
                                    f"onboarded before the phase; first ones: " + "; ".join(result.problems[:5]))
                            for p in processes:
                                tail = p.tail(8)
                                if tail:
                                    out(f"  {p.name} log (last lines):\n    " + tail.replace("\n", "\n    "))
                        for p in processes:
                            if p.proc.poll() is not None:
                                raise RuntimeError(f"{p.name} died during the run:\n{p.tail()}")
            finally:
                await asyncio.gather(*(p.stop_async() for p in processes))
    finally:
        await teams.close()
        await telegram.close()
    return results


def summary(results: list[Result]) -> str:
    """The headline: best PostgreSQL figures per replica against the targets (which are about FAQ answers)."""
    pg = [r for r in results if r.database == "postgresql" and r.scenario == "faq"]
    if not pg:
        return ""
    lines = ["targets (PostgreSQL, FAQ scenario): >= 300 FAQ-answered msg/s per replica, p99 <= 100 ms, <= 200 MB per replica"]
    for r in pg:
        per = r.rate / r.replicas
        worst = max(r.peak_mb or [0.0])
        ok = per >= 300 and r.pct(0.99) <= 100 and worst <= 200
        lines.append(f"  {r.target:<9} {r.replicas} replica(s): {per:.0f} msg/s per replica, p99 {r.pct(0.99):.0f} ms, "
                     f"peak {worst:.0f} MB: {'met' if ok else 'NOT met'}")
    return "\n".join(lines)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
