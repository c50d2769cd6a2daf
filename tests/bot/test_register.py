"""One register per language: Dutch "je" (never "u"/"uw"), French "vous" (never "tu"/"ton"/"ta"/"tes").

French was "vous" in 54 places in bot/texts.py and "tu" in 34 in the shipped FAQ answers,
so the FAQ was converted to "vous". The scan covers the bot's texts and the shipped FAQ answers.
"""
from __future__ import annotations

import re

from bot.texts import TEXTS
from faq.kb import load_kb

OTHER_REGISTER = {
    "nl": re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE),
    "fr": re.compile(r"(?<![\w-])(tu|te|toi|ton|ta|tes|t')(?![\w'])|\bt'(?=\w)", re.IGNORECASE),
}


def _found(lang: str, text: str) -> list[str]:
    return [m.group(0) for m in OTHER_REGISTER[lang].finditer(text)]


def test_bot_texts_keep_one_register():
    wrong = {(key, lang): _found(lang, forms[lang]) for key, forms in TEXTS.items() for lang in OTHER_REGISTER if lang in forms}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_shipped_faq_answers_keep_one_register():
    kb = load_kb()
    wrong = {(e.id, e.lang): _found(e.lang, e.answer) for e in kb.entries if e.lang in OTHER_REGISTER}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_the_scan_catches_the_other_register():
    assert _found("fr", "Entre ton numéro ; tu reçois un code. Un collègue t'aide.") == ["ton", "tu", "t'"]
    assert _found("nl", "Vul uw nummer in; u krijgt een code.") == ["uw", "u"]
    assert _found("fr", "Entrez votre numéro ; vous recevez un code.") == []
    assert _found("nl", "Vul je nummer in; je krijgt een code. Ga naar de tuin, uur per uur.") == []
