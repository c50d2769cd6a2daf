"""Slash commands, by role: /help, /lang and /cancel for everyone who may, the coach's and coordinator's own."""
from __future__ import annotations

import logging

from bot.engine import coach as coach_actions
from bot.engine import coordinator as coordinator_actions
from bot.engine import faq_review, onboarding, pausing, permissions, scan, web_link, with_coach
from bot.engine.typed_buttons import stored_buttons
from bot.messages import Button
from bot.engine.work import Turn
from bot.texts import LANGUAGES, t
from storage import people

log = logging.getLogger("digicoach.engine")

HELP = {"employee": "help_employee", "coach": "help_coach", "coordinator": "help_coordinator"}


async def run(turn: Turn, text: str) -> None:
    parts = text.split()
    command = parts[0].lower().split("@")[0]
    args = parts[1:]
    role = turn.person.role
    if command in ("/help", "/start"):
        # the self-scan's button, once onboarded and unless a prompt is open: /help never replaces its buttons
        onboarded = turn.person.site_id is not None or turn.person.lat is not None
        idle = role == "employee" and onboarded and not stored_buttons(turn.conv.buttons)
        buttons = [Button(t("scan_button", turn.lang), "scan:start")] if idle else []
        turn.say(t(HELP.get(role, "help_coordinator"), turn.lang), buttons)
        if role == "employee" and turn.person.site_id is None and turn.person.lat is None:
            await onboarding.ask_site(turn)
        return
    if command == "/lang":
        if len(args) == 1 and args[0].lower() in LANGUAGES:
            set_language(turn, args[0].lower())
        else:
            turn.say(t("lang_usage", turn.lang))
        return
    refusal = permissions.command_refusal(command, role)
    if refusal is not None:
        log.info("command %s refused for a %s", command, role, extra={"event": "command_refused", "person_id": turn.person.id})
        turn.say(t(refusal, turn.lang, command=command))
        return
    if command == "/cancel":
        await with_coach.cancel(turn)
        return
    if command == "/scan":
        await scan.command(turn, args)
        return
    if role == "coordinator" and command == "/tickets":
        await coordinator_actions.list_tickets(turn)
        return
    if role == "coordinator" and command == "/faq":
        await faq_review.show_next(turn)
        return
    if role == "coordinator" and command == "/web":
        await web_link.send_link(turn)
        return
    coach = await people.coach_of(turn.session, turn.person.id) if role == "coach" else None
    if coach is None:
        turn.say(t("unknown_command", turn.lang))
        return
    if command == "/pause":
        await pausing.pause(turn, coach, " ".join(args))
    elif command == "/resume":
        await pausing.resume(turn, coach)
    elif command == "/status":
        await coach_actions.status(turn, coach)
    elif command == "/tickets":
        await coach_actions.list_tickets(turn, coach)
    elif command == "/close":
        await coach_actions.close_command(turn, coach, args)
    elif command == "/accept":
        await coach_actions.accept_command(turn, coach, args)
    else:
        turn.say(t("unknown_command", turn.lang))


def set_language(turn: Turn, lang: str) -> None:
    turn.person.language = lang
    turn.say(t("lang_set", lang))
