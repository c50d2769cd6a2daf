"""Display names come from the platform, not from us: a hostile or odd one must not lock a person out or reach a coach."""
from __future__ import annotations

import pytest

from bot.messages import Incoming
from tests.bot.harness import text_to

TRY_AGAIN = "Er ging iets mis"


@pytest.mark.parametrize("name", ["Ja\x00n", "   ", "\u00a0\u3000", "\u202eevil\u202c", "\u200b"])
async def test_an_odd_display_name_can_still_ask_and_the_coach_sees_it_clean(chat, app, name):
    def say(text):  # type: ignore[no-untyped-def]
        return chat.app.engine.handle(Incoming(channel="telegram", address="4242", text=text, display_name=name))

    replies = await say("hallo")
    assert replies and not any(TRY_AGAIN in r.text for r in replies), [r.text for r in replies]
    await say("1")
    await chat.app.engine.handle(
        Incoming(channel="telegram", address="4242", text="de deur van de loods klemt en het alarm gaat af", display_name=name)
    )
    out = await chat.flush()
    offer = text_to(out, "coach:lotte")
    assert "Nieuwe vraag #1 van" in offer
    assert "\x00" not in offer and "\u202e" not in offer and "\u202c" not in offer
