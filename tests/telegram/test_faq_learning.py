"""The learning FAQ over the fake Bot API with the real python-telegram-bot: a coordinator reviews with inline
buttons (approve, edit, reject); the approved phrasing answers the next employee; the rejected one never does."""
from __future__ import annotations

from tests.telegram.conftest import Bot, phone

PRINTER = "de printer in de kantine drukt alles scheef af"
MAIL = "de mails op mijn telefoon doen raar"
EDITED = "mijn afdrukken komen scheef uit de printer"


async def employee(bot: Bot, user_id: int, name: str):
    person = phone(bot, user_id, name)
    await person.send("/start")
    await person.expect("Op welke plek werk je")
    await person.press("Administratief Centrum Zuid, Woodrow Wilsonplein")
    await person.expect("Woodrow Wilsonplein")
    return person


async def test_coordinator_reviews_with_inline_buttons(bot: Bot):
    tom = phone(bot, 3001, "Tom")
    code = await bot.invite("coordinator", "tom")
    await tom.send(f"/start {code.replace('-', '')}")
    await tom.expect("Welkom, Tom")

    jan = await employee(bot, 2001, "Jan")
    await jan.send(PRINTER)
    await jan.expect("Bedoelde je")
    await jan.press("afdrukken op het werk")
    await jan.expect("Stad-Print")
    await jan.send(MAIL)
    await jan.expect("Bedoelde je")
    await jan.press(_first_suggestion(bot, jan.id))
    await jan.expect("Heeft dit geholpen?")

    await tom.send("/faq")
    shown = await tom.expect("FAQ-voorstel #1 (2 wachten)")  # in the order they came: both asked once
    assert PRINTER in shown["text"]
    assert [b["text"] for row in shown["reply_markup"]["inline_keyboard"] for b in row] == [
        "Goedkeuren", "Aanpassen", "Afwijzen", "Volgende"]
    await tom.press("Aanpassen")
    await tom.expect("Typ de vraag zoals ze in de FAQ moet komen")
    await tom.send(EDITED)
    shown = await tom.expect("Goedgekeurd")
    assert "FAQ-voorstel #2" in shown["text"] and MAIL in shown["text"], "the next one comes with the confirmation"
    await tom.press("Afwijzen")
    await tom.expect("Er wachten geen FAQ-voorstellen meer")

    piet = await employee(bot, 2002, "Piet")
    await piet.send(EDITED)
    said = await piet.expect("Stad-Print")
    assert "Heeft dit geholpen?" in said["text"] and said["reply_markup"]["inline_keyboard"]
    await piet.send(MAIL)
    said = await piet.expect("Bedoelde je")
    assert "Heeft dit geholpen?" not in said["text"], "a rejected phrasing never answers"


def _first_suggestion(bot: Bot, chat_id: int) -> str:
    """The first suggestion button of the last message with buttons in this chat."""
    for call in reversed(bot.fake.calls):
        markup = call.params.get("reply_markup") or {}
        if call.params.get("chat_id") == chat_id and markup.get("inline_keyboard"):
            return markup["inline_keyboard"][0][0]["text"]
    raise AssertionError("no buttons")
