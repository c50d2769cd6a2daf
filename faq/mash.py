"""Keyboard mash and random characters ("asdfjkl", "hhhhh", "a8k3j2"): noise, never a question for a coach."""
from __future__ import annotations

VOWELS = frozenset("aeiouy")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn", "qwertzuiop", "yxcvbnm")
_KEY_RUNS = frozenset(r[i:i + 4] for row in _ROWS for r in (row, row[::-1]) for i in range(len(r) - 3))
_KEY_RUNS3 = frozenset(run[:3] for run in _KEY_RUNS) | frozenset(run[1:] for run in _KEY_RUNS)


def period(word: str) -> str | None:
    """The unit a word repeats ("jkjkjk" -> "jk", "hhhh" -> "h"), if it is one."""
    for n in (1, 2, 3):
        if len(word) >= 2 * n + (n == 1) and word == (word[:n] * len(word))[:len(word)]:
            return word[:n]
    return None


def _sequence(word: str) -> bool:
    """Three letters or digits in a row of the alphabet or 0-9 ("abc", "123", "987")."""
    codes = [ord(c) for c in word]
    return any(codes[i + 1] - codes[i] == codes[i + 2] - codes[i + 1] in (1, -1) for i in range(len(codes) - 2))


def is_mash(word: str, real: frozenset[str] = frozenset()) -> bool:
    """True for keyboard mash and random characters; never for a word in ``real`` or non-Latin script.

    Mash is typed along a row ("asdfjkl", "wxcvb"), repeats a key or two ("hhhhh", "jdjdjdj",
    "asdasd"), lacks vowels ("hgfd"), or mixes digits and letters at random ("123abc", "a8k3j2").
    Short acronyms ("gsm", "sms", "2fa") and names ("lili", "tomtom") are none of these.
    """
    word = word.strip("+")
    if not word or word in real or not word.isascii():
        return False
    vowels = sum(c in VOWELS for c in word)
    if not word.isalpha() and not word.isdigit():  # digits and letters mixed
        switches = sum(a.isdigit() != b.isdigit() for a, b in zip(word, word[1:]))
        return switches >= 3 or _sequence(word) or (len(word) >= 5 and not vowels)
    if word.isdigit():
        return len(word) >= 3 and (_sequence(word) or period(word) is not None)
    unit = period(word)
    if unit is not None and (not VOWELS & set(unit) or len(word) >= 3 * len(unit) or unit in _KEY_RUNS3):
        return True
    on_row = [word[i:i + 4] in _KEY_RUNS for i in range(len(word) - 3)]  # 4 keys in a row ("asdf", "hgfd")
    return (any(a and b for a, b in zip(on_row, on_row[1:])) or (any(on_row) and vowels <= len(word) / 4)
            or (len(word) >= 5 and not vowels) or (len(word) >= 8 and vowels <= len(word) * 0.12))
