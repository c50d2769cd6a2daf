"""Bring the coach directory into the database: a whole file, or the web console's checked edit.

Re-importing updates rows in place and deactivates coaches who were removed
from the file, so their ticket history keeps pointing at them. Which rows a
file "removed": those the previous file import listed and this one does not
(the ids are kept in the settings table), so a coach added in the web console,
whom no file ever listed, is left as the console made them. Before that list
was kept, every row came from a file: without it, everything unlisted counts as
removed, as it always did.

Which one wins (README, "Coach directory"): the configured `[directory] path`
file is imported at start-up only when its content changed since it was last
imported (`import_if_changed`, by its SHA-256 in the settings table); console
edits stand until then, and a changed file overrides the coaches and sites it
lists.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from routing.directory import Directory
from storage.directory_edits import lock_directory
from storage.models import Coach, Coordinator, Site
from storage.settings import get_setting, set_setting

FILE_IDS_KEY = "directory:file_ids"  # JSON {"coach": [...], "coordinator": [...]}: what the last file import listed
FILE_HASH_KEY = "directory:file_sha256"  # the configured file's content when start-up (or the CLI) last imported it


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


def fingerprint(text: str) -> str:
    """What "the file changed" means: its text, byte for byte (an edited comment is a change too)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def import_if_changed(session: AsyncSession, directory: Directory, text: str, now: datetime) -> ImportReport | None:
    """The configured file at start-up: imported when its text differs from the last import of it, else None."""
    mark = fingerprint(text)
    if await get_setting(session, FILE_HASH_KEY) == mark:
        return None
    report = await import_directory(session, directory, now)
    await set_setting(session, FILE_HASH_KEY, mark)
    return report


async def remember_file(session: AsyncSession, text: str) -> None:
    """`directory import` of the configured file itself: start-up then has nothing new to import."""
    await set_setting(session, FILE_HASH_KEY, fingerprint(text))


async def import_directory(
    session: AsyncSession, directory: Directory, now: datetime | None = None, *, whole_file: bool = True
) -> ImportReport:
    """Write the directory's rows; paused state and linked chat accounts are never touched.

    `whole_file`: a file import, which deactivates what the previous file import listed and this one does not,
    and remembers what it listed. False: the web console's edit (routing/edits.py), which lists every row.
    """
    report = ImportReport()
    await lock_directory(session)
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
    coordinators = {
        entry.id: dict(name=entry.name, departments=json.dumps(list(entry.departments)), email=entry.email, active=True)
        for entry in directory.coordinators
    }
    before = await _listed_before(session) if whole_file else {}  # a console edit removes nothing
    await _upsert(session, Coach, "coach", coaches, report, before, paused=False)
    await _upsert(session, Coordinator, "coordinator", coordinators, report, before)
    if whole_file:
        await set_setting(session, FILE_IDS_KEY, json.dumps({"coach": sorted(coaches), "coordinator": sorted(coordinators)}))
    await session.flush()
    return report


async def _listed_before(session: AsyncSession) -> dict[str, set[str]] | None:
    """What the previous file import listed, per role; None before that was kept (then every row came from a file)."""
    stored = await get_setting(session, FILE_IDS_KEY)
    if stored is None:
        return None
    return {role: set(ids) for role, ids in json.loads(stored).items()}


async def _upsert(
    session: AsyncSession, model: type, role: str, listed: dict[str, dict], report: ImportReport,
    before: dict[str, set[str]] | None, **new_only: object,
) -> None:
    """Insert or update the listed rows; rows removed from the file are deactivated, never deleted.

    `before` names the rows the previous file listed, per role; None: every unlisted row was removed.
    """
    existing = {row.id: row for row in (await session.execute(select(model))).scalars()}
    for ident, values in listed.items():
        row = existing.get(ident)
        if row is None:
            session.add(model(id=ident, **new_only, **values))
            report.added.append(f"{role}:{ident}")
        else:
            changed = any(getattr(row, key) != value for key, value in values.items())
            for key, value in values.items():
                setattr(row, key, value)
            if changed:
                report.updated.append(f"{role}:{ident}")
    for ident, row in existing.items():
        removed = before is None or ident in before.get(role, set())
        if ident not in listed and row.active and removed:
            row.active = False
            report.deactivated.append(f"{role}:{ident}")


async def directory_timezone(session: AsyncSession, default: str = "Europe/Brussels") -> str:
    return await get_setting(session, "timezone", default) or default
