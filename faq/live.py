"""A knowledge base that follows its files while the bot runs.

Coordinators edit the YAML while employees chat. ``current()`` is called on
every message, so it only returns what is already built; the engine's
periodic job (and ``digicoach faq reload``) calls ``check_for_changes()``,
which looks at file sizes and modification times and rebuilds only when
something changed. A broken edit never takes the FAQ down: the last good KB
stays in use and the problems are logged and returned so the operator can
see why.

Approved learned phrasings and entries (the learning loop, kept in the
database) are merged on top of the files with ``KnowledgeBase.with_additions``,
the one merge rule: ``set_additions`` rebuilds with a new set, a file reload
keeps the set it has. Building the matcher may take a while, so callers run
both off the event loop thread; ``current()`` always returns a finished pair.
"""
from __future__ import annotations

import logging
import threading
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from faq.kb import Addition, KBError, KnowledgeBase, Problem, load_kb
from faq.matcher import Matcher
from faq.semantic import DEFAULT_ENCODER

log = logging.getLogger("digicoach.faq")

_Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass
class ReloadResult:
    changed: bool  # the files differ from what was loaded last time
    reloaded: bool  # a new KB is now in use
    problems: list[Problem] = field(default_factory=list)  # why a changed KB was NOT taken into use
    entries: int = 0  # entries in the KB in use afterwards

    @property
    def ok(self) -> bool:
        return not self.problems


def _fingerprint(paths: Sequence[Path]) -> _Fingerprint:
    """Name, size and mtime of every YAML file under the paths (folders are listed, so new files count)."""
    found: list[tuple[str, int, int]] = []
    for path in paths:
        files = sorted(path.iterdir()) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() not in (".yaml", ".yml") and path.is_dir():
                continue
            try:
                stat = file.stat()
            except OSError:
                found.append((str(file), -1, -1))
                continue
            found.append((str(file), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class LiveKnowledgeBase:
    def __init__(self, paths: Sequence[str | Path], additions: Iterable[Addition] = (), *,
                 encoder: str | None = DEFAULT_ENCODER, cache_dir: Path | None = None) -> None:
        """Load now; a KB that does not load at start-up raises KBError (nothing good to fall back on).

        ``encoder`` and ``cache_dir`` are the matcher's (``[faq] encoder`` and ``cache_dir``).
        """
        self.paths = [Path(p) for p in paths]
        self._matcher = partial(Matcher, encoder=encoder, cache_dir=cache_dir)
        self._lock = threading.Lock()
        self._seen = _fingerprint(self.paths)
        self._additions = tuple(additions)
        self._files = load_kb(self.paths)
        kb = self._files.with_additions(self._additions)
        self._current: tuple[KnowledgeBase, Matcher] = (kb, self._matcher(kb))
        self.last_problems: list[Problem] = []

    def current(self) -> tuple[KnowledgeBase, Matcher]:
        return self._current

    def files_kb(self) -> KnowledgeBase:
        """The KB as the files have it, without what was learned (what the files' editors own)."""
        return self._files

    def set_additions(self, additions: Iterable[Addition]) -> int:
        """Use these approved additions on top of the files from now on; returns the entries in use."""
        with self._lock:
            additions = tuple(additions)
            if additions == self._additions:  # a start-up or periodic look that found nothing new
                return len(self._current[0])
            kb = self._files.with_additions(additions)
            matcher = self._matcher(kb)
            self._additions = additions
            self._current = (kb, matcher)
        log.info("FAQ rebuilt with %d learned addition(s): %d entries", len(additions), len(kb))
        return len(kb)

    def check_for_changes(self) -> ReloadResult:
        """Reload if any file changed, appeared or disappeared since the last look."""
        fingerprint = _fingerprint(self.paths)
        if fingerprint == self._seen:
            return ReloadResult(changed=False, reloaded=False, problems=list(self.last_problems),
                                entries=len(self._current[0]))
        return self._reload(fingerprint)

    def reload(self) -> ReloadResult:
        """Reload even if nothing seems changed (``digicoach faq reload``)."""
        return self._reload(_fingerprint(self.paths))

    def _reload(self, fingerprint: _Fingerprint) -> ReloadResult:
        with self._lock:
            self._seen = fingerprint  # a broken edit is reported once, not on every check
            try:
                files = load_kb(self.paths)
                kb = files.with_additions(self._additions)
                matcher = self._matcher(kb)
            except KBError as exc:
                self.last_problems = exc.problems
                log.error("FAQ not reloaded, keeping the previous version (%d entries): %d problem(s)\n%s",
                          len(self._current[0]), len(exc.problems), "\n".join(str(p) for p in exc.problems))
                return ReloadResult(changed=True, reloaded=False, problems=exc.problems,
                                    entries=len(self._current[0]))
            self._files = files
            self._current = (kb, matcher)
            self.last_problems = []
            log.info("FAQ reloaded: %d entries in %d file(s)", len(kb), len(kb.files))
            return ReloadResult(changed=True, reloaded=True, entries=len(kb))
