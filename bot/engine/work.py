"""A unit of work: one transaction, one instant, and the messages it causes.

`Work` is what sweeps use; `Turn` adds the person who is talking and the
replies to them. Messages to anyone else go to the outbox inside the same
transaction, so a rolled-back turn sends nothing and a committed one loses
nothing.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine.typed_buttons import buttons_json
from bot.messages import Button, Outgoing
from bot.outbox import encode
from routing.lifecycle import check_transition
from storage import outbox, people, tickets
from storage.models import Address, Conversation, Person, Ticket

if TYPE_CHECKING:
    from bot.engine.core import Engine

log = logging.getLogger("digicoach.engine")


@dataclass
class Work:
    engine: "Engine"
    session: AsyncSession
    now: datetime
    notified: int = 0

    async def notify(
        self, person_id: int | None, text: str, buttons: Sequence[Button] = (), *, key: str | None = None, **kw: object
    ) -> bool:
        """Queue a message for someone else; False when we have no way to reach them."""
        if person_id is None:
            return False
        address = await people.address_of(self.session, person_id)
        if address is None:
            log.warning("no channel address; message not queued", extra={"event": "no_address", "person_id": person_id})
            return False
        message = Outgoing(text=text, buttons=tuple(buttons), **kw)  # type: ignore[arg-type]
        outbox.enqueue(
            self.session,
            key=key or uuid.uuid4().hex,
            person_id=person_id,
            channel=address.channel,
            address=address.address,
            payload=encode(message),
            now=self.now,
        )
        if buttons:  # as for replies (bot/engine/deliver.py): a message without buttons keeps the earlier ones
            conv = await people.conversation(self.session, person_id, self.now)
            conv.buttons = buttons_json(buttons)
        self.notified += 1
        return True

    async def move(self, ticket: Ticket, state: str, *, coach_id: str | None = None, detail: str | None = None) -> None:
        """Change a ticket's state by the life-cycle rules, leaving an event row."""
        check_transition(ticket.state, state)
        await tickets.set_state(self.session, ticket, state, self.now, coach_id=coach_id, detail=detail)

    async def language_of(self, person_id: int | None) -> str:
        if person_id is None:
            return self.engine.default_language
        person = await people.person(self.session, person_id)
        return (person.language if person else None) or self.engine.default_language


@dataclass
class Turn(Work):
    person: Person = None  # type: ignore[assignment]
    conv: Conversation = None  # type: ignore[assignment]
    replies: list[Outgoing] = field(default_factory=list)
    handled: bool = False  # the turn was fully handled while it began (an invitation)
    decision: str = "other"  # for the messages metric: answer | suggest | route | command | button | other
    address_row: Address | None = None  # the chat address the turn came from, when `Engine._begin` loaded it
    keeps_prompt: bool = False  # the message answered nothing (a command, an empty line): the open buttons stay
    held: tuple = ()  # rows loaded with the person and kept referenced for the turn (the identity map is weak)
    reply_lang: str | None = None  # this turn's language when not the preference: a clear message's, a button's question's
    faq_learned: bool = False  # a coordinator approved a FAQ candidate: rebuild this replica's FAQ after the commit

    @property
    def lang(self) -> str:
        """The language of this turn's replies: the message's own when set, else the person's preference."""
        return self.reply_lang or self.person.language or self.engine.default_language

    def say(self, text: str, buttons: Sequence[Button] = (), **kw: object) -> None:
        self.replies.append(Outgoing(text=text, buttons=tuple(buttons), **kw))  # type: ignore[arg-type]

    @property
    def data(self) -> dict:
        return people.conversation_data(self.conv)

    def set_state(self, state: str, **data: object) -> None:
        people.set_conversation(self.conv, state, self.now, **data)
