"""A person who left text in every way a person can, each piece carrying a unique marker; and a full dump of
the database to look for the markers afterwards.

The world is played through the real engine (tests/bot/harness.py), as on the console: nothing is written
to the database by hand. Coordinator Tom and, later, coach Lotte are offline (their messages stay in the
outbox, retried), so there are undelivered messages to others quoting Jan, as on a day a phone is off.
"""
from __future__ import annotations

import base64
import binascii
import re
import sqlite3
import subprocess
from dataclasses import dataclass

from bot.app import App, build_app
from bot.clock import FakeClock
from bot.config import Config
from bot.digest.content import Week
from bot.digest.delivery import DigestSender, faq_titles
from bot.messages import Attachment, Outgoing
from bot.outbox import DeliveryError
from tests.bot.harness import Harness, buttons_to, payloads_to
from tests.conftest import MONDAY_MORNING, PG_HOST, PG_PORT

MARKER = re.compile(r"ZQXMARKER-\d+")


def m(n: int) -> str:
    return f"ZQXMARKER-{n}"


# Jan, the person who is erased: every way he leaves text, and the marker it carries.
JAN = {
    "display name": m(101),
    "question typed before choosing a site (pending)": m(102),
    "relay employee -> coach": m(104),
    "relay coach -> employee": m(105),
    "coach's 'goede FAQ-vraag' answer": m(106),
    "question the FAQ answered, confirmed (FAQ candidate)": m(107),
    "question with FAQ suggestions": m(108),
    "FAQ feedback in words ('nee, ...')": m(109),
    "relay employee -> coach, undelivered": m(111),
}
PHOTO = "photo-of-the-roster"  # Jan's photo, passed on to an offline coach
# Typed by a coach as the reason for declining Jan's question: the bot keeps only the button's reason
# (busy / topic / away), never words, so this one is never stored at all.
DECLINE_REASON_IN_WORDS = m(103)
# Someone else: Piet typed a question before choosing a site and never chose one (finding 6), and is not erased.
PIET = {"display name": m(201), "question typed before choosing a site (pending)": m(202)}


class Flaky:
    """The console as harness, except that actors in `offline` cannot be reached (a retryable error)."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.offline: set[str] = set()

    async def send(self, address: str, message: Outgoing) -> None:
        if address in self.offline:
            raise DeliveryError("phone off", retry_after=60)
        await self.inner.send(address, message)  # type: ignore[attr-defined]


@dataclass
class World:
    app: App
    chat: Harness
    flaky: Flaky


async def press_none_of_these(chat: Harness, actor: str, out: list) -> list:  # type: ignore[type-arg]
    labels = buttons_to(out, actor)
    if "Geen van deze" in labels:
        out = await chat.say(actor, payload=payloads_to(out, actor)[labels.index("Geen van deze")])
    return out


async def jan_leaves_text_everywhere(database) -> World:  # type: ignore[no-untyped-def]
    app = await build_app(Config(), FakeClock(MONDAY_MORNING), db=database)
    await app.link_console()
    chat = Harness(app)
    flaky = Flaky(app.dispatcher.senders["console"])
    app.dispatcher.register("console", flaky)
    flaky.offline.add("coordinator:tom")

    # Piet types a question before choosing a site, and never chooses one.
    await chat.say("piet", "hallo", display_name=f"{PIET['display name']} Piet")
    await chat.say("piet", f"{m(202)} mijn badge opent de deur van de kelder niet meer")

    # Jan's first question comes before his site; once the site is known it goes to a coach.
    await chat.say("jan", "hallo", display_name=f"{m(101)} Jan")
    await chat.say("jan", f"{m(102)} de deur van de loods klemt en het alarm gaat af")
    out = await chat.say("jan", "1")
    await press_none_of_these(chat, "jan", out)
    await chat.say("coach:lotte", "Niet nu")
    await chat.say("coach:lotte", f"{DECLINE_REASON_IN_WORDS} geen tijd vandaag")
    await chat.say("coach:anna", "Ik help")
    await chat.say("jan", f"{m(104)} het is aan de achterpoort")
    await chat.say("coach:anna", f"{m(105)} probeer je badge eens opnieuw")
    await chat.say("coach:anna", "/close resolved 5")
    await chat.say("coach:anna", "Goede FAQ-vraag")
    await chat.say("coach:anna", f"{m(106)} Bel facilitair op 09 266 00 00 voor de loods")
    await chat.say("jan", "4")

    # An FAQ answer Jan confirms: his words become a candidate phrasing.
    await chat.say("jan", f"{m(107)} waar vind ik mijn loonbrief")
    await chat.say("jan", "ja")

    # Suggestions; Jan picks one, says in words it did not help, and goes to a coach who is offline.
    await chat.say("jan", f"{m(108)} hoe vraag ik verlof aan")
    await chat.say("jan", "1")
    flaky.offline.add("coach:lotte")
    out = await chat.say("jan", f"nee, {m(109)} dat klopt niet voor mijn ploeg")
    await press_none_of_these(chat, "jan", out)
    await chat.say("coach:lotte", "Ik help")  # the offer was never delivered, but its button works
    await chat.say("jan", f"{m(111)} mijn ploeg werkt in een ander rooster")
    await chat.say("jan", attachment=Attachment("photo", "photo-of-the-roster"))  # undelivered: "Jan sent a photo"

    # This week's digest for coordinator Tom, queued and not delivered (his phone is off).
    sender = DigestSender(app.engine, app.config.digest, faq_titles(app.engine))
    await sender.send(Week.containing(app.clock.now(), app.engine.tz), ["tom"])
    return World(app, chat, flaky)


def _decoded(text: str) -> str:
    """The dump plus whatever base64 inside it decodes to (the digest's files travel base64 in the outbox)."""
    extra = []
    for run in re.findall(r"[A-Za-z0-9+/]{24,}={0,2}", text):
        try:
            extra.append(base64.b64decode(run + "=" * (-len(run) % 4)).decode("utf-8", "ignore"))
        except (binascii.Error, ValueError):
            pass
    return text + "\n" + "\n".join(extra)


def dump(database) -> str:  # type: ignore[no-untyped-def]
    """A full data dump: `pg_dump --data-only` of the test's schema on PostgreSQL, `.dump` on SQLite."""
    if database.backend == "postgresql":
        result = subprocess.run(
            ["pg_dump", "-h", PG_HOST, "-p", str(PG_PORT), "-U", "postgres", "-d", "test", "--data-only",
             "-n", database.schema.name],
            capture_output=True, text=True, timeout=60, check=True,
        )
        text = result.stdout
    else:
        path = database.url.split("///", 1)[1]
        connection = sqlite3.connect(path)
        try:
            text = "\n".join(connection.iterdump())
        finally:
            connection.close()
    return _decoded(text)


def markers_in(text: str) -> set[str]:
    return set(MARKER.findall(text))


def where(text: str, marker: str) -> list[str]:
    """The dump's lines holding `marker`, shortened: what a failing assertion shows."""
    return [line[:200] for line in text.splitlines() if marker in line][:5]
