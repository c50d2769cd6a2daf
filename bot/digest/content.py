"""What one digest says: the figures of one ISO week in the directory's time zone, and the trend.

Everything here is computed from aggregate queries (storage.digest); this
module only names weeks, maps UTC quarter-hour buckets to local days and
hours with the zone rules (so a week with a summer-time change is 167 or
169 hours long and still right), takes percentiles of a week's wait times,
and groups the unanswered questions. No question text leaves here unmasked.

k-anonymity (storage.kanon, applied in storage.digest's queries): the
department and site slices are the buckets those queries return, each of at
least K distinct employees; the smaller ones come as one "other" slice (key
None). The week's total is the programme's own and always shown; with fewer
than K people in it (a week, or a trend week) it carries counts only: no
rating average (`Figures.rating_sum` None), since a rating is what one
employee said of their coach. Coach activity is the coaches' own (leave it);
gap groups are masked examples for FAQ editors (README, "Weekly digest").
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable, Iterable, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.digest.scans import ScanDigest
from bot.digest.scans import build as scan_section
from faq.gaps import group_gaps, mask_personal
from skills.definition import ScanDefinition
from storage import digest as q
from storage import kanon

ENDINGS = ("faq", "coach", "cancelled", "open")  # how a question ended, in chart order
TREND_WEEKS = 8  # weeks in the trend chart, this one included
COMPARE_WEEKS = 4  # "the previous four weeks" the arrows compare against
TOP = 5
STEADY_PERCENT = 5.0  # changes smaller than this get a flat arrow
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week; its days are local days in the directory's time zone."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Week":
        m = _WEEK.match(text.strip())
        if not m:
            raise ValueError(f"expected a week like 2026-W47, got {text!r}")
        week = cls(int(m.group(1)), int(m.group(2)))
        date.fromisocalendar(week.year, week.number, 1)  # raises ValueError for W53 of a 52-week year
        return week

    @classmethod
    def containing(cls, moment: datetime, tz: ZoneInfo) -> "Week":
        iso = moment.astimezone(tz).date().isocalendar()
        return cls(iso.year, iso.week)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    def shifted(self, weeks: int) -> "Week":
        iso = (self.monday + timedelta(weeks=weeks)).isocalendar()
        return Week(iso.year, iso.week)

    def start(self, tz: ZoneInfo) -> datetime:
        """Monday 00:00 local, as aware UTC."""
        return datetime.combine(self.monday, time(0), tzinfo=tz).astimezone(timezone.utc)

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        return self.start(tz), self.shifted(1).start(tz)


def percentile(values: Sequence[float], p: float) -> float | None:
    """Linear interpolation between closest ranks: the same number as PostgreSQL's percentile_cont."""
    if not values:
        return None
    ordered = sorted(values)
    pos = p * (len(ordered) - 1)
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass
class Figures:
    """The weekly figures of one slice (everything, one department, one site, one week of the trend)."""

    questions: int = 0
    faq_solved: int = 0  # "solved by the FAQ": self-served, confirmed by the employee's yes
    faq_unconfirmed: int = 0  # "answered, not confirmed": self-served by silence or moving on, no yes
    suggestions_used: int = 0
    routed: int = 0
    accepted: int = 0
    escalated: int = 0
    queued: int = 0
    cancelled: int = 0
    closed: int = 0
    open: int = 0  # still open when the digest was made
    coach_minutes: int = 0  # coach's corrections where given, else handling time
    ratings: int = 0
    rating_sum: int | None = 0  # None: not shown (fewer than K people; see counts_only)
    people: int = 0  # distinct employees who asked
    wait_median: float | None = None  # seconds
    wait_p90: float | None = None
    handling_median: float | None = None

    @classmethod
    def from_sums(cls, sums: dict[str, int], waits: Sequence[float] = (), handlings: Sequence[float] = ()) -> "Figures":
        known = {k: v for k, v in sums.items() if k in cls.__dataclass_fields__}
        return cls(
            **known,
            wait_median=percentile(waits, 0.5),
            wait_p90=percentile(waits, 0.9),
            handling_median=percentile(handlings, 0.5),
        )

    @property
    def faq_share(self) -> float | None:
        return self.faq_solved / self.questions if self.questions else None

    @property
    def rating_avg(self) -> float | None:
        return self.rating_sum / self.ratings if self.ratings and self.rating_sum is not None else None

    def counts_only(self) -> "Figures":
        """These figures as they may be shown: with fewer than K people, the counts without the rating average
        (kanon.shown_alone). A slice never needs it: storage makes every slice K people or more."""
        if not kanon.shown_alone(self.people):
            self.rating_sum = None
        return self


@dataclass
class Slice:
    key: str | None  # None: the other slice, the smaller departments or sites together
    name: str  # "" for the other slice: rendering names it in the reader's language
    figures: Figures  # figures.people: the slice's distinct employees, K or more
    merged: int = 1  # departments or sites in it (the other slice's "3 sites")


