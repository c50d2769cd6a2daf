"""The web console's edits of the directory: one coach or one site at a time, checked by the file's rules.

There is one set of rules for a directory, routing/directory.py's, and an edit
is checked by it: the stored directory is read back in the shape of a file
(routing/directory_export.py), the form's entry is put in, and the whole is
validated as a file would be. Problems come back as the file's lines, each
naming the entry and the field (`coach "anna": capacity: must be at least 1`),
and nothing is stored. A valid edit is written by the import's own storage
function (routing/sync.py), which never touches a coach's pause or linked chat
account. Routing reads coaches from the database for every decision, so a saved
edit counts for the next question on every replica.

Scope: a coordinator with departments may only save coaches and sites of those
departments, before and after the edit; an empty list means all of them.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from routing.directory import DirectoryError, validate_directory
from routing.directory_export import directory_table
from routing.sync import import_directory
from storage.directory_edits import lock_directory

COACH_FIELDS = ("id", "name", "site", "languages", "capacity", "hours", "email", "department", "active")
SITE_FIELDS = ("id", "name", "lat", "lon", "department")
SOURCE = "console"

_TRUE = {"true", "on", "yes", "1", "ja", "oui"}
_FALSE = {"false", "off", "no", "0", "nee", "non"}
_KNOWN = re.compile(r"\(known: [^)]*\)")


def form_entry(fields: Mapping[str, object]) -> dict[str, Any]:
    """A web form's fields as a file's entry. Text becomes the file's types (a list of languages, one hours spec
    per line, a whole number, degrees); text that does not convert stays text, so the file's rule names it
    ("capacity: must be a whole number of open tickets, got 'twee'"). Empty text is None: clear the field."""
    entry: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, str):
            value = value.strip() or None
        if isinstance(value, str) and key == "languages":
            value = [code for code in re.split(r"[\s,;]+", value) if code]
        elif isinstance(value, str) and key == "hours":
            value = [spec.strip() for spec in re.split(r"[\n;]+", value) if spec.strip()]
        elif isinstance(value, str) and key == "capacity" and value.isdecimal():
            value = int(value)
        elif isinstance(value, str) and key in ("lat", "lon"):
            value = _degrees(value)
        elif isinstance(value, str) and key == "active":
            value = True if value.lower() in _TRUE else False if value.lower() in _FALSE else value
        entry[key] = value
    return entry


def _degrees(text: str) -> float | str:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


async def save_coach(
    session: AsyncSession, fields: Mapping[str, object], departments: Sequence[str] = (), *, adding: bool = False
) -> list[str]:
    """Add (`adding`) or edit one coach from a form; [] when saved, else the problems, one line each, nothing stored.

    On an edit, fields left out of `fields` keep their stored values; a field given as empty text is cleared.
    """
    return await _save(session, "coach", fields, departments, adding)


async def save_site(
    session: AsyncSession, fields: Mapping[str, object], departments: Sequence[str] = (), *, adding: bool = False
) -> list[str]:
    """Add or edit one site, as `save_coach`. A new department moves the coaches who follow their site's."""
    return await _save(session, "site", fields, departments, adding)


async def set_coach_active(
    session: AsyncSession, coach_id: str, active: bool, departments: Sequence[str] = ()
) -> list[str]:
    """Activate or deactivate a coach: an edit of `active` alone. A deactivated coach's pending offers are
    withdrawn by the next sweep, as after an import; their accepted tickets stay theirs to close."""
    return await save_coach(session, {"id": coach_id, "active": active}, departments)


async def _save(
    session: AsyncSession, kind: str, fields: Mapping[str, object], departments: Sequence[str], adding: bool
) -> list[str]:
    change = form_entry(fields)
    ident = change.get("id")
    if not isinstance(ident, str):
        return [f"{kind}: id: missing"]
    entry_name = f'{kind} "{ident}"'
    await lock_directory(session)  # read, check and write as one step
    table = await directory_table(session)
    entries: list[dict[str, Any]] = table[kind]
    index = next((i for i, e in enumerate(entries) if e["id"] == ident), None)
    if adding and index is not None:
        return [f"{entry_name}: id: already in the directory; pick another id"]
    if not adding and index is None:
        return [f"{entry_name}: id: not in the directory"]
    site_department = {site["id"]: site.get("department") for site in table["site"]}
    if index is not None:
        before = entries[index]
        current = before.get("department") or (site_department.get(before["site"]) if kind == "coach" else None)
        refusal = outside_scope(entry_name, current, departments)
        if refusal:
            return [refusal]
    entry = dict(entries[index]) if index is not None else {}
    for key, value in change.items():
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
    if index is None:
        entries.append(entry)
    else:
        entries[index] = entry
    try:
        directory = validate_directory(table, SOURCE)
    except DirectoryError as exc:
        return [_scoped(problem, table, departments) for problem in exc.problems]
    saved = directory.coach(ident) if kind == "coach" else directory.site(ident)
    refusal = outside_scope(entry_name, saved.department if saved else None, departments)
    if refusal:
        return [refusal]
    await import_directory(session, directory, whole_file=False)
    return []


def outside_scope(entry_name: str, department: str | None, departments: Sequence[str]) -> str | None:
    """The refusal line for an entry outside a scoped coordinator's departments, else None: the one scope test of
    the console's changes (edits here; pause, resume and invitations in bot/directory_admin.py)."""
    if not departments or department in departments:
        return None
    shown = f'"{department}"' if department else "none"
    return f"{entry_name}: department: {shown} is not one of your departments ({', '.join(departments)})"


def _scoped(problem: str, table: Mapping[str, Any], departments: Sequence[str]) -> str:
    """A scoped coordinator sees only their departments, in problem lines too: the file's "(known: ...)" lists
    of sites and departments are cut to theirs."""
    if not departments or not _KNOWN.search(problem):
        return problem
    if "unknown site" in problem:
        visible = sorted(s["id"] for s in table["site"] if s.get("department") in departments)
    else:
        visible = sorted(departments)
    return _KNOWN.sub(f"(known: {', '.join(visible) or 'none'})", problem)

