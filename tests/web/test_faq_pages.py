"""The console's FAQ pages over HTTP, on both databases: entries and search, editing through the chat's own
storage and merge rule, validation naming the field, the review queue, testing a question, the gap groups."""
from __future__ import annotations

import html
import os
import subprocess
import sys
from urllib.parse import unquote

import pytest
from sqlalchemy import select, update

from bot.app import build_app
from bot.config import Config
from bot.jobs import refresh_learned
from faq.kb import load_kb, phrasing_key
from storage import faq_learning
from storage.models import AuditEntry, Coordinator, FaqCandidate
from tests.bot.harness import Harness, ask_coach, payloads_to, text_to
from tests.bot.test_faq_learning_replicas import same_database
from tests.web.conftest import csrf_of, signed_in

NEW_ANSWER = "Je loonbrief staat nu in de app Mijn Loon: tik op <Loonbrieven> & kies een maand."
PRINTER = "de printer in de kantine drukt alles scheef af"


async def onboard(chat, actor: str) -> None:
    await chat.say(actor, "hallo")
    await chat.say(actor, payload="site:groendienst-blaarmeersen")


async def page_of(client, url: str) -> tuple[int, str]:
    response = await client.get(url)
    return response.status, await response.text()


async def post(client, server: str, path: str, data: dict, page: str | None = None):
    """A form as the page sends it: with the CSRF token of the page it is on."""
    _, source = await page_of(client, f"{server}{page or '/console/faq'}")
    return await client.post(f"{server}{path}", data={"csrf": csrf_of(source), **data}, allow_redirects=False)


def note_of(response) -> str:
    """The line the next page shows once (a cookie: aiohttp's test jar keeps none for 127.0.0.1, a browser does)."""
    return unquote(response.cookies["digicoach_note"].value)


async def rows_of(app) -> list[FaqCandidate]:
    async with app.db.session() as session:
        return list((await session.execute(select(FaqCandidate).order_by(FaqCandidate.id))).scalars())


