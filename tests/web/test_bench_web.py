"""`digicoach bench web` on a few hundred tickets: every console page answers for both coordinators, no speed asserted."""
from __future__ import annotations

import re

import pytest

from bot.web.bench import run
from tests.conftest import PG_URL, require_postgres


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_every_page_is_timed_for_both_coordinators_and_the_new_question_shows(backend):
    if backend == "postgresql":
        require_postgres()
    lines: list[str] = []
    code = await run(300, [backend], 3, PG_URL, trials=1, out=lines.append)
    out = "\n".join(lines)
    assert code == 0, out
    pages = [line.split() for line in lines if re.match(rf"{backend}\s+(all|Groendienst)\s+/console/", line)]
    assert all(fields[3] == "ok" for fields in pages), out  # no page answered with an error
    for viewer in ("all", "Groendienst"):
        seen = {fields[2] for fields in pages if fields[1] == viewer}
        assert {"/console/now", "/console/now/live"} <= seen, out
        assert any(p.startswith("/console/tickets/") for p in seen), out  # an open question's own page
        assert "/console/signin" not in seen, out  # needs no session: not a console page to time
    assert sum(1 for line in lines if f"{backend:<11} worst page p99" in line) == 1, out
    live = next(line for line in lines if "live view: a new question shown after" in line)
    assert "never" not in live and "not within" not in live, out  # the question reached the live view


async def test_a_page_answering_an_error_is_an_error_line_and_misses_the_target(app, server):
    from aiohttp import ClientSession

    from bot.web.bench import DatabaseFigures, PageFigures, page_line, time_page, verdict_lines
    from bot.web.bench_setup import session_cookie

    secret = await session_cookie(app, "tom")
    async with ClientSession() as client:
        broken = await time_page(client, server, secret, PageFigures("sqlite", "all", "/console/nothing-here"), 3)
        fine = await time_page(client, server, secret, PageFigures("sqlite", "all", "/console/now"), 3)
    assert page_line(broken).split()[3:] == ["error", "status", "404"]
    assert page_line(fine).split()[3:5] == ["ok", "200"] and len(fine.server_ms) == 3
    verdict = verdict_lines(DatabaseFigures("sqlite", [fine, broken], [], 0.0))[0]
    assert ": MISSED" in verdict and verdict.endswith("; errors: 1"), verdict  # whatever the times
