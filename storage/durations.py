"""Wait and handling time: the one definition that `tickets list`, the weekly digest and the coach's close message share.

- wait = the ticket's creation to its *first* acceptance: how long the employee
  waited until a coach first took the question. A hand-back does not reset
  it: the employee did not start waiting again from zero, and a figure that
  grew with every hand-back would make a coach who handed back look like a
  slow queue.
- handling = the *last* acceptance to the close, for closed tickets only: the
  time of the coach who finished it (the one whose minutes the digest counts).

Both come from the `ticket_events` rows (docs/design.md, "Events, wait and
handling time"), as SQL aggregates over one ticket's events, so a report
groups its events by ticket and selects these columns; nothing else computes them.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, case, cast, extract, func
from sqlalchemy.sql import ColumnElement


def raw_seconds(later: Any, earlier: Any, dialect: str) -> ColumnElement[float]:
    """Seconds between two stored timestamps, in SQL (julianday on SQLite, epoch of an interval on PostgreSQL)."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return cast(extract("epoch", later - earlier), Float)


def seconds_between(later: Any, earlier: Any, dialect: str) -> ColumnElement[float]:
    """Whole seconds (julianday arithmetic is off by microseconds, so round)."""
    return func.round(raw_seconds(later, earlier, dialect))


def first_accepted(event: Any) -> ColumnElement[Any]:
    """The first `accepted` event's time, as an aggregate over one ticket's events (`event`: the table or an alias)."""
    return func.min(case((event.kind == "accepted", event.at)))


def last_accepted(event: Any) -> ColumnElement[Any]:
    return func.max(case((event.kind == "accepted", event.at)))


def closed(event: Any) -> ColumnElement[Any]:
    return func.max(case((event.kind == "closed", event.at)))


def wait_seconds(event: Any, created_at: Any, dialect: str) -> ColumnElement[float]:
    """Creation to first acceptance, whole seconds; NULL while nobody accepted."""
    return seconds_between(first_accepted(event), created_at, dialect)


def handling_seconds(event: Any, state: Any, dialect: str) -> ColumnElement[float]:
    """Last acceptance to close, whole seconds; NULL unless the ticket is closed."""
    return case((state == "closed", seconds_between(closed(event), last_accepted(event), dialect)))


def handling_minutes(last_accepted_at: datetime | None, closed_at: datetime | None) -> int:
    """The same handling time for one ticket in hand (its `accepted_at` is the last acceptance), in minutes."""
    if last_accepted_at is None or closed_at is None:
        return 0
    return round((closed_at - last_accepted_at).total_seconds() / 60)
