"""Console tests' set-up: a week of known tickets (tests/digest/scenario.py) and coordinators scoped to departments."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from storage.models import Address, Coordinator, Person
from tests.bot.harness import Harness
from tests.conftest import BRUSSELS
from tests.digest.scenario import build_fortnight

AFTER_W48 = datetime(2026, 12, 1, 9, 0, tzinfo=BRUSSELS)  # Tuesday: W48 (23-29 Nov 2026) is the last full week


async def known_fortnight(chat: Harness) -> None:
    """W47 one question; W48 four from jan (Groendienst, coach anna) and two from piet (Administratie, coach lotte)."""
    await build_fortnight(chat)
    chat.clock.set(AFTER_W48)


async def add_coordinator(chat: Harness, cid: str, departments: tuple[str, ...], name: str | None = None) -> str:
    """A second coordinator in the directory, scoped to `departments`, reachable on the console as coordinator:ID."""
    app = chat.app
    async with app.db.session() as session:
        session.add(Coordinator(id=cid, name=name or cid.title(), departments=json.dumps(list(departments)), active=True))
    await app.engine.link_directory_person("console", f"coordinator:{cid}", "coordinator", cid)
    return f"coordinator:{cid}"


async def scope(chat: Harness, cid: str, departments: tuple[str, ...]) -> None:
    async with chat.app.db.session() as session:
        (await session.get(Coordinator, cid)).departments = json.dumps(list(departments))


async def person_id(chat: Harness, actor: str) -> int | None:
    """The person behind a console address (None once erased)."""
    async with chat.app.db.session() as session:
        return await session.scalar(
            select(Person.id).join(Address, Address.person_id == Person.id)
            .where(Address.channel == "console", Address.address == actor)
        )
