"""What a channel may ask about a chat account (bot/engine/accounts.py), answered from storage."""
from __future__ import annotations

from sqlalchemy import select, update

from bot.engine.accounts import menu
from bot.engine.typed_buttons import buttons_json
from bot.messages import Button
from storage.models import Address, Coach, Conversation, Person


def test_menu_per_role_and_language():
    assert [c for c, _ in menu("employee", "nl")] == ["help", "lang", "cancel", "scan"]
    assert [c for c, _ in menu("coach", "en")] == ["tickets", "close", "pause", "resume", "status", "help", "lang"]
    assert menu("coordinator", "en")[0] == ("tickets", "Questions waiting or open for long")
    assert menu("someone", "fr") == menu("employee", "fr"), "an unknown role gets the employee's menu"


async def test_an_unknown_address_has_the_default_language_and_nothing_stored(app):
    accounts = app.accounts
    assert not await accounts.knows("telegram", "42")
    assert await accounts.language_of("telegram", "42") == "nl"
    assert await accounts.role_and_language("telegram", "42") is None
    assert await accounts.stored_payloads("telegram", "42") == []
    assert await accounts.reference_of("telegram", "42") is None


async def test_role_language_and_stored_buttons_of_a_known_address(app, chat):
    await chat.say("kim", "/start", reference='{"ref": 1}')
    accounts = app.accounts
    assert await accounts.knows("console", "kim")
    assert await accounts.reference_of("console", "kim") == '{"ref": 1}'
    async with app.db.session() as s:
        person_id = (
            await s.execute(select(Address.person_id).where(Address.channel == "console", Address.address == "kim"))
        ).scalar_one()
        await s.execute(update(Person).where(Person.id == person_id).values(language="en"))
    assert await accounts.role_and_language("console", "kim") == ("employee", "en")
    async with app.db.session() as s:
        await s.execute(update(Person).where(Person.id == person_id).values(language="xx"))
    assert await accounts.language_of("console", "kim") == "nl", "a language the bot does not speak: the default"

    long = "site:" + "s" * 64
    async with app.db.session() as s:
        conv = await s.get(Conversation, person_id)
        conv.buttons = buttons_json([Button("Ja", "yes:1"), Button("Site", long)])
    assert await accounts.stored_payloads("console", "kim") == ["yes:1", long]
    async with app.db.session() as s:
        (await s.get(Conversation, person_id)).buttons = "not json"
    assert await accounts.stored_payloads("console", "kim") == []


async def test_staff_addresses_and_directory_email(app, chat):
    await chat.say("kim", "hallo")
    staff = await app.accounts.staff_addresses("console")
    assert "coach:anna" in staff and "coordinator:tom" in staff and "kim" not in staff
    assert await app.accounts.staff_addresses("telegram") == []
    async with app.db.session() as s:
        await s.execute(update(Coach).where(Coach.id == "anna").values(email="Anna.Janssens@stad.gent"))
    assert await app.accounts.directory_match_by_email([None, "nobody@stad.gent", "anna.janssens@stad.gent"]) == ("coach", "anna")
    assert await app.accounts.directory_match_by_email([None, ""]) is None
