"""Reports over HTTP: the digest of a chosen past week, its CSV exactly as the chat's, weeks checked, departments kept apart."""
from __future__ import annotations

import csv
import io
import re

from bot.config import DigestConfig
from bot.digest.content import Week
from bot.digest.delivery import DigestSender, faq_titles
from tests.bot.harness import ask_coach, to
from tests.digest.scenario import at
from tests.digest.test_small_groups import CITY, a_week
from tests.web.conftest import signed_in
from tests.web.scoping import AFTER_W48, add_coordinator, known_fortnight

W48 = Week.parse("2026-W48")


def rows_of(text: str, section: str) -> list[dict[str, str]]:
    return [row for row in csv.DictReader(io.StringIO(text)) if row["section"] == section]


async def test_the_last_full_week_is_shown_with_its_figures_chart_and_trend(chat, server):
    await known_fortnight(chat)
    async with await signed_in(chat, server) as client:
        response = await client.get(f"{server}/console/reports")
        html = await response.text()
    assert response.status == 200
    assert "<h1>Weekoverzicht 2026-W48</h1>" in html and "23/11 tot 29/11/2026" in html
    assert '<option value="2026-W48" selected>' in html and 'value="2026-W49"' not in html, "past weeks only"
    assert '<th scope="row">Vragen</th><td>6</td><td>↑ +2300%</td>' in html
    assert "Anna" in html and "Lotte" in html, "coach activity is the coaches' own: shown"
    assert "Groendienst" not in html and "Administratie" not in html, "one person a department: never shown alone"
    assert "Minder dan 5 mensen deze week: niet apart getoond." in html
    assert 'src="data:image/png;base64,' in html and 'alt="Vragen per dag; Vragen per week (8 weken)"' in html
    assert "<th scope=\"row\">2026-W41</th>" in html and "<th scope=\"row\">2026-W47</th><td>1</td>" in html, "8 weeks"
    assert "piet@example.com" not in html and "[e-mail]" in html, "gap examples masked as in the chat"
    assert 'href="/console/reports/csv?week=2026-W48"' in html


async def test_an_older_week_by_its_name(chat, server):
    await known_fortnight(chat)
    async with await signed_in(chat, server) as client:
        html = await (await client.get(f"{server}/console/reports?week=2026-W47")).text()
    assert "<h1>Weekoverzicht 2026-W47</h1>" in html and '<th scope="row">Vragen</th><td>1</td>' in html


async def test_a_change_to_a_past_week_shows_at_once_chart_included(chat, server):
    await known_fortnight(chat)
    async with await signed_in(chat, server) as client:
        before = await (await client.get(f"{server}/console/reports")).text()
        await chat.say("coach:anna", "/close resolved 5")  # the question still open from Thursday 26 November
        after = await (await client.get(f"{server}/console/reports")).text()
    chart = re.compile(r'src="(data:image/png;base64,[^"]+)"')
    assert '<th scope="row">Nog open</th><td>1</td>' in before and '<th scope="row">Nog open</th><td>0</td>' in after
    assert chart.search(before).group(1) != chart.search(after).group(1), "the day's bar is no longer 'still open'"


async def test_a_bad_week_is_a_plain_message(chat, server):
    await known_fortnight(chat)
    async with await signed_in(chat, server) as client:
        for value, says in [("garbage", "Dat is geen week"), ("2025-W53", "Dat is geen week"), ("1999-W10", "Dat is geen week"),
                            ("9999-W52", "nog niet voorbij"), ("2026-W49", "nog niet voorbij"),
                            ("<script>alert(1)</script>", "Dat is geen week"), ("2026-W48" * 40, "Dat is geen week"),
                            ("2026-W48" + " " * 30 + "x", "Dat is geen week")]:
            for path in ("/console/reports", "/console/reports/csv"):
                response = await client.get(f"{server}{path}", params={"week": value})
                html = await response.text()
                assert response.status == 400, (value, path)
                assert says in html and "Traceback" not in html and "<script>alert" not in html, (value, path)
                assert 'name="week"' in html, "the picker stays, to choose again"


