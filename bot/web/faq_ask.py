"""Test a question: what the chat's FAQ does with a text, the top candidates with their scores, and why.

The matcher's own calls, as the engine makes them for an employee's question (bot/engine/employee.py `ask`):
the reply language a clear message sets (`message_language`, else the employee's language), then
`Matcher.rank` and `Matcher.decide` (what `Matcher.match` is). The page only shows the Ranking's figures next
to the thresholds they were compared with; it decides nothing itself. The text is sent in a POST, so a
pasted question never lands in a URL or an access log, and nothing is stored.
"""
from __future__ import annotations

from aiohttp import web

from bot.engine.message_language import message_language
from bot.engine.receive import MAX_TEXT, clean_text
from bot.web.guard import the_app
from bot.web.render import page
from bot.web.viewer import viewer
from bot.web.words import LANGUAGES
from faq.acts import ActKind, classify
from faq.calibrate import features
from faq.kb import KnowledgeBase
from faq.matcher import Decision, Matcher

SHOWN = 3


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def explain(kb: KnowledgeBase, matcher: Matcher, text: str, lang: str) -> dict:
    """The decision and what it looked at, for one text in the employee's language `lang`."""
    reply_lang = message_language(text) or lang
    ranking = matcher.rank(text, reply_lang)
    match = matcher.decide(ranking)
    thresholds = matcher.thresholds
    words = ranking.words
    candidates = [
        dict(id=matcher.ids[i], title=kb.title(matcher.ids[i], reply_lang), score=_figure(float(ranking.fused[i])),
             words=_figure(words.best.get(i, 0.0)),
             meaning=_figure(float(ranking.meaning[i])) if ranking.meaning is not None else None,
             covered=_figure(words.covered.get(i, 0.0)))
        for i in ranking.order[:SHOWN]
    ]
    answer = kb.entry(match.entry_id, reply_lang) if match.decision == Decision.ANSWER and match.entry_id else None
    act = classify(text).kind
    return dict(
        decision=match.decision.value, answer=answer, entry_id=match.entry_id,
        title=kb.title(match.entry_id, reply_lang) if match.entry_id else "",
        offered=[(e, kb.title(e, reply_lang)) for e in match.suggestions], candidates=candidates,
        act=None if act in (ActKind.QUESTION, ActKind.PERSON) else act.value, reply_lang=reply_lang,
        chance=_figure(thresholds.chance(features(ranking))) if ranking.order else None,
        answer_from=_figure(thresholds.answer), top=_figure(ranking.top()), suggest_from=_figure(thresholds.suggest),
        alternative_from=_figure(thresholds.alternative), margin=_figure(ranking.margin), agree=ranking.agree,
        essential=matcher.essential_allows(ranking), normalised=" ".join(words.tokens),
        word_weight=_figure(matcher.word_weight) if matcher.semantic is not None else None,
    )


async def test_page(request: web.Request) -> web.Response:
    me = viewer(request)
    return page(request, "faq_test.html", text="", chosen=me.lang, result=None)


async def test_question(request: web.Request) -> web.Response:
    me = viewer(request)
    form = await request.post()
    text = clean_text(str(form.get("text", "")))[:MAX_TEXT]  # as the chat reads a message
    chosen = str(form.get("lang", ""))
    chosen = chosen if chosen in LANGUAGES else me.lang
    kb, matcher = the_app(request).engine.faq.current()
    result = explain(kb, matcher, text, chosen) if text else None
    return page(request, "faq_test.html", text=text, chosen=chosen, result=result)


def add_routes(console: web.Application) -> None:
    console.router.add_get("/faq/test", test_page)
    console.router.add_post("/faq/test", test_question)
