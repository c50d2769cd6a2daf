"""A coordinator reviews FAQ candidates in the chat: `/faq` shows one at a time, with approve / edit / reject / next.

Nothing reaches employees before a coordinator approved it. Every button
carries the candidate id and the decision is one conditional update
(storage/faq_learning.py): a second coordinator, on any replica, pressing a
button for a candidate already decided is told who decided, and sees the next
one. After an approval the turn asks the engine to rebuild this replica's FAQ
at once (the others notice on their periodic check, bot/engine/learned_faq.py).
"""
from __future__ import annotations

from bot.engine.work import Turn
from bot.messages import Button
from bot.texts import t
from faq.kb import KnowledgeBase, is_entry_id, phrasing_key
from faq.learning import worth_learning
from storage import faq_learning, people
from storage.models import FaqCandidate

ANSWER_LINE = 120  # the entry's answer is shown by its first line, cut to this


async def show_next(turn: Turn, skipped: list[int] | None = None) -> None:
    """The next pending candidate, or plainly that none are left."""
    skipped = list(skipped or [])
    row, waiting = await faq_learning.next_pending(turn.session, skipped)
    if row is not None and row.id in skipped:
        skipped = []  # every one was skipped once: start the round again
    if row is None:
        turn.set_state("idle")
        turn.say(t("faq_review_none", turn.lang))
        return
    kb, _ = turn.engine.faq.current()
    turn.say(describe(row, kb, waiting, turn.lang), review_buttons(row.id, turn.lang))
    turn.set_state("faq_review", candidate=row.id, skipped=skipped)


def review_buttons(candidate_id: int, lang: str) -> list[Button]:
    return [Button(t("faq_approve", lang), f"faqok:{candidate_id}"), Button(t("faq_edit", lang), f"faqedit:{candidate_id}"),
            Button(t("faq_reject", lang), f"faqno:{candidate_id}"), Button(t("faq_skip", lang), f"faqskip:{candidate_id}")]


def describe(row: FaqCandidate, kb: KnowledgeBase, waiting: int, lang: str) -> str:
    """The question, how often it came, and what it would join: an entry's title and first answer line, or the new entry."""
    head = t("faq_review_head", lang, id=row.id, waiting=waiting, seen=row.seen, source=t(f"faq_source_{row.source}", lang))
    if row.kind == faq_learning.PHRASING:
        entry = kb.entry(row.entry_id or "", row.lang)
        if entry is None:
            body = t("faq_entry_gone", lang, entry=row.entry_id)
        else:
            body = t("faq_review_phrasing", lang, title=kb.title(entry.id, row.lang), answer=_first_line(entry.answer))
    else:
        body = t("faq_review_entry", lang, entry=row.entry_id, answer=row.answer or t("faq_review_no_answer", lang))
    return f"{head}\n“{row.question}”\n{body}"


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= ANSWER_LINE else line[: ANSWER_LINE - 1].rsplit(" ", 1)[0] + "…"


async def reviewer(turn: Turn) -> str:
    """The coordinator's label in `decided_by`: their directory id."""
    coordinator = await people.coordinator_of(turn.session, turn.person.id)
    return coordinator.id if coordinator else f"person:{turn.person.id}"


async def _pending(turn: Turn, candidate_id: str) -> FaqCandidate | None:
    """The candidate if still pending; else the coordinator is told why, and shown the next one."""
    row = await faq_learning.get(turn.session, int(candidate_id))
    if row is None:
        turn.say(t("faq_unknown_candidate", turn.lang, id=candidate_id))
        await show_next(turn, turn.data.get("skipped"))
        return None
    if row.status != faq_learning.PENDING:
        _already(turn, row)
        await show_next(turn, turn.data.get("skipped"))
        return None
    return row


def _already(turn: Turn, row: FaqCandidate) -> None:
    turn.say(t("faq_already_decided", turn.lang, id=row.id, status=t(f"faq_status_{row.status}", turn.lang), by=row.decided_by or "?"))


def id_problem(kb: KnowledgeBase, entry_id: str, lang: str) -> bool:
    """An id a new entry cannot have: not snake_case, or that entry exists already in this language."""
    existing = kb.entry(entry_id, lang)
    return not is_entry_id(entry_id) or (existing is not None and existing.lang == lang)


async def unusable_id(turn: Turn, entry_id: str, lang: str) -> bool:
    """An id a coordinator typed for a new entry that cannot be used: `id_problem` against the FAQ in use, or an
    id approved already (another replica may not have rebuilt with it yet)."""
    kb, _ = turn.engine.faq.current()
    return id_problem(kb, entry_id, lang) or entry_id in await faq_learning.approved_entry_ids(turn.session)


def answer_too_short(text: str) -> bool:
    """A new answer of one word or none tells an employee nothing: the coordinator is asked to type it again."""
    return len(text.split()) < 2


