"""Bring the coach directory file into the database.

Re-importing updates rows in place and deactivates coaches who are no longer
listed, so their ticket history keeps pointing at them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from routing.directory import Directory
from storage.models import Coach, Coordinator, Site
from storage.settings import get_setting, set_setting


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.deactivated)} deactivated"
            + (f" ({', '.join(self.deactivated)})" if self.deactivated else "")
        )


async def import_directory(session: AsyncSession, directory: Directory, now: datetime) -> ImportReport:
    report = ImportReport()
    await set_setting(session, "timezone", directory.timezone)
    existing_sites = {s.id: s for s in (await session.execute(select(Site))).scalars()}
    for site in directory.sites:
        row = existing_sites.get(site.id)
        if row is None:
            session.add(Site(id=site.id, name=site.name, lat=site.lat, lon=site.lon, department=site.department))
        else:
            row.name, row.lat, row.lon, row.department = site.name, site.lat, site.lon, site.department
    await session.flush()

    coaches = {c.id: c for c in (await session.execute(select(Coach))).scalars()}
    listed = set()
    for entry in directory.coaches:
        listed.add(entry.id)
        site = directory.site(entry.site)
        values = dict(
            name=entry.name,
            site_id=entry.site,
            department=entry.department or (site.department if site else None),
            languages=",".join(entry.languages),
            capacity=entry.capacity,
            hours=json.dumps(list(entry.hours)),
            email=entry.email,
            active=entry.active,
        )
        row = coaches.get(entry.id)
        if row is None:
            session.add(Coach(id=entry.id, paused=False, **values))
            report.added.append(f"coach:{entry.id}")
        else:
            for key, value in values.items():
                setattr(row, key, value)
            report.updated.append(f"coach:{entry.id}")
    for coach_id, row in coaches.items():
        if coach_id not in listed and row.active:
            row.active = False
            report.deactivated.append(f"coach:{coach_id}")

    coordinators = {c.id: c for c in (await session.execute(select(Coordinator))).scalars()}
    listed = set()
    for entry in directory.coordinators:
        listed.add(entry.id)
        values = dict(name=entry.name, departments=json.dumps(list(entry.departments)), email=entry.email, active=True)
        row = coordinators.get(entry.id)
        if row is None:
            session.add(Coordinator(id=entry.id, **values))
            report.added.append(f"coordinator:{entry.id}")
        else:
            for key, value in values.items():
                setattr(row, key, value)
            report.updated.append(f"coordinator:{entry.id}")
    for coord_id, row in coordinators.items():
        if coord_id not in listed and row.active:
            row.active = False
            report.deactivated.append(f"coordinator:{coord_id}")
    await session.flush()
    return report


async def directory_timezone(session: AsyncSession, default: str = "Europe/Brussels") -> str:
    return await get_setting(session, "timezone", default) or default
