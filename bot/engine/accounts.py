"""What a channel may ask about a chat account, so that channels translate only.

A channel module (bot/channels/*.py) holds SDK calls and rendering. Whatever
needs the database (a person's language or role, the buttons the engine
stored, a Teams conversation reference, a directory e-mail) or a rule of the
bot (which commands each role's menu shows) is answered here, once, for
every channel. The queries live in storage/accounts.py.
"""
from __future__ import annotations

from typing import Iterable

from bot.engine.typed_buttons import stored_buttons
from bot.texts import LANGUAGES, t
from storage import accounts as stored
from storage import people
from storage.db import Database

# The command menu per role: (command, text key of its one-line description); an unknown role gets the employee's.
MENUS: dict[str, list[tuple[str, str]]] = {
    "employee": [("help", "cmd_help"), ("lang", "cmd_lang"), ("cancel", "cmd_cancel"), ("scan", "cmd_scan")],
    "coach": [
        ("tickets", "cmd_tickets"),
        ("close", "cmd_close"),
        ("pause", "cmd_pause"),
        ("resume", "cmd_resume"),
        ("status", "cmd_status"),
        ("help", "cmd_help"),
        ("lang", "cmd_lang"),
    ],
    "coordinator": [("tickets", "cmd_tickets_coordinator"), ("faq", "cmd_faq"), ("web", "cmd_web"), ("help", "cmd_help"),
                    ("lang", "cmd_lang")],
}


def menu(role: str, lang: str) -> list[tuple[str, str]]:
    """The (command, description) pairs a chat app shows as this role's command menu, in `lang`.

    Which commands a role sees is a rule of the bot, not of a chat app: the
    channel only turns these pairs into its SDK's menu objects.
    """
    return [(command, t(key, lang)) for command, key in MENUS.get(role, MENUS["employee"])]


class Accounts:
    """A channel's questions about the person behind a chat address, each answered in its own short transaction."""

    def __init__(self, db: Database, default_language: str) -> None:
        self.db = db
        self.default_language = default_language

    def _language(self, language: str | None) -> str:
        """A stored language the bot speaks, else the configured default (as the engine answers)."""
        return language if language in LANGUAGES else self.default_language

    async def knows(self, channel: str, address: str) -> bool:
        """Whether this address is linked to a person: Teams then skips the directory e-mail lookup."""
        async with self.db.session() as session:
            return await stored.role_and_language(session, channel, address) is not None

    async def language_of(self, channel: str, address: str) -> str:
        """The language to render channel-made texts in (a keyboard's label) when the engine's message has none."""
        async with self.db.session() as session:
            found = await stored.role_and_language(session, channel, address)
        return self._language(found[1] if found else None)

    async def role_and_language(self, channel: str, address: str) -> tuple[str, str] | None:
        """Role and language of a linked address, for its command menu; None for an address nobody uses yet."""
        async with self.db.session() as session:
            found = await stored.role_and_language(session, channel, address)
        if found is None:
            return None
        role, language = found
        return role, self._language(language)

    async def stored_payloads(self, channel: str, address: str) -> list[str]:
        """The payloads of the last buttons the engine sent this address.

        After a restart a channel that shortened long payloads (Telegram's
        64-byte callback data) has forgotten its keys; it finds them again here.
        """
        async with self.db.session() as session:
            text = await stored.buttons_json(session, channel, address)
        return [payload for _, payload in stored_buttons(text)]

    async def staff_addresses(self, channel: str) -> list[str]:
        """Addresses on `channel` of every linked coach and coordinator: their menus differ from the default one."""
        async with self.db.session() as session:
            return await stored.staff_addresses(session, channel)

    async def reference_of(self, channel: str, address: str) -> str | None:
        """The channel's stored handle to message this address later (Teams: a conversation reference's JSON)."""
        async with self.db.session() as session:
            return await people.reference_of(session, channel, address)

    async def directory_match_by_email(self, emails: Iterable[str | None]) -> tuple[str, str] | None:
        """(role, id) of the one directory coach or coordinator with the first of these e-mails that matches.

        A channel that can vouch for a user's e-mail (Teams in the configured
        tenant) links them on first contact without an invitation code.
        """
        async with self.db.session() as session:
            return await stored.directory_match(session, emails)
