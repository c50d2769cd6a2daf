"""`digicoach bench load` at a tiny size: real replica process, SQLite, both channels; figures printed, no speed asserted."""
from __future__ import annotations

import re
import subprocess
import sys


def test_bench_load_prints_the_figures(tmp_path):
    argv = [
        sys.executable, "-m", "bot.cli", "bench", "load",
        "--duration", "2", "--employees", "3", "--databases", "sqlite", "--replicas", "1",
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "msg/s" in out and "p50 ms" in out and "p99 ms" in out and "vs bare" in out and "RSS MB" in out, out
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^(bare|teams|telegram)\s+.*$", out, re.M)}
    assert set(rows) == {"bare", "teams", "telegram"}, out
    for target in ("teams", "telegram"):
        fields = rows[target].split()
        # target database replicas employees msgs msg/s per-replica p50 p99 errors vs-bare cpu-ms load db RSS...
        assert fields[1] == "sqlite" and fields[2] == "1" and int(fields[4]) > 0, rows[target]
        assert float(fields[5]) > 0 and float(fields[7]) > 0 and float(fields[8]) >= float(fields[7]), rows[target]
        assert float(fields[11]) > 0 and float(fields[12]) > 0, rows[target]  # replica and load generator CPU
        assert fields[13] == "-", rows[target]  # no database server's CPU on SQLite
        assert float(fields[14]) > 10, rows[target]  # the replica's resident memory in MB
