"""People and their channel addresses."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Address, Coach, Conversation, Coordinator, Person, Site


async def find_by_address(session: AsyncSession, channel: str, address: str) -> Person | None:
    row = await session.execute(
        select(Person).join(Address, Address.person_id == Person.id).where(
            Address.channel == channel, Address.address == address
        )
    )
    return row.scalar_one_or_none()


async def load_for_turn(
    session: AsyncSession, channel: str, address: str
) -> tuple[Person, Address, Conversation | None, Site | None] | None:
    """The person behind a chat address, that address, the person's conversation and site, in one query.

    While the caller holds the returned rows, `conversation()` and `session.get(Site, ...)` find them in the
    session's identity map (which holds unchanged rows only weakly) and need no query of their own.
    """
    row = (
        await session.execute(
            select(Person, Address, Conversation, Site)
            .join(Address, Address.person_id == Person.id)
            .outerjoin(Conversation, Conversation.person_id == Person.id)
            .outerjoin(Site, Site.id == Person.site_id)
            .where(Address.channel == channel, Address.address == address)
        )
    ).first()
    return (row[0], row[1], row[2], row[3]) if row is not None else None


async def create_person(
    session: AsyncSession,
    *,
    role: str,
    now: datetime,
    first_name: str | None = None,
    language: str | None = None,
) -> Person:
    person = Person(role=role, first_name=first_name, language=language, created_at=now)
    session.add(person)
    await session.flush()
    return person


async def add_address(
    session: AsyncSession, person: Person, channel: str, address: str, now: datetime, reference: str | None = None
) -> Address:
    row = Address(person_id=person.id, channel=channel, address=address, created_at=now, reference=reference)
    session.add(row)
    await session.flush()
    return row


async def address_of(session: AsyncSession, person_id: int) -> Address | None:
    """The channel to reach a person on: the one they used most recently."""
    row = await session.execute(
        select(Address).where(Address.person_id == person_id).order_by(Address.created_at.desc(), Address.id.desc()).limit(1)
    )
    return row.scalar_one_or_none()


async def coach_of(session: AsyncSession, person_id: int) -> Coach | None:
    return (await session.execute(select(Coach).where(Coach.person_id == person_id))).scalar_one_or_none()


async def coordinator_of(session: AsyncSession, person_id: int) -> Coordinator | None:
    return (
        await session.execute(select(Coordinator).where(Coordinator.person_id == person_id))
    ).scalar_one_or_none()


async def active_coordinators(session: AsyncSession) -> list[Coordinator]:
    rows = await session.execute(
        select(Coordinator).where(Coordinator.active.is_(True), Coordinator.person_id.is_not(None))
    )
    return list(rows.scalars())


async def conversation(session: AsyncSession, person_id: int, now: datetime) -> Conversation:
    """The person's conversation row, made on first need.

    Two turns can need it at once (two offers to one coach); INSERT ... ON CONFLICT DO NOTHING lets the
    second wait for the first and then read its row, instead of failing on the primary key.
    """
    conv = await session.get(Conversation, person_id)
    if conv is None:
        insert = postgresql_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
        await session.execute(
            insert(Conversation)
            .values(person_id=person_id, state="idle", data="{}", buttons="[]", updated_at=now)
            .on_conflict_do_nothing(index_elements=["person_id"])
        )
        conv = await session.get(Conversation, person_id)
        assert conv is not None
    return conv


def conversation_data(conv: Conversation) -> dict:
    return parse_conversation_data(conv.data)


def parse_conversation_data(text: str | None) -> dict:
    """The conversation row's `data` JSON; anything unreadable counts as empty."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}


# Conversation data that outlives a change of state: the day the language hint was last shown (once a day).
LASTING_KEYS = ("lang_hint",)


def set_conversation(conv: Conversation, state: str, now: datetime, **data: object) -> None:
    kept = {k: v for k, v in conversation_data(conv).items() if k in LASTING_KEYS} if conv.data else {}
    conv.state = state
    conv.data = json.dumps({**kept, **data})
    conv.updated_at = now


