"""Which language to answer one employee message in: the message's own, or the person's preference.

Staff switch languages mid-chat ("how do I reset my password" from a Dutch
speaker) but also write "help", "ok" or a button label that says nothing about
what they read best. So:

* a *confident* message (faq.language.language_guess: enough distinctive
  words) is answered in its own language, for this turn only (`Turn.reply_lang`);
* everything else (short messages, commands, greetings, numbers, button
  labels) is answered in the stored preference, which it never changes;
* a person with no preference yet (their first words were "help" or "hallo")
  gets one from their first confident message;
* when a confident message differs from the preference, the reply starts with
  one line saying how to switch for good (`/lang en`), at most once a day per
  person (the local date is kept in the conversation data, `lang_hint`).
"""
from __future__ import annotations

from bot.engine.work import Turn
from bot.texts import LANGUAGES, TEXTS, t
from faq.language import language_guess
from storage import people

# Labels of the bot's own buttons: typed as text they are a choice, never a sign of language.
_BUTTON_KEYS = ("yes", "no", "none_of_these", "accept", "decline", "close", "hand_back")
BUTTON_LABELS = frozenset(
    form.casefold()
    for key, forms in TEXTS.items()
    if key in _BUTTON_KEYS or key.startswith(("outcome_", "reason_"))
    for form in forms.values()
)


def message_language(text: str) -> str | None:
    """The language to answer `text` in when it clearly says so; None: use the person's preference."""
    if text.casefold().strip(" .!") in BUTTON_LABELS:
        return None
    guess = language_guess(text)
    return guess.lang if guess.confident and guess.lang in LANGUAGES else None


def follow(turn: Turn, text: str) -> None:
    """Answer this turn in the language of `text` when it is clear; the first such message sets a missing preference.

    Called once the text is known to be a question or a message (not a
    command or a typed button); once a message has set the turn's language,
    later calls in the same turn change nothing.
    """
    if turn.reply_lang is not None:
        return
    lang = message_language(text)
    if lang is None:
        return
    if turn.person.language is None:
        turn.person.language = lang  # no preference yet: the first clear message decides
        return
    turn.reply_lang = lang
    if lang != turn.person.language and hint_due(turn):
        turn.say(t("lang_hint", lang))


def hint_due(turn: Turn) -> bool:
    """True at most once a local day per person; the day is remembered in the conversation."""
    today = turn.now.astimezone(turn.engine.tz).date().isoformat()
    if turn.data.get("lang_hint") == today:
        return False
    people.note_in_conversation(turn.conv, lang_hint=today)
    return True
