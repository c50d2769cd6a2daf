"""The inbox table holds message text until an update is handled: erase and retention reach it, claims share it."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage import inbox
from storage.models import InboxItem
from storage.privacy import apply_retention, erase_person, find_person
from tests.conftest import MONDAY_MORNING
from tests.storage.test_privacy import a_helped_employee

LEASE = timedelta(seconds=60)


async def rows(database) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    async with database.session() as s:
        return [(r.channel, r.address) for r in (await s.execute(select(InboxItem).order_by(InboxItem.id))).scalars()]


async def test_erase_deletes_the_persons_unhandled_updates_and_retention_old_ones(database):
    await a_helped_employee(database)
    async with database.session() as s:
        for n, address in enumerate(("jan", "jan", "piet")):
            await inbox.add(s, channel="console", platform_id=str(n), address=address, body='{"text": "mijn geheim"}',
                            now=MONDAY_MORNING, owner="a", lease=LEASE)
        assert await inbox.add(s, channel="console", platform_id="0", address="jan", body="{}", now=MONDAY_MORNING,
                               owner="b", lease=LEASE) is None, "a platform's resend is stored once"
    async with database.session() as s:
        counts = await erase_person(s, await find_person(s, "console:jan"), MONDAY_MORNING)
    assert counts["inbox_deleted"] == 2
    assert await rows(database) == [("console", "piet")]
    async with database.session() as s:
        await apply_retention(s, MONDAY_MORNING + timedelta(days=181), 180)
        assert await s.scalar(select(func.count()).select_from(InboxItem)) == 0


async def test_only_expired_leases_are_claimed_and_once(database):
    async with database.session() as s:
        for n in range(3):
            await inbox.add(s, channel="telegram", platform_id=str(n), address="1", body="{}",
                            now=MONDAY_MORNING - timedelta(seconds=30 * n), owner="dead", lease=LEASE)
    later = MONDAY_MORNING + timedelta(seconds=40)  # the rows stored 30 s and 60 s earlier have run out
    async with database.session() as s:
        first = await inbox.claim_expired(s, later, "me", LEASE, ["telegram"], 10, skip_locked=database.is_postgresql)
    async with database.session() as s:
        second = await inbox.claim_expired(s, later, "other", LEASE, ["telegram"], 10, skip_locked=database.is_postgresql)
        none_for_teams = await inbox.claim_expired(s, later + LEASE * 2, "x", LEASE, ["teams"], 10, skip_locked=False)
    assert sorted(c.platform_id for c in first) == ["1", "2"] and all(c.attempts == 2 for c in first)
    assert second == [] and none_for_teams == []
