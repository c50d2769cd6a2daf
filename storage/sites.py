"""Sites: where employees and coaches work."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Coach, Site


async def all_sites(session: AsyncSession) -> list[Site]:
    """Every site by name (few: a city has tens, not thousands)."""
    return list((await session.execute(select(Site).order_by(Site.name))).scalars())


async def first_site(session: AsyncSession) -> Site | None:
    return (await session.execute(select(Site).order_by(Site.id).limit(1))).scalar_one_or_none()


async def site(session: AsyncSession, site_id: str | None) -> Site | None:
    return await session.get(Site, site_id) if site_id else None


async def reachable_coaches_with_sites(session: AsyncSession) -> list[tuple[Coach, Site]]:
    """Active coaches with a chat account, and their sites: whom a coordinator may pick by hand."""
    rows = await session.execute(
        select(Coach, Site).join(Site, Site.id == Coach.site_id).where(Coach.active.is_(True), Coach.person_id.is_not(None))
    )
    return [(coach, site) for coach, site in rows.all()]
