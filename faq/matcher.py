"""Decide per message: ANSWER one FAQ entry, SUGGEST up to three, or ROUTE to a coach.

How a score is made (0..1, per entry id, across all its languages):

* Query and phrasings go through the same ``Normaliser`` (spoken forms,
  compounds, rapidfuzz typo correction, synonyms), so "kzie mn loonfiche nie"
  and "Waar vind ik mijn loonbrief?" share the word "loonbrief".
* Words are weighted by how rare they are among entries (IDF). A word no
  entry uses gets a high weight: it probably changes the question.
* ``coverage`` = weighted share of the query's words that the phrasing has,
  blended with the share of the phrasing's words that the query has. The
  first is what stops "mijn loonbrief klopt niet" from looking like
  "loonbrief"; the second is what stops rapidfuzz's pitfall where a short
  query inside a long phrasing (WRatio, token_set_ratio) scores 90-100.
* rapidfuzz ``token_sort_ratio`` between the normalised strings adds a small
  order/shape signal for the best candidates.

The decision uses score bands plus a margin between the best two entries,
as QnA Maker and Rasa do: answering needs a high score AND a clear winner.
A wrong confident answer costs more than a routed question.
"""
from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field
from enum import Enum

from rapidfuzz import fuzz

from faq.kb import KnowledgeBase
from faq.language import detect_language
from faq.normalise import Normaliser, simple_tokens
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
    scores: dict[str, float] = field(default_factory=dict)  # best entries and their scores, for debugging
    lang: str | None = None  # the language to answer in
    normalised: str = ""  # what the matcher made of the text, for debugging
    coverage: float = 0.0  # share of the query one phrasing of the best entry explains, for debugging
    phrasing_coverage: float = 0.0  # share of that entry's best phrasing found in the query, for debugging


@dataclass(frozen=True)
class Settings:
    answer: float = 0.60  # answer only at or above this score ...
    margin: float = 0.08  # ... and this far ahead of the next entry ...
    answer_coverage: float = 0.65  # ... and one phrasing explaining this share of the query's words
    answer_phrasing_coverage: float = 0.45  # ... and one phrasing this much found in the query
    # a long message (chatter around the question) is answered when a whole phrasing of one
    # entry is in it and that entry clearly dominates, even if most words are unexplained
    long_query: int = 6  # content words from which a message counts as long
    long_answer: float = 0.45
    long_margin: float = 0.16
    long_phrasing_coverage: float = 0.9
    suggest: float = 0.38  # suggest at or above this score
    suggest_window: float = 0.25  # suggestions within this distance of the best one
    alternative: float = 0.30  # alternatives offered after an answer that did not help
    query_share: float = 0.65  # weight of query coverage versus phrasing coverage
    fuzz_share: float = 0.15  # weight of rapidfuzz string similarity
    same_language_bonus: float = 0.02
    unknown_weight: float = 3.0  # IDF-like weight of a word no entry uses
    weak_weight: float = 0.3  # at most this for a word that qualifies rather than names a question ...
    weak_unknown_weight: float = 1.0  # ... or this if no entry uses it ("zondag": not a typical topic word)
    rerank: int = 40  # phrasings scored with rapidfuzz
    min_candidates: int = 50  # keep walking the index until this many phrasings are found
    max_walk: int = 3000  # a word in more phrasings than this only finds candidates if nothing else does
    max_suggestions: int = 3


@dataclass
class _Phrasing:
    entry: int  # index into Matcher.ids
    lang: str
    tokens: frozenset[str]
    text: str
    weight: float = 0.0


