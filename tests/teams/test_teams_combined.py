"""An FAQ answer and its "Heeft dit geholpen?" reach Teams as one card: the answer above the question and buttons."""
from __future__ import annotations

from sqlalchemy import select

from bot.channels.teams import CARD_TEXT_LIMIT
from bot.channels.teams_cards import card, text_blocks
from storage.models import Ticket
from tests.teams.harness import labels

ANSWER = "Je loonbrief staat in de app Mia"


async def onboard(world, name: str = "jan"):  # type: ignore[no-untyped-def]
    user = world.user(name)
    await user.install()
    await user.press(user.last_card(), "Groendienst, ploeg Citadelpark")
    return user


def blocks(call) -> list[dict]:  # type: ignore[no-untyped-def]
    [attachment] = call.body["attachments"]
    return [b for b in attachment["content"]["body"] if b["type"] == "TextBlock"]


async def test_faq_answer_and_feedback_question_are_one_card(world):
    jan = await onboard(world)
    [answer] = await jan.say("waar vind ik mijn loonbrief")
    assert labels([answer]) == ["Ja", "Nee"]
    lines = [b["text"] for b in blocks(answer)]
    assert lines[0].startswith(ANSWER) and lines[-1] == "Heeft dit geholpen?", "answer above the question"
    assert len(lines) > 2, "the answer keeps its lines (Teams joins the lines of one TextBlock)"
    assert answer.body["summary"].startswith(ANSWER), "the phone's notification shows the answer"
    assert answer.body.get("text") is None, "no separate plain text message"


async def test_pressing_a_button_replaces_the_card_by_its_answered_copy_with_the_answer(world):
    jan = await onboard(world)
    [answer] = await jan.say("waar vind ik mijn loonbrief")
    out = await jan.press(answer, "Ja")
    assert "Fijn" in out[0].text
    update = world.connector.updates(jan.conversation)[-1]
    assert update.activity_id == answer.id, "the pressed card itself is replaced"
    assert update.buttons == [], "nothing left to press"
    assert ANSWER in update.text and "Heeft dit geholpen?" in update.text and "\u2713 Ja" in update.text
    async with world.app.db.session() as s:
        [ticket] = (await s.execute(select(Ticket))).scalars().all()
    assert ticket.state == "self_served"


async def test_the_welcome_is_one_card_with_the_site_question(world):
    """Not only FAQ answers: a plain text followed by a question in one turn (here: the greeting) is one card."""
    jan = world.user("jan")
    [welcome] = await jan.install()
    assert "Ik ben Digicoach" in welcome.text and "Op welke plek werk je" in welcome.text
    assert "Groendienst, ploeg Citadelpark" in labels([welcome])


def test_lines_and_paragraphs_become_text_blocks():
    out = text_blocks("een\ntwee\n\ndrie")
    assert [(b["text"], b.get("spacing")) for b in out] == [("een", None), ("twee", "None"), ("drie", "Medium")]
    assert text_blocks("") == [{"type": "TextBlock", "text": "", "wrap": True}]
    assert card("a\nb", [("Ja", "yes:1")])["body"][2]["actions"][0]["data"]["card"] == "a\nb", "the press carries the text"


def test_a_long_answer_stays_a_message_of_its_own():
    from bot.channels.combine import combine
    from bot.channels.teams import fits_one_card
    from bot.messages import Button, Outgoing

    question = Outgoing("Heeft dit geholpen?", (Button("Ja", "yes:1"), Button("Nee", "no:1")))
    assert len(combine([Outgoing("x" * CARD_TEXT_LIMIT), question], fits_one_card)) == 2
    assert len(combine([Outgoing("x" * 100), question], fits_one_card)) == 1
