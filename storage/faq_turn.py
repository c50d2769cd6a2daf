"""The most common turn on PostgreSQL in two statements: an employee's question the FAQ answers.

Most messages a deployment gets are questions the FAQ answers. Through the
ORM such a turn is ten round trips and most of a replica's CPU (issue 8's
load figures); here it is one read and one write. The write is a single
statement (writable CTEs), so it is atomic without BEGIN/COMMIT: the
duplicate-delivery row, closing the earlier unanswered tickets, the new
ticket, its events and the conversation all land together or not at all.
It writes exactly the rows `bot.engine.employee.ask` writes for an answered
question; tests/bot/test_faq_turn.py holds the two paths to that. SQLite
(one writer at a time anyway) always takes the general path.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import asyncpg

from storage.tickets import OPEN_STATES

TICKET = "@ticket@"  # stands for the new ticket's id in the conversation JSON; the write fills it in

_LOAD = """
SELECT p.id, p.role, p.language, p.site_id, p.lat, p.lon, p.location_at,
       a.reference, c.state, c.data, c.buttons, s.lat, s.lon, s.department,
       (SELECT t.state FROM tickets t WHERE t.employee_id = p.id AND t.state IN ({open_states})
        ORDER BY t.id DESC LIMIT 1)
FROM addresses a
JOIN people p ON p.id = a.person_id
JOIN conversations c ON c.person_id = p.id
LEFT JOIN sites s ON s.id = p.site_id
WHERE a.channel = $1 AND a.address = $2
""".format(open_states=", ".join(f"'{state}'" for state in OPEN_STATES))  # literals: the partial index applies

_SEEN = """seen AS (
    INSERT INTO processed_updates (channel, message_id, at) VALUES ($12, $13, $1)
), """

_SAVE = """
WITH {seen}previous AS (
    UPDATE tickets SET state = CASE WHEN faq_entry IS NULL THEN 'cancelled' ELSE 'self_served' END,
                       closed_at = $1, updated_at = $1
    WHERE employee_id = $2 AND state = 'new'
    RETURNING id, state
), previous_events AS (
    INSERT INTO ticket_events (ticket_id, at, kind, detail) SELECT id, $1, state, 'no reply' FROM previous
), ticket AS (
    INSERT INTO tickets (employee_id, state, question, language, site_id, department, lat, lon, offer_count,
                         faq_decision, faq_entry, created_at, updated_at, last_activity_at)
    VALUES ($2, 'new', $3, $4, $5, $6, $7, $8, 0, 'answer', $9, $1, $1, $1)
    RETURNING id
), created AS (
    INSERT INTO ticket_events (ticket_id, at, kind) SELECT id, $1, 'created' FROM ticket
), conversation AS (
    UPDATE conversations
    SET state = 'feedback', updated_at = $1,
        data = replace($10, '"{ticket}"', (SELECT id FROM ticket)::text),
        buttons = replace($11, '{ticket}', (SELECT id FROM ticket)::text)
    WHERE person_id = $2
)
SELECT id FROM ticket
"""
_SAVE_SEEN = _SAVE.format(seen=_SEEN, ticket=TICKET)
_SAVE_UNSEEN = _SAVE.format(seen="", ticket=TICKET)


@dataclass(frozen=True)
class Asker:
    """What the turn needs to know about the person who wrote, read in one query."""

    person_id: int
    role: str
    language: str | None
    site_id: str | None
    lat: float | None
    lon: float | None
    location_at: datetime | None
    reference: str | None  # the address's stored channel reference (Teams)
    state: str  # the conversation's
    data: str
    buttons: str
    site_lat: float | None
    site_lon: float | None
    department: str | None
    newest_open: str | None  # state of the newest open ticket, None without one


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


async def load(conn: Any, channel: str, address: str) -> Asker | None:
    """`conn`: an asyncpg connection. None: nobody with this address, or no conversation yet."""
    row = await conn.fetchrow(_LOAD, channel, address)
    if row is None:
        return None
    values = list(row)
    if values[6] is not None:
        values[6] = values[6].replace(tzinfo=timezone.utc)
    return Asker(*values)


async def save(
    conn: Any,
    *,
    now: datetime,
    person_id: int,
    question: str,
    language: str,
    site_id: str | None,
    department: str | None,
    lat: float | None,
    lon: float | None,
    entry_id: str,
    data: str,
    buttons: str,
    channel: str,
    message_id: str | None,
) -> int | None:
    """Write the answered question; the new ticket's id, or None when the message id was seen before."""
    args: list[Any] = [_naive_utc(now), person_id, question, language, site_id, department, lat, lon, entry_id, data, buttons]
    try:
        if message_id:
            return await conn.fetchval(_SAVE_SEEN, *args, channel, message_id)
        return await conn.fetchval(_SAVE_UNSEEN, *args)
    except asyncpg.UniqueViolationError as exc:
        if exc.table_name == "processed_updates":
            return None
        raise
