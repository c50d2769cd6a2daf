"""The self-scan a city asks: its questions, answers, areas, profiles and training offers (YAML, docs/formats.md).

Coordinators adapt this file by hand, so the loader never stops at the first mistake: every problem is one line
naming the key it is about (`items[3].area: unknown area 'fone'`), and `ScanError` carries them all for the
operator surface.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

import yaml

DEFAULT_PATH = Path(__file__).parent / "data" / "scan.yaml"
LANGUAGES = ("nl", "en", "fr")
SCALE_POINTS = 3  # answers are worth 0..3: I can't / with help / on my own / I can explain it
_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")  # travels in button payloads (bot/engine/permissions.py _NAME)
# DigComp 2.2: five areas, 21 competences (European Commission, JRC, 2022; CC BY 4.0)
DIGCOMP = frozenset({"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3", "3.4",
                     "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "5.4"})
CORNERS = (("low", "low"), ("high", "low"), ("low", "high"), ("high", "high"))  # (skill, attitude)


class ScanError(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Text:
    """One sentence in the scan's languages; a missing translation falls back to Dutch."""

    forms: Mapping[str, str]

    def __call__(self, lang: str | None) -> str:
        return self.forms.get(lang or "nl") or self.forms["nl"]


@dataclass(frozen=True)
class Area:
    id: str
    digcomp: str
    name: Text
    faq: tuple[str, ...]


@dataclass(frozen=True)
class Option:
    label: Text
    value: Fraction  # on the 0-3 scale


@dataclass(frozen=True)
class Item:
    id: str
    question: Text
    options: tuple[Option, ...]
    area: str | None  # None: an attitude question

    @property
    def attitude(self) -> bool:
        return self.area is None


@dataclass(frozen=True)
class Profile:
    id: str
    skill: str  # low | high
    attitude: str  # low | high
    name: Text
    text: Text


@dataclass(frozen=True)
class Training:
    id: str
    name: Text
    for_whom: Text
    sign_up: Text
    areas: tuple[str, ...]
    profiles: tuple[str, ...]


@dataclass(frozen=True)
class Scoring:
    weak_below: Fraction = Fraction(3, 2)
    strong_from: Fraction = Fraction(2)
    skill_high_from: Fraction = Fraction(3, 2)
    attitude_high_from: Fraction = Fraction(3, 2)
    max_weak: int = 2
    max_strengths: int = 2


@dataclass(frozen=True)
class Round:
    id: str
    start: date


@dataclass(frozen=True)
class ScanDefinition:
    version: int
    areas: tuple[Area, ...]
    items: tuple[Item, ...]
    profiles: tuple[Profile, ...]
    trainings: tuple[Training, ...]
    scoring: Scoring
    rounds: tuple[Round, ...] = ()
    source: str = ""

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def profile(self, profile_id: str) -> Profile | None:
        return next((p for p in self.profiles if p.id == profile_id), None)

    def training(self, training_id: str) -> Training | None:
        return next((x for x in self.trainings if x.id == training_id), None)

    def corner(self, skill: str, attitude: str) -> Profile:
        return next(p for p in self.profiles if (p.skill, p.attitude) == (skill, attitude))

    def round_of(self, day: date) -> str:
        """The round a scan completed on `day` belongs to: the latest configured one begun by then, else its year."""
        begun = [r for r in self.rounds if r.start <= day]
        return max(begun, key=lambda r: r.start).id if begun else str(day.year)

    def faq_ids(self) -> set[str]:
        return {entry for area in self.areas for entry in area.faq}


