"""A snapshot of everything a button press or command could change, to assert that an attack changed nothing."""
from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from storage.models import Coach, FaqFeedback, Offer, OutboxMessage, Person, RelayedMessage, Ticket, TicketEvent

# Conversations (the remembered buttons) and processed updates change on every message by design.
_TABLES = (Ticket, TicketEvent, Offer, OutboxMessage, FaqFeedback, RelayedMessage, Coach, Person)


async def snapshot(app: App) -> dict[str, list[tuple]]:
    state: dict[str, list[tuple]] = {}
    async with app.db.session() as session:
        for model in _TABLES:
            columns = [c for c in model.__table__.columns]
            rows = await session.execute(select(*columns).order_by(*model.__table__.primary_key.columns))
            state[model.__tablename__] = [tuple(r) for r in rows]
    return state
