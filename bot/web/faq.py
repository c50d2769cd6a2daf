"""The FAQ in the console: its entries with a search, one entry's phrasings and answers per language, and
changing them: a new answer, one more phrasing, a new entry (or an entry's version in another language).

What is shown is the live FAQ the chat answers with (the files plus what was approved, merged by the one
rule). A change is a turn of the coordinator's through bot/engine/faq_edit.py: the review's own checks, an
approved candidate row, this replica's FAQ rebuilt before the page comes back, the others at their check.
A form with problems comes back with what was typed and one line per problem, naming the field.
"""
from __future__ import annotations

from pathlib import Path
from typing import Awaitable, Callable

from aiohttp import web

from bot.engine import faq_edit
from bot.engine.faq_edit import Problem
from bot.engine.work import Turn
from bot.web.guard import the_app
from bot.web.render import done, page
from bot.web.viewer import not_found, viewer
from bot.web.words import LANGUAGES, w
from faq.kb import KnowledgeBase, is_entry_id
from storage import audit

SEARCH_MAX = 200  # characters of a search kept
FIELD_MAX = 5000  # characters of a form field read; the checks refuse what is longer than the chat takes


def matches(kb: KnowledgeBase, entry_id: str, needle: str) -> bool:
    """The search: the id, any phrasing or any answer in any language holds the text, case aside."""
    if not needle:
        return True
    versions = [kb.entry(entry_id, lang) for lang in kb.languages_of(entry_id)]
    return any(needle in text.casefold() for e in versions if e for text in (e.id, e.answer, *e.questions))


def entry_rows(kb: KnowledgeBase, query: str, lang: str) -> list[dict]:
    needle = " ".join(query.casefold().split())
    rows = []
    for entry_id in kb.ids():
        if not matches(kb, entry_id, needle):
            continue
        versions = [e for e in (kb.entry(entry_id, code) for code in kb.languages_of(entry_id)) if e]
        rows.append(dict(id=entry_id, title=kb.title(entry_id, lang), languages=[e.lang for e in versions],
                         phrasings=sum(len(e.questions) for e in versions),
                         sources=sorted({source_name(e.source) for e in versions})))
    return rows


def source_name(source: str) -> str:
    """A file's name, or "" for an entry that exists only in the database (approved in the chat or console)."""
    return "" if not source or source.startswith("learned") else Path(source).name


def _kb(request: web.Request) -> KnowledgeBase:
    return the_app(request).engine.faq.current()[0]


async def faq_page(request: web.Request) -> web.Response:
    kb, me = _kb(request), viewer(request)
    query = request.query.get("q", "")[:SEARCH_MAX].strip()
    rows = entry_rows(kb, query, me.lang)
    return page(request, "faq.html", q=query, rows=rows, total=len(kb.ids()))


def _entry_id(request: web.Request, kb: KnowledgeBase) -> str:
    entry_id = request.match_info["entry"]
    if not is_entry_id(entry_id) or not kb.languages_of(entry_id):
        raise not_found()
    return entry_id


def problem_lines(problems: list[Problem], lang: str) -> list[str]:
    """One line per problem, naming the field: "Antwoord: vul dit in."."""
    return [f"{w('faqpage_field_' + p.field, lang)}: {w('faqpage_problem_' + p.key, lang)}" for p in problems]


async def entry_page(request: web.Request, problems: list[Problem] | None = None, typed: dict | None = None) -> web.Response:
    kb, me = _kb(request), viewer(request)
    entry_id = _entry_id(request, kb)
    versions = [e for e in (kb.entry(entry_id, code) for code in kb.languages_of(entry_id)) if e]
    return page(request, "faq_entry.html", status=400 if problems else 200, entry_id=entry_id, versions=versions,
                source_name=source_name, missing=[code for code in LANGUAGES if code not in kb.languages_of(entry_id)],
                problems=problem_lines(problems or [], me.lang), fields={p.field for p in problems or []},
                typed=typed or {})


async def _change(request: web.Request, change: Callable[[Turn], Awaitable[list[Problem]]], action: str,
                  target: str) -> list[Problem] | None:
    """Run a change as the coordinator's turn, audited in its transaction when it went through; None: no chat account."""
    app, me = the_app(request), viewer(request)
    if me.person_id is None:
        return None

    async def act(turn: Turn) -> list[Problem]:
        problems = await change(turn)
        if not problems:
            audit.record(turn.session, turn.now, me.coordinator_id, action, target)
        return problems

    problems, _ = await app.engine.act_as(me.person_id, act)
    return problems


async def _form(request: web.Request, *names: str) -> dict[str, str]:
    form = await request.post()
    return {name: str(form.get(name, ""))[:FIELD_MAX] for name in names}


async def save_answer(request: web.Request) -> web.Response:
    entry_id, me = _entry_id(request, _kb(request)), viewer(request)
    typed = await _form(request, "lang", "answer")
    problems = await _change(request, lambda turn: faq_edit.new_answer(turn, entry_id, typed["lang"], typed["answer"]),
                             "faq_answer", f"faq {entry_id} {typed['lang'][:8]}")
    if problems:
        return await entry_page(request, problems, dict(typed, form="answer"))
    return done(request, f"/console/faq/entry/{entry_id}", "—" if problems is None else w("faqpage_answer_saved", me.lang))


async def add_phrasing(request: web.Request) -> web.Response:
    entry_id, me = _entry_id(request, _kb(request)), viewer(request)
    typed = await _form(request, "lang", "question")
    problems = await _change(request, lambda turn: faq_edit.new_phrasing(turn, entry_id, typed["lang"], typed["question"]),
                             "faq_phrasing", f"faq {entry_id} {typed['lang'][:8]}")
    if problems:
        return await entry_page(request, problems, dict(typed, form="phrasing"))
    return done(request, f"/console/faq/entry/{entry_id}", "—" if problems is None else w("faqpage_phrasing_saved", me.lang))


async def new_page(request: web.Request, problems: list[Problem] | None = None, typed: dict | None = None) -> web.Response:
    me = viewer(request)
    typed = typed or {"entry_id": request.query.get("id", "")[:64], "lang": me.lang, "question": "", "answer": ""}
    return page(request, "faq_new.html", status=400 if problems else 200, typed=typed,
                problems=problem_lines(problems or [], me.lang), fields={p.field for p in problems or []})


async def add_entry(request: web.Request) -> web.Response:
    me = viewer(request)
    typed = await _form(request, "entry_id", "lang", "question", "answer")
    entry_id = typed["entry_id"].strip()
    problems = await _change(
        request, lambda turn: faq_edit.new_entry(turn, entry_id, typed["lang"], typed["question"], typed["answer"]),
        "faq_entry", f"faq {entry_id[:64]} {typed['lang'][:8]}")
    if problems:
        return await new_page(request, problems, typed)
    if problems is None:
        return done(request, "/console/faq/new", "—")
    return done(request, f"/console/faq/entry/{entry_id}", w("faqpage_entry_saved", me.lang))


def add_routes(console: web.Application) -> None:
    console.router.add_get("/faq", faq_page)
    console.router.add_get("/faq/entry/{entry}", entry_page)
    console.router.add_post("/faq/entry/{entry}/answer", save_answer)
    console.router.add_post("/faq/entry/{entry}/phrasing", add_phrasing)
    console.router.add_get("/faq/new", new_page)
    console.router.add_post("/faq/new", add_entry)
