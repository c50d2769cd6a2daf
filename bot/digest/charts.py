"""The digest's pictures as PNG bytes (matplotlib, Agg: no display, safe in a server and in several threads of one process).

Two charts: questions per local day stacked by how they ended, and the
8-week trend of the same. Sized for a phone screen held upright; colours are
distinguishable for the common colour-vision deficiencies (Okabe-Ito).
"""
from __future__ import annotations

import io
import threading
from typing import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)

from bot.digest.content import ENDINGS, Digest  # noqa: E402

COLOURS = {"faq": "#009E73", "coach": "#0072B2", "cancelled": "#999999", "open": "#E69F00"}
_lock = threading.Lock()  # matplotlib's font cache and text layout are not thread-safe


def _stacked(ax, labels: Sequence[str], series: Mapping[str, Sequence[int]], names: Mapping[str, str], title: str) -> None:  # type: ignore[no-untyped-def]
    bottom = [0] * len(labels)
    for ending in ENDINGS:
        values = list(series[ending])
        ax.bar(labels, values, bottom=bottom, color=COLOURS[ending], label=names[ending], width=0.7)
        bottom = [b + v for b, v in zip(bottom, values)]
    for x, total in enumerate(bottom):
        if total:
            ax.text(x, total, str(total), ha="center", va="bottom", fontsize=11)
    ax.set_title(title, fontsize=13, loc="left", fontweight="bold")
    ax.set_ylim(0, max(bottom + [1]) * 1.18)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="both", labelsize=10)


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120)
    return buf.getvalue()


def day_series(digest: Digest) -> dict[str, list[int]]:
    return {e: [d.endings.get(e, 0) for d in digest.days] for e in ENDINGS}


def trend_series(digest: Digest) -> dict[str, list[int]]:
    return {e: [p.endings.get(e, 0) for p in digest.trend] for e in ENDINGS}


def days_chart(digest: Digest, day_names: Sequence[str], names: Mapping[str, str], title: str) -> bytes:
    with _lock:
        fig = Figure(figsize=(5, 3.2), layout="constrained")
        ax = fig.add_subplot()
        labels = [f"{day_names[i]}\n{d.day.day}" for i, d in enumerate(digest.days)]
        _stacked(ax, labels, day_series(digest), names, title)
        ax.legend(fontsize=10, ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
        return _png(fig)


def trend_chart(digest: Digest, names: Mapping[str, str], title: str) -> bytes:
    with _lock:
        fig = Figure(figsize=(5, 3.2), layout="constrained")
        ax = fig.add_subplot()
        labels = [f"W{p.week.number:02d}" for p in digest.trend]
        _stacked(ax, labels, trend_series(digest), names, title)
        ax.legend(fontsize=10, ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
        return _png(fig)


def summary_chart(
    digest: Digest, day_names: Sequence[str], names: Mapping[str, str], days_title: str, trend_title: str
) -> bytes:
    """Both charts in one upright image: what a chat shows next to the short summary."""
    with _lock:
        fig = Figure(figsize=(5, 6.6), layout="constrained")
        top, bottom = fig.subplots(2, 1)
        labels = [f"{day_names[i]}\n{d.day.day}" for i, d in enumerate(digest.days)]
        _stacked(top, labels, day_series(digest), names, days_title)
        _stacked(bottom, [f"W{p.week.number:02d}" for p in digest.trend], trend_series(digest), names, trend_title)
        handles, legend = top.get_legend_handles_labels()
        fig.legend(handles, legend, fontsize=10, ncols=4, loc="outside lower center", frameon=False)
        return _png(fig)
