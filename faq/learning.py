"""What may become a candidate for the FAQ, and how a new entry gets its id (the learning loop's pure rules).

A coordinator reviews every candidate by hand, so their time is spent only on
texts that could be a way to ask something: never "ja", "merci", an emoji,
keyboard mash or a single word. The dialog act (faq/acts.py) and the mash
check (faq/mash.py) already decide that for the conversation; the same
checks decide it here, so the two can never disagree.
"""
from __future__ import annotations

import re
import unicodedata

from faq.acts import ActKind, classify
from faq.kb import MAX_ID_LENGTH, KnowledgeBase, is_entry_id, phrasing_key
from faq.mash import is_mash

MIN_WORDS = 2  # one word ("loonbrief") says too little to be a way of asking; it gets a clarifying turn instead
MAX_QUESTION = 300  # a phrasing is a question, not a story: longer texts are left to the coach
_ID_WORDS = 5
_WORD = re.compile(r"[a-z0-9]+")


def worth_learning(text: str) -> bool:
    """True when `text` could be a phrasing: a question (no greeting, thanks, yes/no, noise) of two real words or more."""
    words = text.split()
    if len(text) > MAX_QUESTION:
        return False
    real = [w for w in words if not is_mash(w.casefold().strip(".,!?;:"))]
    if len(real) < MIN_WORDS:
        return False
    return classify(text).kind is ActKind.QUESTION


def question_line(text: str | None) -> str | None:
    """The line of a ticket's question worth learning: a clarified question holds the vague word first, a
    waiting one the later messages after it; the first line that is a real question is what was asked."""
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if worth_learning(line):
            return line
    return None


def is_known_phrasing(kb: KnowledgeBase, entry_id: str | None, lang: str, text: str) -> bool:
    """The text is already a phrasing of that entry (any entry in `lang` when `entry_id` is None)."""
    key = phrasing_key(text)
    entries = [e for e in (kb.entry(entry_id, lang),) if e is not None and e.lang == lang] if entry_id else [
        e for e in kb.entries if e.lang == lang]
    return any(phrasing_key(q) == key for e in entries for q in e.questions)


def derive_entry_id(question: str, taken: set[str]) -> str:
    """A snake_case id from the question's first words ("Waar is de kluis?" -> "waar_is_de_kluis"), unique
    among `taken` by a number at the end. A coordinator may type another; this one is only a proposal."""
    folded = unicodedata.normalize("NFKD", question.casefold()).encode("ascii", "ignore").decode()
    words = _WORD.findall(folded)
    while words and words[0][0].isdigit():
        words.pop(0)
    base = "_".join(words[:_ID_WORDS])[: MAX_ID_LENGTH - 4].strip("_") or "entry"
    if not is_entry_id(base):
        base = "entry"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate
