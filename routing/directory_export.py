"""The directory as the database holds it, in the shape of a directory file.

Two users: `digicoach directory export`, which writes it as TOML that
`digicoach directory import` reads back unchanged, and the web console, which
checks an edit by applying it to this table and running the file's own
validation on the whole (routing/edits.py). So a directory read from the
database is the same `Directory` a file builds, by the same code.
"""
from __future__ import annotations

import json
from typing import Any

import tomli_w
from sqlalchemy.ext.asyncio import AsyncSession

from routing.directory import Directory, validate_directory
from routing.sync import directory_timezone
from storage.directory_edits import directory_rows
from storage.models import Coach, Coordinator, Site

SOURCE = "database"  # how problems of the stored directory name their source
KINDS = ("site", "coach", "coordinator")
HEADER = (
    "# The coach directory as the database holds it (digicoach directory export).\n"
    "# Format: docs/formats.md, \"Coach directory\". Edit and import with `digicoach directory import FILE`.\n"
)


def site_table(site: Site) -> dict[str, Any]:
    table: dict[str, Any] = {"id": site.id, "name": site.name, "lat": site.lat, "lon": site.lon}
    if site.department:
        table["department"] = site.department
    return table


def coach_table(coach: Coach, site_department: str | None) -> dict[str, Any]:
    """A coach as the file writes them. A department equal to their site's is left out, as a file leaves it out,
    so the coach follows their site's department when that changes."""
    table: dict[str, Any] = {
        "id": coach.id, "name": coach.name, "site": coach.site_id,
        "languages": [code for code in coach.languages.split(",") if code],
        "capacity": coach.capacity, "hours": list(json.loads(coach.hours or "[]")),
    }
    if coach.email:
        table["email"] = coach.email
    if not coach.active:
        table["active"] = False
    if coach.department and coach.department != site_department:
        table["department"] = coach.department
    return table


def coordinator_table(coordinator: Coordinator) -> dict[str, Any]:
    table: dict[str, Any] = {"id": coordinator.id, "name": coordinator.name}
    if coordinator.email:
        table["email"] = coordinator.email
    departments = json.loads(coordinator.departments or "[]")
    if departments:
        table["departments"] = list(departments)
    return table


async def directory_table(session: AsyncSession) -> dict[str, Any]:
    """The stored directory as `tomllib` would read it from a file: every site, every coach (inactive ones with
    `active = false`), the active coordinators, each kind by id."""
    sites, coaches, coordinators = await directory_rows(session)
    department = {site.id: site.department for site in sites}
    return {
        "timezone": await directory_timezone(session),
        "site": [site_table(site) for site in sites],
        "coach": [coach_table(coach, department.get(coach.site_id)) for coach in coaches],
        "coordinator": [coordinator_table(c) for c in coordinators],
    }


async def directory_from_db(session: AsyncSession) -> Directory:
    """The stored directory as the `Directory` a file builds; DirectoryError (source "database") if it breaks a rule."""
    return validate_directory(await directory_table(session), SOURCE)


def directory_toml(table: dict[str, Any]) -> str:
    """The table as a directory file, one `[[site]]`, `[[coach]]` or `[[coordinator]]` block per entry.

    tomli-w writes every value; each entry is written on its own under its header, because tomli-w would put
    short entries inline (`site = [{ ... }]`), and a coordinator editing the file expects the form of the docs.
    """
    parts = [HEADER, tomli_w.dumps({"timezone": table["timezone"]})]
    for kind in KINDS:
        for entry in table.get(kind, []):
            parts.append(f"\n[[{kind}]]\n" + tomli_w.dumps(entry))
    return "".join(parts)
