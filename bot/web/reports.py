"""Reports: the weekly digest of any past week as the coordinator gets it in the chat, its 8-week trend, and its CSV.

Nothing is counted here: the figures, tables, chart and CSV are the digest's own
(bot/digest), built for the viewer's departments exactly as the chat digest is
for them (their directory `departments`, none meaning all). The chart is drawn
in a worker thread, so a page being drawn never holds up the bot's chats.
"""
from __future__ import annotations

import asyncio
import base64
from collections import OrderedDict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.digest import charts
from bot.digest.content import Digest, Week, build_digest
from bot.digest.delivery import faq_titles
from bot.digest.rendering import intro_lines, key_figures, make_charts, render_csv, sections
from bot.texts import t
from bot.web.guard import the_app
from bot.web.render import page
from bot.web.viewer import Viewer, viewer
from bot.web.words import w

WEEKS_OFFERED = 52  # in the picker; an older week can still be asked for by its name
CHARTS_KEPT = 32  # about 60 kB each
FIRST_YEAR = 2000  # before it there is no Digicoach data, and the 8 weeks before it still have dates


def last_full_week(now: datetime, tz: ZoneInfo) -> Week:
    """The latest week that has ended, in the directory's time zone: what the page shows unless asked otherwise."""
    return Week.containing(now, tz).shifted(-1)


def chosen_week(raw: str | None, latest: Week) -> Week:
    """The week a coordinator asked for (`2026-W47`), or `latest`; ValueError names the text that says why not."""
    if not raw:
        return latest
    try:
        if len(raw) > 20:
            raise ValueError(raw)
        week = Week.parse(raw)
    except ValueError:
        raise ValueError("report_week_invalid") from None
    if week > latest:
        raise ValueError("report_week_not_over")
    if week.year < FIRST_YEAR:
        raise ValueError("report_week_invalid")
    return week


def week_choices(latest: Week, chosen: Week | None) -> list[tuple[str, str]]:
    """(value, what the picker shows): newest first, with its Monday to Sunday."""
    weeks = [latest.shifted(-i) for i in range(WEEKS_OFFERED)]
    if chosen is not None and chosen not in weeks:
        weeks.append(chosen)
    return [(wk.label, f"{wk.label} · {wk.monday:%d/%m} – {wk.monday + timedelta(days=6):%d/%m/%Y}") for wk in weeks]


async def digest_for(request: web.Request, me: Viewer, week: Week) -> Digest:
    """The viewer's digest of `week`: the same call as DigestSender's for this coordinator."""
    app = the_app(request)
    title = faq_titles(app.engine)
    async with app.db.session() as session:
        return await build_digest(session, week, app.engine.tz, me.departments, lambda entry: title(entry, me.lang))


_drawn: OrderedDict[tuple, bytes] = OrderedDict()  # the last CHARTS_KEPT charts, by exactly what they show


async def chart_of(digest: Digest, lang: str) -> bytes:
    """The chat's chart; drawn again only when what it shows changed (drawing is most of the page's time)."""
    key = (lang, tuple(d.day for d in digest.days), tuple(p.week for p in digest.trend),
           tuple(sorted((e, tuple(v)) for e, v in charts.day_series(digest).items())),
           tuple(sorted((e, tuple(v)) for e, v in charts.trend_series(digest).items())))
    if key in _drawn:
        _drawn.move_to_end(key)
        return _drawn[key]
    png = (await asyncio.to_thread(make_charts, digest, lang)).summary
    _drawn[key] = png
    while len(_drawn) > CHARTS_KEPT:
        _drawn.popitem(last=False)
    return png


def _table(head: list[str], rows: list[list[str]], unseen: str) -> dict:
    """A digest table for the template; an empty heading is read out as `unseen` (the section's name), not shown."""
    return dict(head=[(h, "") if h else ("", unseen) for h in head], rows=rows)


def _problem(request: web.Request, key: str, latest: Week) -> web.Response:
    return page(request, "reports.html", status=400, problem=key, weeks=week_choices(latest, None), week=None)


async def _week(request: web.Request) -> tuple[Week, Week] | web.Response:
    """(the week asked for, the last full week), or the page saying what is wrong with `?week=`."""
    latest = last_full_week(the_app(request).clock.now(), the_app(request).engine.tz)
    try:
        return chosen_week(request.query.get("week"), latest), latest
    except ValueError as exc:
        return _problem(request, str(exc), latest)


async def reports_page(request: web.Request) -> web.Response:
    me = viewer(request)
    asked = await _week(request)
    if isinstance(asked, web.Response):
        return asked
    week, latest = asked
    digest = await digest_for(request, me, week)
    png = await chart_of(digest, me.lang)
    lang = me.lang
    key_head = [w("report_col_figure", lang), w("report_col_week", lang), w("report_col_change", lang)]
    return page(
        request, "reports.html", problem=None, week=week, weeks=week_choices(latest, week),
        title=t("digest_title", lang, week=week.label), intro=intro_lines(digest, lang),
        key=_table(key_head, key_figures(digest, lang)[1], ""), compared=t("digest_vs", lang),
        chart="data:image/png;base64," + base64.b64encode(png).decode(),
        chart_alt=f'{t("digest_days", lang)}; {t("digest_trend", lang)}',
        sections=[(heading, _table(*table, heading)) for heading, table in sections(digest, lang)],
        nothing=t("digest_nothing", lang),
    )


async def reports_csv(request: web.Request) -> web.Response:
    asked = await _week(request)
    if isinstance(asked, web.Response):
        return asked
    week, _ = asked
    digest = await digest_for(request, viewer(request), week)
    return web.Response(
        text=render_csv(digest), content_type="text/csv", charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="digest-{week.label}.csv"'},  # the chat's file name
    )


def add_routes(console: web.Application) -> None:
    console.router.add_get("/reports", reports_page)
    console.router.add_get("/reports/csv", reports_csv)
