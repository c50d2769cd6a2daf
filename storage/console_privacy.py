"""Whom a coordinator may export or erase in the console: found as `digicoach privacy` finds them, within their departments.

A person belongs to the department of their work site; a coach without a site
to their directory row's department. Someone with neither (a coordinator, an
employee who never chose a site) belongs to no department, so only a
coordinator of the whole organisation reaches them.
"""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Address, Coach, Person, Site, Ticket
from storage.privacy import find_person


async def department_of(session: AsyncSession, person: Person) -> str | None:
    if person.site_id:
        return await session.scalar(select(Site.department).where(Site.id == person.site_id))
    return await session.scalar(select(Coach.department).where(Coach.person_id == person.id))


async def person_in_scope(session: AsyncSession, who: str, departments: Sequence[str] | None) -> Person | None:
    """`who` as the CLI takes it (a person id, or channel:address); None when missing or outside `departments`."""
    person = await find_person(session, who.strip()[:250])
    if person is None or departments is None:
        return person
    return person if await department_of(session, person) in departments else None


async def facts(session: AsyncSession, person: Person) -> dict[str, object]:
    """What the coordinator checks before exporting or erasing: which person this is, not what they wrote."""
    site = await session.get(Site, person.site_id) if person.site_id else None
    channels = (await session.execute(select(Address.channel).where(Address.person_id == person.id)
                                      .order_by(Address.channel))).scalars()
    tickets = await session.scalar(select(func.count()).select_from(Ticket).where(Ticket.employee_id == person.id))
    return {
        "id": person.id, "role": person.role, "first_name": person.first_name or "", "site": site.name if site else "",
        "department": await department_of(session, person) or "", "channels": sorted(set(channels)),
        "tickets": tickets or 0, "since": person.created_at,
    }
