"""Fit when the matcher may answer, on the knowledge base it loads.

Fixed thresholds tuned on one FAQ are far too timid (or too bold) on
another: a city's own entries are worded differently and scores land
elsewhere. So the KB calibrates itself when it loads. It asks itself
questions whose right outcome is known:

* a phrasing (at most ``SAMPLES`` of them), as written and typed the way
  staff type (``faq/staff_typing.py``), with that phrasing left out: if its
  entry has other phrasings, the right answer is that entry (an entry of
  one phrasing is asked only typed, with the phrasing kept);
* some of those inside a long message (a greeting before, thanks after);
* the same phrasing with its whole entry left out: a question close to the
  FAQ's subjects that the FAQ does not answer, the near miss staff ask most;
* a word that several entries use, asked alone ("wachtwoord": forgotten or
  changing it?): answering would be a guess;
* the shipped generic out-of-scope sentences (``calibration/out_of_scope.yaml``,
  per language, written without looking at any KB).

A small logistic model turns what the decision sees (best fused score,
margin, whether both stages agree, how much of the question the best
phrasing explains, message length) into the chance that answering is
right. Its cut-off, and the fusion's word weight, answer as many own
questions right as possible while wrong answers stay under ``WRONG_BUDGET``,
answered near misses under ``NEAR_BUDGET`` and answered out-of-scope
sentences under ``OOS_BUDGET``: below the product's targets (3 % wrong,
5 % out of scope answered), because real traffic is messier. The suggest
threshold keeps ``SUGGEST_RECALL`` of the questions whose entry ranks in the
top three; the alternative threshold keeps as many of those whose entry ranks
second or third among the buttons offered. Nothing here depends on the shipped example KB.

The result is cached on disk by a hash of the KB's phrasings and the
encoder, so a restart or a second replica does not fit it again.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import random
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml

from faq.semantic import default_cache_dir
from faq.staff_typing import as_typed, in_chatter

if TYPE_CHECKING:
    from faq.lexical import LexicalScores
    from faq.matcher import Matcher, Ranking

log = logging.getLogger("digicoach.faq")

VERSION = 17  # bump when the fitting changes, so cached thresholds are fitted again
OUT_OF_SCOPE_FILE = Path(__file__).parent / "calibration" / "out_of_scope.yaml"
SAMPLES = 600
WRONG_BUDGET = 0.04  # share of own questions answered with another entry
NEAR_BUDGET = 0.04  # share of near misses answered
OOS_BUDGET = 0.02  # share of generic out-of-scope sentences answered
SUGGEST_RECALL = 0.98
WORD_WEIGHTS = (0.3, 0.4, 0.5, 0.6, 0.7)
FEATURES = ("top", "margin", "agree", "covered", "explained", "length", "words", "meaning", "missing",
            "missing_in_short")


def features(ranking: "Ranking") -> np.ndarray:
    """What the answer decision looks at; the same function for fitting and for every live question."""
    best = ranking.order[0] if ranking.order else -1
    words = ranking.words
    length = min(len(words.tokens), 12) / 12
    missing = min(words.missing.get(best, 0.0), 3.0) / 3.0  # a heavy word the best phrasing lacks ...
    return np.array([ranking.top(), ranking.margin, 1.0 if ranking.agree else 0.0,
                     words.covered.get(best, 0.0), words.explained.get(best, 0.0), length, words.best.get(best, 0.0),
                     float(ranking.meaning[best]) if ranking.meaning is not None and best >= 0 else 0.0,
                     missing, missing * (1.0 - length)],  # ... matters most in a short question
                    dtype=np.float64)


@dataclass(frozen=True)
class Thresholds:
    word_weight: float = 1.0
    weights: tuple[float, ...] = (0.0,) * len(FEATURES)  # logistic model over FEATURES ...
    bias: float = 0.0
    answer: float = 1.01  # ... answer when its chance of being right is at least this
    suggest: float = 0.38  # below this best fused score, hand the question to a coach
    alternative: float = 0.3  # an entry below the first is offered (as a suggestion, or after an answer) from this score
    # what the fit saw, for the logs and `digicoach faq check`
    questions: int = 0
    out_of_scope: int = 0
    expected_answered: float = 0.0

    def chance(self, x: np.ndarray) -> float:
        return float(1.0 / (1.0 + np.exp(-(np.dot(self.weights, x) + self.bias))))

    def answers(self, ranking: "Ranking") -> bool:
        return bool(ranking.order) and self.chance(features(ranking)) >= self.answer


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
class _Asked:
    """One calibration question: per word weight, its features and outcome."""

    x: np.ndarray  # weights x features
    top: np.ndarray  # per weight: best fused score
    correct: np.ndarray  # per weight: the expected entry ranked first
    in_top3: np.ndarray
    expected: np.ndarray  # per weight: the expected entry's fused score (0 without one)
    kind: str  # "question" (its entry is there), "near" (no entry answers it), "oos"
    allowed: bool  # no essential word the winner lacks


def _ask(matcher: "Matcher", text: str, lang: str | None, expected: int | None, exclude: tuple[int, ...],
         vector: np.ndarray | None, kind: str) -> _Asked:
    lexical, meaning, answer_lang = matcher.stages(text, lang, exclude, vector)
    rows = []
    for w in (WORD_WEIGHTS if meaning is not None else (1.0,)):
        ranking = matcher.fuse(lexical, meaning, answer_lang, w)
        first = ranking.order[0] if ranking.order else -1
        rows.append((features(ranking), ranking.top(), first == expected, expected in ranking.order[:3],
                     float(ranking.fused[expected]) if expected is not None else 0.0))
    x, top, correct, in_top3, expected_score = (np.array(column) for column in zip(*rows))
    return _Asked(x, top, correct, in_top3, expected_score, kind, matcher.essential_allows(ranking))


def _questions(matcher: "Matcher") -> list[_Asked]:
    rng = random.Random(0)
    count = len(matcher.phrasings)
    picks = sorted(rng.sample(range(count), min(SAMPLES, count)))
    phrasings_of: dict[int, list[int]] = {}
    entries_of: dict[str, set[int]] = {}
    for n, p in enumerate(matcher.phrasings):
        phrasings_of.setdefault(p.entry, []).append(n)
        for token in p.tokens:
            entries_of.setdefault(token, set()).add(p.entry)
    # (text, language, expected entry, phrasings left out, phrasing whose vector it has, kind)
    plan: list[tuple[str, str | None, int | None, tuple[int, ...], int | None, str]] = []
    shared_words: dict[str, None] = {}
    for i in picks:
        p = matcher.phrasings[i]
        whole_entry = tuple(phrasings_of[p.entry])
        typed = as_typed(p.text, rng) if rng.random() < 0.7 else in_chatter(p.text, p.lang, rng)
        if len(whole_entry) > 1:
            plan.append((p.text, p.lang, p.entry, (i,), i, "question"))
            plan.append((typed, p.lang, p.entry, (i,), None, "question"))
        else:  # an entry of one phrasing (a first KB): only a typed version of it can be asked
            plan.append((typed, p.lang, p.entry, (), None, "question"))
        plan.append((p.text, p.lang, None, whole_entry, i, "near"))
        shared = [t for t in p.tokens if len(entries_of.get(t, ())) > 1]
        if shared:
            shared_words[max(shared, key=lambda t: (matcher.lexical.weight(t), t))] = None
    plan.extend((word, None, None, (), None, "near") for word in list(shared_words)[: SAMPLES // 4])
    sentences = out_of_scope_sentences()
    plan.extend((text, lang, None, (), None, "oos") for lang, text in sentences)
    vectors: list[np.ndarray | None] = [None] * len(plan)
    semantic = matcher.semantic
    if semantic is not None:
        fresh = [n for n, step in enumerate(plan) if step[4] is None]
        generic = {text for _, text in sentences}
        cached = semantic.embed_many([plan[n][0] for n in fresh if plan[n][0] in generic])
        typed_vectors = iter(semantic.encoder.questions([plan[n][0] for n in fresh if plan[n][0] not in generic]))
        cached_vectors = iter(cached)
        for n in fresh:  # one batch each: the encoder is much faster on many sentences at once
            vectors[n] = next(cached_vectors) if plan[n][0] in generic else next(typed_vectors)
        for n, step in enumerate(plan):
            if step[4] is not None:
                vectors[n] = semantic.vector(step[4])
    return [_ask(matcher, text, lang, expected, exclude, vectors[n], kind)
            for n, (text, lang, expected, exclude, _, kind) in enumerate(plan)]


def _logistic(x: np.ndarray, y: np.ndarray, steps: int = 300) -> tuple[np.ndarray, float]:
    """Plain logistic regression (Newton's method, a little L2), classes weighted equally."""
    design = np.hstack([x, np.ones((len(x), 1))])
    positives = max(y.sum(), 1.0)
    sample_weight = np.where(y > 0, len(y) / (2 * positives), len(y) / (2 * max(len(y) - positives, 1.0)))
    theta = np.zeros(design.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-design @ theta))
        gradient = design.T @ (sample_weight * (p - y)) + 0.01 * theta
        hessian = (design * (sample_weight * p * (1 - p))[:, None]).T @ design + 0.01 * np.eye(design.shape[1])
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-6:
            break
    return theta[:-1], float(theta[-1])


