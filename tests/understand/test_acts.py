"""The dialog-act classifier (faq/acts.py): what reaches a volunteer coach and what does not.

The tables are written by hand from the label definitions in README.md (next to this file);
the dev half of the labelled cases is read through faq/acts_eval.py. The held-out half
(dialog_act_holdout.jsonl) is deliberately NOT used here: it is evaluated once, elsewhere.
"""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import pytest
import yaml

from faq.acts import ACTS_FILE, Act, ActClassifier, ActKind, ActsLexiconError, classify, is_mash
from faq.acts_eval import evaluate, load_cases, parse_cases, wilson_interval

HERE = Path(__file__).parent
DEV = HERE / "dialog_act_dev.jsonl"
TO_COACH = {ActKind.QUESTION, ActKind.PERSON}

# (text, expected kind, language of its act words or None)
CLEAR_CASES: dict[ActKind, list[tuple[str, str | None]]] = {
    ActKind.GREETING: [
        ("hallo", "nl"), ("goeiemorgen!", "nl"), ("hoi hoi", "nl"), ("hallo digicoach", "nl"),
        ("good morning :)", "en"), ("hi there", "en"), ("hellooo", "en"),
        ("bonjour", "fr"), ("salut tout le monde", "fr"), ("coucou 👋", "fr"),
    ],
    ActKind.THANKS: [
        ("dankuuu", "nl"), ("bedankt eh", "nl"), ("dank je wel hoor", "nl"), ("bedamkt", "nl"),
        ("bedankt digicoach", "nl"), ("tot ziens", "nl"), ("daaag", "nl"),
        ("thanks a lot", "en"), ("thx 👍", "en"), ("bye", "en"),
        ("merci beaucoup", "fr"), ("bonne journée", "fr"), ("merciii", None), ("🙏", None), ("👍🙏", None),
    ],
    ActKind.YES: [
        ("ja", "nl"), ("jep", "nl"), ("jaaa", "nl"), ("ja t werkt", "nl"), ("het is gelukt!", "nl"),
        ("yes it worked", "en"), ("yup", "en"), ("that did it thx", "en"),
        ("oui", "fr"), ("ça marche merci", "fr"), ("c'est bon", "fr"), ("👍", None),
    ],
    ActKind.NO: [
        ("nee", "nl"), ("neen", "nl"), ("neeee", "nl"), ("werkt nog altijd nie", "nl"), ("lukt nie", "nl"),
        ("nope", None), ("it didn't work", "en"), ("still not working", "en"),
        ("non", "fr"), ("ça marche pas", "fr"), ("pas du tout", "fr"), ("👎", None),
    ],
    ActKind.PERSON: [
        ("mens aub", "nl"), ("kan ik met iemand praten", "nl"), ("geen bot, een mens", "nl"),
        ("human pls", "en"), ("can someone call me", "en"),
        ("je veux parler à quelqu'un", "fr"), ("un conseiller svp", "fr"),
    ],
    ActKind.INSULT: [
        ("stomme bot", "nl"), ("kutbot", "nl"), ("klote app", "nl"), ("sto**e bot", "nl"),
        ("this bot is garbage", "en"), ("f*ck off", "en"),
        ("t'es nul", "fr"), ("bot de merde", "fr"), ("🤬🤬", None),
    ],
    ActKind.EMPTY: [
        ("ok", None), ("oké", "nl"), ("hmm", None), ("hmmmm", None), ("test", None), ("euh", None),
        ("lol", None), ("😀", None), ("allee", "nl"), ("ah bon", "fr"), ("whatever", "en"), ("", None), ("   ", None),
    ],
    ActKind.GIBBERISH: [
        ("asdfjkl qwerty", None), ("jkjkjk", None), ("hhhhh", None), ("?", None), ("...", None),
        ("123abc!!", None), ("wxcvb", None), ("hgfd 7y", None), ("asdasd", None),
    ],
    ActKind.QUESTION: [
        ("loonbrief", None), ("teams", None), ("wachtwoord", None), ("mia", None), ("gsm", None), ("app", None),
        ("nee ik kan nog altijd niet inloggen", "nl"), ("kzie mn loonbrief nie", "nl"),
        ("merci, en hoe zie ik mijn verlof?", "nl"), ("hallo, ik ben mijn wachtwoord vergeten", "nl"),
        ("stomme bot, waar is mijn loonbrief", "nl"), ("mijn app werkt niet", "nl"),
        ("hi, i cant see my payslip", "en"), ("my pass doesnt work", "en"),
        ("merci, et pour les congés?", "fr"), ("bonjour, j'ai oublié mon mot de passe", "fr"),
    ],
}
RATINGS = [
    ("1", 1), ("5", 5), ("4/5", 4), ("3 / 5", 3), ("4 sterren", 4), ("vier sterren", 4), ("een ster", 1),
    ("ik geef 5 sterren", 5), ("4 stars", 4), ("three", 3), ("cinq étoiles", 5), ("une étoile", 1),
    ("5 sur 5", 5), ("⭐⭐⭐", 3), ("5 ⭐", 5), ("ne 4", 4),
]


