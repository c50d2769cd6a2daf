"""Training requests in the chat: the coordinators of the person's department are told, mark it planned or done,
and the person hears what happens next.

The move itself is storage/training.py `mark`, the function the web console calls too: one conditional update,
so two coordinators (or the chat and the console) never both move it, and the person is told once per step.
"""
from __future__ import annotations

from bot.engine.work import Turn, Work
from bot.messages import Button
from bot.texts import t
from skills.definition import Training
from storage import people, training
from storage.models import Scan, TrainingRequest


async def request(work: Turn, scan: Scan, offer: Training, department: str | None) -> bool:
    """The person's request for `offer`; on a new one the coordinators looking after `department` get a message
    with "Ingepland" / "Gevolgd". True when it is new."""
    row, new = await training.request(work.session, work.now, person_id=work.person.id, training_id=offer.id,
                                      department=department, scan_id=scan.id)
    if new:
        await tell_coordinators(work, row, work.person.first_name or "?")
    return new


async def tell_coordinators(work: Work, row: TrainingRequest, name: str) -> None:
    offer = work.engine.scan.training(row.training_id)
    for coordinator in await people.active_coordinators(work.session):
        if not people.looks_after(coordinator, row.department):
            continue
        lang = await work.language_of(coordinator.person_id)
        text = t("training_request_coordinator", lang, request=row.id, name=name, department=row.department or "?",
                 training=offer.name(lang) if offer else row.training_id)
        buttons = [Button(t("training_planned_button", lang), f"trplan:{row.id}"),
                   Button(t("training_done_button", lang), f"trdone:{row.id}")]
        await work.notify(coordinator.person_id, text, buttons, key=f"training:{row.id}:{coordinator.id}")


async def on_planned(turn: Turn, request_id: str) -> bool:
    return await mark(turn, int(request_id), training.PLANNED) != "missing"


async def on_done(turn: Turn, request_id: str) -> bool:
    return await mark(turn, int(request_id), training.DONE) != "missing"


async def mark(turn: Turn, request_id: int, state: str) -> str:
    """The buttons' move, for the chat and the web console alike; the outcome ("changed", "already", "missing") lets
    the console audit only a change it made (a bool would not tell a second press from a first)."""
    coordinator = await people.coordinator_of(turn.session, turn.person.id)
    if coordinator is None:
        return "missing"
    marked = await training.mark(turn.session, request_id, state, turn.now, by=coordinator.id,
                                 departments=people.coordinator_departments(coordinator))
    if marked.outcome == "missing" or marked.request is None:
        return "missing"
    row = marked.request
    person = await people.person(turn.session, row.person_id) if row.person_id else None
    name = (person.first_name if person else None) or "?"
    if marked.outcome == "already":
        turn.say(t("training_already", turn.lang, request=row.id, state=t(f"training_state_{row.state}", turn.lang),
                   by=row.decided_by or "?"))
        return "already"
    turn.say(t("training_marked", turn.lang, request=row.id, state=t(f"training_state_{state}", turn.lang), name=name))
    await tell_person(turn, row, state)
    return "changed"


async def tell_person(work: Work, row: TrainingRequest, state: str) -> None:
    """What the step means for the person: booked in, or done (with the scan again, to see what changed)."""
    if row.person_id is None:
        return
    lang = await work.language_of(row.person_id)
    offer = work.engine.scan.training(row.training_id)
    name = offer.name(lang) if offer else row.training_id
    if state == training.PLANNED:
        await work.notify(row.person_id, t("training_planned_employee", lang, training=name), key=f"trplanned:{row.id}")
    else:
        await work.notify(row.person_id, t("training_done_employee", lang, training=name),
                          [Button(t("scan_button", lang), "scan:start")], key=f"trdone:{row.id}")