class Matcher:
    def __init__(self, kb: KnowledgeBase, settings: Settings | None = None,
                 vocabulary: Vocabulary | None = None) -> None:
        self.kb = kb
        self.settings = settings or Settings()
        vocab = (vocabulary or general_vocabulary()).extended(kb.vocabulary)
        self.normaliser = Normaliser(vocab)
        raw_words = set()
        for entry in kb.entries:
            for question in entry.questions:
                raw_words.update(self.normaliser.expand_spoken(simple_tokens(question)))
        self.normaliser.add_known_words(raw_words)

        self.ids: list[str] = kb.ids()
        index_of = {entry_id: i for i, entry_id in enumerate(self.ids)}
        self.phrasings: list[_Phrasing] = []
        for entry in kb.entries:
            for question in entry.questions:
                tokens = self.normaliser.content_tokens(question)
                if tokens:
                    self.phrasings.append(_Phrasing(index_of[entry.id], entry.lang, frozenset(tokens), " ".join(tokens)))
        self.normaliser.add_known_words(t for p in self.phrasings for t in p.tokens)

        entries_with: dict[str, set[int]] = defaultdict(set)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for n, phrasing in enumerate(self.phrasings):
            for token in phrasing.tokens:
                entries_with[token].add(phrasing.entry)
                self.postings[token].append(n)
        total = max(len(self.ids), 1)
        self.idf = {t: math.log((total + 1) / (len(e) + 0.5)) for t, e in entries_with.items()}
        for token in self.normaliser.weak:
            known = token in self.idf
            self.idf[token] = min(self.idf[token], self.settings.weak_weight) if known else self.settings.weak_unknown_weight
        for phrasing in self.phrasings:
            phrasing.weight = sum(self.idf[t] for t in phrasing.tokens)

    def _weight(self, token: str) -> float:
        return self.idf.get(token, self.settings.unknown_weight)

    def _shared_weights(self, tokens: list[str], total: float) -> dict[int, float]:
        """For each phrasing worth scoring: the summed weight of the query words it contains.

        Walks the inverted index rarest word first. Answering needs one
        phrasing that explains ``answer_coverage`` of the query's weight, so
        it must contain one of the rare words walked before less than that is
        left. The long posting lists of common words ("gsm", "niet") are then
        not walked; those words are only looked up in the phrasings already
        found. This keeps a 10,000-entry KB fast without changing answers.
        """
        s = self.settings
        ranked = sorted((t for t in tokens if t in self.postings), key=self._weight, reverse=True)
        shared: dict[int, float] = {}
        left = total
        rest: list[str] = []
        for token in ranked:
            postings = self.postings[token]
            enough = left / total < 1 - s.answer_coverage and len(shared) >= s.min_candidates
            if shared and (enough or len(postings) > s.max_walk):
                rest.append(token)
                continue
            weight = self._weight(token)
            get = shared.get
            for n in postings:
                shared[n] = get(n, 0.0) + weight
            left -= weight
        for token in rest:
            weight = self._weight(token)
            for n in shared:
                if token in self.phrasings[n].tokens:
                    shared[n] += weight
        return shared

    def match(self, text: str, lang: str | None = None) -> Match:
        s = self.settings
        words = simple_tokens(text) if isinstance(text, str) else []
        detected = detect_language(text) if words else None
        answer_lang = detected if detected and len(words) >= 3 else (lang or detected or "nl")
        tokens = self.normaliser.content_tokens(text) if words else []
        normalised = " ".join(tokens)
        if not tokens:
            return Match(Decision.ROUTE, lang=answer_lang, normalised=normalised)

        # "klopt niet", "te laag": only a phrasing about that too may be answered
        essential = self.normaliser.essential.intersection(tokens)
        total = sum(self._weight(t) for t in tokens)
        qs, phrasings = s.query_share, self.phrasings
        scored = ((qs * w / total + (1 - qs) * w / phrasings[n].weight, w / total, n, w / phrasings[n].weight)
                  for n, w in self._shared_weights(tokens, total).items())
        best: dict[int, float] = {}
        covered: dict[int, float] = {}  # best share of the query explained by one phrasing of the entry
        explained: dict[int, float] = {}  # best share of one phrasing of the entry found in the query
        answerable: set[int] = set()  # entries with a phrasing that has the query's essential words
        for coverage, query_coverage, n, phrasing_coverage in heapq.nlargest(s.rerank, scored):
            phrasing = self.phrasings[n]
            similarity = fuzz.token_sort_ratio(normalised, phrasing.text) / 100
            score = (1 - s.fuzz_share) * coverage + s.fuzz_share * similarity
            if phrasing.lang == answer_lang:
                score += s.same_language_bonus
            score = min(score, 1.0)
            if score > best.get(phrasing.entry, -1.0):
                best[phrasing.entry] = score
            covered[phrasing.entry] = max(covered.get(phrasing.entry, 0.0), query_coverage)
            explained[phrasing.entry] = max(explained.get(phrasing.entry, 0.0), phrasing_coverage)
            if essential <= phrasing.tokens:
                answerable.add(phrasing.entry)
        ranking = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
        scores = {self.ids[i]: round(v, 3) for i, v in ranking[:10]}
        if not ranking:
            return Match(Decision.ROUTE, scores=scores, lang=answer_lang, normalised=normalised)

        top_id, top = ranking[0]
        second = ranking[1][1] if len(ranking) > 1 else 0.0
        debug = {"coverage": round(covered[top_id], 3), "phrasing_coverage": round(explained[top_id], 3)}
        clear = (top >= s.answer and top - second >= s.margin and covered[top_id] >= s.answer_coverage
                 and explained[top_id] >= s.answer_phrasing_coverage)
        dominant = (len(tokens) >= s.long_query and top >= s.long_answer and top - second >= s.long_margin
                    and explained[top_id] >= s.long_phrasing_coverage)
        if top_id in answerable and (clear or dominant):
            alternatives = [self.ids[i] for i, v in ranking[1:] if v >= s.alternative][: s.max_suggestions]
            return Match(Decision.ANSWER, self.ids[top_id], alternatives, top, scores, answer_lang, normalised, **debug)
        if top >= s.suggest:
            floor = max(s.suggest, top - s.suggest_window)
            suggestions = [self.ids[i] for i, v in ranking if v >= floor][: s.max_suggestions]
            return Match(Decision.SUGGEST, None, suggestions, top, scores, answer_lang, normalised, **debug)
        return Match(Decision.ROUTE, None, [], top, scores, answer_lang, normalised, **debug)
