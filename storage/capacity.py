"""A coach's capacity: how much open work they have, and the row lock that makes "count, then add" one step.

Two rules, one per moment (docs/design.md, "The nearest available coach"):

- *offering*: a coach gets a new offer only while accepted tickets plus pending
  offers are below their capacity (`open_load`), so a coach at capacity is not
  asked at all;
- *accepting*: a coach takes a ticket only while the tickets they hold
  (accepted) are below their capacity (`held`). Pending offers do not count
  here: the offer being accepted is one of them, and a coach with capacity 2
  and two offers may take both. An offer beyond capacity (a coordinator's
  assignment, a capacity lowered by a directory import) is refused.

Counting and then writing is only safe if nobody else counts in between. On
PostgreSQL two turns in READ COMMITTED would both count 0 for the same coach
and both add an offer, so whoever offers to or accepts for a coach first locks
the coach's row (`lock_coaches`, SELECT ... FOR UPDATE) and keeps the lock
until commit; the second turn waits, then counts what the first committed.
SQLite needs no lock: every transaction there is BEGIN IMMEDIATE (storage/db.py),
one writer at a time. Lock order, everywhere: the ticket first, then its
coaches in id order, so two turns never wait for each other in a circle.
"""
from __future__ import annotations

from typing import Collection, Sequence

from sqlalchemy import Subquery, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Coach, Offer, Ticket


async def lock_coaches(session: AsyncSession, coach_ids: Collection[str]) -> None:
    """Hold the row locks of these coaches until commit, taken in id order (PostgreSQL; SQLite has one writer)."""
    if not coach_ids:
        return
    await session.execute(
        select(Coach.id).where(Coach.id.in_(sorted(coach_ids))).order_by(Coach.id).with_for_update()
    )


# What counts as open work, in one place: the accepted tickets a coach holds and the offers waiting on them.
_HOLDING = Ticket.state == "accepted"
_ASKED = Offer.status == "pending"


def open_load_subquery() -> Subquery:
    """`open_load` of every coach with open work, as rows (coach_id, load): a list of coaches joins it (outer)."""
    work = union_all(
        select(Ticket.coach_id.label("coach_id")).where(_HOLDING),
        select(Offer.coach_id.label("coach_id")).where(_ASKED),
    ).subquery()
    return select(work.c.coach_id, func.count().label("load")).group_by(work.c.coach_id).subquery()


async def open_load(session: AsyncSession, coach_ids: Sequence[str] | None = None) -> dict[str, int]:
    """Open work per coach, what offering checks: accepted tickets plus pending offers (for these coaches, or all)."""
    accepted_q = select(Ticket.coach_id, func.count()).where(_HOLDING)
    offers_q = select(Offer.coach_id, func.count()).where(_ASKED)
    if coach_ids is not None:
        accepted_q = accepted_q.where(Ticket.coach_id.in_(coach_ids))
        offers_q = offers_q.where(Offer.coach_id.in_(coach_ids))
    accepted = await session.execute(accepted_q.group_by(Ticket.coach_id))
    load: dict[str, int] = {cid: n for cid, n in accepted.all() if cid}
    offers = await session.execute(offers_q.group_by(Offer.coach_id))
    for cid, n in offers.all():
        load[cid] = load.get(cid, 0) + n
    return load


async def held(session: AsyncSession, coach_id: str) -> int:
    """The tickets a coach holds now (accepted, not yet closed or handed back): what accepting checks."""
    return int(
        await session.scalar(select(func.count()).where(Ticket.coach_id == coach_id, _HOLDING)) or 0
    )


class AtCapacity(Exception):
    """The coach could take this offer but already holds as many tickets as their capacity allows."""

    def __init__(self, held: int, capacity: int) -> None:
        super().__init__(f"coach holds {held} of {capacity} tickets")
        self.held = held
        self.capacity = capacity


async def check_room_to_accept(session: AsyncSession, coach_id: str) -> None:
    """Lock the coach's row and raise AtCapacity unless they hold fewer tickets than their capacity.

    Call with the ticket already locked (lock order: ticket, then coach).
    """
    capacity = await session.scalar(select(Coach.capacity).where(Coach.id == coach_id).with_for_update())
    if capacity is None:
        return  # no such coach: the accept itself fails on "still active"
    holding = await held(session, coach_id)
    if holding >= capacity:
        raise AtCapacity(holding, capacity)
