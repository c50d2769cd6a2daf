"""A Digest as the coordinator reads it: a short chat summary, Markdown, HTML for a phone, CSV for a spreadsheet.

Aggregates only: no question text except the masked gap-group examples,
each shown with its count. Departments and sites only as storage.kanon's
buckets of K people or more (the smaller ones as one "other" row); a week of
fewer than K people has no rating average. Labels come from bot/texts.py in
the reader's language; the CSV keeps stable English column names for tools.
"""
from __future__ import annotations

import base64
import csv
import html
import io
from dataclasses import dataclass
from datetime import timedelta

from bot.digest import charts, scans
from bot.digest.content import ENDINGS, Change, Digest, Figures, Slice
from bot.texts import t
from routing.lifecycle import OUTCOMES
from storage.kanon import K


@dataclass
class Charts:
    summary: bytes  # both charts in one image: the chat picture, and the one the HTML embeds
    days: bytes | None = None  # each chart alone, for the files `digicoach digest` writes
    trend: bytes | None = None


def make_charts(digest: Digest, lang: str, *, separate: bool = False) -> Charts:
    """Drawing is the slow part of a digest (about 0.3 s a figure), so the separate ones only when asked."""
    names = {e: t(f"digest_ending_{e}", lang) for e in ENDINGS}
    day_names = t("digest_day_names", lang).split()
    days_title, trend_title = t("digest_days", lang), t("digest_trend", lang)
    pictures = Charts(summary=charts.summary_chart(digest, day_names, names, days_title, trend_title))
    if separate:
        pictures.days = charts.days_chart(digest, day_names, names, days_title)
        pictures.trend = charts.trend_chart(digest, names, trend_title)
    return pictures


# -- small formats ------------------------------------------------------------


