"""An employee cannot put a clickable link into a coach's Teams card (issue 15, finding 10): the card's
TextBlocks are Markdown, so the question and relayed messages are escaped. Through the real botbuilder SDK
over HTTP, against the fake connector, as in test_teams_flow.py."""
from __future__ import annotations

import re

from tests.teams.harness import labels, texts
from tests.teams.test_teams_flow import invite

QUESTION = "[Klik hier](https://evil.example) de *koffieautomaat* in de kantine geeft geen wisselgeld"
RELAY = "[Reset je wachtwoord hier](https://evil.example/login) voor de _foto_"
# A Markdown link as Teams would render it: "[", text, "](", not escaped by a backslash or split.
LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")


def blocks(call) -> list[str]:  # type: ignore[no-untyped-def]
    """The TextBlocks of a card as sent to Teams."""
    return [b["text"] for a in call.body.get("attachments") or [] for b in a["content"]["body"] if b.get("type") == "TextBlock"]


async def test_a_question_and_a_relay_with_a_markdown_link_reach_the_coach_as_text(world):
    app, connector = world.app, world.connector
    jan, anna = world.user("jan"), world.user("anna")
    await jan.install()
    await anna.install()
    await anna.say(await invite(app))
    await jan.press(jan.last_card(), "Groendienst, ploeg Citadelpark")

    out = await jan.say(QUESTION)
    if "Geen van deze" in labels(out):
        await jan.press(jan.last_card(), "Geen van deze")
    await connector.wait_for(lambda: any("Nieuwe vraag" in c.text for c in connector.sent_to(anna.conversation)))
    offer = anna.last_card()
    await anna.press(offer, "Ik help")
    before = len(connector.calls)
    await jan.say(RELAY)
    await connector.wait_for(lambda: "wachtwoord" in texts(connector.sent_to(anna.conversation, before)))
    relay = [c for c in connector.sent_to(anna.conversation, before) if "wachtwoord" in c.text][-1]

    [answered] = connector.updates(anna.conversation)  # the offer card, redrawn in place after "Ik help"
    shown = blocks(offer) + blocks(relay) + blocks(answered)
    assert not [line for line in shown if LINK.search(line)], shown
    assert any("\\[Klik hier\\]\u200b(https://evil.example) de \\*koffieautomaat\\* in de kantine" in line for line in blocks(offer))
    assert any("\\[Reset je wachtwoord hier\\]\u200b(https://evil.example/login) voor de \\_foto\\_" in line for line in blocks(relay))
