"""`/web`: a coordinator asks for the web console and gets a link that signs them in once, within ten minutes.

The chat account is the proof of who they are, so the console needs no password.
"""
from __future__ import annotations

from datetime import timedelta

from bot.engine.work import Turn
from bot.texts import t
from storage import people, web_auth

LINK_VALID = timedelta(minutes=10)


async def send_link(turn: Turn) -> None:
    coordinator = await people.coordinator_of(turn.session, turn.person.id)
    if coordinator is None or not coordinator.active:
        turn.say(t("only_coordinator", turn.lang, command="/web"))
        return
    token = await web_auth.create_link(turn.session, coordinator.id, turn.now, LINK_VALID)
    url = f"{turn.engine.console_url}/console/signin?token={token}"
    turn.say(t("web_link", turn.lang, url=url, minutes=int(LINK_VALID.total_seconds() // 60)))