async def test_the_csv_download_is_the_chat_digests_csv(chat, server):
    await known_fortnight(chat)
    await DigestSender(chat.app.engine, DigestConfig(), faq_titles(chat.app.engine)).send(
        W48, ["tom"])
    sent = {m.document[0]: m.document[1] for m in to(await chat.flush(), "coordinator:tom") if m.document}
    async with await signed_in(chat, server) as client:
        response = await client.get(f"{server}/console/reports/csv", params={"week": "2026-W48"})
        body = await response.read()
    assert response.status == 200 and response.content_type == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="digest-2026-W48.csv"'
    assert body == sent["digest-2026-W48.csv"], "the same file the coordinator got in the chat"
    total = rows_of(body.decode(), "total")[0]
    assert (total["questions"], total["faq_solved"], total["accepted"]) == ("6", "1", "4")


async def test_a_scoped_coordinator_sees_only_their_departments_in_page_and_csv(chat, server):
    sara = await add_coordinator(chat, "sara", ("Groendienst",))
    await known_fortnight(chat)
    await DigestSender(chat.app.engine, DigestConfig(), faq_titles(chat.app.engine)).send(
        W48, ["sara"])
    sent = {m.document[0]: m.document[1] for m in to(await chat.flush(), sara) if m.document}
    async with await signed_in(chat, server, sara) as client:
        html = await (await client.get(f"{server}/console/reports")).text()
        body = await (await client.get(f"{server}/console/reports/csv?week=2026-W48")).read()
    assert "Afdelingen: Groendienst" in html and '<th scope="row">Vragen</th><td>4</td>' in html
    for other in ("Administratie", "Administratief Centrum Zuid", "Lotte", "koffiemachine"):
        assert other not in html, other
        assert other not in body.decode(), other
    assert body == sent["digest-2026-W48.csv"], "exactly what the chat digest gives this coordinator"
    assert rows_of(body.decode(), "department") == [], "jan alone: not shown per department, in page or CSV"
    assert [r["key"] for r in rows_of(body.decode(), "coach")] == ["anna"]


async def test_what_employees_typed_is_shown_as_text(chat, server):
    await chat.say("jan", "hallo")
    await chat.say("jan", payload="site:groendienst-blaarmeersen")
    chat.clock.set(at(25, 10))
    await ask_coach(chat, "jan", "<script>alert(1)</script> de deur van de loods klemt en het alarm gaat af")
    chat.clock.set(AFTER_W48)
    async with await signed_in(chat, server) as client:
        html = await (await client.get(f"{server}/console/reports")).text()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


async def test_departments_of_five_or_more_and_the_other_row_in_page_and_csv(chat, server):
    """Zorg (6) and Groendienst (5) by name; Wegen (4) and Facility (1) only as "Overige (2 afdelingen)"."""
    await a_week(chat.app.db, CITY + [("wegen-wiedauwkaai", "Wegen", 4), ("stadhuis", "Facility", 1)])
    chat.clock.set(AFTER_W48)
    async with await signed_in(chat, server) as client:
        html = await (await client.get(f"{server}/console/reports")).text()
        body = (await (await client.get(f"{server}/console/reports/csv?week=2026-W48")).read()).decode()
    assert '<th scope="row">Zorg</th><td>6</td>' in html
    assert '<th scope="row">Overige (2 afdelingen)</th><td>5</td>' in html
    assert '<th scope="row">Overige (2 plekken)</th><td>5</td>' in html
    assert "Wegen" not in html and "Facility" not in html and "Wegen" not in body
    assert [(r["key"], r["people"]) for r in rows_of(body, "department")] == [("Zorg", "6"), ("Groendienst", "5"),
                                                                              ("other", "5")]
