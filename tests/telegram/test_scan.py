"""The self-scan over the fake Bot API with the real python-telegram-bot: questions as inline buttons, the result
with its advice, "Ik wil me inschrijven" to the coordinator, who marks it planned with a button."""
from __future__ import annotations

from tests.telegram.conftest import Bot, phone

SIGN_UP = "Ik wil me inschrijven: Basiscursus digitaal (5 sessies)"


async def test_a_scan_by_buttons_to_a_planned_training(bot: Bot):
    tom = phone(bot, 3001, "Tom")
    await tom.send(f"/start {(await bot.invite('coordinator', 'tom')).replace('-', '')}")
    await tom.expect("Welkom, Tom")
    jan = phone(bot, 2001, "Jan")
    await jan.send("/start")
    await jan.press("Groendienst, ploeg Citadelpark")
    await jan.expect("Citadelpark")

    await jan.send("/scan")
    shown = await jan.expect("Vraag 1 van 14")
    assert [b["text"] for row in shown["reply_markup"]["inline_keyboard"] for b in row] == [
        "Dat kan ik niet", "Met hulp", "Zelf", "Ik kan het uitleggen", "Stoppen"]
    for number in range(2, 13):
        await jan.press("Met hulp")
        await jan.expect(f"Vraag {number} van 14")
        await bot.later(seconds=5)  # a person reads each question
    await jan.press("Met hulp")
    await jan.expect("Vraag 13 van 14")
    await jan.press("Ik laat het liggen")
    await jan.expect("Vraag 14 van 14")
    await jan.press("Ik doe het als het moet")
    result = await jan.expect("Je resultaat van de digiscan")
    assert "Rustige starter" in result["text"] and "Om aan te werken: Je telefoon gebruiken, Inloggen" in result["text"]

    await jan.press(SIGN_UP)
    await jan.expect("is doorgegeven aan je coördinator")
    await bot.flush()
    told = await tom.expect("Inschrijving #1: Jan (Groendienst)")
    assert [b["text"] for row in told["reply_markup"]["inline_keyboard"] for b in row] == ["Ingepland", "Gevolgd"]
    await tom.press("Ingepland")
    await tom.expect("staat nu op ingepland")
    await bot.flush()
    await jan.expect("je bent ingepland voor Basiscursus digitaal")
