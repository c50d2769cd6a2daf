"""Small shared facts in the `settings` table, read and written by every replica."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Setting


async def get_setting(session: AsyncSession, key: str, default: str | None = None) -> str | None:
    row = await session.get(Setting, key)
    return row.value if row else default


async def set_setting(session: AsyncSession, key: str, value: str) -> None:
    row = await session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
