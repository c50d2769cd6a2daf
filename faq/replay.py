"""Measure the learning loop offline: replay labelled cases as if employees used the bot.

The loop (issue 14) turns a question whose entry the bot answered or
suggested, and which the employee confirmed or picked, into a candidate
phrasing of that entry; a coordinator approves it and it joins the KB. This
module asks how much that helps the NEXT employee, who words things
differently:

1. The in-scope cases are split in two halves, A and B, with a seeded
   shuffle (``split_cases``). A plays the employees whose questions are
   learned from; B the later employees it is measured on. Out-of-scope
   cases are never learned from, so all of them go to B unchanged: they
   check that learning does not make the bot answer what it should not.
2. Before: the matcher on the KB, evaluated on B (and on A).
3. Every case of A whose expected entry was answered or among the
   suggestions becomes ``Addition(expect, lang, q)``: the employee picked
   the right one and a coordinator approved. The KB grows with
   ``KnowledgeBase.with_additions``, the one merge rule the live bot uses,
   and a new matcher is built on it.
4. After: the new matcher on B (the honest figure), and on A, which only
   shows that the same wording is now recognised again.

A's cases whose entry was not offered are not learned from: in the bot those
reach a coach, and only a coach's new-entry candidate could teach them.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol

from faq.evaluate import Case, outcome, report, run_cases
from faq.kb import FALLBACK_LANGUAGE, Addition, KnowledgeBase
from faq.matcher import Match

OFFERED = ("answered_right", "suggested_right")  # the outcomes an employee could confirm or pick


class _Matches(Protocol):
    def match(self, text: str, lang: str | None = None) -> Match: ...


@dataclass(frozen=True)
class Split:
    learn: list[Case]  # A: in-scope cases whose questions may be learned
    held: list[Case]  # B: the other in-scope cases, then every out-of-scope case


@dataclass
class Replay:
    seed: int
    split: Split
    additions: list[Addition]  # one per case of A whose entry was offered
    learned: int  # phrasings the KB gained (additions it already had, or repeated, add nothing)
    phrasings_before: int
    before_held: dict
    after_held: dict
    before_learn: dict
    after_learn: dict


def _wording(question: str) -> str:
    """The question without case and punctuation: "Loonbrief?" and "loonbrief" are one wording."""
    return " ".join(re.findall(r"\w+", question.casefold()))


def split_cases(cases: Iterable[Case], seed: int = 0) -> Split:
    """A and B, deterministic for a seed and independent of the order of the cases file.

    The halves are drawn per expected entry, so each entry has questions on
    both sides where it has two or more, and the extra one of an odd count
    goes to whichever half is smaller so far. Cases with the same wording
    (ignoring case and punctuation) for the same entry stay on one side:
    "loonbrief" learned from A must not count as a new wording in B
    because B has "Loonbrief?".
    """
    rng = random.Random(seed)
    groups: dict[str, dict[str, list[Case]]] = {}
    out_of_scope: list[Case] = []
    for case in cases:
        if case.expect is None:
            out_of_scope.append(case)
        else:
            groups.setdefault(case.expect, {}).setdefault(_wording(case.q), []).append(case)
    learn: list[Case] = []
    held: list[Case] = []
    for entry_id in sorted(groups):
        wordings = sorted(groups[entry_id])
        rng.shuffle(wordings)
        first, second = (learn, held) if len(learn) <= len(held) else (held, learn)
        for n, wording in enumerate(wordings):
            (first if n % 2 == 0 else second).extend(groups[entry_id][wording])
    return Split(learn, held + out_of_scope)


def _language(case: Case, match: Match) -> str:
    """The language a learned phrasing is filed under: the one the bot answered in, else the employee's."""
    return match.lang or case.lang or FALLBACK_LANGUAGE


def replay(kb: KnowledgeBase, cases: Iterable[Case], seed: int = 0,
           matcher: Callable[[KnowledgeBase], _Matches] | None = None) -> Replay:
    """Before and after learning from half A, evaluated on half B (see the module doc)."""
    if matcher is None:
        from faq.matcher import Matcher as matcher  # noqa: N813 (the real one unless a test passes another)
    split = split_cases(cases, seed)
    before = matcher(kb)
    before_learn = run_cases(before, split.learn)
    before_held = run_cases(before, split.held)
    additions = [Addition(case.expect, _language(case, match), case.q, source="replay")
                 for case, match, _ in before_learn
                 if case.expect is not None and outcome(case, match) in OFFERED]
    grown = kb.with_additions(additions)
    after = matcher(grown)
    return Replay(
        seed=seed,
        split=split,
        additions=additions,
        learned=grown.phrasing_count() - kb.phrasing_count(),
        phrasings_before=kb.phrasing_count(),
        before_held=report(before_held),
        after_held=report(run_cases(after, split.held)),
        before_learn=report(before_learn),
        after_learn=report(run_cases(after, split.learn)),
    )
