"""Language per message, preference per person: the observed failures, as short conversations."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.engine.message_language import message_language
from bot.texts import LANGUAGES, t
from storage.models import Person
from tests.bot.harness import buttons_to, payloads_to, text_to

SITE = "Groendienst, ploeg Citadelpark"


def hinted(out, actor: str) -> bool:
    """Whether `actor` was told how to switch language for good."""
    return any(t("lang_hint", lang) in text_to(out, actor) for lang in LANGUAGES)


async def stored_language(app, first_name: str) -> str | None:
    async with app.db.session() as s:
        return (await s.execute(select(Person.language).where(Person.first_name == first_name))).scalar_one()


async def onboard_dutch(chat, actor: str = "jan") -> None:
    """A Dutch speaker: their app says nl-BE, as Telegram and Teams tell us."""
    await chat.say(actor, "hallo", locale="nl-BE")
    await chat.say(actor, SITE)


async def test_help_first_does_not_switch_the_chat_to_english(chat, app):
    out = await chat.say("jan", "help")
    assert "Op welke plek werk je" in text_to(out, "jan")
    await chat.say("jan", SITE)
    out = await chat.say("jan", "waar vind ik mijn loonbrief")
    assert "Heeft dit geholpen?" in text_to(out, "jan") and "loonbrief" in text_to(out, "jan").lower()
    assert not hinted(out, "jan")
    assert await stored_language(app, "Jan") == "nl", "the first clear message set the preference"


async def test_slash_help_first_keeps_dutch(chat, app):
    out = await chat.say("jan", "/help")
    assert "Typ je vraag" in text_to(out, "jan")
    assert await stored_language(app, "Jan") is None, "no preference yet: answered in the default language"
    await chat.say("jan", SITE)
    out = await chat.say("jan", "ik ben mijn paswoord vergeten")
    assert "Heeft dit geholpen?" in text_to(out, "jan")


async def test_english_question_from_a_dutch_speaker_is_answered_in_english_with_a_hint(chat, app):
    await onboard_dutch(chat)
    out = await chat.say("jan", "how do I reset my password")
    text = text_to(out, "jan")
    assert "Forgot password" in text and "Did this help?" in text
    assert "/lang en" in text
    assert buttons_to(out, "jan") == ["Yes", "No"], "the hint comes first: the last message keeps its buttons"
    assert await stored_language(app, "Jan") == "nl", "one message does not change the preference"

    out = await chat.say("jan", "waar vind ik mijn loonbrief")
    assert "Heeft dit geholpen?" in text_to(out, "jan") and not hinted(out, "jan")
    out = await chat.say("jan", "where can I find my payslip")
    assert "Did this help?" in text_to(out, "jan")
    assert not hinted(out, "jan"), "the hint is shown at most once a day"
    out = await chat.say("jan", "ok")
    assert "Did this help?" not in text_to(out, "jan")

    chat.clock.advance(timedelta(days=1))
    out = await chat.say("jan", "how do I change my password")
    assert "/lang en" in text_to(out, "jan"), "a new day, a new hint"


async def test_short_messages_keep_the_preference(chat, app):
    await onboard_dutch(chat)
    for text in ("help", "hello", "thanks", "ok", "/help"):
        out = await chat.say("jan", text)
        assert not hinted(out, "jan"), text
    out = await chat.say("jan", "/help")
    assert "Typ je vraag" in text_to(out, "jan")
    assert await stored_language(app, "Jan") == "nl"


async def test_french_question_gets_french_suggestions_and_answers(chat, app):
    await chat.say("marie", "hallo", locale="nl-BE")  # a phone set to Dutch
    await chat.say("marie", SITE)
    out = await chat.say("marie", "mot de passe")
    text, labels = text_to(out, "marie"), buttons_to(out, "marie")
    assert "Vouliez-vous dire" in text and "/lang fr" in text
    assert labels[-1] == "Aucune de ces réponses"
    assert not any("wachtwoord" in label.lower() or "paswoord" in label.lower() for label in labels), labels
    out = await chat.say("marie", payload=payloads_to(out, "marie")[0])
    answer = text_to(out, "marie")
    assert "votre" in answer and " ton " not in answer and " tu " not in answer
    assert "Est-ce que ça vous a aidé ?" in answer


async def test_first_clear_message_sets_a_new_persons_preference(chat, app):
    await chat.say("marie", "bonjour")
    assert await stored_language(app, "Marie") is None, "a greeting says too little"
    await chat.say("marie", SITE)
    out = await chat.say("marie", "je ne trouve pas ma fiche de paie")
    assert "fiche de paie" in text_to(out, "marie") and not hinted(out, "marie")
    assert await stored_language(app, "Marie") == "fr"


async def test_app_locale_beats_the_first_message(chat, app):
    out = await chat.say("kim", "how do I reset my password", locale="nl-BE")
    assert "Op welke plek werk je" in text_to(out, "kim") or "Where do you usually work" in text_to(out, "kim")
    assert await stored_language(app, "Kim") == "nl"


def test_button_labels_and_short_messages_never_decide():
    for text in ("Geen van deze", "None of these", "Ja", "Oui", "Niet opgelost", "help", "/help", "hallo", "42"):
        assert message_language(text) is None, text
    assert message_language("how do I reset my password") == "en"
    assert message_language("waar vind ik mijn loonbrief") == "nl"
    assert message_language("je ne trouve pas ma fiche de paie") == "fr"
