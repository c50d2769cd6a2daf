"""Structured logs: one JSON object per line, with a ticket id and a pseudonymous person id.

Log shippers (Loki, Elastic, journald) read one event per line, and an
operator must be able to follow one ticket or one person through the logs
without the logs becoming a second store of personal data. So:

- code logs `extra={"person_id": ..., "ticket": ...}` and never names or
  message texts at info level or above (debug may, for a developer's laptop);
- the formatter turns `person_id` into `person`, an HMAC-SHA256 of the
  internal id under a salt: from DIGICOACH_LOG_SALT, else a random salt made
  once per deployment and kept in the settings table, so every replica
  writes the same pseudonym for the same person, and erasing the salt
  unlinks old logs from people.

`DIGICOACH_LOG_FORMAT=json|text` chooses; unset, `digicoach run` with network
channels logs JSON and the console chat keeps human lines on stderr.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import sys
from datetime import datetime, timezone
from typing import Mapping

SALT_SETTING = "log_salt"
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "taskName"}
# Libraries whose INFO lines carry secrets or personal data: httpx logs every Telegram URL, token included.
_QUIET = ("httpx", "httpcore", "apscheduler.executors.default", "aiohttp.access")

_salt: bytes = os.environ.get("DIGICOACH_LOG_SALT", "").encode() or secrets.token_bytes(32)


def set_salt(salt: bytes) -> None:
    global _salt
    _salt = salt


def pseudonym(person_id: object) -> str | None:
    """The same short, unguessable id for the same person on every replica; None for nobody."""
    if person_id is None:
        return None
    return hmac.new(_salt, str(person_id).encode(), hashlib.sha256).hexdigest()[:16]


async def load_salt(db, env: Mapping[str, str] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Use DIGICOACH_LOG_SALT, else the deployment's stored salt, made on first start."""
    from sqlalchemy.exc import IntegrityError

    from storage.settings import get_setting, set_setting

    env = os.environ if env is None else env
    if env.get("DIGICOACH_LOG_SALT"):
        set_salt(env["DIGICOACH_LOG_SALT"].encode())
        return
    for _ in range(2):  # two replicas starting together: one insert wins, the other reads it
        try:
            async with db.session() as session:
                value = await get_setting(session, SALT_SETTING)
                if value is None:
                    value = secrets.token_hex(32)
                    await set_setting(session, SALT_SETTING, value)
            set_salt(value.encode())
            return
        except IntegrityError:
            continue


def _extras(record: logging.LogRecord) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in record.__dict__.items():
        if key in _STANDARD or key.startswith("_") or value is None:
            continue
        if key == "person_id":
            out["person"] = pseudonym(value)
        else:
            out[key] = value
    return out


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, then the record's extras (ticket, person, event...)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        line.update(_extras(record))
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The human line, with the same extras (person pseudonymised) appended as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        extras = _extras(record)
        if extras:
            first, _, rest = text.partition("\n")
            text = first + " " + " ".join(f"{k}={v}" for k, v in extras.items()) + (("\n" + rest) if rest else "")
        return text


def json_wanted(env: Mapping[str, str] | None = None, *, default: bool = False) -> bool:
    env = os.environ if env is None else env
    choice = env.get("DIGICOACH_LOG_FORMAT", "").strip().lower()
    if choice in ("json", "text"):
        return choice == "json"
    return default


def setup_logging(level: int, *, json_format: bool) -> None:
    """One stderr handler on the root logger; called again (run with network channels) it switches format."""
    root = logging.getLogger()
    root.setLevel(level)
    handler = next((h for h in root.handlers if getattr(h, "_digicoach", False)), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler._digicoach = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    handler.setFormatter(JsonFormatter() if json_format else TextFormatter())
    for name in _QUIET:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
