"""Group the questions the FAQ could not answer, so editors see what to write next.

Texts come from storage (routed, unanswered and "did not help" questions).
They are normalised like queries (without a KB, so only the general
vocabulary) and clustered greedily with rapidfuzz: a text joins the first
group whose example is similar enough. Good enough for a weekly list of a
few hundred questions; largest groups first.

``mask_personal`` hides e-mail addresses, phone numbers, long digit runs and
names after "ik ben"/"mijn naam is" before gap texts are shown in a digest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Sequence

from rapidfuzz import fuzz

from faq.normalise import Normaliser
from faq.vocabulary import general_vocabulary

SIMILAR = 70.0  # token_sort_ratio of normalised texts to count as the same question


@dataclass
class GapGroup:
    example: str  # an original text, as typed (mask it before showing it)
    count: int
    members: list[str] = field(default_factory=list)


@cache
def _normaliser() -> Normaliser:
    """Built once: building it took 35 ms, paid by every view of the console's gap page (`digicoach bench web`)."""
    return Normaliser(general_vocabulary())


def group_gaps(texts: Sequence[str], similarity: float = SIMILAR) -> list[GapGroup]:
    normaliser = _normaliser()
    groups: list[tuple[str, GapGroup]] = []  # (normalised example, group)
    for text in texts:
        if not isinstance(text, str) or not text.strip():
            continue
        key = normaliser.normalise(text) or " ".join(text.lower().split())
        for example_key, group in groups:
            if key == example_key or fuzz.token_sort_ratio(key, example_key) >= similarity:
                group.members.append(text)
                group.count += 1
                break
        else:
            groups.append((key, GapGroup(example=text.strip(), count=1, members=[text])))
    return sorted((g for _, g in groups), key=lambda g: g.count, reverse=True)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d ./-]{6,}\d(?!\w)")
_DIGITS = re.compile(r"\d{4,}")
_NAME_AFTER = re.compile(  # the phrase in any case, then capitalised words (a name with "Van"/"De" in it)
    r"\b((?i:ik ben|ik heet|mijn naam is|mn naam is|men naam is|kben|my name is|i am|i'm|je m'appelle|je suis|"
    r"moi c'est|hier is|met))"
    r"(\s+)([A-ZÀ-Ý][\w'-]+(?:\s+(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Ll]e|[Ll]a)?\s*[A-ZÀ-Ý][\w'-]+)*)",
)
_NAMED = re.compile(r"\b(mijn naam is|mn naam is|men naam is|ik heet|my name is|je m'appelle)(\s+)(?!\[naam\])[\w'-]+",
                    re.IGNORECASE)


def mask_personal(text: str) -> str:
    """The text with personal details replaced by [e-mail], [nummer] and [naam]."""
    if not isinstance(text, str):
        return ""
    text = _EMAIL.sub("[e-mail]", text)
    text = _PHONE.sub("[nummer]", text)
    text = _DIGITS.sub("[nummer]", text)

    def name(match: re.Match[str]) -> str:
        words = match.group(3)
        if not words[:1].isupper():
            return match.group(0)  # "ik ben ziek": lower case, not a name
        return f"{match.group(1)}{match.group(2)}[naam]"

    text = _NAME_AFTER.sub(name, text)
    # after "mijn naam is" the next word is a name even when typed in lower case
    return _NAMED.sub(lambda m: f"{m.group(1)}{m.group(2)}[naam]", text)
