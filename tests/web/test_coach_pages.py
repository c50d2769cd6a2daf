"""The console's Coaches pages over HTTP, on both databases: who is free now and why not, editing a coach or a
site by the directory's rules (problems naming the field, nothing stored), pause, resume and invitations through
the chat's own rules, a scoped coordinator's departments, escaping, and the audit log."""
from __future__ import annotations

import html
import json
import re
from urllib.parse import unquote

from sqlalchemy import func, select, update

from bot.app import build_app
from bot.config import Config
from storage.models import AuditEntry, Coach, Coordinator, Invite, Site
from tests.bot.harness import Harness, ask_coach, text_to
from tests.bot.test_faq_learning_replicas import same_database
from tests.web.conftest import csrf_of, signed_in

QUESTION = "de deur van de loods klemt en het alarm gaat af"
EVERYONE = ("anna", "bram", "lotte", "jens", "sofie", "wout")
ANNA = {"name": "Anna", "site": "groendienst-citadelpark", "languages": "nl, en", "hours": "mon-fri 07:00-15:30",
        "capacity": "2", "email": "anna@example.invalid", "department": "", "active": "true"}
WOUT = {"name": "Wout", "site": "groendienst-blaarmeersen", "languages": "nl", "hours": "mon-fri 07:30-16:00",
        "capacity": "1", "email": "", "department": "", "active": "true"}  # works at Jan's site: gets his questions


async def onboard(chat, actor: str = "jan") -> None:
    await chat.say(actor, "hallo")
    await chat.say(actor, payload="site:groendienst-blaarmeersen")


async def page_of(client, url: str) -> tuple[int, str]:
    response = await client.get(url)
    return response.status, await response.text()


async def post(client, server: str, path: str, data: dict, page: str = "/console/coaches"):
    """A form as the page sends it: with the CSRF token of the page it is on."""
    _, source = await page_of(client, f"{server}{page}")
    return await client.post(f"{server}{path}", data={"csrf": csrf_of(source), **data}, allow_redirects=False)


def note_of(response) -> str:
    """The line the next page shows once (a cookie: aiohttp's test jar keeps none for 127.0.0.1, a browser does)."""
    return unquote(response.cookies["digicoach_note"].value)