@dataclass
class Day:
    day: date
    endings: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.endings.values())


@dataclass
class FaqUse:
    entry: str
    title: str
    shown: int
    solved: int  # confirmed by a yes
    unhelpful: int
    unconfirmed: int = 0  # self-served without a yes


@dataclass
class Gap:
    example: str  # masked
    count: int


@dataclass
class CoachActivity:
    coach: str
    name: str
    tickets: int
    closed: int
    minutes: int


@dataclass
class TrendPoint:
    week: Week
    figures: Figures
    endings: dict[str, int]


@dataclass
class Change:
    """This week against the average of the previous weeks that have data."""

    metric: str
    now: float | None
    before: float | None

    @property
    def percent(self) -> float | None:
        if self.now is None or self.before is None or self.before == 0:
            return None
        return (self.now - self.before) / self.before * 100

    @property
    def arrow(self) -> str:
        if self.now is None or self.before is None:
            return "–"
        if self.before == 0:
            return "↑" if self.now > 0 else "→"
        pct = self.percent or 0.0
        return "↑" if pct > STEADY_PERCENT else "↓" if pct < -STEADY_PERCENT else "→"


@dataclass
class Digest:
    week: Week
    tz: str
    departments: tuple[str, ...]
    start: datetime  # aware UTC
    end: datetime
    totals: Figures
    outcomes: dict[str, int]
    by_department: list[Slice]
    by_site: list[Slice]
    days: list[Day]
    hours: dict[int, int]  # local hour -> questions
    faq: list[FaqUse]
    gaps: list[Gap]
    coaches: list[CoachActivity]
    trend: list[TrendPoint]  # oldest first, this week last
    changes: dict[str, Change] = field(default_factory=dict)
    scans: ScanDigest | None = None  # the self-scan section (bot/digest/scans.py); None: not asked for

    @property
    def busiest_day(self) -> Day | None:
        best = max(self.days, key=lambda d: d.total, default=None)
        return best if best and best.total else None

    def busiest_hours(self, n: int = 3) -> list[tuple[int, int]]:
        ranked = sorted(((h, c) for h, c in self.hours.items() if c), key=lambda hc: (-hc[1], hc[0]))
        return ranked[:n]


def _slices(
    sums: dict[str | None, dict[str, int]],
    samples: Iterable[tuple[str | None, float | None, float | None]],
    people: dict[str | None, tuple[int, int]],  # bucket -> (distinct employees, departments or sites in it)
    names: Callable[[str], str],
) -> list[Slice]:
    """The buckets storage returned (a name, or kanon.OTHER), biggest first and the other slice last; a bucket
    storage did not name (None: the scope has fewer than K people) is no slice at all."""
    waits: dict[str | None, list[float]] = {}
    handlings: dict[str | None, list[float]] = {}
    for key, wait, handling in samples:
        if wait is not None:
            waits.setdefault(key, []).append(wait)
        if handling is not None:
            handlings.setdefault(key, []).append(handling)
    out = []
    for bucket, s in sums.items():
        if bucket is None:
            continue
        figures = Figures.from_sums(s, waits.get(bucket, ()), handlings.get(bucket, ()))
        figures.people, merged = people.get(bucket, (0, 0))
        other = bucket == kanon.OTHER
        out.append(Slice(None if other else bucket, "" if other else names(bucket), figures, merged))
    return sorted(out, key=lambda s: (s.key is None, -s.figures.questions, s.name))


def _local_days(week: Week, start: datetime, buckets: list[tuple[int, str, int]], tz: ZoneInfo) -> tuple[list[Day], dict[int, int]]:
    days = [Day(week.monday + timedelta(days=i), {e: 0 for e in ENDINGS}) for i in range(7)]
    hours = {h: 0 for h in range(24)}
    for quarter, how, n in buckets:
        local = (start + timedelta(seconds=quarter * q.BUCKET_SECONDS)).astimezone(tz)
        index = (local.date() - week.monday).days
        if 0 <= index < 7:
            days[index].endings[how] = days[index].endings.get(how, 0) + n
            hours[local.hour] += n
    return days, hours


def gap_groups(counted: Sequence[tuple[str, int]], limit: int = TOP) -> list[Gap]:
    """Similar unanswered questions grouped; each shown by one masked example and a count."""
    counts: dict[str, int] = {}
    for text, n in counted:
        counts[text] = counts.get(text, 0) + n
    groups = group_gaps(list(counts))
    gaps = [Gap(_short(mask_personal(g.example)), sum(counts.get(m, 0) for m in g.members)) for g in groups]
    return sorted(gaps, key=lambda g: (-g.count, g.example))[:limit]


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def compare(trend: list[TrendPoint]) -> dict[str, Change]:
    """The arrows: this week (last point) against the average of the COMPARE_WEEKS before it."""
    now = trend[-1].figures
    before = [p.figures for p in trend[-1 - COMPARE_WEEKS : -1]]
    metrics: dict[str, Callable[[Figures], float | None]] = {
        "questions": lambda f: float(f.questions),
        "faq_share": lambda f: f.faq_share,
        "accepted": lambda f: float(f.accepted),
        "wait_median": lambda f: f.wait_median,
        "coach_minutes": lambda f: float(f.coach_minutes),
        "rating_avg": lambda f: f.rating_avg,
    }
    out = {}
    for name, get in metrics.items():
        if name in ("questions", "accepted", "coach_minutes"):
            prior = _mean(get(f) for f in before) if before else None  # an empty week counts as zero
        else:
            prior = _mean(get(f) for f in before)  # a rate of an empty week is no figure at all
        out[name] = Change(name, get(now), prior)
    return out


