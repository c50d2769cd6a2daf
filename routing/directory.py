"""The coach directory: sites, coaches and coordinators, read from TOML.

The file is edited by a coordinator, not a developer, so validation reports
EVERY problem at once, each naming the entry (``coach "anna"``, or
``site #3`` when the id itself is missing) and the field, instead of
stopping at the first. A typo such as ``capcity`` is an error, never
silently ignored: a silently ignored key is a coach who never gets help
questions and nobody knows why. Format: docs/formats.md, "Coach directory".
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from routing.hours import HoursError, WeeklyHours

LANGUAGES = ("nl", "en", "fr")

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# What the database's columns hold (storage/models.py): longer text is a problem line here, not a failed write.
_ID_MAX = 64
_TEXT_MAX = 100  # names of coaches and coordinators, departments
_SITE_NAME_MAX = 200
_EMAIL_MAX = 200
_TOP_KEYS = {"timezone", "site", "coach", "coordinator"}
_SITE_REQUIRED = ("id", "name", "lat", "lon")
_SITE_KEYS = {*_SITE_REQUIRED, "department"}
_COACH_REQUIRED = ("id", "name", "site", "languages", "capacity", "hours")
_COACH_KEYS = {*_COACH_REQUIRED, "active", "email", "department"}
_COORDINATOR_REQUIRED = ("id", "name")
_COORDINATOR_KEYS = {*_COORDINATOR_REQUIRED, "departments", "email"}


class DirectoryError(ValueError):
    """A directory file that cannot be used; ``problems`` lists every reason, one line each."""

    def __init__(self, problems: list[str], source: str = "<string>") -> None:
        self.problems = list(problems)
        self.source = source
        count = len(self.problems)
        head = f"{source}: {count} problem{'s' if count != 1 else ''} in the coach directory"
        super().__init__(head + "".join(f"\n  - {p}" for p in self.problems))


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    lat: float
    lon: float
    department: str | None = None


@dataclass(frozen=True)
class CoachEntry:
    id: str
    name: str
    site: str
    languages: tuple[str, ...]
    capacity: int
    hours: tuple[str, ...]
    active: bool = True
    email: str | None = None
    department: str | None = None
    # Parsed once here so routing never re-parses text per question.
    weekly_hours: WeeklyHours = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.weekly_hours is None:
            object.__setattr__(self, "weekly_hours", WeeklyHours.parse(self.hours))


@dataclass(frozen=True)
class CoordinatorEntry:
    id: str
    name: str
    departments: tuple[str, ...] = ()  # empty: the digest covers the whole city
    email: str | None = None


@dataclass(frozen=True)
class Directory:
    timezone: str
    sites: tuple[Site, ...] = ()
    coaches: tuple[CoachEntry, ...] = ()
    coordinators: tuple[CoordinatorEntry, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sites", {s.id: s for s in self.sites})
        object.__setattr__(self, "_coaches", {c.id: c for c in self.coaches})
        object.__setattr__(self, "_coordinators", {c.id: c for c in self.coordinators})

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def site(self, site_id: str) -> Site | None:
        return self._sites.get(site_id)  # type: ignore[attr-defined]

    def coach(self, coach_id: str) -> CoachEntry | None:
        return self._coaches.get(coach_id)  # type: ignore[attr-defined]

    def coordinator(self, coordinator_id: str) -> CoordinatorEntry | None:
        return self._coordinators.get(coordinator_id)  # type: ignore[attr-defined]

    def site_of(self, coach_id: str) -> Site | None:
        coach = self.coach(coach_id)
        return self.site(coach.site) if coach else None

    def coaches_at(self, site_id: str) -> tuple[CoachEntry, ...]:
        return tuple(c for c in self.coaches if c.site == site_id)

    def active_coaches(self) -> tuple[CoachEntry, ...]:
        return tuple(c for c in self.coaches if c.active)

    def departments(self) -> tuple[str, ...]:
        """Every department named by a site or a coach, in file order."""
        seen: dict[str, None] = {}
        for name in [s.department for s in self.sites] + [c.department for c in self.coaches]:
            if name:
                seen.setdefault(name, None)
        return tuple(seen)

    def city_hours(self) -> WeeklyHours:
        """When at least one active coach works: the clock for "waited N working hours"."""
        return WeeklyHours.union(c.weekly_hours for c in self.active_coaches())


def default_directory_path() -> Path:
    """The shipped Ghent demo directory, used when no config names another file."""
    return Path(__file__).parent / "data" / "demo_directory.toml"


def load_directory(path: str | Path) -> Directory:
    return parse_directory(read_directory_text(path), str(path))


def read_directory_text(path: str | Path) -> str:
    """The file's text; start-up parses and fingerprints this one reading, so both are of the same content."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DirectoryError(["file not found"], str(path)) from None
    except UnicodeDecodeError as exc:
        raise DirectoryError([f"not UTF-8 text (byte {exc.start})"], str(path)) from None
    except OSError as exc:
        raise DirectoryError([f"cannot read the file: {exc.strerror or exc}"], str(path)) from None


