"""What a coordinator changes in the FAQ from a form (the web console): a new answer for an entry, a new way
to ask it, a new entry, or a pending candidate approved with corrections in one step.

Every change is an approved row of `faq_candidates` (storage/faq_learning.add_approved), so the one merge
rule (`KnowledgeBase.with_additions`: an approved entry row for an id and language the FAQ has replaces that
answer, the latest wins), every replica's periodic check and `digicoach faq export` take it as they take an
approval from `/faq`. The checks are the review's own (bot/engine/faq_review.py). The chat asks for one field
at a time; a form sends them all, so the problems come back together, each naming its field, and nothing is
written while there is one. Run these as a turn of the coordinator's (`Engine.act_as`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine import faq_review
from bot.engine.receive import MAX_TEXT
from bot.engine.work import Turn
from faq.kb import KnowledgeBase, is_entry_id, phrasing_key
from faq.learning import is_known_phrasing, worth_learning
from faq.vocabulary import LANGUAGES
from storage import faq_learning


@dataclass(frozen=True)
class Problem:
    field: str  # the form field: entry_id | lang | question | answer
    key: str  # empty | too_short | too_long | unchanged | not_question | known | bad_id | taken | unknown | entry_gone


@dataclass(frozen=True)
class Approval:
    decided: bool  # this coordinator's decision is the one that counts (False: problems, or decided before)
    problems: list[Problem] = field(default_factory=list)


def answer_problems(answer: str) -> list[Problem]:
    """An answer is sent as it is typed: something to read, at most what the chat takes in one message."""
    text = answer.strip()
    if not text:
        return [Problem("answer", "empty")]
    if len(text) > MAX_TEXT:
        return [Problem("answer", "too_long")]
    return [Problem("answer", "too_short")] if faq_review.answer_too_short(text) else []


def question_problems(kb: KnowledgeBase, entry_id: str | None, lang: str, question: str) -> list[Problem]:
    """A phrasing must be a way to ask (the learning loop's `worth_learning`) and new to the entry (to any entry
    in that language when `entry_id` is None)."""
    text = " ".join(question.split())
    if not text:
        return [Problem("question", "empty")]
    if not worth_learning(text):
        return [Problem("question", "not_question")]
    return [Problem("question", "known")] if is_known_phrasing(kb, entry_id, lang, text) else []


def lang_problems(lang: str) -> list[Problem]:
    return [] if lang in LANGUAGES else [Problem("lang", "unknown")]


async def _write(turn: Turn, kind: str, entry_id: str, lang: str, question: str, answer: str | None = None) -> None:
    await faq_learning.add_approved(turn.session, turn.now, await faq_review.reviewer(turn), kind=kind,
                                    entry_id=entry_id, lang=lang, question=question, key=phrasing_key(question),
                                    answer=answer)
    turn.faq_learned = True  # this replica rebuilds its FAQ right after the commit; the others at their check


async def new_answer(turn: Turn, entry_id: str, lang: str, answer: str) -> list[Problem]:
    """A new answer for an entry in a language it has: an approved entry row with the entry's first phrasing
    (known already, so the merge adds no phrasing) and the answer, which replaces the one in use."""
    kb, _ = turn.engine.faq.current()
    if lang not in kb.languages_of(entry_id):
        return [Problem("lang", "unknown")]
    entry = kb.entry(entry_id, lang)
    assert entry is not None
    problems = answer_problems(answer)
    if not problems and answer.strip() == entry.answer.strip():
        problems = [Problem("answer", "unchanged")]
    if not problems:
        await _write(turn, faq_learning.ENTRY, entry_id, lang, entry.questions[0], answer.strip())
    return problems


async def new_phrasing(turn: Turn, entry_id: str, lang: str, question: str) -> list[Problem]:
    """One more way to ask an entry: the approved phrasing row the review makes of a picked suggestion."""
    kb, _ = turn.engine.faq.current()
    problems = lang_problems(lang) or question_problems(kb, entry_id, lang, question)
    if not problems and faq_review.approval_problem(kb, faq_learning.PHRASING, entry_id, lang, None):
        problems = [Problem("entry_id", "entry_gone")]
    if not problems:
        await _write(turn, faq_learning.PHRASING, entry_id, lang, question)
    return problems


async def new_entry(turn: Turn, entry_id: str, lang: str, question: str, answer: str) -> list[Problem]:
    """A new entry (or an entry's first version in another language): an unused snake_case id in that language,
    a question no entry has in it, an answer."""
    kb, _ = turn.engine.faq.current()
    problems = lang_problems(lang)
    if not is_entry_id(entry_id):
        problems.append(Problem("entry_id", "bad_id"))
    elif not problems and faq_review.id_problem(kb, entry_id, lang):
        problems.append(Problem("entry_id", "taken"))
    if not lang_problems(lang):
        problems += question_problems(kb, None, lang, question)
    problems += answer_problems(answer)
    if not problems:
        await _write(turn, faq_learning.ENTRY, entry_id, lang, question, answer.strip())
    return problems


async def approve_with(turn: Turn, candidate_id: int, *, question: str | None = None, answer: str | None = None,
                       entry_id: str | None = None) -> Approval:
    """Approve a pending candidate with the coordinator's corrections (None: as proposed): the review's checks,
    then its decision (`faq_review.settle`), whose reply names who decided first when someone else did."""
    row = await faq_learning.get(turn.session, candidate_id)
    if row is None or row.status != faq_learning.PENDING:
        return Approval(await faq_review.settle(turn, candidate_id, faq_learning.APPROVED))
    changes: dict[str, str] = {}
    problems: list[Problem] = []
    if question is not None and " ".join(question.split()) != row.question:
        question = " ".join(question.split())
        problems += [Problem("question", "not_question")] if not worth_learning(question) else []
        changes.update(question=question, key=phrasing_key(question))
    if row.kind == faq_learning.ENTRY and answer is not None and answer.strip() != (row.answer or ""):
        problems += answer_problems(answer)
        changes["answer"] = answer.strip()
    if row.kind == faq_learning.ENTRY and entry_id is not None and entry_id != row.entry_id:
        if not is_entry_id(entry_id):
            problems.append(Problem("entry_id", "bad_id"))
        elif await faq_review.unusable_id(turn, entry_id, row.lang):
            problems.append(Problem("entry_id", "taken"))
        changes["entry_id"] = entry_id
    if not problems:
        kb, _ = turn.engine.faq.current()
        problem = faq_review.approval_problem(kb, row.kind, changes.get("entry_id", row.entry_id), row.lang,
                                              changes.get("answer", row.answer))
        if problem is not None:
            problems.append({"entry_gone": Problem("entry_id", "entry_gone"), "no_answer": Problem("answer", "empty"),
                             "bad_id": Problem("entry_id", "taken")}[problem])
    if problems:
        return Approval(False, problems)
    return Approval(await faq_review.settle(turn, row.id, faq_learning.APPROVED, **changes))