def load_scan(path: str | Path | None = None) -> ScanDefinition:
    """The scan in `path` (None or "": the shipped default); ScanError lists every problem, one line each."""
    p = Path(path) if path else DEFAULT_PATH
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScanError([f"{p}: cannot be read: {exc.strerror or exc}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ScanError([f"{p}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}"]) from None
    problems: list[str] = []
    scan = _parse(raw, problems)
    if problems or scan is None:
        raise ScanError([f"{p}: {line}" for line in problems])
    return ScanDefinition(**{**scan.__dict__, "source": str(p)})


TOP_KEYS = {"version", "scale", "scoring", "rounds", "areas", "items", "profiles", "trainings"}


def _parse(raw: Any, problems: list[str]) -> ScanDefinition | None:
    if not isinstance(raw, dict):
        problems.append("expected a mapping with areas, items, profiles (and scale, scoring, trainings)")
        return None
    for key in raw:
        if key not in TOP_KEYS:
            problems.append(f"{key}: unknown key (known: {', '.join(sorted(TOP_KEYS))})")
    version = raw.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        problems.append(f"version: expected a whole number, got {version!r}")
        version = 1
    scale = [_text(f"scale[{n}]", value, problems) for n, value in enumerate(_list("scale", raw.get("scale"), problems))]
    if len(scale) != SCALE_POINTS + 1:
        problems.append(f"scale: expected {SCALE_POINTS + 1} answers (I can't, with help, on my own, I can explain it), got {len(scale)}")
    scale_options = tuple(Option(label, Fraction(n)) for n, label in enumerate(scale))
    areas = _areas(raw.get("areas"), problems)
    area_ids = [a.id for a in areas]
    items = _items(raw.get("items"), set(area_ids), scale_options, problems)
    for area in areas:
        if not any(i.area == area.id for i in items):
            problems.append(f"areas.{area.id}: no question asks about it")
    if not any(i.attitude for i in items):
        problems.append("items: at least one attitude question (attitude: true) is needed for the profile grid")
    if not any(not i.attitude for i in items):
        problems.append("items: at least one skill question (with an area) is needed")
    profiles = _profiles(raw.get("profiles"), problems)
    trainings = _trainings(raw.get("trainings"), set(area_ids), {p.id for p in profiles}, problems)
    return ScanDefinition(
        version=version, areas=tuple(areas), items=tuple(items), profiles=tuple(profiles), trainings=tuple(trainings),
        scoring=_scoring(raw.get("scoring"), problems), rounds=_rounds(raw.get("rounds"), problems),
    )


def _list(where: str, value: Any, problems: list[str], *, required: bool = True) -> list[Any]:
    if value is None and not required:
        return []
    if not isinstance(value, list) or (required and not value):
        problems.append(f"{where}: expected a non-empty list" if required else f"{where}: expected a list")
        return []
    return value


def _text(where: str, value: Any, problems: list[str]) -> Text:
    """A {nl, en, fr} map; Dutch required, the others fall back to it."""
    if isinstance(value, dict):
        forms = {k: v for k, v in value.items() if k in LANGUAGES}
        for key in value:
            if key not in LANGUAGES and key != "value":
                problems.append(f"{where}.{key}: unknown language (use nl, en, fr)")
        for lang, text in forms.items():
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}.{lang}: expected a non-empty text")
        if isinstance(forms.get("nl"), str) and forms["nl"].strip():
            return Text({k: v.strip() for k, v in forms.items() if isinstance(v, str) and v.strip()})
    problems.append(f"{where}: expected a text per language, at least nl (nl: ..., en: ..., fr: ...)")
    return Text({"nl": "?"})


def _ident(where: str, entry: dict, seen: set[str], problems: list[str]) -> str | None:
    value = entry.get("id")
    if not isinstance(value, str) or not _ID.match(value):
        problems.append(f"{where}.id: expected lower-case letters, digits and _ (at most 32), starting with a letter; got {value!r}")
        return None
    if value in seen:
        problems.append(f"{where}.id: '{value}' is used twice")
        return None
    seen.add(value)
    return value


def _entries(where: str, value: Any, keys: set[str], problems: list[str], *, required: bool = True) -> list[tuple[str, dict]]:
    """(name for messages, mapping) per entry, unknown keys reported; the name is `where.ID` or `where[N]`."""
    out = []
    for n, entry in enumerate(_list(where, value, problems, required=required)):
        if not isinstance(entry, dict):
            problems.append(f"{where}[{n}]: expected a mapping")
            continue
        name = f"{where}.{entry['id']}" if isinstance(entry.get("id"), str) else f"{where}[{n}]"
        for key in entry:
            if key not in keys:
                problems.append(f"{name}.{key}: unknown key (known: {', '.join(sorted(keys))})")
        out.append((name, entry))
    return out


def _areas(value: Any, problems: list[str]) -> list[Area]:
    seen: set[str] = set()
    areas = []
    for name, entry in _entries("areas", value, {"id", "digcomp", "name", "faq"}, problems):
        ident = _ident(name, entry, seen, problems)
        digcomp = str(entry.get("digcomp", ""))
        if digcomp not in DIGCOMP:
            problems.append(f"{name}.digcomp: expected a DigComp 2.2 competence such as \"4.2\", got {entry.get('digcomp')!r}")
        faq = entry.get("faq", [])
        if not isinstance(faq, list) or not all(isinstance(f, str) for f in faq):
            problems.append(f"{name}.faq: expected a list of FAQ entry ids")
            faq = []
        text = _text(f"{name}.name", entry.get("name"), problems)
        if ident:
            areas.append(Area(ident, digcomp, text, tuple(faq)))
    return areas


def _items(value: Any, area_ids: set[str], scale: tuple[Option, ...], problems: list[str]) -> list[Item]:
    seen: set[str] = set()
    items = []
    for name, entry in _entries("items", value, {"id", "area", "attitude", "question", "options"}, problems):
        ident = _ident(name, entry, seen, problems)
        question = _text(f"{name}.question", entry.get("question"), problems)
        attitude = entry.get("attitude", False)
        if attitude is not True and attitude is not False:
            problems.append(f"{name}.attitude: expected true or false")
            continue
        if attitude:
            if "area" in entry:
                problems.append(f"{name}.area: an attitude question has no area")
            options = _options(name, entry.get("options"), problems)
            area = None
        else:
            if "options" in entry:
                problems.append(f"{name}.options: a skill question is answered on the scale; options are for attitude questions")
            area = entry.get("area")
            if area not in area_ids:
                problems.append(f"{name}.area: unknown area {area!r} (known: {', '.join(sorted(area_ids))})")
                continue
            options = scale
        if ident:
            items.append(Item(ident, question, options, area))
    return items


