"""Two replicas on one database: what a coordinator approves on one answers employees on the other after its
periodic FAQ check, without a restart; what is pending or rejected never answers anybody."""
from __future__ import annotations

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from bot.jobs import refresh_learned
from faq.matcher import Decision
from storage.db import Database
from tests.bot.harness import Harness, text_to
from tests.conftest import MONDAY_MORNING, PG_URL

APPROVED = "de printer in de kantine drukt alles scheef af"
PENDING = "de mails op mijn telefoon doen raar"  # other topics: an approved neighbour must not answer them
REJECTED = "hoe werkt die tweestapsverificatie op mijn gsm"
ANSWER = "Stad-Print"


def same_database(database) -> Database:
    """A second connection pool to the test's database, as a second replica has."""
    if database.schema is None:
        return Database(str(database.engine.url))
    return Database(PG_URL, **database.schema.engine_kwargs())


async def employee(chat: Harness, name: str) -> None:
    await chat.say(name, "hallo")
    await chat.say(name, "1")


async def picks(chat: Harness, name: str, question: str) -> None:
    await employee(chat, name)
    out = await chat.say(name, question)
    assert "Bedoelde je" in text_to(out, name), "before learning, the FAQ only suggests"
    await chat.say(name, "1")


async def asks(chat: Harness, name: str, question: str) -> str:
    await employee(chat, name)
    return text_to(await chat.say(name, question), name)


async def test_an_approval_on_one_replica_answers_on_the_other_after_its_check(database):
    clock = FakeClock(MONDAY_MORNING)
    a = await build_app(Config(), clock, db=database)
    b = await build_app(Config(), clock, db=same_database(database))
    await a.link_console()
    on_a, on_b = Harness(a), Harness(b)
    try:
        for name, question in (("jan", APPROVED), ("fatima", PENDING), ("piet", REJECTED)):
            await picks(on_a, name, question)
        assert APPROVED in text_to(await on_a.say("coordinator:tom", "/faq"), "coordinator:tom")
        assert PENDING in text_to(await on_a.say("coordinator:tom", "Goedkeuren"), "coordinator:tom")
        assert REJECTED in text_to(await on_a.say("coordinator:tom", "Volgende"), "coordinator:tom")
        assert "Afgewezen" in text_to(await on_a.say("coordinator:tom", "Afwijzen"), "coordinator:tom")

        # the approving replica uses it at once; the other one still has its old FAQ until its periodic check
        assert ANSWER in await asks(on_a, "els", APPROVED)
        assert "Bedoelde je" in await asks(on_b, "karel", APPROVED)
        assert b.faq.current()[1].match(APPROVED, "nl").decision == Decision.SUGGEST

        assert await refresh_learned(b), "the check notices the approval and rebuilds"
        assert not await refresh_learned(b), "nothing new: no rebuild"
        said = await asks(on_b, "mona", APPROVED)
        assert ANSWER in said and "Heeft dit geholpen?" in said and "Bedoelde je" not in said

        for name, question in (("ruben", PENDING), ("sara", REJECTED)):
            said = await asks(on_b, name, question)
            assert "Bedoelde je" in said and "Heeft dit geholpen?" not in said, question
    finally:
        await a.close()
        await b.close()