def parse_directory(text: str, source: str = "<string>") -> Directory:
    """Validate and build a Directory, or raise DirectoryError with every problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DirectoryError([_toml_problem(exc)], source) from None
    return validate_directory(data, source)


def validate_directory(data: dict[str, Any], source: str = "<string>") -> Directory:
    """The file's rules on an already parsed table: the console checks its edits with these, not a copy of them."""
    return _Validator(data).build(source)


def _toml_problem(exc: tomllib.TOMLDecodeError) -> str:
    message = str(exc)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match:
        return f"line {match.group(1)}, column {match.group(2)}: not valid TOML: {message[:match.start()]}"
    match = re.search(r"\s*\(at end of document\)$", message)
    if match:
        return f"end of file: not valid TOML: {message[:match.start()]}"
    return f"not valid TOML: {message}"


class _Validator:
    """One pass over the parsed TOML that collects problems instead of raising."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[str] = []

    def problem(self, entry: str, fld: str | None, what: str) -> None:
        self.problems.append(f"{entry}: {fld}: {what}" if fld else f"{entry}: {what}")

    def build(self, source: str) -> Directory:
        for key in self.data:
            if key not in _TOP_KEYS:
                self.problem("top level", key, f"unknown key (expected {_listing(_TOP_KEYS)})")
        timezone = self._timezone()
        sites = [s for s in (self._site(i, raw) for i, raw in self._tables("site")) if s]
        site_by_id = {s.id: s for s in sites}
        coaches = [c for c in (self._coach(i, raw, site_by_id) for i, raw in self._tables("coach")) if c]
        departments = {s.department for s in sites} | {c.department for c in coaches}
        coordinators = [
            c for c in (self._coordinator(i, raw, departments) for i, raw in self._tables("coordinator")) if c
        ]
        if not self._has_entries("site"):
            self.problem("site", None, "no [[site]] entries; at least one site is needed")
        if not self._has_entries("coach"):
            self.problem("coach", None, "no [[coach]] entries; at least one coach is needed")
        if self.problems:
            raise DirectoryError(self.problems, source)
        return Directory(timezone or "", tuple(sites), tuple(coaches), tuple(coordinators))

    # -- sections -------------------------------------------------------

    def _timezone(self) -> str | None:
        value = self.data.get("timezone")
        if value is None:
            self.problem("top level", "timezone", 'missing (for example timezone = "Europe/Brussels")')
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem("top level", "timezone", f"must be a time zone name, got {value!r}")
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            self.problem("top level", "timezone", f'unknown time zone {value!r} (for example "Europe/Brussels")')
            return None
        return value

    def _has_entries(self, kind: str) -> bool:
        value = self.data.get(kind)
        return isinstance(value, (list, dict)) and bool(value)

    def _tables(self, kind: str) -> list[tuple[int, dict[str, Any]]]:
        value = self.data.get(kind)
        if value is None:
            return []
        if isinstance(value, dict):  # [site] instead of [[site]]: still check it, and say so
            self.problem(kind, None, f"write [[{kind}]] (double brackets) for each entry, not [{kind}]")
            value = [value]
        if not isinstance(value, list):
            self.problem(kind, None, f"must be a list of [[{kind}]] tables, got {_kind_of(value)}")
            return []
        tables = []
        for i, raw in enumerate(value, start=1):
            if isinstance(raw, dict):
                tables.append((i, raw))
            else:
                self.problem(f"{kind} #{i}", None, f"must be a table, got {_kind_of(raw)}")
        self._duplicates(kind, [raw for _, raw in tables])
        return tables

    def _duplicates(self, kind: str, tables: list[dict[str, Any]]) -> None:
        seen: dict[str, int] = {}
        for i, raw in enumerate(tables, start=1):
            ident = raw.get("id")
            if isinstance(ident, str):
                if ident in seen:
                    self.problem(f'{kind} "{ident}"', "id", f"duplicate id (also {kind} #{seen[ident]})")
                else:
                    seen[ident] = i

    def _site(self, index: int, raw: dict[str, Any]) -> Site | None:
        entry = self._entry_name("site", index, raw)
        ok = self._keys(entry, raw, _SITE_KEYS, _SITE_REQUIRED)
        ident = self._id(entry, raw)
        name = self._text(entry, raw, "name", limit=_SITE_NAME_MAX)
        lat = self._coordinate(entry, raw, "lat", 90)
        lon = self._coordinate(entry, raw, "lon", 180)
        department = self._text(entry, raw, "department", required=False)
        if not ok or None in (ident, name, lat, lon):
            return None
        return Site(ident, name, lat, lon, department)  # type: ignore[arg-type]

    def _coach(self, index: int, raw: dict[str, Any], sites: dict[str, Site]) -> CoachEntry | None:
        entry = self._entry_name("coach", index, raw)
        ok = self._keys(entry, raw, _COACH_KEYS, _COACH_REQUIRED)
        ident = self._id(entry, raw)
        name = self._text(entry, raw, "name")
        site_id = self._text(entry, raw, "site")
        site = None
        if site_id is not None:
            site = sites.get(site_id)
            if site is None and site_id in {t.get("id") for _, t in self._raw_tables("site")}:
                ok = False  # the site exists but has its own problems, reported there
            elif site is None:
                known = ", ".join(sorted(sites)) or "none"
                self.problem(entry, "site", f'unknown site "{site_id}" (known: {known})')
                ok = False
        languages = self._languages(entry, raw)
        capacity = self._capacity(entry, raw)
        hours, weekly = self._hours(entry, raw)
        active = self._bool(entry, raw, "active", default=True)
        email = self._email(entry, raw)
        department = self._text(entry, raw, "department", required=False)
        if not ok or None in (ident, name, site, languages, capacity, weekly, active):
            return None
        return CoachEntry(
            id=ident, name=name, site=site_id, languages=languages, capacity=capacity,  # type: ignore[arg-type]
            hours=hours, active=active, email=email,  # type: ignore[arg-type]
            department=department or site.department, weekly_hours=weekly,  # type: ignore[union-attr]
        )

    def _coordinator(self, index: int, raw: dict[str, Any], departments: set[str | None]) -> CoordinatorEntry | None:
        entry = self._entry_name("coordinator", index, raw)
        ok = self._keys(entry, raw, _COORDINATOR_KEYS, _COORDINATOR_REQUIRED)
        ident = self._id(entry, raw)
        name = self._text(entry, raw, "name")
        email = self._email(entry, raw)
        scope: tuple[str, ...] = ()
        value = raw.get("departments", [])
        if not isinstance(value, list) or not all(isinstance(d, str) and d.strip() for d in value):
            self.problem(entry, "departments", f"must be a list of department names, got {value!r}")
            ok = False
        else:
            known = sorted(d for d in departments if d)
            for name_ in value:
                if name_ not in departments:
                    self.problem(entry, "departments",
                                 f'unknown department "{name_}" (known: {", ".join(known) or "none"})')
                    ok = False
            scope = tuple(dict.fromkeys(value))
        if not ok or None in (ident, name):
            return None
        return CoordinatorEntry(ident, name, scope, email)  # type: ignore[arg-type]

    # -- fields ---------------------------------------------------------

    def _raw_tables(self, kind: str) -> list[tuple[int, dict[str, Any]]]:
        value = self.data.get(kind)
        value = [value] if isinstance(value, dict) else value
        if not isinstance(value, list):
            return []
        return [(i, t) for i, t in enumerate(value, start=1) if isinstance(t, dict)]

    @staticmethod
    def _entry_name(kind: str, index: int, raw: dict[str, Any]) -> str:
        ident = raw.get("id")
        if isinstance(ident, str) and ident.strip():
            return f'{kind} "{ident}"'
        return f"{kind} #{index}"

    def _keys(self, entry: str, raw: dict[str, Any], allowed: set[str], required: tuple[str, ...]) -> bool:
        ok = True
        for key in raw:
            if key not in allowed:
                hint = _closest(key, allowed)
                self.problem(entry, key, "unknown key" + (f' (did you mean "{hint}"?)' if hint else
                                                         f" (expected {_listing(allowed)})"))
                ok = False
        for key in required:
            if key not in raw:
                self.problem(entry, key, "missing")
                ok = False
        return ok

    def _id(self, entry: str, raw: dict[str, Any]) -> str | None:
        value = raw.get("id")
        if value is None:
            return None  # reported as missing
        if not isinstance(value, str) or not _ID_RE.match(value):
            self.problem(entry, "id", f"use letters, digits, '-', '_' or '.', no spaces (got {value!r})")
            return None
        if len(value) > _ID_MAX:
            self.problem(entry, "id", f"at most {_ID_MAX} characters, got {len(value)}")
            return None
        return value

    def _text(self, entry: str, raw: dict[str, Any], key: str, required: bool = True,
              limit: int = _TEXT_MAX) -> str | None:
        value = raw.get(key)
        if value is None:
            return None  # missing required keys are reported by _keys
        if not isinstance(value, str) or not value.strip():
            self.problem(entry, key, f"must be non-empty text, got {value!r}")
            return None
        if len(value.strip()) > limit:
            self.problem(entry, key, f"at most {limit} characters, got {len(value.strip())}")
            return None
        return value.strip()

    def _coordinate(self, entry: str, raw: dict[str, Any], key: str, limit: int) -> float | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(entry, key, f"must be a number in degrees, got {value!r}")
            return None
        if not -limit <= value <= limit:
            self.problem(entry, key, f"must be between -{limit} and {limit}, got {value}")
            return None
        return float(value)

    def _languages(self, entry: str, raw: dict[str, Any]) -> tuple[str, ...] | None:
        value = raw.get("languages")
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(entry, "languages", f"must be a list like [\"nl\", \"en\"], got {value!r}")
            return None
        if not value:
            self.problem(entry, "languages", "is empty; list at least one of nl, en, fr")
            return None
        result: list[str] = []
        ok = True
        for code in value:
            norm = code.strip().lower()
            if norm not in LANGUAGES:
                self.problem(entry, "languages", f"unknown language {code!r} (use {', '.join(LANGUAGES)})")
                ok = False
            elif norm not in result:
                result.append(norm)
        return tuple(result) if ok else None

    def _capacity(self, entry: str, raw: dict[str, Any]) -> int | None:
        value = raw.get("capacity")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(entry, "capacity", f"must be a whole number of open tickets, got {value!r}")
            return None
        if value < 1:
            self.problem(entry, "capacity", f"must be at least 1, got {value} (use active = false to stop offers)")
            return None
        return value

    def _hours(self, entry: str, raw: dict[str, Any]) -> tuple[tuple[str, ...], WeeklyHours | None]:
        value = raw.get("hours")
        if value is None:
            return (), None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(entry, "hours", f'must be a list like ["mon-fri 08:00-16:00"], got {value!r}')
            return (), None
        if not value:
            self.problem(entry, "hours", "is empty; this coach would never be offered a question")
            return (), None
        ok = True
        for i, spec in enumerate(value, start=1):
            try:
                WeeklyHours.parse([spec])
            except HoursError as exc:
                where = "hours" if len(value) == 1 else f"hours[{i}]"
                self.problem(entry, where, str(exc))
                ok = False
        if not ok:
            return (), None
        specs = tuple(value)
        return specs, WeeklyHours.parse(specs)

    def _bool(self, entry: str, raw: dict[str, Any], key: str, default: bool) -> bool | None:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.problem(entry, key, f"must be true or false, got {value!r}")
            return None
        return value

    def _email(self, entry: str, raw: dict[str, Any]) -> str | None:
        value = raw.get("email")
        if value is None:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value.strip()):
            self.problem(entry, "email", f"not an e-mail address: {value!r}")
            return None
        if len(value.strip()) > _EMAIL_MAX:
            self.problem(entry, "email", f"at most {_EMAIL_MAX} characters, got {len(value.strip())}")
            return None
        return value.strip()


def _kind_of(value: object) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


def _listing(keys: set[str]) -> str:
    return ", ".join(sorted(keys))


def _closest(key: str, allowed: set[str]) -> str | None:
    match = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    return match[0] if match else None
