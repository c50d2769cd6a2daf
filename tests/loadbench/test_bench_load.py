"""`digicoach bench load` at a tiny size: real replica process, SQLite; figures printed, no speed asserted."""
from __future__ import annotations

import re
import subprocess
import sys

from bot import eventloop
from bot.loadbench.load import Options, run
from bot.loadbench.mixed import STEPS, mix


def test_bench_load_prints_the_figures(tmp_path):
    argv = [
        sys.executable, "-m", "bot.cli", "bench", "load", "--scenario", "faq",
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
        # target scenario database replicas employees msgs msg/s per-replica p50 p99 errors vs-bare cpu-ms load db RSS...
        assert fields[1] == "faq" and fields[2] == "sqlite" and fields[3] == "1" and int(fields[5]) > 0, rows[target]
        assert float(fields[6]) > 0 and float(fields[8]) > 0 and float(fields[9]) >= float(fields[8]), rows[target]
        assert fields[10] == "0", rows[target]  # every question answered from the FAQ
        assert float(fields[12]) > 0 and float(fields[13]) > 0, rows[target]  # replica and load generator CPU
        assert fields[14] == "-", rows[target]  # no database server's CPU on SQLite
        assert float(fields[15]) > 10, rows[target]  # the replica's resident memory in MB


def test_the_mixed_scenario_proportions_add_up():
    shares = mix()
    assert set(shares) == set(STEPS) and abs(sum(shares.values()) - 100) < 1e-9
    assert all(share > 0 for share in shares.values())


def test_bench_load_mixed_has_every_step_of_a_conversation():
    """A few seconds of whole conversations on Teams: every step happened, the database agrees, no error replies.

    Eight seconds, not four: on a busy 2-core machine (other test processes, the FAQ's sentence encoder loading)
    four seconds were sometimes too few for one whole conversation."""
    lines: list[str] = []
    options = Options(
        duration=8, employees=4, databases=("sqlite",), replicas=(1,), channels=("teams",), scenarios=("mixed",),
        bare=False, out=lines.append,
    )
    results = eventloop.run(run(options))
    out = "\n".join(lines)
    assert "mixed scenario, timed messages per 100" in out, out
    assert len(results) == 1, out
    r = results[0]
    assert (r.target, r.scenario, r.database) == ("teams", "mixed", "sqlite"), out
    assert r.errors == 0 and r.other == 0, out  # every message got its expected reply, none an error reply
    missing = [step for step in STEPS if r.steps[step] == 0]
    assert not missing, f"steps that never happened: {missing}\n{out}"
    assert len(r.latencies) == sum(r.steps.values()) and r.rate > 0 and r.cpu_ms > 0, out
    # What the database holds (tickets as `digicoach tickets list --json` reads them) is what the fakes received.
    db = r.db_counts
    assert db["accepted"] == r.steps["accepted"] and db["declined"] == r.steps["declined"], out
    assert db["relayed"] == r.steps["to_coach"] + r.steps["to_employee"], out
    assert db["closed"] == r.steps["closed"] and db["rated"] == r.steps["rated"], out
    assert db["outbox_failed"] == 0, out
    assert re.search(r"^teams\s+mixed\s+sqlite\s+1\s+4\s+\d+", out, re.M), out
