"""Step 2 of a message: who is talking, by their chat address.

A stranger becomes an employee on their first message (welcomed; their
language from their app, else from their words when those are clear, else
none yet: bot.engine.message_language sets it from their first clear message).
An invitation code is the only way to become a coach or coordinator; it links
this chat account to the directory row, by the same rule the console and
Teams' e-mail linking use (`link_person`).
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine.message_language import message_language
from bot.engine.receive import clean_text, guess_language
from bot.engine.work import Turn
from bot.messages import Incoming
from bot.texts import t
from storage import invites, people
from storage.models import Coach, Person

if TYPE_CHECKING:
    from bot.engine.core import Engine

log = logging.getLogger("digicoach.engine")


async def identify(engine: "Engine", session: AsyncSession, incoming: Incoming, now: datetime) -> Turn:
    """The turn of whoever sent `incoming`: found by address, linked by invitation, or new."""
    code = invite_code(incoming)
    if code is not None:
        return await redeem_invite(engine, session, incoming, code, now)
    found = await people.load_for_turn(session, incoming.channel, incoming.address)
    person, address_row, conv, site = found if found is not None else (None, None, None, None)
    created = person is None
    if person is None:
        # "help", "/help" or "hallo" leave it open (None, answered in the default language)
        language = guess_language(engine, incoming) if incoming.locale else message_language(clean_text(incoming.text))
        person = await people.create_person(session, role="employee", now=now, first_name=first_name(incoming), language=language)
        address_row = await people.add_address(session, person, incoming.channel, incoming.address, now)
    if conv is None:
        conv = await people.conversation(session, person.id, now)
    turn = Turn(engine=engine, session=session, now=now, person=person, conv=conv)
    turn.address_row = address_row
    turn.held = (site,)  # keeps the site in the session: `session.get(Site, ...)` then needs no query
    if created:
        turn.say(t("welcome", turn.lang))
    return turn


async def redeem_invite(engine: "Engine", session: AsyncSession, incoming: Incoming, code: str, now: datetime) -> Turn:
    """Link this chat account to a coach or coordinator; a bad code leaves the person an employee, told so."""
    address = await people.address_row(session, incoming.channel, incoming.address)
    current = await people.person(session, address.person_id) if address else None
    invite = await invites.redeem(session, code, current.id if current else None, now)
    if invite is None:
        person = current or await people.create_person(
            session, role="employee", now=now, first_name=first_name(incoming),
            language=guess_language(engine, incoming) if incoming.locale else engine.default_language,
        )
        if address is None:
            await people.add_address(session, person, incoming.channel, incoming.address, now)
        turn = Turn(engine=engine, session=session, now=now, person=person, conv=await people.conversation(session, person.id, now))
        log.warning("invalid, used or expired invitation code on %s", incoming.channel)
        turn.say(t("invite_invalid", turn.lang))
        return turn
    linked = await link_person(
        engine, session, invite.role, invite.directory_id, incoming.channel, incoming.address, now, reached_now=True
    )
    if linked is None:
        raise LookupError(f"invitation for unknown {invite.role} {invite.directory_id}")
    person, name = linked
    turn = Turn(engine=engine, session=session, now=now, person=person, conv=await people.conversation(session, person.id, now))
    log.info("%s linked on %s by invitation", invite.role, incoming.channel, extra={"event": "linked", "person_id": person.id})
    turn.say(t("invite_welcome", turn.lang, name=name))
    turn.say(t("help_coach" if invite.role == "coach" else "help_coordinator", turn.lang))
    turn.handled = True
    return turn


async def link_person(
    engine: "Engine", session: AsyncSession, role: str, directory_id: str, channel: str, address: str, now: datetime,
    *, reached_now: bool = False,
) -> tuple[Person, str] | None:
    """Give the directory's coach or coordinator a person and this chat address: (person, first name), None for an unknown id.

    The one linking rule: the directory row gets a person on first link (its
    first name, the coach's first language); an address that spoke as someone
    else (an employee before the invitation) now speaks as them. `reached_now`:
    this address becomes the one to reach them on (they just wrote from it).
    """
    row = await people.directory_row(session, role, directory_id)
    if row is None:
        return None
    if row.person_id is None:
        language = (row.languages.split(",")[0] if isinstance(row, Coach) else None) or engine.default_language
        person = await people.create_person(session, role=role, now=now, first_name=row.name.split()[0], language=language)
        row.person_id = person.id
    else:
        person = await people.person(session, row.person_id)
        assert person is not None  # the foreign key holds it
    existing = await people.address_row(session, channel, address)
    if existing is None:
        await people.add_address(session, person, channel, address, now)
    elif existing.person_id != person.id or reached_now:
        existing.person_id = person.id
        existing.created_at = now  # storage.people.address_of reaches a person on their newest address
    return person, row.name.split()[0]


def invite_code(incoming: Incoming) -> str | None:
    """A deep-link code, `/start CODE`, or a code typed on its own (Teams)."""
    if incoming.start_code:
        return incoming.start_code
    text = (incoming.text or "").strip()
    if text.lower().startswith("/start "):
        text = text[7:].strip()
        return text if invites.normalise_code(text) else None
    return text if invites.looks_typed(text) else None


def first_name(incoming: Incoming) -> str | None:
    """The platform's display name is text from outside like any message: cleaned the same way (no NUL a
    database refuses, no bidi override that reorders what a coach reads); only spaces gives no name."""
    words = clean_text(incoming.display_name).split()
    if words:
        return words[0][:50]
    if incoming.channel == "console":
        return incoming.address.split(":")[-1][:50].capitalize()
    return None
