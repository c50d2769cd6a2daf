"""Decide per message: ANSWER one FAQ entry, SUGGEST up to three, or ROUTE to a coach.

Two rankings of the entries, fused:

* the word stage (``faq/lexical.py``): how much of the question one phrasing
  explains, typo- and dialect-tolerant, each language with its own rules;
* the meaning stage (``faq/semantic.py``): cosine similarity of sentence
  embeddings, which knows that "ik geraak niet binnen" is a log-in problem.

``fused = w * words + (1 - w) * meaning``, the meaning rescaled so that an
unrelated pair of phrasings of this KB scores about 0. The decision then
looks at the best fused score, its margin over the runner-up and whether the
two stages agree on the winner. The weight ``w`` and every threshold are
fitted on the KB itself when it loads (``faq/calibrate.py``: leave-one-out
over its own phrasings plus generic out-of-scope sentences), so a city's own
FAQ gets thresholds of its own; nothing is tuned to the shipped example.
A wrong confident answer costs more than a routed question.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import numpy as np

from faq.calibrate import Thresholds, calibrate
from faq.kb import KnowledgeBase
from faq.language import detect_language
from faq.lexical import LexicalIndex, LexicalScores, LexicalSettings
from faq.normalise import Normaliser, simple_tokens
from faq.semantic import DEFAULT_ENCODER, SemanticIndex
from faq.vocabulary import Vocabulary, general_vocabulary


class Decision(Enum):
    ANSWER = "answer"
    SUGGEST = "suggest"
    ROUTE = "route"


@dataclass
class Match:
    decision: Decision
    entry_id: str | None = None
    suggestions: list[str] = field(default_factory=list)
    score: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)  # best entries and their fused scores, for debugging
    lang: str | None = None  # the language to answer in
    normalised: str = ""  # what the word stage made of the text, for debugging
    coverage: float = 0.0  # share of the query one phrasing of the best entry explains, for debugging
    phrasing_coverage: float = 0.0  # share of that entry's best phrasing found in the query, for debugging


@dataclass
class Ranking:
    """Everything the decision looks at, for one question."""

    order: list[int]  # entry indexes, best fused score first
    fused: np.ndarray  # fused score per entry index
    agree: bool  # the word and meaning stages put the same entry first
    words: LexicalScores
    answer_lang: str
    meaning: np.ndarray | None = None  # rescaled meaning score per entry index (None: words only)

    def top(self, n: int = 0) -> float:
        return float(self.fused[self.order[n]]) if len(self.order) > n else 0.0

    @property
    def margin(self) -> float:
        return self.top(0) - self.top(1)


class Matcher:
    def __init__(self, kb: KnowledgeBase, vocabulary: Vocabulary | None = None, *,
                 encoder: str | None = DEFAULT_ENCODER, cache_dir: Path | None = None,
                 thresholds: Thresholds | None = None, settings: LexicalSettings | None = None) -> None:
        """``encoder=None`` switches the meaning stage off (words only); thresholds are fitted unless given."""
        self.kb = kb
        self.ids: list[str] = kb.ids()
        self.normaliser = Normaliser((vocabulary or general_vocabulary()).extended(kb.vocabulary))
        self.lexical = LexicalIndex(kb, self.normaliser, self.ids, settings)
        self.phrasings = self.lexical.phrasings
        self.semantic: SemanticIndex | None = None
        self.baseline = 0.0
        if encoder is not None:
            self.semantic = SemanticIndex([p.text for p in self.phrasings], [p.entry for p in self.phrasings],
                                          len(self.ids), encoder, cache_dir)
            self.baseline = self.semantic.unrelated_level()
        self.thresholds = thresholds or calibrate(self, cache_dir)
        self.word_weight = self.thresholds.word_weight
        if self.semantic is not None:
            self.semantic.cache.forget()

    def stages(self, text: str, lang: str | None = None, exclude: tuple[int, ...] = (),
               vector: np.ndarray | None = None) -> tuple[LexicalScores, np.ndarray | None, str]:
        """Both stages' scores for ``text`` before fusing; ``exclude`` and ``vector`` serve calibration."""
        words = simple_tokens(text) if isinstance(text, str) else []
        detected = detect_language(text) if words else None
        answer_lang = detected if detected and len(words) >= 3 else (lang or detected or "nl")
        lexical = self.lexical.score(text, detected, answer_lang, exclude) if words else LexicalScores([])
        meaning = None
        if self.semantic is not None and words:
            raw = self.semantic.entry_scores(self.semantic.embed(text) if vector is None else vector, exclude)
            meaning = np.clip((raw - self.baseline) / (1.0 - self.baseline), 0.0, 1.0)
        return lexical, meaning, answer_lang

    def fuse(self, lexical: LexicalScores, meaning: np.ndarray | None, answer_lang: str,
             word_weight: float | None = None) -> Ranking:
        w = self.word_weight if word_weight is None else word_weight
        fused = np.zeros(len(self.ids), dtype=np.float32)
        for entry, score in lexical.best.items():
            fused[entry] = score
        agree = True  # words only: nothing to disagree with
        if meaning is not None:
            # the meaning stage alone (no shared word at all) is no agreement
            agree = bool(lexical.best) and int(np.argmax(meaning)) == max(lexical.best, key=lexical.best.__getitem__)
            fused = w * fused + (1.0 - w) * meaning
        top = np.argpartition(-fused, 10)[:10] if len(fused) > 10 else np.arange(len(fused))
        order = [int(i) for i in sorted(top, key=lambda i: (-fused[i], i)) if fused[i] > 0.0]
        return Ranking(order, fused, agree, lexical, answer_lang, meaning)

    def rank(self, text: str, lang: str | None = None) -> Ranking:
        return self.fuse(*self.stages(text, lang))

    def decide(self, ranking: Ranking, thresholds: Thresholds | None = None) -> Match:
        t = thresholds or self.thresholds
        lexical, lang = ranking.words, ranking.answer_lang
        normalised = " ".join(lexical.tokens)
        scores = {self.ids[i]: round(float(ranking.fused[i]), 3) for i in ranking.order}
        if not ranking.order:
            return Match(Decision.ROUTE, scores=scores, lang=lang, normalised=normalised)
        best = ranking.order[0]
        top = ranking.top()
        debug = {"coverage": round(lexical.covered.get(best, 0.0), 3),
                 "phrasing_coverage": round(lexical.explained.get(best, 0.0), 3)}
        if self.essential_allows(ranking) and t.answers(ranking):
            alternatives = [self.ids[i] for i in ranking.order[1:] if ranking.fused[i] >= t.alternative][:3]
            return Match(Decision.ANSWER, self.ids[best], alternatives, top, scores, lang, normalised, **debug)
        if top >= t.suggest:
            suggestions = [self.ids[i] for i in ranking.order[:3] if ranking.fused[i] >= t.alternative]
            return Match(Decision.SUGGEST, None, suggestions, top, scores, lang, normalised, **debug)
        return Match(Decision.ROUTE, None, [], top, scores, lang, normalised, **debug)

    def essential_allows(self, ranking: Ranking) -> bool:
        """"klopt niet", "te laag": a question with such words may only get an entry whose phrasing has them too."""
        lexical = ranking.words
        if not self.normaliser.essential.intersection(lexical.tokens):
            return True
        return bool(ranking.order) and ranking.order[0] in lexical.answerable

    def match(self, text: str, lang: str | None = None) -> Match:
        return self.decide(self.rank(text, lang))
