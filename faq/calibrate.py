"""Fit the matcher's thresholds on the knowledge base it loads.

Fixed thresholds tuned on one FAQ are far too timid (or too bold) on
another: a city's own entries are worded differently and scores land
elsewhere. So the KB calibrates itself when it loads:

* every phrasing (at most ``SAMPLES`` of them) is asked as a question with
  itself left out: if its entry has other phrasings, the right answer is
  that entry;
* and again with its whole entry left out: a question close to the FAQ's
  subjects that the FAQ does not answer, the near miss staff ask most, which
  must not be answered;
* a word that several entries use, asked alone ("wachtwoord": forgotten or
  changing it?), must not be answered either: it would be a guess;
* the shipped generic out-of-scope sentences (``calibration/out_of_scope.yaml``,
  per language, written without looking at any KB) must not be answered.

Then, for each word weight of the fusion, the answer thresholds (one for
when the word and meaning stages agree on the winner, one for when they do
not, and a margin over the runner-up) are chosen to answer as many
questions right as possible while wrong answers stay under
``WRONG_BUDGET`` of the questions and out-of-scope answers under
``OOS_BUDGET``. The suggest threshold keeps ``SUGGEST_RECALL`` of the
questions whose entry ranks in the top three. Leave-one-out phrasings are
cleaner than what staff type, so the budgets sit below the product's
targets (3 % wrong, 5 % out-of-scope answered).

The result is cached on disk by a hash of the KB's phrasings and the
encoder, so a restart or a second replica does not fit it again.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml

from faq.semantic import default_cache_dir

if TYPE_CHECKING:
    from faq.matcher import Matcher

log = logging.getLogger("digicoach.faq")

VERSION = 6  # bump when the fitting changes, so cached thresholds are fitted again
OUT_OF_SCOPE_FILE = Path(__file__).parent / "calibration" / "out_of_scope.yaml"
SAMPLES = 1200
WRONG_BUDGET = 0.015  # share of own questions answered with another entry
NEAR_BUDGET = 0.04  # share of near misses answered
OOS_BUDGET = 0.02  # share of generic out-of-scope sentences answered
SUGGEST_RECALL = 0.98
WORD_WEIGHTS = (0.3, 0.4, 0.5, 0.6, 0.7)
MARGINS = (0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.13, 0.16, 0.2)
GRID = 40  # candidate answer thresholds per group


@dataclass(frozen=True)
class Thresholds:
    word_weight: float = 1.0
    answer_agree: float = 0.6  # answer when both stages put this entry first and it scores this ...
    answer_disagree: float = 0.8  # ... or this when they disagree ...
    margin: float = 0.08  # ... and it leads the runner-up by this much
    suggest: float = 0.38  # below this, hand the question to a coach
    # what the fit saw, for `digicoach faq check` and the logs
    questions: int = 0
    out_of_scope: int = 0
    expected_answered: float = 0.0

    def answers(self, top: float, margin: float, agree: bool) -> bool:
        return margin >= self.margin and top >= (self.answer_agree if agree else self.answer_disagree)


@lru_cache(maxsize=1)
def out_of_scope_sentences() -> tuple[tuple[str, str], ...]:
    data = yaml.safe_load(OUT_OF_SCOPE_FILE.read_text(encoding="utf-8")) or {}
    return tuple((lang, str(text)) for lang, texts in data.items() for text in texts)


def _fingerprint(matcher: "Matcher") -> str:
    digest = hashlib.sha256()
    encoder = matcher.semantic.encoder.name if matcher.semantic is not None else "words-only"
    digest.update(f"{VERSION}|{encoder}|{OUT_OF_SCOPE_FILE.stat().st_size}".encode())
    for p in matcher.phrasings:
        digest.update(f"\n{matcher.ids[p.entry]}|{p.lang}|{p.text}|{' '.join(sorted(p.tokens))}".encode())
    return digest.hexdigest()[:24]


@dataclass
class _Seen:
    """One calibration question: the features of its fused ranking per word weight."""

    top: np.ndarray  # per weight
    margin: np.ndarray
    agree: np.ndarray
    correct: np.ndarray  # the expected entry ranked first
    in_top3: np.ndarray
    kind: str  # "question" (its entry is still there), "near" (its entry is gone), "oos"
    allowed: bool  # no essential word the winner lacks


def _observe(matcher: "Matcher", text: str, lang: str | None, expected: int | None, exclude: tuple[int, ...],
             vector: np.ndarray | None, kind: str) -> _Seen:
    lexical, meaning, answer_lang = matcher.stages(text, lang, exclude, vector)
    weights = WORD_WEIGHTS if meaning is not None else (1.0,)
    rows = []
    for w in weights:
        ranking = matcher.fuse(lexical, meaning, answer_lang, w)
        first = ranking.order[0] if ranking.order else -1
        rows.append((ranking.top(), ranking.margin, ranking.agree, first == expected, expected in ranking.order[:3]))
    top, margin, agree, correct, in_top3 = (np.array(column) for column in zip(*rows))
    essential = matcher.normaliser.essential.intersection(lexical.tokens)
    allowed = not essential or (bool(ranking.order) and ranking.order[0] in lexical.answerable)
    return _Seen(top, margin, agree, correct, in_top3, kind, allowed)


def _fit_one(seen: list[_Seen], k: int, word_weight: float) -> Thresholds:
    top = np.array([s.top[k] for s in seen])
    margin = np.array([s.margin[k] for s in seen])
    agree = np.array([bool(s.agree[k]) for s in seen])
    allowed = np.array([s.allowed for s in seen])
    question = np.array([s.kind == "question" for s in seen])
    oos = np.array([s.kind == "oos" for s in seen])
    near = np.array([s.kind == "near" for s in seen])
    right = question & np.array([bool(s.correct[k]) for s in seen])
    wrong = question & ~right
    n_questions, n_oos, n_near = max(int(question.sum()), 1), max(int(oos.sum()), 1), max(int(near.sum()), 1)
    grid = np.unique(np.quantile(top[question] if question.any() else top, np.linspace(0.0, 1.0, GRID)))
    grid = np.append(grid, 1.01)  # "never"
    best = Thresholds(word_weight=word_weight, answer_agree=1.01, answer_disagree=1.01, margin=MARGINS[-1])
    best_right = -1
    for m in MARGINS:
        candidates = allowed & (margin >= m)
        counts = {}
        for group in (True, False):
            member = candidates & (agree == group)
            passes = top[None, :] >= grid[:, None]  # threshold x question
            counts[group] = [(passes & (member & flag)[None, :]).sum(axis=1) for flag in (right, wrong, near, oos)]
        right_n, wrong_n, near_n, oos_n = (counts[True][f][:, None] + counts[False][f][None, :] for f in range(4))
        ok = ((wrong_n <= WRONG_BUDGET * n_questions) & (near_n <= NEAR_BUDGET * n_near)
              & (oos_n <= OOS_BUDGET * n_oos))
        if not ok.any():
            continue
        score = np.where(ok, right_n, -1)
        i, j = np.unravel_index(int(np.argmax(score)), score.shape)
        if score[i, j] > best_right:
            best_right = int(score[i, j])
            best = Thresholds(word_weight=word_weight, answer_agree=float(grid[i]), answer_disagree=float(grid[j]),
                              margin=m)
    if not (candidates & ~agree).any() and not (~agree).any():  # words only: one threshold
        best = Thresholds(best.word_weight, best.answer_agree, best.answer_agree, best.margin)
    ranked_right = question & np.array([bool(s.in_top3[k]) for s in seen])
    floor = float(np.quantile(top[ranked_right], 1.0 - SUGGEST_RECALL)) if ranked_right.any() else 0.3
    suggest = min(floor, best.answer_agree, best.answer_disagree)
    return Thresholds(best.word_weight, best.answer_agree, best.answer_disagree, best.margin, suggest,
                      int(question.sum()), int(oos.sum()), round(max(best_right, 0) / n_questions, 4))


def _shared_words(matcher: "Matcher", picks: list[int]) -> list[str]:
    """Words that several entries use ("wachtwoord", "badge"): asked alone, they cannot pick one entry.

    For each sampled phrasing, its rarest word that another entry uses too;
    each word once, at most ``SAMPLES // 4`` of them.
    """
    entries_of: dict[str, set[int]] = {}
    for p in matcher.phrasings:
        for token in p.tokens:
            entries_of.setdefault(token, set()).add(p.entry)
    words: dict[str, None] = {}
    for i in picks:
        shared = [t for t in matcher.phrasings[i].tokens if len(entries_of.get(t, ())) > 1]
        if shared:
            words[max(shared, key=lambda t: (matcher.lexical.weight(t), t))] = None
    return list(words)[: SAMPLES // 4]


def fit(matcher: "Matcher") -> Thresholds:
    rng = np.random.default_rng(0)
    count = len(matcher.phrasings)
    picks = sorted(rng.choice(count, size=min(SAMPLES, count), replace=False).tolist()) if count else []
    phrasings_of: dict[int, list[int]] = {}
    for n, p in enumerate(matcher.phrasings):
        phrasings_of.setdefault(p.entry, []).append(n)
    seen: list[_Seen] = []
    for i in picks:
        p = matcher.phrasings[i]
        vector = matcher.semantic.matrix[i] if matcher.semantic is not None else None
        whole_entry = tuple(phrasings_of[p.entry])
        if len(whole_entry) > 1:
            seen.append(_observe(matcher, p.text, p.lang, p.entry, (i,), vector, "question"))
        seen.append(_observe(matcher, p.text, p.lang, None, whole_entry, vector, "near"))
    for word in _shared_words(matcher, picks):
        seen.append(_observe(matcher, word, None, None, (), None, "near"))
    sentences = out_of_scope_sentences()
    vectors = matcher.semantic.embed_many([t for _, t in sentences]) if matcher.semantic is not None else None
    for n, (lang, text) in enumerate(sentences):
        seen.append(_observe(matcher, text, lang, None, (), vectors[n] if vectors is not None else None, "oos"))
    weights = WORD_WEIGHTS if matcher.semantic is not None else (1.0,)
    fits = [_fit_one(seen, k, w) for k, w in enumerate(weights)]
    return max(fits, key=lambda t: (t.expected_answered, -abs(t.word_weight - 0.5)))


def calibrate(matcher: "Matcher", cache_dir: Path | None = None) -> Thresholds:
    """The fitted thresholds for this KB, from the disk cache when the KB has not changed."""
    path = (cache_dir or default_cache_dir()) / f"thresholds-{_fingerprint(matcher)}.json"
    try:
        return Thresholds(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass
    thresholds = fit(matcher)
    log.info("FAQ thresholds fitted on %d own questions and %d out-of-scope sentences: %s",
             thresholds.questions, thresholds.out_of_scope, thresholds)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(asdict(thresholds)), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        log.warning("FAQ thresholds not cached in %s (%s)", path, exc)
    return thresholds
