"""Dates, weekdays, working hours, ticket states and outcomes in the reader's language.

The data keeps its own names (`offered`, `mon-fri 08:00-16:00`, `resolved`)
and `strftime("%a")` speaks the server's English; a Dutch or French coach
should read "aangeboden", "ma-vr 08:00-16:00" and "vr 27/11 14:00". Every
message that shows one of these goes through a function here. English keeps
the wording it always had.
"""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.texts import t
from routing.hours import DAY_NAMES, WeeklyHours
from routing.lifecycle import outcome_words

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "fr": ("lun", "mar", "mer", "jeu", "ven", "sam", "dim"),
}
# Day names as the directory writes them in working hours (routing.hours): short and in full.
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_INDEX = {**{d: i for i, d in enumerate(DAY_NAMES)}, **{d: i for i, d in enumerate(_FULL_DAYS)}}
_WORD = re.compile(r"[A-Za-z]+")

# Ticket states (storage.states) and "taken" (someone else's, in a coach's list). English: the names as stored.
STATES: dict[str, dict[str, str]] = {
    "nl": {
        "new": "nieuw", "offered": "aangeboden", "accepted": "in behandeling", "queued": "in de wachtrij",
        "escalated": "geëscaleerd", "closed": "afgesloten", "self_served": "zelf opgelost",
        "cancelled": "geannuleerd", "taken": "bij een collega",
    },
    "fr": {
        "new": "nouvelle", "offered": "proposée", "accepted": "en cours", "queued": "en attente",
        "escalated": "escaladée", "closed": "clôturée", "self_served": "résolue par la FAQ",
        "cancelled": "annulée", "taken": "prise par un collègue",
    },
}
NO_HOURS = {"nl": "geen uren", "en": "(no hours)", "fr": "aucun horaire"}


def _lang(lang: str | None) -> str:
    return lang if lang in WEEKDAYS else "nl"


def weekday(day: int, lang: str | None) -> str:
    """Short weekday name, Monday = 0: "ma", "Mon", "lun"."""
    return WEEKDAYS[_lang(lang)][day % 7]


def date_time(at: datetime, tz: ZoneInfo, lang: str | None) -> str:
    """A moment on the local wall clock, as a pause end is shown: "vr 27/11 14:00"."""
    local = at.astimezone(tz)
    return f"{weekday(local.weekday(), lang)} {local:%d/%m %H:%M}"


def hours(spec: WeeklyHours | str, lang: str | None) -> str:
    """Working hours as written in the directory, with the day names translated: "ma-vr 08:00-16:00"."""
    lang = _lang(lang)
    if isinstance(spec, WeeklyHours):
        if not spec.specs:
            return NO_HOURS[lang]
        spec = "; ".join(spec.specs)
    if lang == "en":
        return spec

    def day(match: re.Match[str]) -> str:
        index = _DAY_INDEX.get(match.group().lower())
        return match.group() if index is None else WEEKDAYS[lang][index]

    return _WORD.sub(day, spec)


def state(name: str, lang: str | None) -> str:
    """A ticket state as a reader says it: "aangeboden" for `offered`; unknown names as they are."""
    return STATES.get(_lang(lang), {}).get(str(name), str(name))


def outcome(name: str, lang: str | None) -> str:
    """An outcome as the buttons show it: "Opgelost", "Resolved", "Résolu"."""
    return t(f"outcome_{name}", lang)


def outcome_choices(lang: str | None) -> str:
    """What a coach may type after /close, in their language: "opgelost, doorverwezen, ..."."""
    return ", ".join(outcome_words(_lang(lang)))
