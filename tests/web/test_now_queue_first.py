"""The Now view with more open questions than it lists: what waits for a coach comes first, so a new one shows."""
from __future__ import annotations

import re
from datetime import timedelta

from storage import people, tickets
from storage.models import Ticket
from tests.bot.harness import ask_coach
from tests.web.conftest import signed_in

COACHES = ("anna", "bram", "lotte", "jens", "sofie", "wout")


async def test_a_new_question_in_the_queue_shows_above_a_hundred_older_ones_with_coaches(chat, server, app):
    earlier = chat.clock.now() - timedelta(hours=3)
    async with app.db.session() as session:  # a busy morning: 120 questions a coach is already helping with
        session.add_all(
            Ticket(state="accepted", language="nl", department="Groendienst", coach_id=COACHES[i % 6], offer_count=1,
                   created_at=earlier + timedelta(seconds=i), accepted_at=earlier + timedelta(minutes=5),
                   updated_at=earlier + timedelta(minutes=5))
            for i in range(120)
        )
    for coach in COACHES:
        await chat.say(f"coach:{coach}", "/pause")
    await chat.say("jan", "hallo")
    await chat.say("jan", payload="site:groendienst-blaarmeersen")
    await ask_coach(chat, "jan", "mijn badge werkt niet meer aan de poort, wat nu?")
    async with app.db.session() as session:
        jan = await people.find_by_address(session, "console", "jan")
        waiting = await tickets.open_ticket_of_employee(session, jan.id)
    assert waiting.state == "queued"
    async with await signed_in(chat, server) as client:
        html = await (await client.get(f"{server}/console/now/live")).text()
    listed = re.findall(r'<tr[^>]*>\s*<td><a href="/console/tickets/(\d+)"', html)
    assert listed[0] == str(waiting.id), "the question waiting for a coach comes first"
    assert len(listed) == 100, "the list stays at 100 rows however many are open"
    assert '<span class="count">120</span>' in html, "every question with a coach is still counted"
