"""Keeps this replica's FAQ in step with the approved candidates in the database.

Every replica merges the approved rows into its knowledge base
(faq/live.py, `KnowledgeBase.with_additions`). A replica notices a change by
a cheap fingerprint (how many approved rows, the last decision time) on its
periodic FAQ check; the replica where a coordinator approved rebuilds right
after that turn commits. Building the matcher can take a while, so it runs in
a worker thread: messages keep being answered with the FAQ in use until the
new one is ready.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from faq.kb import Addition
from storage import faq_learning
from storage.db import Database
from storage.models import FaqCandidate

log = logging.getLogger("digicoach.faq")


def addition(row: FaqCandidate) -> Addition:
    """An approved row as the merge rule takes it: a phrasing, or a whole new entry (with its answer)."""
    answer = row.answer if row.kind == faq_learning.ENTRY else None
    return Addition(entry_id=row.entry_id or "", lang=row.lang, question=row.question, answer=answer,
                    source=f"learned #{row.id}")


async def approved_additions(db: Database) -> tuple[tuple[int, str], list[Addition]]:
    async with db.session() as session:
        mark = await faq_learning.fingerprint(session)
        rows = await faq_learning.approved(session)
        return mark, [addition(r) for r in rows if r.entry_id]


class LearnedFaq:
    def __init__(self, db: Database, faq: Any) -> None:
        """`faq` is the live KB; a stand-in without `set_additions` (some tests, benchmarks) learns nothing."""
        self.db = db
        self.faq = faq
        self._seen: tuple[int, str] | None = None
        self._lock = asyncio.Lock()

    async def refresh(self, force: bool = False) -> bool:
        """Rebuild if the approved set changed since the last look; True when a new FAQ is in use."""
        if not hasattr(self.faq, "set_additions"):
            return False
        async with self._lock:  # the periodic check and an approval never rebuild at the same time
            async with self.db.session() as session:
                mark = await faq_learning.fingerprint(session)
            if mark == self._seen and not force:
                return False
            mark, additions = await approved_additions(self.db)
            await asyncio.to_thread(self.faq.set_additions, additions)
            self._seen = mark
            return True
