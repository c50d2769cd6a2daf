"""The word stage: how much of a question one phrasing of each entry explains.

* Query and phrasings go through the same ``Normaliser`` (spoken forms,
  compounds, rapidfuzz typo correction, synonyms), each in its own language,
  so "kzie mn loonfiche nie" and "Waar vind ik mijn loonbrief?" share the
  word "loonbrief".
* Words are weighted by how rare they are among entries (IDF). A word no
  entry uses gets a high weight: it probably changes the question.
* ``coverage`` = weighted share of the query's words that the phrasing has,
  blended with the share of the phrasing's words that the query has. The
  first is what stops "mijn loonbrief klopt niet" from looking like
  "loonbrief"; the second stops a short query inside a long phrasing from
  scoring 90-100 as rapidfuzz's WRatio would.
* rapidfuzz ``token_sort_ratio`` between the normalised strings adds a small
  order/shape signal for the best candidates.
"""
from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from faq.kb import KnowledgeBase
from faq.normalise import Normaliser, simple_tokens


@dataclass(frozen=True)
class LexicalSettings:
    query_share: float = 0.65  # weight of query coverage versus phrasing coverage
    fuzz_share: float = 0.15  # weight of rapidfuzz string similarity
    same_language_bonus: float = 0.02
    unknown_weight: float = 3.0  # IDF-like weight of a word no entry uses
    weak_weight: float = 0.3  # at most this for a word that qualifies rather than names a question ...
    weak_unknown_weight: float = 1.0  # ... or this if no entry uses it ("zondag": not a typical topic word)
    rerank: int = 40  # phrasings scored with rapidfuzz
    min_candidates: int = 50  # keep walking the index until this many phrasings are found
    max_walk: int = 3000  # a word in more phrasings than this only finds candidates if nothing else does
    walk_coverage: float = 0.65  # stop walking rare-first once no unwalked word could explain more than this


@dataclass
class Phrasing:
    entry: int  # index into LexicalIndex.ids
    lang: str
    text: str  # as written in the KB
    tokens: frozenset[str]
    normalised: str
    weight: float = 0.0


@dataclass
class LexicalScores:
    """Per entry index: best score, and how much of query and phrasing the best phrasing shares."""

    tokens: list[str]
    best: dict[int, float] = field(default_factory=dict)
    covered: dict[int, float] = field(default_factory=dict)  # best share of the query one phrasing explains
    explained: dict[int, float] = field(default_factory=dict)  # best share of one phrasing found in the query
    answerable: set[int] = field(default_factory=set)  # a phrasing holds the query's essential words
    missing: dict[int, float] = field(default_factory=dict)  # heaviest query word the best phrasing lacks


class LexicalIndex:
    def __init__(self, kb: KnowledgeBase, normaliser: Normaliser, ids: list[str],
                 settings: LexicalSettings | None = None) -> None:
        self.settings = s = settings or LexicalSettings()
        self.normaliser = normaliser
        raw_words = set()
        for entry in kb.entries:
            for question in entry.questions:
                raw_words.update(normaliser.expand_spoken(simple_tokens(question), entry.lang))
        normaliser.add_known_words(raw_words)
        index_of = {entry_id: i for i, entry_id in enumerate(ids)}
        self.phrasings: list[Phrasing] = []
        for entry in kb.entries:
            for question in entry.questions:
                tokens = normaliser.content_tokens(question, entry.lang)
                self.phrasings.append(Phrasing(index_of[entry.id], entry.lang, question, frozenset(tokens),
                                               " ".join(tokens)))
        normaliser.add_known_words(t for p in self.phrasings for t in p.tokens)

        entries_with: dict[str, set[int]] = defaultdict(set)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for n, phrasing in enumerate(self.phrasings):
            for token in phrasing.tokens:
                entries_with[token].add(phrasing.entry)
                self.postings[token].append(n)
        total = max(len(ids), 1)
        self.idf = {t: math.log((total + 1) / (len(e) + 0.5)) for t, e in entries_with.items()}
        for token in normaliser.weak:
            known = token in self.idf
            self.idf[token] = min(self.idf[token], s.weak_weight) if known else s.weak_unknown_weight
        for phrasing in self.phrasings:
            phrasing.weight = sum(self.idf[t] for t in phrasing.tokens) or 1.0

    def weight(self, token: str) -> float:
        return self.idf.get(token, self.settings.unknown_weight)

    def _shared_weights(self, tokens: list[str], total: float, exclude: tuple[int, ...]) -> dict[int, float]:
        """For each phrasing worth scoring: the summed weight of the query words it contains.

        Walks the inverted index rarest word first. Once the words left could
        no longer explain ``walk_coverage`` of the query, the long posting
        lists of common words ("gsm", "niet") are not walked; those words
        are only looked up in the phrasings already found. This keeps a
        10,000-entry KB fast without changing the best candidates.
        """
        s = self.settings
        ranked = sorted((t for t in tokens if t in self.postings), key=self.weight, reverse=True)
        shared: dict[int, float] = {}
        left = total
        rest: list[str] = []
        for token in ranked:
            postings = self.postings[token]
            enough = left / total < 1 - s.walk_coverage and len(shared) >= s.min_candidates
            if shared and (enough or len(postings) > s.max_walk):
                rest.append(token)
                continue
            weight = self.weight(token)
            get = shared.get
            for n in postings:
                shared[n] = get(n, 0.0) + weight
            left -= weight
        for token in rest:
            weight = self.weight(token)
            for n in shared:
                if token in self.phrasings[n].tokens:
                    shared[n] += weight
        for n in exclude:
            shared.pop(n, None)
        return shared

    def score(self, text: str, lang: str | None, answer_lang: str, exclude: tuple[int, ...] = ()) -> LexicalScores:
        """Scores of the entries sharing words with ``text``; ``exclude`` leaves phrasings out (calibration)."""
        s = self.settings
        tokens = self.normaliser.content_tokens(text, lang)
        result = LexicalScores(tokens)
        if not tokens:
            return result
        normalised = " ".join(tokens)
        essential = self.normaliser.essential.intersection(tokens)  # "klopt niet": only a phrasing about that too
        total = sum(self.weight(t) for t in tokens)
        qs, phrasings = s.query_share, self.phrasings
        scored = ((qs * w / total + (1 - qs) * w / phrasings[n].weight, w / total, n, w / phrasings[n].weight)
                  for n, w in self._shared_weights(tokens, total, exclude).items())
        for coverage, query_coverage, n, phrasing_coverage in heapq.nlargest(s.rerank, scored):
            phrasing = phrasings[n]
            similarity = fuzz.token_sort_ratio(normalised, phrasing.normalised) / 100
            score = (1 - s.fuzz_share) * coverage + s.fuzz_share * similarity
            if phrasing.lang == answer_lang:
                score += s.same_language_bonus
            score = min(score, 1.0)
            entry = phrasing.entry
            if score > result.best.get(entry, -1.0):
                result.best[entry] = score
                result.missing[entry] = max((self.weight(t) for t in tokens if t not in phrasing.tokens), default=0.0)
            result.covered[entry] = max(result.covered.get(entry, 0.0), query_coverage)
            result.explained[entry] = max(result.explained.get(entry, 0.0), phrasing_coverage)
            if essential <= phrasing.tokens:
                result.answerable.add(entry)
        return result