async def build_digest(
    session: AsyncSession,
    week: Week,
    tz: ZoneInfo,
    departments: Sequence[str] = (),
    titles: Callable[[str], str] | None = None,
    *,
    with_trend: bool = True,
    scan: ScanDefinition | None = None,
) -> Digest:
    """All figures of one week for one scope (a coordinator's departments, or everything).

    `with_trend=False` skips the eight-week queries (the trend is then this week alone); the bench times both.
    `scan`: the self-scan whose profile and area names the scan section uses (None: the shipped one).
    """
    start, end = week.bounds(tz)
    scope = q.Scope(start, end, tuple(departments))
    site_names, coach_names = await q.names(session)
    samples = await q.samples(session, scope)
    cube, people = await q.cube(session, scope)
    everything: dict[str, int] = {}
    per_department: dict[str | None, dict[str, int]] = {}
    per_site: dict[str | None, dict[str, int]] = {}
    per_coach: dict[str | None, dict[str, int]] = {}
    for department, site, coach, sums in cube:  # roll-ups of a few hundred group rows, not of tickets
        q.add_sums(everything, sums)
        q.add_sums(per_department.setdefault(department, {}), sums)
        q.add_sums(per_site.setdefault(site, {}), sums)
        q.add_sums(per_coach.setdefault(coach, {}), sums)
    totals = Figures.from_sums(
        everything, [w for _, _, w, _ in samples if w is not None], [h for _, _, _, h in samples if h is not None]
    )
    totals.people = people.get(("total", None), (0, 0))[0]
    totals.counts_only()
    of = {kind: {b: n for (k, b), n in people.items() if k == kind} for kind in ("department", "site")}
    by_department = _slices(per_department, [(d, w, h) for d, _, w, h in samples], of["department"], str)
    by_site = _slices(per_site, [(s, w, h) for _, s, w, h in samples], of["site"], lambda k: site_names.get(k, k))
    days, hours = _local_days(week, start, await q.quarter_hours(session, scope), tz)
    faq = [
        FaqUse(e, titles(e) if titles else e, shown, solved, bad, unconfirmed)
        for e, shown, solved, bad, unconfirmed in await q.faq_entries(session, scope, TOP)
    ]
    gaps = gap_groups(await q.gap_text_counts(session, scope))
    coaches = [
        CoachActivity(cid, coach_names.get(cid, cid), s["questions"], s["closed"], s["coach_minutes"])
        for cid, s in per_coach.items()
        if cid is not None
    ]
    coaches.sort(key=lambda c: (-c.tickets, -c.minutes, c.name))
    endings = {e: sum(d.endings.get(e, 0) for d in days) for e in ENDINGS}
    earlier = await build_trend(session, week.shifted(-1), tz, departments, TREND_WEEKS - 1) if with_trend else []
    trend = earlier + [TrendPoint(week, totals, endings)]  # this week from the figures above, not queried twice
    return Digest(
        week=week, tz=str(tz), departments=tuple(departments), start=start, end=end, totals=totals,
        outcomes=await q.outcomes(session, scope), by_department=by_department, by_site=by_site,
        days=days, hours=hours, faq=faq, gaps=gaps, coaches=coaches, trend=trend, changes=compare(trend),
        scans=await scan_section(session, start, end, departments, scan),
    )


async def build_trend(
    session: AsyncSession, week: Week, tz: ZoneInfo, departments: Sequence[str] = (), count: int = TREND_WEEKS
) -> list[TrendPoint]:
    """The `count` weeks ending with `week`, oldest first: two or three grouped queries over the whole span."""
    weeks = [week.shifted(-i) for i in range(count - 1, -1, -1)]
    bounds = [w.start(tz) for w in weeks] + [week.shifted(1).start(tz)]
    sums, medians, endings = await q.weekly(session, bounds, departments)
    points = []
    for i, w in enumerate(weeks):
        figures = Figures.from_sums(sums[i]).counts_only()  # sums[i]["people"]: that week's employees
        figures.wait_median = medians.get(i)
        points.append(TrendPoint(w, figures, {e: endings.get(i, {}).get(e, 0) for e in ENDINGS}))
    return points
