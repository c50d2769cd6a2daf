"""What a chat channel may learn about an account, read from the database (see bot/engine/accounts.py).

The person behind an address is found with `people.find_by_address`, a
Teams reference with `people.reference_of`, a directory e-mail with
`people.directory_by_email`: these functions only combine them, and hold
the one query of their own (the staff addresses).
"""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import people
from storage.models import Address, Conversation, Person

STAFF_ROLES = ("coach", "coordinator")


async def role_and_language(session: AsyncSession, channel: str, address: str) -> tuple[str, str | None] | None:
    """The role and stored language (possibly none) of the person behind an address; None for an unknown address."""
    person = await people.find_by_address(session, channel, address)
    return (person.role, person.language) if person is not None else None


async def buttons_json(session: AsyncSession, channel: str, address: str) -> str | None:
    """The conversation row's stored buttons JSON for this address; None without a person or conversation."""
    person = await people.find_by_address(session, channel, address)
    conv = await session.get(Conversation, person.id) if person is not None else None
    return conv.buttons if conv is not None else None


async def staff_addresses(session: AsyncSession, channel: str) -> list[str]:
    """The addresses on `channel` of every linked coach and coordinator."""
    rows = await session.execute(
        select(Address.address).join(Person, Person.id == Address.person_id)
        .where(Address.channel == channel, Person.role.in_(STAFF_ROLES))
    )
    return list(rows.scalars())


async def directory_match(session: AsyncSession, emails: Iterable[str | None]) -> tuple[str, str] | None:
    """(role, id) of the directory coach or coordinator for the first of these e-mails that finds one."""
    for email in emails:
        match = await people.directory_by_email(session, email) if email else None
        if match:
            return match
    return None
