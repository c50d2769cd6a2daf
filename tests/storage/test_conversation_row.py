"""Finding 3 of the attack run: two turns that need the same person's conversation row at once (two offers to one
coach who never chatted) must both get it; one used to fail on the primary key and its sender saw "Er ging iets mis"."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from sqlalchemy import func, select

from storage.db import Database
from storage.migrate import upgrade
from storage.models import Conversation, Person
from storage.people import conversation
from tests.conftest import PG_URL, PgSchema, require_postgres

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


async def test_many_turns_making_one_conversation_row_at_once_all_succeed():
    require_postgres()
    schema = PgSchema()
    await schema.create()
    db = Database(PG_URL, pool_size=20, max_overflow=5, **schema.engine_kwargs())
    try:
        await upgrade(db.engine)
        for round_ in range(5):
            async with db.session() as s:
                person = Person(first_name=f"Anna{round_}", role="coach", created_at=NOW)
                s.add(person)
                await s.flush()
                person_id = person.id
            start = asyncio.Event()

            async def turn() -> str:
                async with db.session() as s:
                    await s.connection()  # each turn on its own connection before the starting gun
                    await start.wait()
                    return (await conversation(s, person_id, NOW)).state

            tasks = [asyncio.create_task(turn()) for _ in range(12)]
            await asyncio.sleep(0.2)
            start.set()
            assert await asyncio.gather(*tasks) == ["idle"] * 12  # no IntegrityError for any of them
            async with db.session() as s:
                rows = await s.scalar(select(func.count()).select_from(Conversation).where(Conversation.person_id == person_id))
            assert rows == 1
    finally:
        await db.dispose()
        await schema.drop()
