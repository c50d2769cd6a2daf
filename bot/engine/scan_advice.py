"""The advice under a scan result, pressed: an FAQ answer, a training sign-up, or a digicoach for a learning question.

"Praat met een digicoach" first asks whether the coach may see the result (the consent the coach's view depends
on: storage/scans.py shared_with_coach), then opens a ticket by the path any question takes to a coach
(bot/engine/employee.py hand_to_coach: routing, offers, the queue), marked as a learning question
(`faq_decision` "learning", `scan_id`), so it never counts as an FAQ gap.
"""
from __future__ import annotations

from bot.engine import employee, scan_result, scan_training
from bot.engine.work import Turn
from bot.messages import Button
from bot.texts import t
from storage import scans, sites, tickets
from storage.models import Scan

LEARNING = "learning"  # tickets.faq_decision of a learning question


async def _own_result(turn: Turn, scan_id: str) -> Scan | None:
    """The complete scan behind an advice button (permissions checked it is the presser's)."""
    scan = await scans.get(turn.session, int(scan_id))
    return scan if scan is not None and scan.completed_at is not None else None


async def on_faq(turn: Turn, scan_id: str, entry_id: str) -> bool:
    """An FAQ entry for an area to work on: its answer, with the rest of the advice still under it."""
    scan = await _own_result(turn, scan_id)
    kb, _ = turn.engine.faq.current()
    entry = kb.entry(entry_id, turn.lang)
    if scan is None or entry is None:
        return False
    scans.note_advice_used(scan, turn.now)
    employee.say_in_its_language(turn, entry)
    turn.say(entry.answer.strip())
    turn.say(t("scan_more_advice", turn.lang), scan_result.advice_buttons(turn, scan))
    return True


async def on_train(turn: Turn, scan_id: str, training_id: str) -> bool:
    """"Ik wil me inschrijven": a request the coordinators of the person's department get (once), and what next."""
    scan = await _own_result(turn, scan_id)
    training = turn.engine.scan.training(training_id)
    if scan is None or training is None:
        return False
    scans.note_advice_used(scan, turn.now)
    site = await sites.site(turn.session, turn.person.site_id)
    department = site.department if site else scan.department
    new = await scan_training.request(turn, scan, training, department)
    key = "training_requested" if new else "training_requested_again"
    turn.say(t(key, turn.lang, training=training.name(turn.lang)))
    return True


async def on_coach(turn: Turn, scan_id: str) -> bool:
    """"Praat met een digicoach": may the coach see the result? The answer opens the learning question."""
    scan = await _own_result(turn, scan_id)
    if scan is None:
        return False
    turn.say(t("scan_consent_ask", turn.lang), [
        Button(t("scan_consent_yes", turn.lang), f"scanshare:{scan.id}:yes"),
        Button(t("scan_consent_no", turn.lang), f"scanshare:{scan.id}:no"),
    ])
    return True


async def on_share(turn: Turn, scan_id: str, answer: str) -> bool:
    """The consent answer, then the learning question to a coach (unless one is open already: one at a time)."""
    scan = await _own_result(turn, scan_id)
    if scan is None:
        return False
    scan.coach_consent = answer == "yes"
    scans.note_advice_used(scan, turn.now)
    open_tickets = await tickets.open_tickets_of_employee(turn.session, turn.person.id)
    busy = next((x for x in open_tickets if x.state != "new"), None)
    if busy is not None:
        if busy.scan_id is None and busy.employee_id == turn.person.id:
            busy.scan_id = scan.id  # the coach of that question may now see the result too, as consented
        turn.say(t("scan_already_open", turn.lang, ticket=busy.id))
        return True
    await employee.finish_previous(turn, [x for x in open_tickets if x.state == "new"])
    weak = scans.area_list(scan.weak)
    question = (t("scan_learning_question", turn.lang, areas=scan_result.area_names(turn.engine.scan, weak, turn.lang))
                if weak else t("scan_learning_general", turn.lang))
    lat, lon = await employee.point_of(turn)
    site = await sites.site(turn.session, turn.person.site_id)
    ticket = await tickets.create(
        turn.session, turn.now, employee_id=turn.person.id, question=question, language=turn.lang,
        site_id=turn.person.site_id, department=site.department if site else None, lat=lat, lon=lon,
        faq_decision=LEARNING, scan_id=scan.id,
    )
    turn.decision = "route"
    await employee.hand_to_coach(turn, ticket)
    return True
