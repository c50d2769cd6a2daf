"""The coaches who could ever take a ticket in a language, for "when is someone back?".

Routing (routing/candidates.py) reads the nearest coaches a page at a time
because it needs only the best few. The off-hours answer needs every coach
who speaks the language, wherever they work, since the first to start may
be the farthest away; it is asked only when a ticket has to wait.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Coach, Site


async def coaches_speaking(session: AsyncSession, language: str) -> list[tuple[Coach, Site]]:
    """Active coaches with a chat account whose languages include ``language``, with their sites.

    The LIKE on the comma-separated list is only a cheap pre-filter (as in
    routing/candidates.py); routing.next_shift checks the exact language.
    """
    rows = await session.execute(
        select(Coach, Site)
        .join(Site, Site.id == Coach.site_id)
        .where(Coach.active.is_(True), Coach.person_id.is_not(None), Coach.languages.contains(language))
        .order_by(Coach.id)
    )
    return [(coach, site) for coach, site in rows.all()]
