"""A button press: allowed by bot.engine.permissions first, then its handler; a refused press changes nothing."""
from __future__ import annotations

import logging

from bot.engine import coach as coach_actions
from bot.engine import coordinator as coordinator_actions
from bot.engine import employee as employee_actions
from bot.engine import faq_review, learning
from bot.engine import permissions, prompts, scan, scan_advice, scan_training
from bot.engine.commands import set_language
from bot.engine.work import Turn
from bot.texts import t

log = logging.getLogger("digicoach.engine")

EMPLOYEE_HANDLERS = {
    "site": employee_actions.on_site,
    "topic": prompts.on_topic,
    "yes": prompts.on_yes,
    "no": prompts.on_no,
    "faq": prompts.on_pick,
    "none": prompts.on_none,
    "rate": prompts.on_rate,
    "scan": scan.on_start,
    "scanans": scan.on_answer,
    "scanstop": scan.on_stop,
    "scanerase": scan.on_erase,
    "scanfaq": scan_advice.on_faq,
    "scantrain": scan_advice.on_train,
    "scancoach": scan_advice.on_coach,
    "scanshare": scan_advice.on_share,
}
COACH_HANDLERS = {
    "accept": coach_actions.accept,
    "decline": coach_actions.decline,
    "reason": coach_actions.decline_reason,
    "close": coach_actions.ask_outcome,
    "handback": coach_actions.hand_back,
    "faqmark": learning.on_mark,
    "faqmarkno": learning.on_mark_dropped,
}
COORDINATOR_HANDLERS = {
    "faqok": faq_review.approve,
    "faqedit": faq_review.edit,
    "faqno": faq_review.reject,
    "faqskip": faq_review.skip,
    "trplan": scan_training.on_planned,
    "trdone": scan_training.on_done,
}


async def press(turn: Turn, payload: str) -> None:
    grant = await permissions.authorize(turn.session, turn.person, payload)
    if isinstance(grant, permissions.Refusal):
        log.warning(
            "button refused (%s): %s", grant.reason, grant.kind,
            extra={"event": "button_refused", "person_id": turn.person.id, "ticket": grant.ticket},
        )
        turn.say(t(grant.text, turn.lang, ticket=grant.ticket if grant.ticket is not None else "?"))
        return
    if not await _run(turn, grant):
        log.info("stale %s button", grant.kind, extra={"event": "button_stale", "person_id": turn.person.id})
        turn.say(t("stale_button", turn.lang))


async def _run(turn: Turn, grant: permissions.Grant) -> bool:
    """The handler of an allowed press; False when the ticket has moved on (a stale button)."""
    kind, args, coach = grant.kind, grant.args, grant.coach
    if kind == "lang":
        set_language(turn, args[0])
        return True
    if kind == "assign":
        await coordinator_actions.assign(turn, *args)  # a refusal is answered there: never a stale button
        return True
    if kind == "outcome":
        assert coach is not None
        return await coach_actions.close(turn, coach, int(args[0]), args[1], None)
    if kind in EMPLOYEE_HANDLERS:
        return await EMPLOYEE_HANDLERS[kind](turn, *args)
    if kind in COORDINATOR_HANDLERS:
        return await COORDINATOR_HANDLERS[kind](turn, *args)
    assert coach is not None and kind in COACH_HANDLERS, kind  # permissions.BUTTONS and these tables agree
    return await COACH_HANDLERS[kind](turn, coach, *args)