def approval_problem(kb: KnowledgeBase, kind: str, entry_id: str | None, lang: str, answer: str | None) -> str | None:
    """Why a candidate cannot be approved as it is, against the FAQ in use (chat and `digicoach faq review` alike):
    "entry_gone" (a phrasing of an entry the files no longer have), "no_answer" (a new entry needs one),
    "bad_id" (a new entry's id that is not snake_case or is taken in that language); None when it can."""
    if kind == faq_learning.PHRASING:
        return "entry_gone" if kb.entry(entry_id or "", lang) is None else None
    if not answer:
        return "no_answer"
    return "bad_id" if id_problem(kb, entry_id or "", lang) else None


async def approve(turn: Turn, candidate_id: str) -> bool:
    row = await _pending(turn, candidate_id)
    if row is None:
        return True
    kb, _ = turn.engine.faq.current()
    problem = approval_problem(kb, row.kind, row.entry_id, row.lang, row.answer)
    if problem == "entry_gone":
        turn.say(t("faq_entry_gone", turn.lang, entry=row.entry_id), review_buttons(row.id, turn.lang)[2:])
        return True
    if problem == "no_answer":
        return await edit(turn, candidate_id)  # a new entry needs an answer before anybody can get it
    if problem == "bad_id":
        turn.say(t("faq_bad_id", turn.lang, entry=row.entry_id))
        turn.set_state("faq_edit", candidate=row.id, step="id", skipped=turn.data.get("skipped", []))
        return True
    await _decide(turn, row.id, faq_learning.APPROVED)
    return True


async def settle(turn: Turn, candidate_id: int, status: str, **changes: str) -> bool:
    """One decision and its reply, in the chat and the web console alike; False when another coordinator
    decided first (they are named) or there is no such candidate."""
    decided = await faq_learning.decide(turn.session, candidate_id, status, await reviewer(turn), turn.now, **changes)
    if not decided.ok:
        if decided.row is None:
            turn.say(t("faq_unknown_candidate", turn.lang, id=candidate_id))
        else:
            _already(turn, decided.row)
        return False
    if status == faq_learning.APPROVED:
        assert decided.row is not None
        turn.faq_learned = True  # this replica rebuilds its FAQ right after the turn commits
        turn.say(t("faq_approved", turn.lang, question=decided.row.question))
    else:
        turn.say(t("faq_rejected", turn.lang))
    return True


async def _decide(turn: Turn, candidate_id: int, status: str, **changes: str) -> None:
    skipped = turn.data.get("skipped", [])
    await settle(turn, candidate_id, status, **changes)
    await show_next(turn, skipped)


async def reject(turn: Turn, candidate_id: str) -> bool:
    if await _pending(turn, candidate_id) is not None:
        await _decide(turn, int(candidate_id), faq_learning.REJECTED)
    return True


async def skip(turn: Turn, candidate_id: str) -> bool:
    skipped = [c for c in turn.data.get("skipped", []) if isinstance(c, int)]
    await show_next(turn, skipped + [int(candidate_id)])
    return True


async def edit(turn: Turn, candidate_id: str) -> bool:
    """Ask for the corrected phrasing, or for a new entry its answer (then its id)."""
    row = await _pending(turn, candidate_id)
    if row is None:
        return True
    skipped = turn.data.get("skipped", [])
    if row.kind == faq_learning.PHRASING:
        turn.say(t("faq_type_question", turn.lang, question=row.question))
        turn.set_state("faq_edit", candidate=row.id, step="question", skipped=skipped)
    else:
        turn.say(t("faq_type_answer", turn.lang, question=row.question))
        turn.set_state("faq_edit", candidate=row.id, step="answer", skipped=skipped)
    return True


def is_editing(turn: Turn) -> bool:
    return turn.conv.state == "faq_edit"


async def on_text(turn: Turn, text: str) -> None:
    """What the coordinator typed while editing: the phrasing (then approved), an answer, or an id."""
    data = turn.data
    row = await _pending(turn, str(data.get("candidate", 0)))
    if row is None:
        return
    step = data.get("step")
    text = " ".join(text.split()) if step != "answer" else text.strip()
    if step == "question":
        if not worth_learning(text):
            turn.say(t("faq_too_short", turn.lang))
            return
        await _decide(turn, row.id, faq_learning.APPROVED, question=text, key=phrasing_key(text))
    elif step == "answer":
        if answer_too_short(text):
            turn.say(t("faq_too_short", turn.lang))
            return
        await faq_learning.edit(turn.session, row.id, answer=text)
        turn.say(t("faq_type_id", turn.lang, entry=row.entry_id), review_buttons(row.id, turn.lang)[::2])
        turn.set_state("faq_edit", candidate=row.id, step="id", skipped=data.get("skipped", []))
    else:
        entry_id = text.lower()
        if await unusable_id(turn, entry_id, row.lang):
            turn.say(t("faq_bad_id", turn.lang, entry=text))
            return
        await faq_learning.edit(turn.session, row.id, entry_id=entry_id)
        await approve(turn, str(row.id))
