"""Invitation codes: made by `digicoach invite`, redeemed once from a chat, never stored in clear."""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invite

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read from paper and typed on phones
CODE = re.compile(r"^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$")


def normalise_code(text: str) -> str | None:
    text = text.strip()
    if not CODE.match(text):
        return None
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def new_code() -> str:
    """Twelve characters with at least one digit, so a code typed on its own is never a word (see `looks_typed`)."""
    while True:
        raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
        if any(c.isdigit() for c in raw):
            return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def looks_typed(text: str) -> bool:
    """A code typed as a message of its own: in its XXXX-XXXX-XXXX form, or with a digit, so that a twelve-letter
    word ("werkschoenen") is a question, not a bad invitation."""
    text = text.strip()
    return normalise_code(text) is not None and ("-" in text or any(c.isdigit() for c in text))


async def create_invite(session: AsyncSession, role: str, directory_id: str, now: datetime, valid: timedelta) -> str:
    code = new_code()
    session.add(
        Invite(code_hash=hash_code(normalise_code(code) or code), role=role, directory_id=directory_id,
               created_at=now, expires_at=now + valid)
    )
    await session.flush()
    return code


async def redeem(session: AsyncSession, code: str, person_id: int | None, now: datetime) -> Invite | None:
    """Use a code once: one conditional UPDATE, so two redemptions cannot both succeed."""
    normal = normalise_code(code)
    if normal is None:
        return None
    stmt = (
        update(Invite)
        .where(Invite.code_hash == hash_code(normal), Invite.used_at.is_(None), Invite.expires_at > now)
        .values(used_at=now, used_by=person_id)
        .returning(Invite)
    )
    return (await session.execute(stmt)).scalar_one_or_none()
