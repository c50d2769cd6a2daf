"""An FAQ answer counts as self-served only when it was: a yes confirms it; silence or moving on to something else
leaves it self-served but unconfirmed; asking again about it, asking for a person, or a "no" means it did not help.

Through the real engine, on SQLite and PostgreSQL; how it ended is read back from the state event and from
`digicoach tickets list` (storage.reports), as an operator sees it.
"""
from __future__ import annotations

from sqlalchemy import select

from bot.inbox import Inbox, reply_key
from bot.messages import Outgoing
from bot.outbox import DeliveryError
from storage.models import Ticket, TicketEvent
from storage.reports import ticket_rows
from tests.bot.harness import ask_coach, buttons_to, payloads_to, text_to, to

PAYSLIP = "waar vind ik mijn loonbrief"  # the FAQ answers it (entry "payslip")
DOOR = "de deur van de loods klemt en het alarm gaat af"  # nothing in the FAQ: a coach


async def onboard(chat, actor="jan"):
    await chat.say(actor, "hallo")
    await chat.say(actor, "Groendienst, ploeg Citadelpark")


async def ended(app) -> list[tuple[int, str, str | None, bool | None]]:
    """(ticket, state, detail of its final event, faq_confirmed) per ticket, as `tickets list --json` has them."""
    async with app.db.session() as s:
        rows = await ticket_rows(s)
    return [(r.id, r.state, r.end_detail, r.faq_confirmed) for r in rows]


async def open_tickets(app) -> list[int]:
    async with app.db.session() as s:
        rows = await s.execute(select(Ticket.id).where(Ticket.state.in_(("new", "offered", "queued", "escalated", "accepted"))))
        return list(rows.scalars())


async def test_yes_is_confirmed(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    await chat.say("jan", "ja")
    assert await ended(app) == [(1, "self_served", "confirmed", True)]
    async with app.db.session() as s:
        [event] = (await s.execute(select(TicketEvent).where(TicketEvent.kind == "self_served"))).scalars().all()
    assert event.detail == "confirmed", "how it was self-served is in the state event"


async def test_thanks_after_an_answer_is_a_yes(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    await chat.say("jan", "bedankt")
    assert await ended(app) == [(1, "self_served", "confirmed", True)]


async def test_silence_is_self_served_but_not_confirmed(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    await chat.tick(app.engine.routing.feedback_minutes - 1)
    assert await ended(app) == [(1, "new", None, None)], "still waiting for a judgement"
    await chat.tick(2)
    assert await ended(app) == [(1, "self_served", "silence", False)]


async def test_asking_the_same_again_means_the_answer_did_not_help(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    out = await chat.say("jan", "ik kan mijn loonbrief niet vinden")  # the same FAQ entry answers it again
    assert "Heeft dit geholpen?" in text_to(out, "jan")
    assert await ended(app) == [(1, "cancelled", "rephrased", None), (2, "new", None, None)]
    await chat.say("jan", "ja")  # the second time it helped: that one counts
    assert (await ended(app))[1] == (2, "self_served", "confirmed", True)


async def test_a_question_on_the_same_topic_that_goes_to_a_coach_is_no_self_service(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    out = await ask_coach(chat, "jan", "er staat een fout op mijn loonbrief")  # suggestions, "none of these", a coach
    assert payloads_to(out, "coach:anna"), "the new question went to a coach"
    assert await ended(app) == [(1, "cancelled", "rephrased", None), (2, "offered", None, None)]
    assert await open_tickets(app) == [2], "one open ticket per employee"


async def test_a_question_about_something_else_leaves_the_answer_unconfirmed(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    out = await ask_coach(chat, "jan", DOOR)
    assert to(out, "coach:anna")
    assert await ended(app) == [(1, "self_served", "other question", False), (2, "offered", None, None)]
    assert await open_tickets(app) == [2]


async def test_another_faq_question_leaves_the_answer_unconfirmed(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    await chat.say("jan", "hoe vraag ik verlof aan")
    await chat.say("jan", "ja")  # about the leave answer, not the payslip one
    assert await ended(app) == [(1, "self_served", "other question", False), (2, "self_served", "confirmed", True)]


async def test_asking_for_a_person_right_after_an_answer_means_it_did_not_help(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    out = await chat.say("jan", "ik wil iemand spreken")
    assert "Ik zoek een digicoach" in text_to(out, "jan")
    # The answered question itself goes to the coach, with the answer it got: never self-served.
    assert await ended(app) == [(1, "offered", None, None)]


async def test_no_and_a_coach_is_no_self_service(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    await chat.say("jan", "nee")
    out = await chat.say("jan", "Geen van deze")
    assert "Ik zoek een digicoach" in text_to(out, "jan")
    assert await ended(app) == [(1, "offered", None, None)], "the same ticket goes to a coach"


async def test_no_is_never_self_served(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    out = await chat.say("jan", "nee")
    assert "Bedoelde je" in text_to(out, "jan"), "the shipped FAQ has other suggestions for this one"
    await chat.tick(app.engine.routing.feedback_minutes + 1)  # nobody picks one
    assert await ended(app) == [(1, "cancelled", "rejected", None)], "the rejected answer, left alone, is no success"


async def test_no_then_another_question_is_never_self_served(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    out = await chat.say("jan", "nee")
    assert "Bedoelde je" in text_to(out, "jan")
    await chat.say("jan", "hoe vraag ik verlof aan")
    assert (await ended(app))[0] == (1, "cancelled", "rejected", None)


async def test_a_suggestion_picked_after_a_no_is_judged_on_its_own(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    out = await chat.say("jan", "nee")
    assert "Bedoelde je" in text_to(out, "jan")
    first = [p for p in payloads_to(out, "jan") if p.startswith("faq:")][0]
    await chat.say("jan", payload=first)
    await chat.tick(app.engine.routing.feedback_minutes + 1)
    assert await ended(app) == [(1, "self_served", "silence", False)], "the picked answer was not rejected"


async def test_suggestions_nobody_chose_are_cancelled_as_before(chat, app):
    await onboard(chat)
    out = await chat.say("jan", "mijn loonbrief klopt niet")
    assert "Geen van deze" in buttons_to(out, "jan")
    await chat.tick(app.engine.routing.feedback_minutes + 1)
    assert await ended(app) == [(1, "cancelled", "no reply", None)]


class Refusing:
    """Jan's channel refusing messages: for now (a platform hiccup) or for good (he blocked the bot)."""

    def __init__(self, permanent: bool) -> None:
        self.permanent = permanent

    async def send(self, address: str, message: Outgoing) -> None:
        raise DeliveryError("refused", permanent=self.permanent, retry_after=None if self.permanent else 3600)


async def test_an_answer_still_on_its_way_or_never_delivered_is_no_self_service(chat, app):
    await onboard(chat)
    await chat.say("jan", PAYSLIP)
    # the answer was refused when the turn sent it, so it waits in the outbox (bot/inbox.py), and keeps failing
    await Inbox(app.db, app.clock).settle("console", "jan", None, [Outgoing("Je loonbrief staat in Mia.")],
                                          reply_key("console", "update-1"))
    app.dispatcher.register("console", Refusing(permanent=False))
    await chat.tick(app.engine.routing.feedback_minutes + 5)
    assert await ended(app) == [(1, "new", None, None)], "silence while the answer is still on its way says nothing"

    app.dispatcher.register("console", Refusing(permanent=True))  # he blocked the bot: the outbox gives up
    await chat.tick(61)
    assert [(t, state, detail) for t, state, detail, _ in await ended(app)] == [(1, "cancelled", "not delivered")]
