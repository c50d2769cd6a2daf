"""Configuration: one TOML file named by DIGICOACH_CONFIG, secrets only from the environment.

Every key is checked at start-up so that a typo stops the bot with a message
naming the key, instead of silently running with a default.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///digicoach.db"


class ConfigError(Exception):
    """A bad configuration; the message names the key and what is wrong."""


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = DEFAULT_DATABASE_URL
    # Database connections each replica keeps open. Below the number of turns handled at once, every turn
    # beyond it opened and closed a connection of its own (SSL attempt, type introspection): a third of the CPU.
    pool_size: int = 20


@dataclass(frozen=True)
class FaqConfig:
    paths: tuple[str, ...] = ()  # empty: the shipped starter FAQ
    reload_seconds: int = 30
    encoder: str = "use"  # the meaning stage's sentence encoder: use, e5, or off (words only)
    cache_dir: str = ""  # sentence vectors and fitted thresholds; empty: $DIGICOACH_FAQ_CACHE or ~/.cache/digicoach


@dataclass(frozen=True)
class DirectoryConfig:
    path: str = ""  # empty: the shipped demo directory


@dataclass(frozen=True)
class RoutingConfig:
    offer_timeout_minutes: int = 10
    max_offers: int = 5
    offers_at_once: int = 1
    queue_alert_working_hours: float = 2.0
    coordinator_hours: tuple[str, ...] = ("mon-fri 08:00-17:00",)
    reminder_hours: float = 24.0
    stale_days: int = 3
    no_show_days: int = 3
    feedback_minutes: int = 60
    location_max_age_minutes: int = 60
    sweep_seconds: int = 30


@dataclass(frozen=True)
class ServerConfig:
    host: str = "0.0.0.0"
    port: int = 8080


@dataclass(frozen=True)
class InboxConfig:
    lease_seconds: int = 60  # a stored update not finished this long after its replica last renewed it is taken over


@dataclass(frozen=True)
class TelegramConfig:
    """Telegram runs when DIGICOACH_TELEGRAM_TOKEN is set; the webhook secret comes from DIGICOACH_TELEGRAM_SECRET."""

    mode: str = "polling"  # polling | webhook
    webhook_url: str = ""  # public HTTPS URL Telegram posts to, e.g. https://bot.example.org/telegram
    webhook_path: str = "/telegram"  # path on our own server
    base_url: str = ""  # a self-hosted Bot API server (also what tests use); empty: Telegram's
    bot_username: str = ""  # for invitation links; empty: asked from Telegram at start-up
    flood_limits: bool = True  # pace sends as Telegram asks (30/s overall, ~1/s per chat); off only for a fake Bot API


@dataclass(frozen=True)
class TeamsConfig:
    """Teams runs when app_id is set (password from DIGICOACH_TEAMS_APP_PASSWORD) or allow_unauthenticated is on."""

    app_id: str = ""
    app_type: str = "MultiTenant"  # MultiTenant | SingleTenant
    tenant_id: str = ""
    allow_unauthenticated: bool = False  # local testing only: binds to 127.0.0.1


@dataclass(frozen=True)
class LimitsConfig:
    """Per-person limits; counted per replica (see bot/engine/limits.py)."""

    messages_per_minute: int = 20  # 0: no limit


@dataclass(frozen=True)
class PrivacyConfig:
    retention_days: int = 180


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class DigestConfig:
    """When coordinators get last week's digest: local time in the directory's time zone."""

    enabled: bool = True
    weekday: str = "mon"  # mon | tue | ... | sun
    time: str = "08:00"  # HH:MM
    check_seconds: int = 60  # how often the job looks whether a digest is due (or was missed)


@dataclass(frozen=True)
class Config:
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    faq: FaqConfig = field(default_factory=FaqConfig)
    directory: DirectoryConfig = field(default_factory=DirectoryConfig)
    routing: RoutingConfig = field(default_factory=RoutingConfig)
    server: ServerConfig = field(default_factory=ServerConfig)
    inbox: InboxConfig = field(default_factory=InboxConfig)
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    teams: TeamsConfig = field(default_factory=TeamsConfig)
    digest: DigestConfig = field(default_factory=DigestConfig)
    language: str = "nl"


def _coerce(section: str, key: str, value: Any, default: Any) -> Any:
    where = f"[{section}] {key}" if section else key
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if isinstance(default, int) and not isinstance(default, bool):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected a whole number, got {value!r}")
        if value < 0:
            raise ConfigError(f"{where}: must not be negative, got {value}")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        if value < 0:
            raise ConfigError(f"{where}: must not be negative, got {value}")
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected text, got {value!r}")
        return value
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: expected a list of texts, got {value!r}")
        return tuple(value)
    return value


def _section(cls: type, name: str, raw: Any) -> Any:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"[{name}]: expected a table, got {raw!r}")
    defaults = cls()
    known = {f.name for f in fields(cls)}
    for key in raw:
        if key not in known:
            raise ConfigError(f"[{name}] {key}: unknown key (known: {', '.join(sorted(known))})")
    values = {k: _coerce(name, k, v, getattr(defaults, k)) for k, v in raw.items()}
    return replace(defaults, **values)


SECTIONS: dict[str, type] = {
    "database": DatabaseConfig,
    "faq": FaqConfig,
    "directory": DirectoryConfig,
    "routing": RoutingConfig,
    "server": ServerConfig,
    "inbox": InboxConfig,
    "privacy": PrivacyConfig,
    "limits": LimitsConfig,
    "telegram": TelegramConfig,
    "teams": TeamsConfig,
    "digest": DigestConfig,
}


def parse_config(raw: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Config:
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in SECTIONS:
            values[key] = _section(SECTIONS[key], key, value)
        elif key == "language":
            if value not in ("nl", "en", "fr"):
                raise ConfigError(f"language: expected nl, en or fr, got {value!r}")
            values[key] = value
        else:
            raise ConfigError(f"{key}: unknown section or key")
    config = Config(**values)
    if env.get("DIGICOACH_DATABASE_URL"):
        config = replace(config, database=replace(config.database, url=env["DIGICOACH_DATABASE_URL"]))
    _check(config)
    return config


def _check(config: Config) -> None:
    url = config.database.url
    if not (url.startswith("sqlite") or url.startswith("postgresql")):
        raise ConfigError(f"[database] url: expected a sqlite+aiosqlite:// or postgresql+asyncpg:// URL, got {url!r}")
    if not 1 <= config.database.pool_size <= 200:
        raise ConfigError(f"[database] pool_size: expected 1-200, got {config.database.pool_size}")
    r = config.routing
    if r.offer_timeout_minutes < 1:
        raise ConfigError("[routing] offer_timeout_minutes: must be at least 1")
    if r.max_offers < 1:
        raise ConfigError("[routing] max_offers: must be at least 1")
    if r.offers_at_once < 1:
        raise ConfigError("[routing] offers_at_once: must be at least 1")
    if not 0 < config.server.port < 65536:
        raise ConfigError(f"[server] port: expected 1-65535, got {config.server.port}")
    if config.inbox.lease_seconds < 3:
        raise ConfigError(f"[inbox] lease_seconds: must be at least 3, got {config.inbox.lease_seconds}")
    if config.telegram.mode not in ("polling", "webhook"):
        raise ConfigError(f"[telegram] mode: expected \"polling\" or \"webhook\", got {config.telegram.mode!r}")
    if config.telegram.mode == "webhook" and not config.telegram.webhook_url.startswith("https://"):
        raise ConfigError("[telegram] webhook_url: webhook mode needs the public https:// URL Telegram should call")
    if not config.telegram.webhook_path.startswith("/"):
        raise ConfigError("[telegram] webhook_path: must start with /")
    if config.teams.app_type not in ("MultiTenant", "SingleTenant"):
        raise ConfigError(f"[teams] app_type: expected MultiTenant or SingleTenant, got {config.teams.app_type!r}")
    if config.teams.app_type == "SingleTenant" and config.teams.app_id and not config.teams.tenant_id:
        raise ConfigError("[teams] tenant_id: a SingleTenant app needs the tenant id")
    d = config.digest
    if d.weekday not in WEEKDAYS:
        raise ConfigError(f"[digest] weekday: expected one of {', '.join(WEEKDAYS)}, got {d.weekday!r}")
    hh, _, mm = d.time.partition(":")
    if not (hh.isdigit() and mm.isdigit() and len(mm) == 2 and int(hh) < 24 and int(mm) < 60):
        raise ConfigError(f"[digest] time: expected HH:MM (24-hour, local time), got {d.time!r}")
    if d.check_seconds < 1:
        raise ConfigError("[digest] check_seconds: must be at least 1")
    if config.privacy.retention_days < 1:
        raise ConfigError("[privacy] retention_days: must be at least 1")
    if config.faq.encoder not in ("use", "e5", "off"):
        raise ConfigError(f"[faq] encoder: expected use, e5 or off, got {config.faq.encoder!r}")


def load_config(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Read the file named by `path` or DIGICOACH_CONFIG; no file at all means the defaults."""
    env = os.environ if env is None else env
    path = path or env.get("DIGICOACH_CONFIG")
    if not path:
        return parse_config({}, env)
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {p} does not exist (DIGICOACH_CONFIG)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {p}: {exc}") from None
    return parse_config(raw, env)
