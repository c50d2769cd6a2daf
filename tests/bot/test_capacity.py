"""A coach never gets more than their capacity, however many questions arrive at once (finding 2 of issue 15).

Offering counts accepted tickets plus pending offers; accepting counts the tickets
held. Both count under the coach's row lock, so on PostgreSQL concurrent turns
cannot each see room for one; on SQLite one writer at a time gives the same.
"""
from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config, DirectoryConfig
from bot.messages import Incoming
from storage.models import Offer, Ticket
from tests.bot.harness import Harness, buttons_to, payloads_to, text_to
from tests.conftest import MONDAY_MORNING

QUESTION = "de deur van de loods klemt en het alarm gaat af"
EMPLOYEES = ("emma", "finn", "gert", "hilde", "ines", "jef")

DIRECTORY = """
timezone = "Europe/Brussels"

[[site]]
id = "depot"
name = "Depot Noord"
lat = 51.07
lon = 3.72

[[site]]
id = "zuid"
name = "Depot Zuid"
lat = 51.00
lon = 3.72

[[coach]]
id = "anna"
name = "Anna"
site = "depot"
languages = ["nl"]
capacity = 1
hours = ["mon-sun 00:00-24:00"]

[[coach]]
id = "lotte"
name = "Lotte"
site = "zuid"
languages = ["nl"]
capacity = 1
hours = ["mon-sun 00:00-24:00"]

[[coordinator]]
id = "tom"
name = "Tom"
"""


async def one_coach_world(database, tmp_path) -> Harness:
    path = tmp_path / "directory.toml"
    path.write_text(DIRECTORY)
    app = await build_app(Config(directory=DirectoryConfig(path=str(path))), FakeClock(MONDAY_MORNING), db=database)
    await app.link_console()
    return Harness(app)


async def offers_held(chat: Harness, coach: str) -> tuple[int, int]:
    """(pending offers, accepted tickets) of a coach, as the database has them."""
    async with chat.app.db.session() as s:
        pending = await s.scalar(select(func.count()).where(Offer.coach_id == coach, Offer.status == "pending"))
        accepted = await s.scalar(select(func.count()).where(Ticket.coach_id == coach, Ticket.state == "accepted"))
    return int(pending or 0), int(accepted or 0)


async def at_once(chat: Harness, messages: list[tuple[str, dict]]) -> dict[str, list]:
    """Several people's messages handled at the same time, as a busy replica (or several) would; their replies."""
    engine = chat.app.engine
    replies = await asyncio.gather(*(engine.handle(Incoming(channel="console", address=a, **kw)) for a, kw in messages))
    await chat.flush()
    return {actor: list(r) for (actor, _), r in zip(messages, replies)}


async def test_employees_asking_at_once_never_overfill_a_coach(database, tmp_path):
    """Six employees ask at the same moment; Anna (capacity 1) is offered one question and helps with one."""
    chat = await one_coach_world(database, tmp_path)
    await chat.say("coach:lotte", "/pause")  # Anna is the only coach available
    for name in EMPLOYEES:
        await chat.say(name, "hallo")
        await chat.say(name, "Depot Noord")
    replies = await at_once(chat, [(name, {"text": QUESTION}) for name in EMPLOYEES])
    none_fits = [  # the FAQ may suggest topics first: "none of these", again all at once
        (name, {"payload": buttons[-1].payload})
        for name, out in replies.items()
        for buttons in [[b for m in out for b in m.buttons]]
        if any(b.label == "Geen van deze" for b in buttons)
    ]
    if none_fits:
        await at_once(chat, none_fits)
    async with chat.app.db.session() as s:
        assert not await s.scalar(select(func.count()).select_from(Ticket).where(Ticket.state == "new")), "all routed"
    pending, accepted = await offers_held(chat, "anna")
    assert (pending, accepted) == (1, 0), "a coach with capacity 1 is offered one question, not several"

    async with chat.app.db.session() as s:
        offered = list((await s.scalars(select(Offer.ticket_id).where(Offer.coach_id == "anna"))).all())
    await at_once(chat, [("coach:anna", {"payload": f"accept:{tid}"}) for tid in offered])
    pending, accepted = await offers_held(chat, "anna")
    assert accepted == 1 and pending == 0, "Anna helps one colleague at a time"


async def test_an_offer_beyond_capacity_is_not_taken_and_goes_to_the_next_coach(database, tmp_path):
    """A coordinator assigns a second question to Anna (capacity 1) while she helps Jan: her "Ik help" is refused
    in plain words, and the question goes to Lotte."""
    chat = await one_coach_world(database, tmp_path)
    await chat.say("coach:lotte", "/pause")
    for name in ("jan", "piet"):
        await chat.say(name, "hallo")
        await chat.say(name, "Depot Noord")
    out = await chat.say("jan", QUESTION)
    if "Geen van deze" in buttons_to(out, "jan"):
        out = await chat.say("jan", payload=payloads_to(out, "jan")[-1])
    assert "Nieuwe vraag #1" in text_to(out, "coach:anna")
    out = await chat.say("coach:anna", "Ik help")
    assert "Je helpt" in text_to(out, "coach:anna")

    out = await chat.say("piet", QUESTION)
    if "Geen van deze" in buttons_to(out, "piet"):
        out = await chat.say("piet", payload=payloads_to(out, "piet")[-1])
    assert "Nieuwe vraag" not in text_to(out, "coach:anna"), "Anna is full: not offered"
    tid = max(int(p.split(":")[1]) for p in payloads_to(await chat.say("coordinator:tom", "/tickets"), "coordinator:tom"))
    out = await chat.say("coordinator:tom", payload=f"assign:{tid}:anna")
    assert f"Nieuwe vraag #{tid}" in text_to(out, "coach:anna")
    await chat.say("coach:lotte", "/resume")

    out = await chat.say("coach:anna", payload=f"accept:{tid}")
    assert "zoveel collega's tegelijk als je kunt (1)" in text_to(out, "coach:anna")
    assert f"Nieuwe vraag #{tid}" in text_to(out, "coach:lotte"), "the question goes on to the next coach"
    assert await offers_held(chat, "anna") == (0, 1)
    out = await chat.say("coach:lotte", "Ik help")
    assert "Je helpt Piet" in text_to(out, "coach:lotte")