async def audit_of(app) -> list[tuple[str, str | None]]:
    async with app.db.session() as session:
        rows = (await session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
        return [(r.action, r.target) for r in rows if r.action.startswith("faq")]


async def test_entries_are_listed_and_searched_by_id_phrasing_and_answer(chat, server):
    async with await signed_in(chat, server) as client:
        status, listing = await page_of(client, f"{server}/console/faq")
        assert status == 200 and 'href="/console/faq/entry/payslip"' in listing and "nl, en, fr" in listing
        for query in ("LOONBRIEF", "payslip", "Loonbrieven", "fiche de paie"):  # a phrasing, the id, an answer, French
            _, found = await page_of(client, f"{server}/console/faq?q={query}")
            assert 'href="/console/faq/entry/payslip"' in found, query
            assert 'href="/console/faq/entry/wifi"' not in found, query
        _, none = await page_of(client, f"{server}/console/faq?q=%3Cscript%3Ealert(1)%3C/script%3E")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in none and "<script>alert(1)" not in none
        status, entry = await page_of(client, f"{server}/console/faq/entry/payslip")
        assert status == 200 and "Hoe open ik mijn loonbrief in Mia?" in entry and "Où trouver ma fiche de paie ?" in entry
        for guessed in ("no_such_entry", "Payslip", "..%2Fnow"):
            assert (await client.get(f"{server}/console/faq/entry/{guessed}")).status == 404


async def test_a_new_answer_is_what_the_chat_answers_and_is_audited(app, chat, server):
    await onboard(chat, "jan")
    async with await signed_in(chat, server) as client:
        saved = await post(client, server, "/console/faq/entry/payslip/answer", {"lang": "nl", "answer": NEW_ANSWER},
                           "/console/faq/entry/payslip")
        assert saved.status == 303 and saved.headers["Location"] == "/console/faq/entry/payslip"
        assert "de chat antwoordt vanaf nu met het nieuwe antwoord" in note_of(saved)
        _, entry = await page_of(client, f"{server}/console/faq/entry/payslip")
        assert html.escape(NEW_ANSWER, quote=False) in entry
        added = await post(client, server, "/console/faq/entry/payslip/phrasing",
                           {"lang": "nl", "question": "waar staat mijn loonstrookje van deze maand"}, "/console/faq/entry/payslip")
        assert added.status == 303
    out = await chat.say("jan", "waar vind ik mijn loonbrief")
    assert NEW_ANSWER in text_to(out, "jan") and "Mia" not in text_to(out, "jan")
    english = await chat.say("jan", "where can I find my payslip")
    assert "Mia app" in text_to(english, "jan"), "only the Dutch answer changed"
    rows = await rows_of(app)
    assert [(r.kind, r.entry_id, r.lang, r.status, r.decided_by, r.source) for r in rows] == [
        ("entry", "payslip", "nl", "approved", "tom", "console"), ("phrasing", "payslip", "nl", "approved", "tom", "console")]
    assert await audit_of(app) == [("faq_answer", "faq payslip nl"), ("faq_phrasing", "faq payslip nl")]
    kb, _ = app.engine.faq.current()
    assert kb.entry("payslip", "nl").questions[-1] == "waar staat mijn loonstrookje van deze maand"


async def test_a_new_entry_is_answered_and_another_language_can_be_added(app, chat, server):
    await onboard(chat, "jan")
    async with await signed_in(chat, server) as client:
        made = await post(client, server, "/console/faq/new", {
            "entry_id": "koffie_wisselgeld", "lang": "nl", "question": "de koffieautomaat geeft geen wisselgeld terug",
            "answer": "Bel facilitair (09 266 00 00), zij vullen het wisselgeld bij."})
        assert made.status == 303 and made.headers["Location"] == "/console/faq/entry/koffie_wisselgeld"
        again = await post(client, server, "/console/faq/new", {
            "entry_id": "koffie_wisselgeld", "lang": "nl", "question": "koffieautomaat kapot wat nu",
            "answer": "Bel facilitair."})
        assert again.status == 400 and "Id: dit id bestaat al in die taal." in await again.text()
        english = await post(client, server, "/console/faq/new", {
            "entry_id": "koffie_wisselgeld", "lang": "en", "question": "the coffee machine gives no change",
            "answer": "Call facility services, they refill the change."})
        assert english.status == 303
    out = await chat.say("jan", "de koffieautomaat geeft geen wisselgeld terug")
    assert "Bel facilitair" in text_to(out, "jan")
    assert [(r.entry_id, r.lang) for r in await rows_of(app)] == [("koffie_wisselgeld", "nl"), ("koffie_wisselgeld", "en")]


async def test_another_replica_answers_with_the_edit_after_its_periodic_check(app, chat, server, database):
    other = await build_app(Config(), app.clock, db=same_database(database))
    try:
        on_other = Harness(other)
        await onboard(on_other, "piet")
        async with await signed_in(chat, server) as client:
            saved = await post(client, server, "/console/faq/entry/payslip/answer", {"lang": "nl", "answer": NEW_ANSWER},
                               "/console/faq/entry/payslip")
            assert saved.status == 303
        assert "Mia" in text_to(await on_other.say("piet", "waar vind ik mijn loonbrief"), "piet"), "not checked yet"
        assert await refresh_learned(other)
        assert NEW_ANSWER in text_to(await on_other.say("piet", "waar vind ik mijn loonbrief"), "piet")
    finally:
        await other.close()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # the CLI reads the test's SQLite file
async def test_faq_export_writes_what_the_console_changed(app, chat, server, tmp_path):
    async with await signed_in(chat, server) as client:
        for path, data in (
            ("/console/faq/entry/payslip/answer", {"lang": "nl", "answer": NEW_ANSWER}),
            ("/console/faq/entry/payslip/answer", {"lang": "nl", "answer": NEW_ANSWER + " Of vraag het aan je ploegbaas."}),
            ("/console/faq/entry/payslip/phrasing", {"lang": "fr", "question": "où est mon bulletin de paie du mois"}),
            ("/console/faq/new", {"entry_id": "koffie_wisselgeld", "lang": "nl",
                                  "question": "de koffieautomaat geeft geen wisselgeld terug", "answer": "Bel facilitair.\nZij vullen het bij."}),
        ):
            assert (await post(client, server, path, data, "/console/faq/entry/payslip")).status == 303
    env = {k: v for k, v in os.environ.items() if k != "DIGICOACH_CONFIG"}
    env["DIGICOACH_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/digicoach.db"
    out = tmp_path / "exported"
    done = subprocess.run([sys.executable, "-m", "bot.cli", "faq", "export", "--out", str(out)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "(1 new from the database)" in done.stdout, done.stdout + done.stderr
    exported = load_kb([out])
    payslip = exported.entry("payslip", "nl")
    assert payslip.answer == NEW_ANSWER + " Of vraag het aan je ploegbaas." and payslip.source.endswith("hr.yaml"), \
        "the later edit wins, in the entry's own file"
    assert exported.entry("payslip", "fr").questions[-1] == "où est mon bulletin de paie du mois"
    assert exported.entry("koffie_wisselgeld", "nl").source.endswith("learned.yaml")
    live, _ = app.engine.faq.current()
    assert {(e.id, e.lang, e.questions, e.answer) for e in exported.entries} == {
        (e.id, e.lang, e.questions, e.answer) for e in live.entries}, "export and chat merge by the one rule"


async def test_problems_are_one_line_per_field_and_nothing_is_stored(app, chat, server):
    async with await signed_in(chat, server) as client:
        empty = await post(client, server, "/console/faq/entry/payslip/answer", {"lang": "nl", "answer": "  "},
                           "/console/faq/entry/payslip")
        assert empty.status == 400 and "Antwoord: vul dit in." in await empty.text()
        same = await post(client, server, "/console/faq/entry/payslip/answer",
                          {"lang": "xx", "answer": NEW_ANSWER}, "/console/faq/entry/payslip")
        assert same.status == 400 and "Taal: kies Nederlands, Engels of Frans." in await same.text()
        bad = await post(client, server, "/console/faq/new", {
            "entry_id": "Koffie Automaat", "lang": "xx", "question": "<script>alert(1)</script> waar is de koffie",
            "answer": ""})
        page = await bad.text()
        assert bad.status == 400
        assert "Id: gebruik kleine letters, cijfers en _" in page and "Taal: kies Nederlands" in page
        assert "Antwoord: vul dit in." in page and page.count('aria-invalid="true"') == 3
        assert "&lt;script&gt;alert(1)&lt;/script&gt; waar is de koffie" in page and "<script>alert(1)" not in page
        known = await post(client, server, "/console/faq/entry/payslip/phrasing",
                           {"lang": "nl", "question": "Waar vind ik mijn LOONBRIEF"}, "/console/faq/entry/payslip")
        assert known.status == 400 and "Vraag: deze vraag staat al in de FAQ in die taal." in await known.text()
        greeting = await post(client, server, "/console/faq/entry/payslip/phrasing", {"lang": "nl", "question": "hallo"},
                              "/console/faq/entry/payslip")
        assert greeting.status == 400 and "Vraag: geen vraag" in await greeting.text()
    assert await rows_of(app) == [] and await audit_of(app) == []


async def test_a_form_without_its_token_changes_nothing(app, chat, server):
    async with await signed_in(chat, server) as client:
        refused = await client.post(f"{server}/console/faq/entry/payslip/answer", data={"lang": "nl", "answer": NEW_ANSWER})
        assert refused.status == 403
        assert (await client.post(f"{server}/console/faq/test", data={"text": "loonbrief"})).status == 403
    assert await rows_of(app) == []
    assert "Mia" in app.engine.faq.current()[0].entry("payslip", "nl").answer


async def test_testing_a_question_shows_the_chats_decision_and_why(chat, server):
    async with await signed_in(chat, server) as client:
        status, empty = await page_of(client, f"{server}/console/faq/test")
        assert status == 200 and "Wat de chat doet" not in empty
        answered = await post(client, server, "/console/faq/test", {"text": "waar vind ik mijn loonbrief", "lang": "nl"})
        page = await answered.text()
        assert answered.status == 200 and "<strong>answer</strong>" in page and "Je loonbrief staat in de app Mia" in page
        assert "Kans dat het beste item klopt" in page and "antwoorden vanaf" in page and "<code>payslip</code>" in page
        routed = await post(client, server, "/console/faq/test",
                            {"text": "<script>alert(1)</script> mijn grasmaaier start niet meer", "lang": "nl"})
        page = await routed.text()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
        assert "<strong>route</strong>" in page or "<strong>suggest</strong>" in page
        hello = await post(client, server, "/console/faq/test", {"text": "hallo", "lang": "nl"})
        assert "de chat leest dit niet als een vraag maar als: een groet" in await hello.text()


async def test_reviewing_a_candidate_the_first_decision_wins(app, chat, server):
    await onboard(chat, "jan")
    out = await chat.say("jan", PRINTER)
    await chat.say("jan", payload=payloads_to(out, "jan")[0])  # picks "afdrukken op het werk": a candidate phrasing
    async with app.db.session() as session:
        noisy = await faq_learning.propose(session, app.clock.now(), kind=faq_learning.ENTRY, entry_id="koffie",
                                           lang="nl", question="<script>alert(1)</script> koffie is op",
                                           key=phrasing_key("<script>alert(1)</script> koffie is op"), source="gap")
    async with await signed_in(chat, server) as client:
        _, queue = await page_of(client, f"{server}/console/faq/review")
        assert PRINTER in queue and "afdrukken op het werk" in queue and "2 wachten" in queue
        assert "&lt;script&gt;alert(1)&lt;/script&gt; koffie is op" in queue and "<script>alert(1)" not in queue
        printer = (await rows_of(app))[0].id
        short = await post(client, server, f"/console/faq/review/{printer}/approve", {"question": "printer"}, "/console/faq/review")
        assert short.status == 400 and "Vraag: geen vraag" in await short.text()
        no_answer = await post(client, server, f"/console/faq/review/{noisy.id}/approve", {}, "/console/faq/review")
        assert no_answer.status == 400 and "Antwoord: vul dit in." in await no_answer.text()
        ok = await post(client, server, f"/console/faq/review/{printer}/approve",
                        {"question": "de printer in de kantine drukt scheef af"}, "/console/faq/review")
        assert ok.status == 303
        assert note_of(ok) == "Goedgekeurd: “de printer in de kantine drukt scheef af” staat nu in de FAQ."
        _, after = await page_of(client, f"{server}/console/faq/review")
        assert PRINTER not in after and "1 wachten" in after
        late = await post(client, server, f"/console/faq/review/{printer}/reject", {}, "/console/faq/review")
        assert late.status == 303 and note_of(late) == f"Voorstel #{printer} is al goedgekeurd door tom."
        rejected = await post(client, server, f"/console/faq/review/{noisy.id}/reject", {}, "/console/faq/review")
        assert rejected.status == 303 and note_of(rejected) == "Afgewezen."
        _, empty = await page_of(client, f"{server}/console/faq/review")
        assert "Er wachten geen voorstellen." in empty
    assert [(r.status, r.decided_by) for r in await rows_of(app)] == [("approved", "tom"), ("rejected", "tom")]
    assert await audit_of(app) == [("faq_approve", f"faq candidate {printer}"), ("faq_reject", f"faq candidate {noisy.id}")]
    out = await chat.say("jan", "de printer in de kantine drukt scheef af")
    assert "Stad-Print" in text_to(out, "jan") and "Bedoelde je" not in text_to(out, "jan")


async def test_gap_groups_are_masked_and_in_the_coordinators_departments(app, chat, server):
    await onboard(chat, "jan")
    for coach in ("coach:anna", "coach:bram", "coach:lotte", "coach:jens", "coach:sofie", "coach:wout"):
        await chat.say(coach, "/pause")
    await ask_coach(chat, "jan", "mijn naam is Jan Peeters en de grasmaaier start niet, bel 0470 12 34 56")
    async with await signed_in(chat, server) as client:
        status, page = await page_of(client, f"{server}/console/faq/gaps")
        assert status == 200 and "de grasmaaier start niet" in page
        assert "Peeters" not in page and "0470" not in page and "[naam]" in page and "[nummer]" in page
        async with app.db.session() as session:
            await session.execute(update(Coordinator).where(Coordinator.id == "tom").values(departments='["Zorg"]'))
        _, scoped = await page_of(client, f"{server}/console/faq/gaps?days=7")
        assert "grasmaaier" not in scoped and "Geen onbeantwoorde vragen" in scoped and "Alleen vragen uit: Zorg" in scoped
        async with app.db.session() as session:
            await session.execute(update(Coordinator).where(Coordinator.id == "tom").values(departments='["Groendienst"]'))
        _, own = await page_of(client, f"{server}/console/faq/gaps?days=7")
        assert "grasmaaier" in own
