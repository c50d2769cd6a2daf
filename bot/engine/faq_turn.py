"""The common turn without the ORM: an employee with a site asks, the FAQ answers.

On PostgreSQL this is one read and one atomic write (storage/faq_turn.py)
instead of the general turn's ten statements through the ORM, which is most
of what a busy replica spends its CPU on. Every other message, and any
question the FAQ does not answer outright, returns None here and takes the
general path in `Engine.handle`, so the rules live in one place: this module
only recognises the case and writes what `employee.ask` would have written.
"""
from __future__ import annotations

import json
import logging
from time import perf_counter
from typing import TYPE_CHECKING

from bot.engine.employee import answer_messages, feedback_data, location_is_recent
from bot.engine.typed_buttons import buttons_json, is_button_number, payload_of_label, stored_buttons
from bot.messages import Incoming, Outgoing
from faq.matcher import Decision
from storage import faq_turn, people

if TYPE_CHECKING:
    from bot.engine.core import Engine

log = logging.getLogger("digicoach.engine")

async def answer(engine: "Engine", incoming: Incoming, text: str) -> list[Outgoing] | None:
    """The replies when `text` is an employee's question the FAQ answers; None for anything else.

    `text` is the cleaned message text; the caller has ruled out buttons,
    locations, attachments, commands and invitation codes.
    """
    now = engine.clock.now()
    async with engine.db.driver_connection() as conn:
        asker = await faq_turn.load(conn, incoming.channel, incoming.address)
        if asker is None or asker.role != "employee" or asker.state == "ask_site":
            return None
        if asker.site_id is None and asker.lat is None:
            return None  # onboarding first
        if asker.newest_open not in (None, "new"):
            return None  # a coach is involved: relay or add to the waiting question
        if incoming.reference is not None and incoming.reference != asker.reference:
            return None  # the general path stores the new reference
        if is_button_number(text) or payload_of_label(stored_buttons(asker.buttons), text) is not None:
            return None
        lang = asker.language or engine.default_language
        kb, matcher = engine.faq.current()
        started = perf_counter()
        match = matcher.match(text, lang)
        seconds = perf_counter() - started
        entry = kb.entry(match.entry_id, lang) if match.decision == Decision.ANSWER and match.entry_id else None
        if entry is None:
            return None
        engine.metrics.faq_seconds.observe(seconds)
        if location_is_recent(engine, asker.lat, asker.location_at, now):
            lat, lon = asker.lat, asker.lon
        else:
            lat, lon = asker.site_lat, asker.site_lon
        data = people.parse_conversation_data(asker.data)
        pending = answer_messages(entry.answer, lang, faq_turn.TICKET)
        ticket_id = await faq_turn.save(
            conn,
            now=now,
            person_id=asker.person_id,
            question=text,
            language=lang,
            site_id=asker.site_id,
            department=asker.department,
            lat=lat,
            lon=lon,
            entry_id=match.entry_id,
            data=json.dumps(feedback_data(data, faq_turn.TICKET, match.entry_id, list(match.suggestions))),
            buttons=buttons_json(pending[-1].buttons),
            channel=incoming.channel,
            message_id=incoming.message_id,
        )
    if ticket_id is None:
        log.info("duplicate delivery %s:%s dropped", incoming.channel, incoming.message_id)
        return []  # answered the first time
    engine.metrics.message(incoming.channel, Decision.ANSWER.value)
    log.info(
        "handled a %s message (employee): FAQ answer", incoming.channel,
        extra={"event": "message", "channel": incoming.channel, "person_id": asker.person_id, "ticket": ticket_id},
    )
    return answer_messages(entry.answer, lang, ticket_id)
