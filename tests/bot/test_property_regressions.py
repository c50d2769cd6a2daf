"""Plain regression tests for bugs the property-based tests (tests/properties) found in the engine."""
from __future__ import annotations

from bot.texts import LANGUAGES, t
from tests.bot.harness import ask_coach, text_to

ERRORS = {t("error", lang) for lang in LANGUAGES}


async def onboard(chat, actor="jan", site="Groendienst, ploeg Citadelpark"):
    await chat.say(actor, "hallo")
    return await chat.say(actor, site)


async def test_a_superscript_digit_is_not_a_button_number(chat):
    """'²'.isdigit() is True but int('²') fails: a typed '²' crashed the turn ("Er ging iets mis")."""
    await chat.say("jan", "hallo")  # the answer has site buttons, so a bare number picks one
    for text in ("²", "1²", "³"):
        out = await chat.say("jan", text)
        assert text_to(out, "jan") and text_to(out, "jan") not in ERRORS


async def test_other_decimal_digits_still_pick_a_button(chat):
    await chat.say("jan", "hallo")
    out = await chat.say("jan", "\u0661")  # ARABIC-INDIC DIGIT ONE picks the first site
    assert "Groendienst" in text_to(out, "jan") or "Administratief" in text_to(out, "jan")


async def test_close_with_superscript_minutes_is_a_usage_answer(chat):
    """`/close resolved ²` crashed on int('²'); it is a wrong number of minutes, answered with the usage."""
    await onboard(chat)
    await ask_coach(chat, "jan", "mijn badge werkt niet meer aan de poort")
    await chat.say("coach:anna", "1")  # accept
    out = await chat.say("coach:anna", "/close resolved ²")
    assert text_to(out, "coach:anna") not in ERRORS
    assert "resolved" in text_to(out, "coach:anna")  # the usage lists the outcomes