@pytest.mark.parametrize(("text", "kind", "lang"),
                         [(t, k, lang) for k, cases in CLEAR_CASES.items() for t, lang in cases])
def test_clear_cases(text: str, kind: ActKind, lang: str | None) -> None:
    assert classify(text) == Act(kind, lang=lang)


@pytest.mark.parametrize(("text", "rating"), RATINGS)
def test_ratings_carry_their_score(text: str, rating: int) -> None:
    act = classify(text)
    assert (act.kind, act.rating) == (ActKind.RATING, rating)


@pytest.mark.parametrize("text", [t for k in (ActKind.GREETING, ActKind.THANKS, ActKind.YES, ActKind.NO,
                                              ActKind.EMPTY, ActKind.INSULT) for t, _ in CLEAR_CASES[k] if t.strip()])
def test_a_real_question_after_an_act_is_a_question(text: str) -> None:
    """One topic word is enough to reach the FAQ (and maybe a coach): content is never swallowed."""
    assert classify(f"{text} waar is mijn loonbrief").kind is ActKind.QUESTION


def test_no_greeting_or_thanks_in_dev_reaches_a_coach() -> None:
    polite = [c for c in load_cases(DEV) if {c.act, c.alt} & {"greeting", "thanks"}]
    assert len(polite) >= 40
    assert [c.text for c in polite if classify(c.text).kind in TO_COACH] == []


def test_dev_accuracy_is_at_least_090() -> None:
    report = evaluate(load_cases(DEV))
    assert report["cases"] == 246
    assert report["accuracy"] >= 0.90, report["wrong"]
    assert report["greeting_thanks_to_coach"] == 0
    assert report["accuracy_ci95"][0] <= report["accuracy"] <= report["accuracy_ci95"][1]


@pytest.mark.parametrize("text", ["a" * 5000, "waar is mijn loonbrief " * 250, "merci " * 1000, "⭐" * 5000,
                                  "\x00\x01\x07\x1b[31m", "mer\x00ci", "\u200b\u200d\ufeff", "", " \n\t ",
                                  "wacht\u00adwoord", "🏳️‍🌈👍🏽", "\ud800", "ﬁ ½ Ⅳ"])
def test_odd_input_never_raises_and_stays_fast(text: str) -> None:
    start = time.perf_counter()
    act = classify(text)
    assert isinstance(act, Act) and act.kind in ActKind
    assert time.perf_counter() - start < 0.05


def test_control_characters_are_ignored() -> None:
    assert classify("mer\x00ci\x07").kind is ActKind.THANKS
    assert classify("👍🏽").kind is ActKind.YES  # a skin tone does not hide the thumb
    assert classify("\x07\x08").kind is ActKind.EMPTY


def test_short_messages_take_well_under_a_millisecond() -> None:
    texts = [c.text for c in load_cases(DEV)]
    classify("warm up")
    timings = []
    for text in texts * 3:
        start = time.perf_counter()
        classify(text)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.0005