def note_in_conversation(conv: Conversation, **values: object) -> None:
    """Add lasting values (LASTING_KEYS) to the conversation data, leaving its state as it is."""
    conv.data = json.dumps({**conversation_data(conv), **values})


async def save_reference(
    session: AsyncSession, channel: str, address: str, reference: str, row: Address | None = None
) -> bool:
    """Keep a channel's handle for messaging this address later (Teams: the conversation reference JSON).

    `row`: the address row when the caller has already loaded it (the engine's turn), saving a query.
    Returns False when the address is unknown (the engine creates it on the person's first message).
    """
    if row is None or row.channel != channel or row.address != address:
        row = (
            await session.execute(select(Address).where(Address.channel == channel, Address.address == address))
        ).scalar_one_or_none()
    if row is None:
        return False
    if row.reference != reference:
        row.reference = reference
    return True


async def reference_of(session: AsyncSession, channel: str, address: str) -> str | None:
    return (
        await session.execute(
            select(Address.reference).where(Address.channel == channel, Address.address == address)
        )
    ).scalar_one_or_none()


async def directory_by_email(session: AsyncSession, email: str) -> tuple[str, str] | None:
    """The one active coach or coordinator whose directory e-mail is `email` (case-insensitive), as (role, id).

    Two directory rows with the same address match nothing: linking must never guess.
    """
    from sqlalchemy import func

    email = email.strip().lower()
    if not email or "@" not in email:
        return None
    found: list[tuple[str, str]] = []
    for role, model in (("coach", Coach), ("coordinator", Coordinator)):
        rows = await session.execute(select(model.id).where(func.lower(model.email) == email, model.active.is_(True)))
        found += [(role, ident) for ident in rows.scalars()]
    return found[0] if len(found) == 1 else None


async def person(session: AsyncSession, person_id: int) -> Person | None:
    return await session.get(Person, person_id)


async def address_row(session: AsyncSession, channel: str, address: str) -> Address | None:
    return (
        await session.execute(select(Address).where(Address.channel == channel, Address.address == address))
    ).scalar_one_or_none()


async def coach_by_id(session: AsyncSession, coach_id: str | None) -> Coach | None:
    return await session.get(Coach, coach_id) if coach_id else None


async def directory_row(session: AsyncSession, role: str, directory_id: str) -> Coach | Coordinator | None:
    """The coach's or coordinator's directory row (`role` is "coach" or "coordinator")."""
    return await session.get(Coach if role == "coach" else Coordinator, directory_id)


def coordinator_departments(coordinator: Coordinator) -> tuple[str, ...]:
    """The departments a coordinator looks after (digest, console); empty means all of them."""
    try:
        value = json.loads(coordinator.departments or "[]")
    except ValueError:
        value = []
    return tuple(str(d) for d in value) if isinstance(value, list) else ()


async def people_named(session: AsyncSession, person_ids: Sequence[int | None]) -> list[Person]:
    ids = sorted({i for i in person_ids if i is not None})
    if not ids:
        return []
    return list((await session.execute(select(Person).where(Person.id.in_(ids)))).scalars())


async def coaches_in(session: AsyncSession, departments: Sequence[str] | None) -> list[Coach]:
    """The directory's coaches a coordinator looks after (None: all), by name."""
    query = select(Coach).order_by(Coach.name)
    if departments is not None:
        query = query.where(Coach.department.in_(list(departments)))
    return list((await session.execute(query)).scalars())


def looks_after(coordinator: Coordinator, department: str | None) -> bool:
    """Whether a department's matters (a training request) reach this coordinator: theirs, or every one for a
    whole-city coordinator; the scope is `coordinator_departments`, the digest's and the console's."""
    scope = coordinator_departments(coordinator)
    return not scope or department in scope
