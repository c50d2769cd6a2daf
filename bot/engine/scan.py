"""The digital-skills self-scan in the chat: `/scan`, one question at a time, with buttons.

Answers are stored as they come (storage/scans.py), so stopping halfway, a closed app or a question in between
loses nothing: `/scan` resumes at the first unanswered question. A complete scan can be taken again; the result
then shows what changed (bot/engine/scan_result.py). What the result offers (FAQ entries, trainings, a digicoach)
is bot/engine/scan_advice.py; erasing is here (`/scan wissen`).
"""
from __future__ import annotations

from bot.engine import scan_result
from bot.engine.work import Turn
from bot.messages import Button
from bot.texts import t
from faq.acts import Act, ActKind
from skills.definition import Item
from skills.scoring import next_item, valid_answer
from storage import scans, sites
from storage.models import Scan

SCANNING = "scan"  # the conversation state while a question waits for its answer
RESULT_WORDS = frozenset({"resultaat", "result", "résultat", "resultat"})
ERASE_WORDS = frozenset({"wissen", "wis", "delete", "erase", "effacer", "supprimer"})
QUESTION_WORDS = 3  # a typed message this long during the scan is a question of its own, not a bad answer


async def command(turn: Turn, args: list[str]) -> None:
    """`/scan` starts or resumes; `/scan resultaat` shows the last result; `/scan wissen` deletes them all."""
    word = args[0].casefold() if args else ""
    if not word:
        await begin(turn)
    elif word in RESULT_WORDS:
        await scan_result.show_last(turn)
    elif word in ERASE_WORDS:
        turn.say(t("scan_erase_ask", turn.lang), [
            Button(t("scan_erase_yes", turn.lang), "scanerase:yes"), Button(t("scan_erase_no", turn.lang), "scanerase:no"),
        ])
    else:
        turn.say(t("scan_usage", turn.lang))


async def on_start(turn: Turn, _: str = "start") -> bool:
    """The "Doe de digiscan" button (in /help, after a coach's training advice, after a training)."""
    await begin(turn)
    return True


async def begin(turn: Turn) -> None:
    definition = turn.engine.scan
    scan = await scans.unfinished(turn.session, turn.person.id)
    count = len(definition.items)
    if scan is None:
        site = await sites.site(turn.session, turn.person.site_id)
        scan = await scans.start(turn.session, turn.person.id, site.department if site else None, definition.version, turn.now)
        turn.say(t("scan_intro", turn.lang, count=count))
    item = next_item(definition, scans.answers_of(scan))
    if item is None:  # every question answered but not finished (the definition lost a question): finish now
        await scan_result.finish(turn, scan)
        return
    if scans.answers_of(scan):
        turn.say(t("scan_resume", turn.lang, number=_number(turn, item), count=count))
    ask(turn, scan, item)


def _number(turn: Turn, item: Item) -> int:
    return [i.id for i in turn.engine.scan.items].index(item.id) + 1


def ask(turn: Turn, scan: Scan, item: Item) -> None:
    """One question with its answers as buttons, and a way out."""
    definition = turn.engine.scan
    number, count = _number(turn, item), len(definition.items)
    if item.attitude:
        text = t("scan_attitude_question", turn.lang, number=number, count=count, question=item.question(turn.lang))
    else:
        area = definition.area(item.area or "")
        text = t("scan_question", turn.lang, number=number, count=count, area=area.name(turn.lang) if area else "",
                 question=item.question(turn.lang))
    buttons = [Button(option.label(turn.lang), f"scanans:{scan.id}:{item.id}:{n}") for n, option in enumerate(item.options)]
    buttons.append(Button(t("scan_stop", turn.lang), f"scanstop:{scan.id}"))
    turn.say(text, buttons)
    turn.set_state(SCANNING, scan=scan.id, item=item.id)


async def on_answer(turn: Turn, scan_id: str, item_id: str, answer: str) -> bool:
    """An answer: stored, then the next question or the result. An answer to a question already answered (an
    older button) changes that answer and goes on where the scan is."""
    scan = await scans.get(turn.session, int(scan_id))
    definition = turn.engine.scan
    item = definition.item(item_id)
    if scan is None or scan.completed_at is not None or item is None or not valid_answer(item, int(answer)):
        return False
    scans.record_answer(scan, item.id, int(answer), turn.now)
    following = next_item(definition, scans.answers_of(scan))
    if following is None:
        await scan_result.finish(turn, scan)
    else:
        ask(turn, scan, following)
    return True


async def on_stop(turn: Turn, scan_id: str) -> bool:
    scan = await scans.get(turn.session, int(scan_id))
    if scan is None or scan.completed_at is not None:
        return False
    answered = len([i for i in turn.engine.scan.items if valid_answer(i, scans.answers_of(scan).get(i.id))])
    turn.set_state("idle")
    turn.say(t("scan_stopped", turn.lang, answered=answered, count=len(turn.engine.scan.items)))
    return True


async def on_text(turn: Turn, text: str, act: Act) -> bool:
    """Text while a scan question waits (its buttons were not pressed, nor a number or label typed).

    A real question is answered as usual and the scan waits for `/scan` (never a dead end); anything else
    ("misschien", "ok", a typo) gets the question again with a word on how to answer. True when handled here.
    """
    scan = await scans.get(turn.session, int(turn.data.get("scan", 0) or 0))
    item = turn.engine.scan.item(str(turn.data.get("item", "")))
    if scan is None or scan.completed_at is not None or scan.person_id != turn.person.id or item is None:
        turn.set_state("idle")
        return False
    if act.kind in (ActKind.QUESTION, ActKind.PERSON) and len(text.split()) >= QUESTION_WORDS:
        turn.set_state("idle")
        turn.say(t("scan_paused", turn.lang))
        return False
    turn.say(t("scan_pick_button", turn.lang))
    ask(turn, scan, next_item(turn.engine.scan, scans.answers_of(scan)) or item)
    return True


async def on_erase(turn: Turn, answer: str) -> bool:
    """`/scan wissen`, confirmed: every scan of the person goes (storage/scans.py erase_person)."""
    if answer != "yes":
        turn.say(t("scan_erase_kept", turn.lang))
        return True
    count = await scans.erase_person(turn.session, turn.person.id)
    if turn.conv.state == SCANNING:
        turn.set_state("idle")
    turn.say(t("scan_erased", turn.lang, count=count) if count else t("scan_erase_none", turn.lang))
    return True