def test_mash_detector_spares_acronyms_names_and_real_words() -> None:
    for word in ("gsm", "sms", "2fa", "mfa", "xlsx", "lili", "tomtom", "office365", "liberty", "herfst"):
        assert not is_mash(word, frozenset({"liberty", "herfst"})), word
    for word in ("asdfjkl", "qwerty", "qsdfghjk", "jdjdjdj", "hhhhh", "123abc", "a8k3j2", "hgfd", "sdfsdf"):
        assert is_mash(word), word


def test_the_acts_file_does_not_break_the_faq_vocabulary() -> None:
    """faq/vocabulary.py reads every faq/lexicon/*.yaml as FAQ vocabulary; the acts file must not be one."""
    from faq.vocabulary import LEXICON_DIR, general_vocabulary

    assert ACTS_FILE.parent == LEXICON_DIR and ACTS_FILE not in set(LEXICON_DIR.glob("*.yaml"))
    assert general_vocabulary().synonyms


def _shipped() -> dict:
    return yaml.safe_load(ACTS_FILE.read_text(encoding="utf-8"))


def _broken(tmp_path: Path, change) -> str:
    data = _shipped()
    change(data)
    path = tmp_path / "acts.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ActsLexiconError) as caught:
        ActClassifier.from_file(path)
    assert str(path) in str(caught.value)
    return str(caught.value)


def test_a_malformed_lexicon_gives_one_error_naming_the_key(tmp_path: Path) -> None:
    assert "acts.thanks.nl" in _broken(tmp_path, lambda d: d["acts"]["thanks"].update(nl="merci"))
    assert "acts.yes.nl" in _broken(tmp_path, lambda d: d["acts"]["yes"]["nl"].append(True))
    assert "acts.greting" in _broken(tmp_path, lambda d: d["acts"].update(greting={"nl": ["hoi"]}))
    assert "words.filler" in _broken(tmp_path, lambda d: d["words"].pop("filler"))
    assert "rating.numbers.nl.6" in _broken(tmp_path, lambda d: d["rating"]["numbers"]["nl"].update({6: ["zes"]}))
    assert "emoji.star" in _broken(tmp_path, lambda d: d["emoji"].update(star="⭐"))
    assert "spellings.nie" in _broken(tmp_path, lambda d: d["spellings"].update(nie=None))
    assert "acts.empty.en" in _broken(tmp_path, lambda d: d["acts"]["empty"]["en"].append("?!"))


def test_a_bare_yes_key_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "acts.yml"
    path.write_text(ACTS_FILE.read_text(encoding="utf-8").replace('  "yes":', "  yes:"), encoding="utf-8")
    with pytest.raises(ActsLexiconError, match=r"acts\.True: unknown key \(YAML reads a bare yes"):
        ActClassifier.from_file(path)


def test_a_city_can_adapt_the_lexicon(tmp_path: Path) -> None:
    data = _shipped()
    data["acts"]["thanks"]["nl"].append("merci chef")
    classifier = ActClassifier(data, "adapted")
    assert classifier.classify("merci chef").kind is ActKind.THANKS
    assert classify("merci chef").kind is ActKind.QUESTION  # the shipped lexicon does not know "chef"


def test_evaluate_reports_what_the_cli_prints(capsys) -> None:
    from bot.cli import main

    cases = parse_cases(['{"text": "merci", "lang": "nl", "act": "thanks"}',
                         '{"text": "ok merci", "lang": "nl", "act": "yes", "alt": "thanks"}',
                         '{"text": "loonbrief", "lang": "nl", "act": "greeting"}'])
    report = evaluate(cases)
    assert (report["correct"], report["greeting_thanks_to_coach"]) == (2, 1)
    assert report["per_label"]["thanks"] == {"support": 2, "predicted": 2, "precision": 1.0, "recall": 1.0}
    assert [w["text"] for w in report["wrong"]] == ["loonbrief"]
    assert wilson_interval(0, 0) == (0.0, 1.0)
    low, high = wilson_interval(230, 246)
    assert 0.89 < low < 0.935 < high < 0.96
    assert main(["faq", "acts", "--cases", str(DEV), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["cases"] == 246 and printed["greeting_thanks_to_coach"] == 0