def row_of(listing: str, name: str) -> str:
    """The text of the table row of the coach with this name, tags removed."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", listing, re.S):
        if f">{name}</a>" in row:
            return " ".join(re.sub(r"<[^>]+>", " ", row).split())
    raise AssertionError(f"no row for {name}")


async def coach(app, coach_id: str) -> Coach | None:
    async with app.db.session() as session:
        return await session.get(Coach, coach_id)


async def audit_of(app) -> list[tuple[str, str | None, str | None]]:
    async with app.db.session() as session:
        rows = (await session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
        return [(r.action, r.target, r.detail) for r in rows if r.action.startswith(("coach", "site"))]


async def scope_tom(app, departments: list[str]) -> None:
    async with app.db.session() as session:
        await session.execute(update(Coordinator).where(Coordinator.id == "tom").values(departments=json.dumps(departments)))


async def test_the_list_shows_who_is_free_now_and_why_not(chat, server):
    await chat.say("coach:anna", "/pause tot 14:00")
    await onboard(chat)
    assert "Nieuwe vraag #1" in text_to(await ask_coach(chat, "jan", QUESTION), "coach:wout")
    async with await signed_in(chat, server) as client:
        status, listing = await page_of(client, f"{server}/console/coaches")
    assert status == 200
    assert row_of(listing, "Anna") == ("Anna op pauze pauze tot 23/11/2026 14:00 in de werkuren 0 / 2 nl, en "
                                       "mon-fri 07:00-15:30 Groendienst, ploeg Citadelpark")
    assert row_of(listing, "Wout").startswith("Wout heeft al genoeg open vragen in de werkuren 1 / 1"), "the offer counts"
    assert row_of(listing, "Lotte").startswith("Lotte vrij 0 / 3 nl, fr, en")
    assert row_of(listing, "Sofie").startswith("Sofie buiten de werkuren 0 / 2"), "Sofie starts at 13:00"
    assert "3 van 6 actieve coaches kunnen nu een vraag krijgen." in listing
    assert "Niet-actieve coaches (0)" in listing
    assert "Woonzorgcentrum Het Heiveld, Sint-Amandsberg</a></td><td>Zorg</td>" in listing
    assert "51.0622, 3.7555" in listing, "a site's coordinates"
    async with await signed_in(chat, server) as client:
        _, live = await page_of(client, f"{server}/console/coaches/live")
    assert row_of(live, "Anna") == row_of(listing, "Anna") and "<h1>" not in live, "the part that refreshes itself"


async def test_a_coach_page_shows_the_details_and_the_form_as_the_file_holds_them(chat, server):
    async with await signed_in(chat, server) as client:
        status, anna = await page_of(client, f"{server}/console/coaches/anna")
    assert status == 200 and "<h1>Coach Anna</h1>" in anna
    assert 'value="nl, en"' in anna and ">mon-fri 07:00-15:30</textarea>" in anna
    assert '<option value="groendienst-citadelpark" selected>' in anna
    assert 'name="department" value=""' in anna, "Anna follows her site's department: the field stays empty"


async def test_an_edit_with_problems_shows_each_line_and_stores_nothing(app, chat, server):
    typed = {**ANNA, "capacity": "twee", "hours": "", "languages": "nl, de"}
    async with await signed_in(chat, server) as client:
        refused = await post(client, server, "/console/coaches/anna", typed, "/console/coaches/anna")
        page = await refused.text()
        long = await post(client, server, "/console/coaches/anna", {**ANNA, "name": "A" * 150}, "/console/coaches/anna")
        assert long.status == 400, "longer than the database holds: a line, not a failed write"
        assert "coach &#34;anna&#34;: name: at most 100 characters, got 150" in await long.text()
    assert refused.status == 400
    problems = re.findall(r"<li>(coach &#34;anna&#34;: [^<]*)</li>", page)
    assert sorted(html.unescape(p).split(": ")[1] for p in problems) == ["capacity", "hours", "languages"], problems
    assert "coach &#34;anna&#34;: capacity: must be a whole number of open tickets, got &#39;twee&#39;" in page
    assert 'value="twee"' in page and 'value="nl, de"' in page, "what was typed comes back"
    assert page.count('aria-invalid="true"') == 3
    anna = await coach(app, "anna")
    assert (anna.capacity, anna.languages, anna.name) == (2, "nl,en", "Anna") and await audit_of(app) == []


async def test_an_edit_counts_for_the_next_question_on_every_replica(app, chat, server, database):
    other = await build_app(Config(), app.clock, db=same_database(database))
    try:
        on_other = Harness(other)
        await onboard(on_other, "piet")
        async with await signed_in(chat, server) as client:
            saved = await post(client, server, "/console/coaches/wout", {**WOUT, "active": "false"}, "/console/coaches/wout")
        assert saved.status == 303 and saved.headers["Location"] == "/console/coaches/wout"
        assert "Wout is bewaard" in note_of(saved)
        out = await ask_coach(on_other, "piet", QUESTION)
        assert text_to(out, "coach:wout") == "", "without the edit Wout, at Piet's site, would get it"
        assert "Nieuwe vraag #1" in text_to(out, "coach:anna"), "the next nearest"
    finally:
        await other.close()
    assert await audit_of(app) == [("coach_edit", "coach wout", "active")]
    async with await signed_in(chat, server) as client:
        _, listing = await page_of(client, f"{server}/console/coaches")
    assert "Niet-actieve coaches (1)" in listing and 'href="/console/coaches/wout">Wout</a> · Groendienst' in listing


async def test_more_capacity_offers_a_waiting_question_at_once(app, chat, server):
    for coach_id in EVERYONE[:-1]:
        await chat.say(f"coach:{coach_id}", "/pause")
    await onboard(chat)
    assert "Nieuwe vraag #1" in text_to(await ask_coach(chat, "jan", QUESTION), "coach:wout")
    await onboard(chat, "piet")
    assert "je bent nummer 1" in text_to(await ask_coach(chat, "piet", QUESTION), "piet"), "Wout takes one at a time"
    async with await signed_in(chat, server) as client:
        saved = await post(client, server, "/console/coaches/wout", {**WOUT, "capacity": "2"}, "/console/coaches/wout")
    assert saved.status == 303
    assert "Nieuwe vraag #2" in text_to(await chat.flush(), "coach:wout"), "not only at the next sweep"
    assert await audit_of(app) == [("coach_edit", "coach wout", "capacity")]


async def test_a_paused_coach_resumed_in_the_console_gets_the_waiting_question(app, chat, server):
    for coach_id in EVERYONE:
        await chat.say(f"coach:{coach_id}", "/pause")
    await onboard(chat)
    assert "je bent nummer 1" in text_to(await ask_coach(chat, "jan", QUESTION), "jan")
    async with await signed_in(chat, server) as client:
        _, page = await page_of(client, f"{server}/console/coaches/wout")
        assert "pauze tot die beëindigd wordt" in page and 'action="/console/coaches/wout/resume"' in page
        resumed = await post(client, server, "/console/coaches/wout/resume", {}, "/console/coaches/wout")
    assert resumed.status == 303 and "De pauze van Wout is beëindigd" in note_of(resumed)
    told = text_to(await chat.flush(), "coach:wout")
    assert told.startswith("Een coördinator heeft je pauze beëindigd.") and "Nieuwe vraag #1" in told
    assert await audit_of(app) == [("coach_resume", "coach wout", None)]


async def test_a_pause_from_the_console_tells_the_coach_and_reads_the_coachs_words(app, chat, server):
    async with await signed_in(chat, server) as client:
        page = "/console/coaches/anna"
        unread = await post(client, server, "/console/coaches/anna/pause", {"until": "tot sint-juttemis"}, page)
        assert unread.status == 400
        assert "coach &#34;anna&#34;: until: I don&#39;t understand &#39;until sint-juttemis&#39;" in await unread.text()
        assert 'value="tot sint-juttemis"' in await unread.text()
        both = await post(client, server, "/console/coaches/anna/pause", {"until": "2h", "until_at": "2026-11-24T08:00"}, page)
        assert both.status == 400 and "Tot: vul een tekst of een moment in, niet allebei." in await both.text()
        assert not (await coach(app, "anna")).paused and await chat.flush() == []

        paused = await post(client, server, "/console/coaches/anna/pause", {"until": "tot 14:00"}, page)
        assert paused.status == 303 and note_of(paused).startswith("Anna staat op pauze tot ma 23/11 14:00")
        assert "Een coördinator heeft je op pauze gezet tot ma 23/11 14:00" in text_to(await chat.flush(), "coach:anna")
        picked = await post(client, server, "/console/coaches/bram/pause", {"until_at": "2026-11-24T08:00"}, page)
        assert picked.status == 303
    assert (await coach(app, "bram")).paused_until.isoformat() == "2026-11-24T07:00:00+00:00", "the directory's local time"
    assert await audit_of(app) == [("coach_pause", "coach anna", "until 2026-11-23T13:00:00+00:00"),
                                   ("coach_pause", "coach bram", "until 2026-11-24T07:00:00+00:00")]


async def test_an_invitation_code_is_shown_once_and_links_the_chat(app, chat, server):
    async with await signed_in(chat, server) as client:
        made = await post(client, server, "/console/coaches/anna/invite", {}, "/console/coaches/anna")
        assert made.status == 303
        note = note_of(made)
        code = re.search(r"code (\S+) ·", note).group(1)
        assert f"Telegram: https://t.me/<bot username>?start={code.replace('-', '')}" in note
        _, later = await page_of(client, f"{server}/console/coaches/anna")
        assert code not in later, "the code is in the note only, and the page shows no note without the cookie"
    assert "Welkom, Anna" in text_to(await chat.say("kim", code), "kim")
    assert await audit_of(app) == [("coach_invite", "coach anna", "valid 7 days")]
    assert all(code not in (detail or "") for _, _, detail in await audit_of(app))


async def test_a_coach_and_a_site_are_added_and_names_stay_text(app, chat, server):
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    async with await signed_in(chat, server) as client:
        site = await post(client, server, "/console/sites/new", {
            "id": "depot-zuid", "name": f"Depot {hostile}", "lat": "51,03", "lon": "3.71", "department": "Wegen"})
        assert site.status == 303 and site.headers["Location"] == "/console/sites/depot-zuid"
        added = await post(client, server, "/console/coaches/new", {
            "id": "nina", "name": hostile, "site": "depot-zuid", "languages": "nl fr", "hours": "mon-fri 08:00-16:00\nsat 09:00-12:00",
            "capacity": "2", "email": "", "department": "", "active": "true"})
        assert added.status == 303 and added.headers["Location"] == "/console/coaches/nina"
        again = await post(client, server, "/console/coaches/new", {**ANNA, "id": "nina"})
        assert again.status == 400 and "coach &#34;nina&#34;: id: already in the directory" in await again.text()
        for url in ("/console/coaches", "/console/coaches/nina", "/console/sites/depot-zuid"):
            _, shown = await page_of(client, f"{server}{url}")
            assert "<script>alert(1)" not in shown and "<img src=x" not in shown, url
            assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in shown, url
        _, listing = await page_of(client, f"{server}/console/coaches")
    assert "nog geen chat gekoppeld" in row_of(listing, html.escape(hostile, quote=False)), "linked by an invitation later"
    nina = await coach(app, "nina")
    assert (nina.languages, nina.department, nina.hours) == ("nl,fr", "Wegen", '["mon-fri 08:00-16:00", "sat 09:00-12:00"]')
    assert [a[:2] for a in await audit_of(app)] == [("site_add", "site depot-zuid"), ("coach_add", "coach nina")]


async def test_a_site_edit_is_checked_by_the_directory_rules(app, chat, server):
    async with await signed_in(chat, server) as client:
        page = "/console/sites/stadhuis"
        status, shown = await page_of(client, f"{server}{page}")
        assert status == 200 and 'value="51.0546"' in shown and ">Jens</a>" in shown, "the coaches who work there"
        bad = await post(client, server, page, {"name": "Stadhuis", "lat": "noord", "lon": "3.7256", "department": "Facility"}, page)
        assert bad.status == 400 and 'site &#34;stadhuis&#34;: lat:' in await bad.text() and 'value="noord"' in await bad.text()
        moved = await post(client, server, page, {"name": "Stadhuis", "lat": "51.05", "lon": "3.7256", "department": "Facility"}, page)
        assert moved.status == 303 and "Locatie Stadhuis is bewaard." == note_of(moved)
    async with app.db.session() as session:
        assert (await session.get(Site, "stadhuis")).lat == 51.05
    assert await audit_of(app) == [("site_edit", "site stadhuis", "name, lat")]


async def test_a_scoped_coordinator_sees_and_changes_only_their_departments(app, chat, server):
    await scope_tom(app, ["Groendienst"])
    async with await signed_in(chat, server) as client:
        _, listing = await page_of(client, f"{server}/console/coaches")
        assert ">Anna</a>" in listing and ">Wout</a>" in listing
        assert ">Lotte</a>" not in listing and "Heiveld" not in listing and "2 van 2 actieve coaches" in listing
        missing = await client.get(f"{server}/console/coaches/nobody")
        for url in ("/console/coaches/lotte", "/console/sites/ac-zuid", "/console/coaches/" + "anna" * 17):
            guessed = await client.get(f"{server}{url}")
            assert guessed.status == 404 and await guessed.text() == await missing.text(), url
        for path, data in (("/console/coaches/lotte", {**ANNA, "name": "Lotte", "site": "ac-zuid", "capacity": "9"}),
                           ("/console/coaches/lotte/pause", {"until": "2h"}), ("/console/coaches/lotte/resume", {}),
                           ("/console/coaches/lotte/invite", {}),
                           ("/console/sites/ac-zuid", {"name": "x", "lat": "51", "lon": "3.7", "department": "Groendienst"})):
            assert (await post(client, server, path, data)).status == 404, path
        moved = await post(client, server, "/console/coaches/anna", {**ANNA, "department": "Zorg"}, "/console/coaches/anna")
        assert moved.status == 400
        assert 'coach &#34;anna&#34;: department: &#34;Zorg&#34; is not one of your departments (Groendienst)' in await moved.text()
        elsewhere = await post(client, server, "/console/coaches/new", {**ANNA, "id": "nina", "site": "ac-zuid"})
        assert elsewhere.status == 400 and "not one of your departments" in await elsewhere.text()
        _, new_form = await page_of(client, f"{server}/console/coaches/new")
        assert 'value="ac-zuid"' not in new_form and 'value="groendienst-blaarmeersen"' in new_form
    lotte = await coach(app, "lotte")
    assert (lotte.capacity, lotte.paused, lotte.name) == (3, False, "Lotte") and await coach(app, "nina") is None
    async with app.db.session() as session:
        assert (await session.get(Site, "ac-zuid")).name.startswith("Administratief")
        assert await session.scalar(select(func.count()).select_from(Invite)) == 0
    assert await audit_of(app) == [] and await chat.flush() == [], "nobody was told anything"


async def test_a_form_without_its_token_changes_nothing(app, chat, server):
    async with await signed_in(chat, server) as client:
        for path in ("/console/coaches/anna/pause", "/console/coaches/anna"):
            refused = await client.post(f"{server}{path}", data={**ANNA, "capacity": "5"})
            assert refused.status == 403, path
    anna = await coach(app, "anna")
    assert not anna.paused and anna.capacity == 2