def _options(where: str, value: Any, problems: list[str]) -> tuple[Option, ...]:
    options = []
    raw = _list(f"{where}.options", value, problems)
    if raw and not 2 <= len(raw) <= 5:
        problems.append(f"{where}.options: expected 2 to 5 options, got {len(raw)}")
    for n, option in enumerate(raw):
        label = _text(f"{where}.options[{n}]", option, problems)
        points = option.get("value") if isinstance(option, dict) else None
        if isinstance(points, bool) or not isinstance(points, (int, float)) or not 0 <= points <= SCALE_POINTS:
            problems.append(f"{where}.options[{n}].value: expected a number from 0 to {SCALE_POINTS}, got {points!r}")
            continue
        options.append(Option(label, Fraction(points).limit_denominator(100)))
    return tuple(options)


def _profiles(value: Any, problems: list[str]) -> list[Profile]:
    seen: set[str] = set()
    profiles = []
    for name, entry in _entries("profiles", value, {"id", "skill", "attitude", "name", "text"}, problems):
        ident = _ident(name, entry, seen, problems)
        axes = []
        for axis in ("skill", "attitude"):
            if entry.get(axis) not in ("low", "high"):
                problems.append(f"{name}.{axis}: expected low or high, got {entry.get(axis)!r}")
            axes.append(entry.get(axis))
        profile = Profile(ident or "?", axes[0], axes[1], _text(f"{name}.name", entry.get("name"), problems),
                          _text(f"{name}.text", entry.get("text"), problems))
        if ident:
            profiles.append(profile)
    corners = [(p.skill, p.attitude) for p in profiles]
    for skill, attitude in CORNERS:
        count = corners.count((skill, attitude))
        if count != 1 and profiles:
            problems.append(f"profiles: expected exactly one profile with skill: {skill}, attitude: {attitude}, got {count}")
    return profiles


def _trainings(value: Any, area_ids: set[str], profile_ids: set[str], problems: list[str]) -> list[Training]:
    seen: set[str] = set()
    trainings = []
    keys = {"id", "name", "for_whom", "sign_up", "areas", "profiles"}
    for name, entry in _entries("trainings", value, keys, problems, required=False):
        ident = _ident(name, entry, seen, problems)
        lists = []
        for key, known in (("areas", area_ids), ("profiles", profile_ids)):
            names = entry.get(key, [])
            if not isinstance(names, list):
                problems.append(f"{name}.{key}: expected a list")
                names = []
            for unknown in [x for x in names if x not in known]:
                problems.append(f"{name}.{key}: unknown {key[:-1]} {unknown!r} (known: {', '.join(sorted(known))})")
            lists.append(tuple(x for x in names if x in known))
        texts = [_text(f"{name}.{key}", entry.get(key), problems) for key in ("name", "for_whom", "sign_up")]
        if ident:
            trainings.append(Training(ident, *texts, areas=lists[0], profiles=lists[1]))
    return trainings


def _scoring(value: Any, problems: list[str]) -> Scoring:
    defaults = Scoring()
    if value is None:
        return defaults
    if not isinstance(value, dict):
        problems.append("scoring: expected a mapping")
        return defaults
    values: dict[str, Any] = {}
    for key, given in value.items():
        if key not in defaults.__dataclass_fields__:
            problems.append(f"scoring.{key}: unknown key (known: {', '.join(sorted(defaults.__dataclass_fields__))})")
        elif key.startswith("max_"):
            if isinstance(given, bool) or not isinstance(given, int) or given < 0:
                problems.append(f"scoring.{key}: expected a whole number, 0 or more, got {given!r}")
            else:
                values[key] = given
        elif isinstance(given, bool) or not isinstance(given, (int, float)) or not 0 <= given <= SCALE_POINTS:
            problems.append(f"scoring.{key}: expected a number from 0 to {SCALE_POINTS}, got {given!r}")
        else:
            values[key] = Fraction(given).limit_denominator(100)
    return Scoring(**{**defaults.__dict__, **values})


def _rounds(value: Any, problems: list[str]) -> tuple[Round, ...]:
    rounds = []
    seen: set[str] = set()
    for name, entry in _entries("rounds", value, {"id", "from"}, problems, required=False):
        ident = str(entry.get("id", "")).strip()
        start = entry.get("from")
        if not ident or ident in seen or len(ident) > 32:
            problems.append(f"{name}.id: expected a unique name of at most 32 characters")
            continue
        seen.add(ident)
        if not isinstance(start, date):
            problems.append(f"{name}.from: expected a date like 2026-03-01, got {start!r}")
            continue
        rounds.append(Round(ident, start))
    return tuple(rounds)
