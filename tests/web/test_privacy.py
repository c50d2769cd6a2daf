"""Privacy over HTTP: find a person as the CLI does, export the CLI's JSON, erase only after confirming; each one audited;
a scoped coordinator reaches only people of their departments, by search and by URL alike."""
from __future__ import annotations

import json
from urllib.parse import unquote

from sqlalchemy import select

from storage.models import AuditEntry, Person
from storage.privacy import export_json, export_person
from tests.bot.harness import ask_coach
from tests.web.conftest import csrf_of, signed_in
from tests.web.scoping import person_id, scope

DOOR = "de deur van de loods klemt en het alarm gaat af, bel me op 0470 12 34 56"


async def employees(chat) -> tuple[int, int]:
    """jan at a Groendienst site with a question for a coach; piet at Administratie."""
    await chat.say("jan", "hallo")
    await chat.say("jan", payload="site:groendienst-blaarmeersen")
    await ask_coach(chat, "jan", DOOR)
    await chat.say("piet", "hallo")
    await chat.say("piet", payload="site:ac-zuid")
    return await person_id(chat, "jan"), await person_id(chat, "piet")


async def audit_lines(chat) -> list[AuditEntry]:
    async with chat.app.db.session() as session:
        return list((await session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars())


async def test_find_by_number_or_chat_address_and_the_retention_in_words(chat, server):
    jan, _ = await employees(chat)
    async with await signed_in(chat, server) as client:
        start = await (await client.get(f"{server}/console/privacy")).text()
        by_address = await (await client.get(f"{server}/console/privacy", params={"person": "console:jan"})).text()
        by_number = await (await client.get(f"{server}/console/privacy", params={"person": str(jan)})).text()
        nobody = await (await client.get(f"{server}/console/privacy", params={"person": "telegram:404"})).text()
    assert "na 180 dagen (ongeveer 6 maanden) gewist" in start
    for html in (by_address, by_number):
        assert f"Persoon #{jan}" in html and "Groendienst" in html and "medewerker" in html
        assert f'action="/console/privacy/people/{jan}/export"' in html
        assert "loods" not in html, "the page names the person; it does not show what they wrote"
    assert "Niemand gevonden voor “telegram:404”" in nobody


async def test_export_downloads_the_clis_json_and_is_audited(chat, server):
    jan, _ = await employees(chat)
    async with await signed_in(chat, server) as client:
        html = await (await client.get(f"{server}/console/privacy", params={"person": "console:jan"})).text()
        response = await client.post(f"{server}/console/privacy/people/{jan}/export", data={"csrf": csrf_of(html)})
        body = await response.text()
    assert response.status == 200 and response.content_type == "application/json"
    assert response.headers["Content-Disposition"] == f'attachment; filename="person-{jan}.json"'
    async with chat.app.db.session() as session:
        expected = export_json(await export_person(session, await session.get(Person, jan)))
    assert body == expected and json.loads(body)["tickets"][0]["question"] == DOOR
    line = (await audit_lines(chat))[-1]
    assert (line.coordinator_id, line.action, line.target, line.detail) == ("tom", "privacy_export", f"person {jan}", None)


async def test_erase_asks_first_then_erases_and_is_audited_without_personal_text(chat, server):
    jan, _ = await employees(chat)
    async with await signed_in(chat, server) as client:
        html = await (await client.get(f"{server}/console/privacy", params={"person": "console:jan"})).text()
        csrf = csrf_of(html)
        unconfirmed = await client.post(f"{server}/console/privacy/people/{jan}/erase", data={"csrf": csrf},
                                        allow_redirects=False)
        assert unconfirmed.status == 303 and unconfirmed.headers["Location"] == f"/console/privacy/people/{jan}/erase"
        assert await person_id(chat, "jan") == jan, "nothing erased without the confirmation"
        confirm = await (await client.get(f"{server}/console/privacy/people/{jan}/erase")).text()
        assert f"Persoon #{jan} wissen" in confirm and "Dit kan niet ongedaan gemaakt worden." in confirm
        erased = await client.post(f"{server}/console/privacy/people/{jan}/erase", data={"csrf": csrf, "confirm": "erase"},
                                   allow_redirects=False)
        assert erased.status == 303 and erased.headers["Location"] == "/console/privacy"
        note = unquote(erased.cookies["digicoach_note"].value)  # shown once on the next page
        assert note.startswith(f"Persoon #{jan} is gewist.") and "open vragen geannuleerd: 1" in note
        again = await client.get(f"{server}/console/privacy/people/{jan}/erase")
        assert again.status == 404
    assert await person_id(chat, "jan") is None
    line = (await audit_lines(chat))[-1]
    assert (line.action, line.target) == ("privacy_erase", f"person {jan}")
    written = " ".join(str(getattr(e, c)) for e in await audit_lines(chat) for c in ("target", "detail"))
    assert "jan" not in written.lower() and "loods" not in written and "0470" not in written


async def test_a_scoped_coordinator_reaches_only_people_of_their_departments(chat, server):
    jan, piet = await employees(chat)
    await scope(chat, "tom", ("Administratie",))
    async with await signed_in(chat, server) as client:
        html = await (await client.get(f"{server}/console/privacy", params={"person": "console:jan"})).text()
        assert "Niemand gevonden voor “console:jan”" in html and f"Persoon #{jan}" not in html
        assert f"Persoon #{piet}" in await (await client.get(f"{server}/console/privacy", params={"person": str(piet)})).text()
        csrf = csrf_of(html)
        guessed = [
            await client.get(f"{server}/console/privacy/people/{jan}/erase"),
            await client.post(f"{server}/console/privacy/people/{jan}/export", data={"csrf": csrf}),
            await client.post(f"{server}/console/privacy/people/{jan}/erase", data={"csrf": csrf, "confirm": "erase"}),
        ]
        missing = await client.get(f"{server}/console/privacy/people/999999/erase")
        assert [r.status for r in guessed] == [404, 404, 404]
        assert (await guessed[0].text()) == (await missing.text()), "out of scope looks exactly like missing"
    assert await person_id(chat, "jan") == jan
    assert [e.action for e in await audit_lines(chat)] == ["sign_in"], "nothing was exported or erased"


async def test_forms_need_their_token_and_numbers_only(chat, server):
    jan, _ = await employees(chat)
    async with await signed_in(chat, server) as client:
        refused = await client.post(f"{server}/console/privacy/people/{jan}/erase", data={"confirm": "erase"})
        assert refused.status == 403
        for guess in ("console:jan", "²", "99999999999"):
            assert (await client.get(f"{server}/console/privacy/people/{guess}/erase")).status == 404, guess
        for typed in ("²", "99999999999", "console:", "jan"):
            html = await (await client.get(f"{server}/console/privacy", params={"person": typed})).text()
            assert "Niemand gevonden" in html, typed
    assert await person_id(chat, "jan") == jan


async def test_a_name_typed_as_markup_is_shown_as_text(chat, server):
    await chat.say("jan", "hallo")
    jan = await person_id(chat, "jan")
    async with chat.app.db.session() as session:
        (await session.get(Person, jan)).first_name = "<img src=x onerror=alert(1)>"
    async with await signed_in(chat, server) as client:
        html = await (await client.get(f"{server}/console/privacy", params={"person": "console:jan"})).text()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
