"""What an employee says that is not a question: hello, thanks, yes and no, a rating, "a person please",
noise. None of it ever reaches a volunteer; an open prompt ("Heeft dit geholpen?", the rating) takes its
answer in words too ("ja bedankt", "ok merci", "4 sterren"). The kind of message comes from faq/acts.py.

Also the one clarifying turn: a message of a word or two the FAQ cannot place gets the closest topics as
buttons before any coach is asked.
"""
from __future__ import annotations

from bot.engine import prompts
from bot.engine.work import Turn
from bot.messages import Button
from bot.texts import t
from faq.acts import Act, ActKind

MAIN_TOPICS = ("payslip", "password_forgotten", "leave_request", "two_step_login", "teams_meeting")
VAGUE_WORDS = 2  # a message of at most this many words that the FAQ cannot place is asked about once


OK_WORDS = frozenset({"ok", "oke", "oké", "okay", "okido", "top", "super"})


async def on_act(turn: Turn, act: Act, text: str = "") -> None:
    """`act` is anything but a question or a request for a person; `text` the message as typed."""
    # A typed word carries no language of its own: the reply keeps the person's, even for a prompt about a
    # question asked in another language (a pressed button answers in that question's language).
    turn.reply_lang = turn.reply_lang or turn.person.language or turn.engine.default_language
    state, data = turn.conv.state, turn.data
    ticket = str(data.get("ticket", ""))
    agrees = act.kind in (ActKind.YES, ActKind.THANKS) or text.casefold().strip(" .!") in OK_WORDS
    if state == "feedback" and ticket and agrees:
        if await prompts.on_yes(turn, ticket):
            return
    if state == "feedback" and ticket and act.kind is ActKind.NO:
        if await prompts.on_no(turn, ticket):
            return
    if state == "choose" and ticket and act.kind is ActKind.NO:
        if await prompts.on_none(turn, ticket):
            return
    if state == "rating" and ticket and act.kind is ActKind.RATING and act.rating:
        if await prompts.on_rate(turn, ticket, str(act.rating)):
            return
    turn.keeps_prompt = state in ("feedback", "choose", "rating")  # an unanswered prompt stays open
    if act.kind is ActKind.GREETING:
        turn.say(t("greeting_reply", turn.lang), topic_buttons(turn))
    elif act.kind in (ActKind.THANKS, ActKind.YES):
        turn.say(t("thanks_reply", turn.lang))
    elif act.kind in (ActKind.NO, ActKind.RATING):
        turn.say(t("ask_question", turn.lang))
    else:  # insult, gibberish, empty
        turn.say(t("not_understood", turn.lang), topic_buttons(turn))


def topic_buttons(turn: Turn, entry_ids: tuple[str, ...] | list[str] = MAIN_TOPICS) -> list[Button]:
    kb, _ = turn.engine.faq.current()
    translated = [e for e in entry_ids if turn.lang in kb.languages_of(e)]  # never a Dutch button for a French reader
    return [Button(kb.title(e, turn.lang), f"topic:{e}") for e in translated or entry_ids if kb.entry(e, turn.lang)][:5]


def is_vague(text: str) -> bool:
    return len(text.split()) <= VAGUE_WORDS


async def clarify(turn: Turn, text: str, candidates: list[str]) -> None:
    """One turn to say more, before any coach is involved: the closest topics, or a sentence of their own."""
    buttons = topic_buttons(turn, candidates[:3]) or topic_buttons(turn)
    turn.say(t("clarify", turn.lang), buttons)
    turn.set_state("clarify", vague=text)