def _decimal(value: float, lang: str, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang in ("nl", "fr") else text


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"


def share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def rating(f: Figures, lang: str) -> str:
    if f.rating_avg is not None:
        return f"{_decimal(f.rating_avg, lang)}/5"
    return t("digest_rating_hidden", lang, k=K) if f.ratings and f.rating_sum is None else "–"


def slice_name(s: Slice, kind: str, lang: str) -> str:
    """A slice's name; the other slice ("Overige (3 plekken)") in the reader's language. `kind`: department | site."""
    if s.key is not None:
        return s.name
    if not s.merged:
        return t("digest_other", lang)
    return t(f"digest_other_{kind}_{'one' if s.merged == 1 else 'many'}", lang, n=s.merged)


def change(c: Change | None) -> str:
    if c is None or c.arrow == "–":
        return ""
    if c.metric == "faq_share" and c.now is not None and c.before is not None:
        return f"{c.arrow} {(c.now - c.before) * 100:+.0f} pt"  # a change of a share, in percentage points
    pct = c.percent
    return f"{c.arrow} {pct:+.0f}%" if pct is not None else c.arrow


def period(digest: Digest, lang: str) -> str:
    first, last = digest.week.monday, digest.week.monday + timedelta(days=6)
    return t("digest_period", lang, first=first.strftime("%d/%m"), last=last.strftime("%d/%m/%Y"))


def busiest(digest: Digest, lang: str) -> str | None:
    day = digest.busiest_day
    if day is None:
        return None
    names = t("digest_day_names", lang).split()
    hours = ", ".join(f"{h:02d}:00 ({n})" for h, n in digest.busiest_hours())
    return t("digest_busiest", lang, day=f"{names[day.day.weekday()]} {day.day.strftime('%d/%m')}", count=day.total, hours=hours)


# -- chat summary -------------------------------------------------------------


def summary_text(digest: Digest, lang: str, *, late: bool = False) -> str:
    """A few lines for the chat; the attachments carry the rest."""
    f, c = digest.totals, digest.changes
    lines = [f"{t('digest_title', lang, week=digest.week.label)} · {period(digest, lang)}"]
    if late:
        lines.append(t("digest_late", lang))
    if digest.departments:
        lines.append(t("digest_scope", lang, departments=", ".join(digest.departments)))
    if not f.questions:
        lines.append(t("digest_none", lang))
    else:
        lines += [
            f"{t('digest_questions', lang)}: {f.questions} {change(c.get('questions'))}".rstrip(),
            f"{t('digest_faq_solved', lang)}: {f.faq_solved} ({share(f.faq_solved, f.questions)})",
            f"{t('digest_faq_unconfirmed', lang)}: {f.faq_unconfirmed} ({share(f.faq_unconfirmed, f.questions)})",
            f"{t('digest_routed', lang)}: {f.routed} · {t('digest_accepted', lang).lower()} {f.accepted}"
            f" · {t('digest_escalated', lang).lower()} {f.escalated}",
            f"{t('digest_wait', lang)}: {duration(f.wait_median)} (p90 {duration(f.wait_p90)}) {change(c.get('wait_median'))}".rstrip(),
            f"{t('digest_coach_minutes', lang)}: {f.coach_minutes} · {t('digest_rating', lang).lower()} {rating(f, lang)}",
        ]
        top = busiest(digest, lang)
        if top:
            lines.append(top)
    scan_line = scans.summary_line(digest.scans, lang) if digest.scans else None
    if scan_line:
        lines.append(scan_line)
    lines.append(t("digest_files", lang))
    return "\n".join(lines)


# -- tables shared by Markdown and HTML ------------------------------------------


Table = tuple[list[str], list[list[str]]]


def key_figures(digest: Digest, lang: str) -> Table:
    f, c = digest.totals, digest.changes
    rows = [
        (t("digest_questions", lang), str(f.questions), change(c.get("questions"))),
        (t("digest_faq_solved", lang), f"{f.faq_solved} ({share(f.faq_solved, f.questions)})", change(c.get("faq_share"))),
        (t("digest_faq_unconfirmed", lang), f"{f.faq_unconfirmed} ({share(f.faq_unconfirmed, f.questions)})", ""),
        (t("digest_suggestions_used", lang), str(f.suggestions_used), ""),
        (t("digest_routed", lang), str(f.routed), ""),
        (t("digest_accepted", lang), str(f.accepted), change(c.get("accepted"))),
        (t("digest_queued", lang), str(f.queued), ""),
        (t("digest_escalated", lang), str(f.escalated), ""),
        (t("digest_cancelled", lang), str(f.cancelled), ""),
        (t("digest_closed", lang), str(f.closed), ""),
        (t("digest_open", lang), str(f.open), ""),
        (t("digest_wait_median", lang), duration(f.wait_median), change(c.get("wait_median"))),
        (t("digest_wait_p90", lang), duration(f.wait_p90), ""),
        (t("digest_handling_median", lang), duration(f.handling_median), ""),
        (t("digest_coach_minutes", lang), str(f.coach_minutes), change(c.get("coach_minutes"))),
        (t("digest_rating", lang), f"{rating(f, lang)} ({f.ratings})" if f.rating_avg is not None else rating(f, lang),
         change(c.get("rating_avg"))),
    ]
    return ["", "", ""], [list(r) for r in rows]


def slice_table(digest: Digest, kind: str, lang: str) -> Table:
    """Per department or site (`kind`): the buckets storage made, each of K people or more. A week with questions
    but fewer than K people in all has none, and says why instead of "nothing this week"."""
    slices = digest.by_department if kind == "department" else digest.by_site
    head = [t(f"digest_{kind}", lang), t("digest_people", lang), t("digest_questions", lang), "FAQ",
            t("digest_routed", lang), t("digest_wait_median", lang), t("digest_wait_p90", lang),
            t("digest_coach_minutes", lang), t("digest_rating", lang)]
    rows = [
        [slice_name(s, kind, lang), str(s.figures.people), str(s.figures.questions),
         share(s.figures.faq_solved, s.figures.questions), str(s.figures.routed), duration(s.figures.wait_median),
         duration(s.figures.wait_p90), str(s.figures.coach_minutes), rating(s.figures, lang)]
        for s in slices
    ]
    if not rows and digest.totals.questions:
        rows = [[t("digest_too_few_people", lang, k=K)] + [""] * (len(head) - 1)]
    return head, rows


def outcome_table(digest: Digest, lang: str) -> Table:
    known = [o for o in OUTCOMES if digest.outcomes.get(o)] + sorted(o for o in digest.outcomes if o not in OUTCOMES)
    rows = [[t(f"outcome_{o}", lang) if o in OUTCOMES else o, str(digest.outcomes[o])] for o in known]
    return ["", t("digest_count", lang)], rows


def day_table(digest: Digest, lang: str) -> Table:
    names = t("digest_day_names", lang).split()
    head = ["", t("digest_questions", lang)] + [t(f"digest_ending_{e}", lang) for e in ENDINGS]
    rows = [
        [f"{names[i]} {d.day.strftime('%d/%m')}", str(d.total)] + [str(d.endings.get(e, 0)) for e in ENDINGS]
        for i, d in enumerate(digest.days)
    ]
    return head, rows


def faq_table(digest: Digest, lang: str) -> Table:
    head = ["FAQ", t("digest_shown", lang), t("digest_solved", lang), t("digest_not_confirmed", lang), t("digest_unhelpful", lang)]
    return head, [[u.title, str(u.shown), str(u.solved), str(u.unconfirmed), str(u.unhelpful)] for u in digest.faq]


def gap_table(digest: Digest, lang: str) -> Table:
    return [t("digest_example", lang), t("digest_count", lang)], [[g.example, str(g.count)] for g in digest.gaps]


def coach_table(digest: Digest, lang: str) -> Table:
    head = [t("digest_coach", lang), t("digest_questions", lang), t("digest_closed", lang), t("digest_minutes", lang)]
    return head, [[c.name, str(c.tickets), str(c.closed), str(c.minutes)] for c in digest.coaches]


def trend_table(digest: Digest, lang: str) -> Table:
    head = [t("digest_week", lang), t("digest_questions", lang), "FAQ", t("digest_accepted", lang),
            t("digest_wait_median", lang), t("digest_coach_minutes", lang)]
    rows = [
        [p.week.label, str(p.figures.questions), share(p.figures.faq_solved, p.figures.questions),
         str(p.figures.accepted), duration(p.figures.wait_median), str(p.figures.coach_minutes)]
        for p in digest.trend
    ]
    return head, rows


def sections(digest: Digest, lang: str) -> list[tuple[str, Table]]:
    return [
        (t("digest_outcomes", lang), outcome_table(digest, lang)),
        (t("digest_by_department", lang), slice_table(digest, "department", lang)),
        (t("digest_by_site", lang), slice_table(digest, "site", lang)),
        (t("digest_days", lang), day_table(digest, lang)),
        (t("digest_faq_top", lang), faq_table(digest, lang)),
        (t("digest_gaps", lang), gap_table(digest, lang)),
        (t("digest_coaches", lang), coach_table(digest, lang)),
        (t("digest_trend", lang), trend_table(digest, lang)),
        *_scan_sections(digest, lang),
    ]


def _scan_sections(digest: Digest, lang: str) -> list[tuple[str, Table]]:
    if digest.scans is None or digest.scans.empty:
        return []
    title = t("digest_scans", lang, k=digest.scans.k)
    return [(title, scans.profile_table(digest.scans, lang)), (title, scans.funnel_table(digest.scans, lang))]


def intro_lines(digest: Digest, lang: str, late: bool = False) -> list[str]:
    """The lines under the title: the period, the scope, the busiest day (the files and the console show them)."""
    lines = [period(digest, lang) + f" ({digest.tz})"]
    if late:
        lines.append(t("digest_late", lang))
    if digest.departments:
        lines.append(t("digest_scope", lang, departments=", ".join(digest.departments)))
    top = busiest(digest, lang)
    if top:
        lines.append(top)
    return lines


# -- Markdown -------------------------------------------------------------------


_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_SYNTAX = set("\\`*_[]|~")


def md_text(text: str) -> str:
    """Text as a Markdown viewer shows it, never as markup: a question or name like `<script>` or
    `[klik](http://evil.example)` is shown, not run or linked. HTML's three characters become entities (raw HTML
    passes through Markdown); link, emphasis, code and table syntax is backslash-escaped; a line break would end
    a table row. A bare http://... stays text but a GitHub-style viewer may still make it clickable, showing the
    address as it is."""
    out = []
    for c in text.replace("\r", " ").replace("\n", " "):
        out.append(_MD_ENTITIES.get(c) or ("\\" + c if c in _MD_SYNTAX else c))
    return "".join(out)


def _md_table(table: Table, lang: str) -> list[str]:
    head, rows = table
    if not rows:
        return [t("digest_nothing", lang)]
    out = ["| " + " | ".join(md_text(h) for h in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(md_text(c) for c in row) + " |" for row in rows]
    return out


def markdown(digest: Digest, lang: str, *, late: bool = False, images: dict[str, str] | None = None) -> str:
    """`images` maps "days"/"trend" to file names written next to the Markdown."""
    out = [f"# {md_text(t('digest_title', lang, week=digest.week.label))}", ""]
    out += [md_text(line) + "  " for line in intro_lines(digest, lang, late)] + [""]
    out += _md_table(key_figures(digest, lang), lang) + ["", f"_{md_text(t('digest_vs', lang))}_", ""]
    for title, table in sections(digest, lang):
        out += [f"## {md_text(title)}", ""] + _md_table(table, lang) + [""]
        if images and title == t("digest_days", lang) and "days" in images:
            out += [f"![{title}]({images['days']})", ""]
        if images and title == t("digest_trend", lang) and "trend" in images:
            out += [f"![{title}]({images['trend']})", ""]
    return "\n".join(out)


# -- HTML -----------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:12px;color:#1b1b1b;background:#fff;
 font-size:16px;line-height:1.4}
main{max-width:680px;margin:0 auto}
h1{font-size:1.4em;margin:.2em 0}
h2{font-size:1.1em;margin:1.4em 0 .4em;border-bottom:2px solid #0072B2;padding-bottom:.2em}
p.meta{color:#555;margin:.2em 0;font-size:.95em}
.cards{display:grid;grid-template-columns:repeat(2,1fr);gap:8px;margin:12px 0}
.card{background:#f2f6fa;border-radius:8px;padding:8px 10px}
.card b{display:block;font-size:1.5em}
.card span{font-size:.85em;color:#444}
.card i{font-style:normal;font-size:.85em;color:#0072B2;margin-left:.3em}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{padding:4px 6px;border-bottom:1px solid #ddd;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}
th{background:#f5f5f5;font-weight:600}
img{max-width:100%;height:auto;display:block;margin:8px 0}
"""


def _html_table(table: Table, lang: str) -> str:
    head, rows = table
    if not rows:
        return f"<p>{html.escape(t('digest_nothing', lang))}</p>"
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="scroll"><table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table></div>'


def _img(png: bytes, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def render_html(digest: Digest, lang: str, pictures: Charts, *, late: bool = False) -> str:
    """One self-contained file (charts as data: URIs) that reads well on a phone."""
    f, c = digest.totals, digest.changes
    title = t("digest_title", lang, week=digest.week.label)
    cards = [
        (str(f.questions), t("digest_questions", lang), change(c.get("questions"))),
        (share(f.faq_solved, f.questions), t("digest_faq_solved", lang), change(c.get("faq_share"))),
        (str(f.routed), t("digest_routed", lang), ""),
        (duration(f.wait_median), t("digest_wait_median", lang), change(c.get("wait_median"))),
        (str(f.coach_minutes), t("digest_coach_minutes", lang), change(c.get("coach_minutes"))),
        (rating(f, lang) if f.rating_avg is not None else "–", t("digest_rating", lang), change(c.get("rating_avg"))),
    ]  # a card is too small for the reason a rating is not shown: the key figures table below says it
    card_html = "".join(
        f'<div class="card"><b>{html.escape(v)}<i>{html.escape(a)}</i></b><span>{html.escape(label)}</span></div>'
        for v, label, a in cards
    )
    parts = [
        "<!doctype html>", f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{html.escape(title)}</h1>",
        *(f'<p class="meta">{html.escape(line)}</p>' for line in intro_lines(digest, lang, late)),
        f'<div class="cards">{card_html}</div>',
        f'<p class="meta">{html.escape(t("digest_vs", lang))}</p>',
        _img(pictures.summary, f'{t("digest_days", lang)}; {t("digest_trend", lang)}'),
        _html_table(key_figures(digest, lang), lang),
    ]
    for heading, table in sections(digest, lang):
        parts += [f"<h2>{html.escape(heading)}</h2>", _html_table(table, lang)]
    parts.append("</main></body></html>")
    return "\n".join(parts)


# -- CSV --------------------------------------------------------------------------

CSV_COLUMNS = [
    "week", "section", "key", "name", "questions", "faq_solved", "faq_share", "suggestions_used", "routed", "accepted",
    "queued", "escalated", "cancelled", "closed", "open", "wait_median_s", "wait_p90_s", "handling_median_s",
    "coach_minutes", "ratings", "rating_avg", "ended_faq", "ended_coach", "ended_cancelled", "ended_open",
    "faq_unconfirmed",  # added last: tools that read columns by position keep working
    "people", "profile", "advice", "requested", "planned", "done",  # the self-scan rows (bot/digest/scans.py)
]


def _figure_cells(f: Figures) -> dict[str, object]:
    def num(v: float | None, digits: int = 0) -> object:
        return "" if v is None else round(v, digits) if digits else round(v)

    return {
        "questions": f.questions, "faq_solved": f.faq_solved, "faq_share": num(f.faq_share, 3),
        "suggestions_used": f.suggestions_used, "routed": f.routed, "accepted": f.accepted, "queued": f.queued,
        "escalated": f.escalated, "cancelled": f.cancelled, "closed": f.closed, "open": f.open,
        "wait_median_s": num(f.wait_median), "wait_p90_s": num(f.wait_p90), "handling_median_s": num(f.handling_median),
        "coach_minutes": f.coach_minutes, "ratings": f.ratings, "rating_avg": num(f.rating_avg, 2),
        "faq_unconfirmed": f.faq_unconfirmed, "people": f.people,
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (an employee's "=HYPERLINK(...)") starts with ' instead."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def render_csv(digest: Digest) -> str:
    """The weekly figures, one row per slice; the same columns for every section so a spreadsheet can filter.
    `people` (distinct employees) is filled on the total, department, site and trend rows."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    week = digest.week.label

    def row(section: str, key: str, name: str, **cells: object) -> None:
        values = {"week": week, "section": section, "key": key, "name": name, **cells}
        writer.writerow({column: _inert(value) for column, value in values.items()})

    endings = {f"ended_{e}": sum(d.endings.get(e, 0) for d in digest.days) for e in ENDINGS}
    row("total", "", "", **_figure_cells(digest.totals), **endings)
    for kind, slices in (("department", digest.by_department), ("site", digest.by_site)):
        for s in slices:  # the other slice: key `other`, name "Other (3 sites)"
            row(kind, s.key if s.key is not None else "other", slice_name(s, kind, "en"), **_figure_cells(s.figures))
    for d in digest.days:
        row("day", d.day.isoformat(), d.day.strftime("%A"), questions=d.total,
            **{f"ended_{e}": d.endings.get(e, 0) for e in ENDINGS})
    for hour, n in sorted(digest.hours.items()):
        row("hour", f"{hour:02d}", f"{hour:02d}:00", questions=n)
    for outcome, n in sorted(digest.outcomes.items()):
        row("outcome", outcome, outcome, closed=n)
    for u in digest.faq:
        row("faq", u.entry, u.title, questions=u.shown, faq_solved=u.solved, faq_unconfirmed=u.unconfirmed)
    for g in digest.gaps:
        row("gap", "", g.example, questions=g.count)
    for c in digest.coaches:
        row("coach", c.coach, c.name, questions=c.tickets, closed=c.closed, coach_minutes=c.minutes)
    for p in digest.trend:
        row("trend", p.week.label, p.week.label, **_figure_cells(p.figures),
            **{f"ended_{e}": p.endings.get(e, 0) for e in ENDINGS})
    for cells in scans.csv_rows(digest.scans) if digest.scans else []:
        row(str(cells.pop("section")), str(cells.pop("key")), str(cells.pop("name")), **cells)
    return buf.getvalue()


@dataclass
class Rendered:
    """Everything one coordinator gets for one week."""

    summary: str
    markdown: str
    html: str
    csv: str
    charts: Charts


def render_all(digest: Digest, lang: str, *, late: bool = False, images: dict[str, str] | None = None) -> Rendered:
    """`images` (file names for the Markdown) also asks for the separate day and trend charts."""
    pictures = make_charts(digest, lang, separate=bool(images))
    return Rendered(
        summary=summary_text(digest, lang, late=late),
        markdown=markdown(digest, lang, late=late, images=images),
        html=render_html(digest, lang, pictures, late=late),
        csv=render_csv(digest),
        charts=pictures,
    )

