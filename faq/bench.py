"""How fast is matching, and how much memory does the matcher take, as the KB grows?

Generates knowledge bases of 100, 1,000 and 10,000 entries (5 Dutch-looking
phrasings each, built from real Dutch word parts so compounds, shared
words and typos behave like the real thing), times ``Matcher.match`` on a
query set (misspelled variants of phrasings plus out-of-scope questions) and
measures the matcher's memory with tracemalloc. Seeded: runs are comparable.
Each size is built twice on a fresh disk cache: the first build embeds every
phrasing and fits the thresholds, the second finds both in the cache (what a
restart or a second replica does). Run it pinned to one core
(``taskset -c 0``) to see what one core does.
"""
from __future__ import annotations

import random
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from faq.kb import Entry, KnowledgeBase
from faq.matcher import Matcher
from faq.semantic import DEFAULT_ENCODER
from faq.staff_typing import as_typed

DEFAULT_SIZES = (100, 1_000, 10_000)
_HEADS = ("loon werk verlof ziekte dienst uren fiets maaltijd opleiding personeel vakantie telefoon "
          "reis kosten adres bank school kind gezins pensioen premie contract badge sleutel kledij "
          "schoen auto parkeer trein bus kantoor depot groen park sport zwem bibliotheek cultuur "
          "markt afval water straat licht brand veilig gezond zorg senior jeugd wijk buurt").split()
_TAILS = ("brief fiche attest aanvraag saldo rooster vergoeding kaart formulier regeling code "
          "systeem app account planning overzicht bewijs nummer pas map lijst melding vraag "
          "dag week uur plan bon cheque kalender dossier toelating afspraak").split()
_VERBS = ("vinden aanvragen bekijken wijzigen downloaden openen doorsturen invullen annuleren "
          "verlengen opzeggen betalen ontvangen activeren installeren melden registreren printen "
          "delen verwijderen terugvinden indienen inkijken aanpassen ophalen regelen").split()
_EXTRAS = ("op mijn gsm|via de app|voor volgende maand|van vorig jaar|op het werk|thuis|"
           "als nieuwe medewerker|zonder computer|met mijn badge|bij de stad|vandaag nog").split("|")
_TEMPLATES = (
    "Hoe kan ik mijn {n1} {v1}?",
    "Waar vind ik de {n1} voor {n2}?",
    "{n1} {v1} {x}",
    "Ik wil mijn {n1} {v1}, hoe doe ik dat?",
    "Wat moet ik doen als mijn {n1} niet werkt {x}?",
    "{n1} en {n2} {v1}",
    "Kan ik de {n1} {v1} {x}?",
)
_OOS = ("waar kan ik mijn auto wassen", "wie wint de match zondag", "hoeveel kost een brood",
        "mijn hond is ziek", "ik wil een klacht indienen over de buren", "wanneer is het feest")


@dataclass
class BenchResult:
    entries: int
    phrasings: int
    build_s: float  # first load: phrasings embedded, thresholds fitted
    cached_build_s: float  # a restart or another replica: vectors and thresholds from the disk cache
    p50_ms: float
    p99_ms: float
    memory_mb: float  # tracemalloc: memory held by the matcher after building (the encoder's weights not counted)


def encoder_memory_mb(encoder: str | None) -> float:
    """Resident memory the sentence encoder adds to the process when it loads (0 for words only)."""
    if encoder is None:
        return 0.0
    from faq.semantic import encoder as load_encoder

    before = _rss_mb()
    load_encoder(encoder).questions(["warm up"])
    return _rss_mb() - before


def _rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _nouns(rng: random.Random) -> list[str]:
    nouns = [h + t for h in _HEADS for t in _TAILS]
    rng.shuffle(nouns)
    return nouns


def synthetic_kb(size: int, seed: int = 1) -> KnowledgeBase:
    rng = random.Random(seed)
    nouns = _nouns(rng)
    entries = []
    for i in range(size):
        main = nouns[i % len(nouns)]
        questions = []
        for _ in range(5):
            template = rng.choice(_TEMPLATES)
            # secondary words follow a skewed distribution, like real KBs
            n2 = nouns[min(int((rng.paretovariate(1.2) - 1) * 40), len(nouns) - 1)]
            questions.append(template.format(n1=main, n2=n2, v1=rng.choice(_VERBS), x=rng.choice(_EXTRAS)))
        entries.append(Entry(id=f"entry_{i}", lang="nl", questions=tuple(questions),
                             answer=f"Antwoord {i}.", source="<synthetic>"))
    return KnowledgeBase(entries)


def synthetic_queries(kb: KnowledgeBase, count: int, seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    queries = []
    for n in range(count):
        if n % 10 == 9:
            queries.append(rng.choice(_OOS))
            continue
        entry = rng.choice(kb.entries)
        queries.append(as_typed(rng.choice(entry.questions), rng))
    return queries


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


def bench_size(size: int, queries: int = 500, encoder: str | None = DEFAULT_ENCODER) -> BenchResult:
    kb = synthetic_kb(size)
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        Matcher(kb, encoder=encoder, cache_dir=Path(cache))
        build_s = time.perf_counter() - start
        start = time.perf_counter()
        Matcher(kb, encoder=encoder, cache_dir=Path(cache))
        cached_build_s = time.perf_counter() - start
        tracemalloc.start()  # a third build, from the cache: tracemalloc slows building down too much to time it
        matcher = Matcher(kb, encoder=encoder, cache_dir=Path(cache))
        memory, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    texts = synthetic_queries(kb, queries)
    for text in texts[:20]:  # warm caches (typo corrections) like a running bot has
        matcher.match(text, "nl")
    timings = []
    for text in texts:
        start = time.perf_counter()
        matcher.match(text, "nl")
        timings.append((time.perf_counter() - start) * 1000)
    return BenchResult(size, len(matcher.phrasings), build_s, cached_build_s, _percentile(timings, 0.5),
                       _percentile(timings, 0.99), memory / 1e6)


def run_bench(sizes: tuple[int, ...] = DEFAULT_SIZES, queries: int = 500,
              encoder: str | None = DEFAULT_ENCODER) -> list[BenchResult]:
    return [bench_size(size, queries, encoder) for size in sizes]


def format_table(results: list[BenchResult]) -> str:
    lines = [f"{'entries':>8} {'phrasings':>9} {'build s':>8} {'cached s':>8} {'p50 ms':>8} {'p99 ms':>8} {'memory MB':>10}"]
    for r in results:
        lines.append(f"{r.entries:>8} {r.phrasings:>9} {r.build_s:>8.2f} {r.cached_build_s:>8.2f} {r.p50_ms:>8.3f} "
                     f"{r.p99_ms:>8.3f} {r.memory_mb:>10.1f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_table(run_bench()))
