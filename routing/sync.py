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

    coaches = {}
    for entry in directory.coaches:
        site = directory.site(entry.site)
        coaches[entry.id] = dict(
            name=entry.name,
            site_id=entry.site,
            department=entry.department or (site.department if site else None),
            languages=",".join(entry.languages),
            capacity=entry.capacity,
            hours=json.dumps(list(entry.hours)),
            email=entry.email,
            active=entry.active,
        )
    await _upsert(session, Coach, "coach", coaches, report, paused=False)
    coordinators = {
        entry.id: dict(name=entry.name, departments=json.dumps(list(entry.departments)), email=entry.email, active=True)
        for entry in directory.coordinators
    }
    await _upsert(session, Coordinator, "coordinator", coordinators, report)
    await session.flush()
    return report


async def _upsert(
    session: AsyncSession, model: type, role: str, listed: dict[str, dict], report: ImportReport, **new_only: object
) -> None:
    """Insert or update the listed rows; rows no longer listed are deactivated, never deleted."""
    existing = {row.id: row for row in (await session.execute(select(model))).scalars()}
    for ident, values in listed.items():
        row = existing.get(ident)
        if row is None:
            session.add(model(id=ident, **new_only, **values))
            report.added.append(f"{role}:{ident}")
        else:
            for key, value in values.items():
                setattr(row, key, value)
            report.updated.append(f"{role}:{ident}")
    for ident, row in existing.items():
        if ident not in listed and row.active:
            row.active = False
            report.deactivated.append(f"{role}:{ident}")


async def directory_timezone(session: AsyncSession, default: str = "Europe/Brussels") -> str:
    return await get_setting(session, "timezone", default) or default
