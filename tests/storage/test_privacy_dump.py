"""Erase and retention reach every copy (issue 15, findings 5 and 6): a person leaves a unique marker in every
way a person can leave text (tests/storage/markers.py), then a full dump of the database is searched for it.

What stays, on purpose: after retention, people's names (kept until the person is erased, README "Personal
data"); after erasing Jan, everything of Piet, who was not erased. Coaches' names (Anna, Lotte) are the
directory's and stay; a coach's words to Jan are erased with Jan's ticket, because they are about his question.
"""
from __future__ import annotations

from datetime import timedelta

from bot.digest.content import Week
from bot.digest.delivery import DigestSender, faq_titles
from bot.jobs import run_retention
from storage.privacy import erase_person, find_person
from tests.bot.harness import text_to, to
from tests.conftest import MONDAY_MORNING
from tests.storage.markers import (
    DECLINE_REASON_IN_WORDS, JAN, PHOTO, PIET, dump, jan_leaves_text_everywhere, markers_in, where,
)


async def test_erase_leaves_no_marker_of_the_person_in_a_full_dump(database):
    world = await jan_leaves_text_everywhere(database)
    before = dump(database)
    planted = set(JAN.values())
    assert planted <= markers_in(before), f"not planted: {planted - markers_in(before)}"
    assert DECLINE_REASON_IN_WORDS not in before, "a decline reason is a button's code, never the coach's words"
    assert PHOTO in before

    async with database.session() as session:
        counts = await erase_person(session, await find_person(session, "console:jan"), MONDAY_MORNING)
    after = dump(database)

    assert {marker: where(after, marker) for marker in planted if marker in after} == {}
    assert PHOTO not in after
    assert set(PIET.values()) <= markers_in(after), "Piet was not erased: the dump still shows his words"
    assert counts["outbox_dropped"] >= 3  # the undelivered offer, relay and photo to Lotte (and Tom's digest)

    # Lotte and Tom come back online: nothing of Jan reaches them.
    world.flaky.offline.clear()
    out = await world.chat.tick(5)
    assert "ZQXMARKER-1" not in text_to(out, "coach:lotte") + text_to(out, "coordinator:tom")
    assert not any(message.attachment for message in to(out, "coach:lotte"))
    # Tom's digest of the week is built again, without Jan's words but with his questions counted.
    sender = DigestSender(world.app.engine, world.app.config.digest, faq_titles(world.app.engine))
    await sender.send(Week.containing(world.app.clock.now(), world.app.engine.tz), ["tom"])
    digest = to(await world.chat.flush(), "coordinator:tom")
    files = "".join(message.document[1].decode() for message in digest if message.document)
    assert "Vragen: 4" in digest[0].text and "de loods" not in files and "ZQXMARKER-1" not in files


async def test_retention_leaves_only_names_in_a_full_dump(database):
    world = await jan_leaves_text_everywhere(database)
    world.chat.clock.advance(timedelta(days=181))  # [privacy] retention_days is 180

    counts = await run_retention(world.app)  # what the running bot does daily
    after = dump(database)

    assert markers_in(after) == {JAN["display name"], PIET["display name"]}, {
        marker: where(after, marker) for marker in markers_in(after)
    }
    assert counts["conversations_reset"] >= 1
    # Piet comes back half a year later and picks his site: his old question is not asked for him.
    world.flaky.offline.clear()
    await world.chat.say("piet", "hallo")
    out = await world.chat.say("piet", "1")
    assert "Ik zoek een digicoach" not in text_to(out, "piet")
    assert not to(out, "coach:lotte") and not to(out, "coach:anna")
