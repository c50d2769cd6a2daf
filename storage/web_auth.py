"""Sign-in links and browser sessions of the web console.

Only hashes of the secrets are stored: someone who reads a backup of the database
cannot sign in with what they find there. A link is used up by a single UPDATE
that also checks expiry, so two browsers racing with one link get one session.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import WebLink, WebSession


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_link(session: AsyncSession, coordinator_id: str, now: datetime, valid: timedelta) -> str:
    token = secrets.token_hex(32)  # hex: nothing a chat's Markdown escaping (Teams: "_") could break in the link
    session.add(WebLink(token_hash=_hash(token), coordinator_id=coordinator_id, created_at=now, expires_at=now + valid))
    await session.flush()
    return token


async def use_link(session: AsyncSession, token: str, now: datetime) -> str | None:
    """The coordinator the link was made for, once; None for an unknown, used or expired link."""
    if not token or len(token) > 100:
        return None
    token_hash = _hash(token)
    result = await session.execute(
        update(WebLink)
        .where(WebLink.token_hash == token_hash, WebLink.used_at.is_(None), WebLink.expires_at > now)
        .values(used_at=now)
        .returning(WebLink.coordinator_id)
    )
    return result.scalar_one_or_none()


async def create_session(session: AsyncSession, coordinator_id: str, now: datetime, valid: timedelta) -> tuple[str, str]:
    """A new session's cookie secret and its CSRF token."""
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    session.add(WebSession(id_hash=_hash(secret), coordinator_id=coordinator_id, csrf=csrf, created_at=now,
                           expires_at=now + valid))
    await session.flush()
    return secret, csrf


async def live_session(session: AsyncSession, secret: str, now: datetime) -> WebSession | None:
    if not secret or len(secret) > 100:
        return None
    row = await session.get(WebSession, _hash(secret))
    if row is None or row.ended_at is not None or row.expires_at <= now:
        return None
    return row


async def end_session(session: AsyncSession, secret: str, now: datetime) -> None:
    await session.execute(update(WebSession).where(WebSession.id_hash == _hash(secret)).values(ended_at=now))


async def forget_old(session: AsyncSession, now: datetime) -> int:
    """Expired links and sessions are of no use to anyone; the retention sweep deletes them."""
    links = await session.execute(delete(WebLink).where(WebLink.expires_at < now))
    sessions = await session.execute(delete(WebSession).where(WebSession.expires_at < now))
    return (links.rowcount or 0) + (sessions.rowcount or 0)