def _fit_weight(asked: list[_Asked], k: int, word_weight: float) -> Thresholds:
    x = np.array([a.x[k] for a in asked])
    kind = np.array([a.kind for a in asked])
    allowed = np.array([a.allowed for a in asked])
    question, near, oos = kind == "question", kind == "near", kind == "oos"
    right = question & np.array([bool(a.correct[k]) for a in asked])
    weights, bias = _logistic(x, right.astype(np.float64))
    chance = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
    chance = np.where(allowed, chance, 0.0)
    n_questions, n_near, n_oos = (max(int(group.sum()), 1) for group in (question, near, oos))
    best_cut, best_right = 1.01, 0
    for cut in np.unique(chance):  # lowest cut-off first: the first that breaks a budget ends the search
        answered = chance >= cut
        if ((answered & question & ~right).sum() <= WRONG_BUDGET * n_questions
                and (answered & near).sum() <= NEAR_BUDGET * n_near and (answered & oos).sum() <= OOS_BUDGET * n_oos):
            best_cut, best_right = float(cut), int((answered & right).sum())
            break
    top = np.array([a.top[k] for a in asked])
    ranked = question & np.array([bool(a.in_top3[k]) for a in asked])
    suggest = float(np.quantile(top[ranked], 1.0 - SUGGEST_RECALL)) if ranked.any() else 0.38
    runner_up = ranked & ~right  # the right entry is second or third: how low may it score and still be offered?
    scores = np.array([a.expected[k] for a in asked])
    alternative = float(np.quantile(scores[runner_up], 1.0 - SUGGEST_RECALL)) if runner_up.sum() >= 5 else suggest
    return Thresholds(word_weight, tuple(float(w) for w in weights), bias, best_cut, suggest, min(alternative, suggest),
                      int(question.sum()), int(oos.sum()), round(best_right / n_questions, 4))


def fit(matcher: "Matcher") -> Thresholds:
    asked = _questions(matcher)
    weights = WORD_WEIGHTS if matcher.semantic is not None else (1.0,)
    fits = [_fit_weight(asked, k, w) for k, w in enumerate(weights)]
    return max(fits, key=lambda t: (t.expected_answered, -abs(t.word_weight - 0.5)))


def calibrate(matcher: "Matcher", cache_dir: Path | None = None) -> Thresholds:
    """The fitted thresholds for this KB, from the disk cache when the KB has not changed."""
    path = (cache_dir or default_cache_dir()) / f"thresholds-{_fingerprint(matcher)}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Thresholds(**{**data, "weights": tuple(data["weights"])})
    except (OSError, ValueError, TypeError, KeyError):
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
