"""A throw-away PostgreSQL cluster for tests that stop, cut or restart a database.

Such tests never touch the shared server at 127.0.0.1:5432 (other test runs use
it at the same time): they initdb a cluster of their own in a fresh temp folder,
on a free port, and delete it afterwards. Use the `pg_cluster` fixture from
tests/conftest.py; this module holds the mechanics.
"""
from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

PG_OS_USER = "postgres"  # initdb refuses to run as root: as root, the cluster is run by this user


def server_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres, or None if the server is not installed."""
    candidates: list[str] = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if out.returncode == 0:
            candidates.append(out.stdout.strip())
    # Debian/Ubuntu: /usr/lib/postgresql/<version>/bin, newest version first.
    version = lambda p: [int(x) for x in re.findall(r"\d+", p)]  # noqa: E731
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).parent))  # type: ignore[arg-type]
    for c in candidates:
        if all((Path(c) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(c)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unavailable(reason: str) -> None:
    """A missing PostgreSQL server fails the run under CI and skips the test elsewhere."""
    if os.environ.get("CI"):  # as tests/conftest.py require_postgres
        pytest.fail(f"{reason}; CI must install the PostgreSQL server (.ci/run does)")
    pytest.skip(reason)


class PgCluster:
    """initdb, start, stop, start again, and remove: one private cluster in a temp folder.

    `url` is postgresql+asyncpg://postgres@127.0.0.1:PORT/postgres (trust auth;
    initdb creates the `postgres` database). Listens only on 127.0.0.1, unix socket
    in the temp folder, fsync off.
    """

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        self.dir = Path(tempfile.mkdtemp(prefix="digicoach-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = free_port()
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / tool), *args]
        if self.as_root:
            cmd = ["runuser", "-u", PG_OS_USER, "--", *cmd]
        out = subprocess.run(cmd, cwd=self.dir, capture_output=True, text=True, timeout=120)
        if check and out.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout}{out.stderr}\n{log}")
        return out

    def create(self) -> None:
        if self.as_root:
            user = pwd.getpwnam(PG_OS_USER)
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                "\n# throw-away test cluster (tests/pgcluster.py)\n"
                "listen_addresses = '127.0.0.1'\n"
                f"port = {self.port}\n"
                f"unix_socket_directories = '{self.dir}'\n"
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n"
            )

    def start(self) -> None:
        """Start and wait until it accepts connections (pg_ctl -w)."""
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log))

    def stop(self, mode: str = "fast") -> None:
        """Stop and wait until it is down; `fast` ends every open connection, as a real restart does."""
        self._run("pg_ctl", "stop", "-w", "-t", "60", "-m", mode, "-D", str(self.data))

    def running(self) -> bool:
        return self.data.is_dir() and self._run("pg_ctl", "status", "-D", str(self.data), check=False).returncode == 0

    def ready(self) -> bool:
        """pg_isready's answer over TCP, as a client of the bot sees it."""
        isready = self.bindir / "pg_isready"
        cmd = [str(isready) if isready.is_file() else "pg_isready", "-h", "127.0.0.1", "-p", str(self.port), "-q"]
        return subprocess.run(cmd, timeout=30).returncode == 0

    def remove(self) -> None:
        """Stop it if it runs (immediate: nothing to keep) and delete the folder."""
        try:
            if self.running():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.dir)


def throwaway_cluster() -> PgCluster:
    """A started private cluster, or fail (CI) / skip (elsewhere) without the server binaries."""
    bindir = server_bindir()
    if bindir is None:
        unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(PG_OS_USER)
        except KeyError:
            unavailable(f"running as root and there is no `{PG_OS_USER}` OS user to run initdb as")
        if not shutil.which("runuser"):
            unavailable("running as root and there is no runuser to run initdb as postgres")
    cluster = PgCluster(bindir)  # type: ignore[arg-type]
    try:
        cluster.create()
        cluster.start()
    except BaseException:
        cluster.remove()
        raise
    deadline = time.monotonic() + 30
    while not cluster.ready():
        if time.monotonic() > deadline:
            cluster.remove()
            raise RuntimeError(f"throw-away PostgreSQL cluster on port {cluster.port} did not become ready")
        time.sleep(0.2)
    return cluster
