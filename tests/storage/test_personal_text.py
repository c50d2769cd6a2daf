"""How erase recognises a person's words and name in a message queued for someone else (storage/personal_text.py)."""
from __future__ import annotations

import json

from storage.personal_text import ERASED, carries_attachment, needles, quotes, without_name


def payload(text: str, **more: object) -> str:
    return json.dumps({"text": text, "buttons": [["Ik help", "accept:7"]], **more})


def test_a_question_is_found_by_its_lines_and_a_long_line_by_its_start():
    long = "de printer " * 40
    wanted = needles(["mijn badge werkt niet\nhet is aan de poort", long, "ok", None])
    assert quotes(payload("Nieuwe vraag #3 van Jan:\n“mijn badge werkt niet”"), wanted)
    assert quotes(payload("Jan: het is aan de poort"), wanted)
    assert quotes(payload("“" + long[:299] + "…”"), wanted), "the story shortens long lines"
    assert not quotes(payload("ok, dank je"), wanted), "two letters say nothing about anyone"


def test_a_name_is_replaced_as_a_whole_word_in_words_only():
    message = payload("Ik kan Jan niet meer bereiken. Vraag Jan om ...", attachment=["photo", "x-Jan-y", None])
    rewritten = json.loads(without_name(message, "Jan"))
    assert rewritten["text"] == f"Ik kan {ERASED} niet meer bereiken. Vraag {ERASED} om ..."
    assert rewritten["attachment"][1] == "x-Jan-y", "a file id is not words"
    assert without_name(payload("Vraag van Janssens in januari"), "Jan") is None
    assert carries_attachment(message) and not carries_attachment(payload("hallo"))
