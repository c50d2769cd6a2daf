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
    """A bad configuration: one line per problem, each naming the key and what is wrong.

    `problems` holds the lines, so a caller can print each one on its own; the message is all of them.
    """

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


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
class ScanConfig:
    path: str = ""  # the self-scan YAML (docs/formats.md); empty: the shipped default, skills/data/scan.yaml


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
class WebConfig:
    """The coordinators' web console (bot/web/), served by the same aiohttp server."""

    public_url: str = ""  # where coordinators' browsers reach [server]; empty: http://127.0.0.1:PORT (this machine only)
    session_hours: int = 8  # a signed-in browser is signed out after this long
    secure_cookie: bool = True  # the session cookie only over HTTPS; false only for http:// on this machine


@dataclass(frozen=True)
class Config:
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    faq: FaqConfig = field(default_factory=FaqConfig)
    directory: DirectoryConfig = field(default_factory=DirectoryConfig)
    scan: ScanConfig = field(default_factory=ScanConfig)
    routing: RoutingConfig = field(default_factory=RoutingConfig)
    server: ServerConfig = field(default_factory=ServerConfig)
    inbox: InboxConfig = field(default_factory=InboxConfig)
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    teams: TeamsConfig = field(default_factory=TeamsConfig)
    digest: DigestConfig = field(default_factory=DigestConfig)
    web: WebConfig = field(default_factory=WebConfig)
    language: str = "nl"


class _Problems(Exception):
    """Raised inside one key's check; the caller adds the line and goes on with the next key."""


def _coerce(where: str, value: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise _Problems(f"{where}: expected true or false, got {value!r}")
        return value
    if isinstance(default, int) and not isinstance(default, bool):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Problems(f"{where}: expected a whole number, got {value!r}")
        if value < 0:
            raise _Problems(f"{where}: must not be negative, got {value}")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Problems(f"{where}: expected a number, got {value!r}")
        if value < 0:
            raise _Problems(f"{where}: must not be negative, got {value}")
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise _Problems(f"{where}: expected text, got {value!r}")
        return value
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Problems(f"{where}: expected a list of texts, got {value!r}")
        return tuple(value)
    return value


# Keys an operator may try to put in the file that must come from the environment instead (where each secret
# is read: bot/runner.py and bot/channels/telegram.py for Telegram, bot/channels/teams.py for Teams,
# bot/server.py for metrics). A secret in a file ends up in backups, images and version control.
SECRET_KEYS: dict[tuple[str, str], str] = {
    ("telegram", "token"): "DIGICOACH_TELEGRAM_TOKEN",
    ("telegram", "bot_token"): "DIGICOACH_TELEGRAM_TOKEN",
    ("telegram", "secret"): "DIGICOACH_TELEGRAM_SECRET",
    ("telegram", "webhook_secret"): "DIGICOACH_TELEGRAM_SECRET",
    ("teams", "app_password"): "DIGICOACH_TEAMS_APP_PASSWORD",
    ("teams", "password"): "DIGICOACH_TEAMS_APP_PASSWORD",
    ("server", "metrics_token"): "DIGICOACH_METRICS_TOKEN",
    ("metrics", "token"): "DIGICOACH_METRICS_TOKEN",
    ("logging", "salt"): "DIGICOACH_LOG_SALT",
}


def _unknown(section: str, key: str, known: set[str]) -> str:
    """An unknown key; a secret that belongs in the environment says which variable."""
    where = f"[{section}] {key}" if section else key
    variable = SECRET_KEYS.get((section, key))
    if variable:
        return f"{where}: secrets are not read from the file: set the environment variable {variable} instead"
    return f"{where}: unknown key (known: {', '.join(sorted(known))})"


def _section(cls: type, name: str, raw: Any, problems: list[str]) -> Any:
    """The section's values; each bad key adds a line to `problems` and keeps its default."""
    defaults = cls()
    if not isinstance(raw, Mapping):
        problems.append(f"[{name}]: expected a table, got {raw!r}")
        return defaults
    known = {f.name for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            problems.append(_unknown(name, key, known))
            continue
        try:
            values[key] = _coerce(f"[{name}] {key}", value, getattr(defaults, key))
        except _Problems as exc:
            problems.append(str(exc))
    return replace(defaults, **values)


SECTIONS: dict[str, type] = {
    "database": DatabaseConfig,
    "faq": FaqConfig,
    "directory": DirectoryConfig,
    "scan": ScanConfig,
    "routing": RoutingConfig,
    "server": ServerConfig,
    "inbox": InboxConfig,
    "privacy": PrivacyConfig,
    "limits": LimitsConfig,
    "telegram": TelegramConfig,
    "teams": TeamsConfig,
    "digest": DigestConfig,
    "web": WebConfig,
}


def parse_config(raw: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Config:
    """The checked configuration, or one ConfigError listing every problem: an operator fixes them in one go."""
    env = os.environ if env is None else env
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in SECTIONS:
            values[key] = _section(SECTIONS[key], key, value, problems)
        elif key == "language":
            if value in ("nl", "en", "fr"):
                values[key] = value
            else:
                problems.append(f"language: expected nl, en or fr, got {value!r}")
        elif isinstance(value, Mapping) and any((key, k) in SECRET_KEYS for k in value):
            problems.extend(_unknown(key, k, set()) for k in value if (key, k) in SECRET_KEYS)
        else:
            problems.append(f"{key}: unknown section or key (known: {', '.join(sorted([*SECTIONS, 'language']))})")
    config = Config(**values)
    if env.get("DIGICOACH_DATABASE_URL"):
        config = replace(config, database=replace(config.database, url=env["DIGICOACH_DATABASE_URL"]))
    problems.extend(_check(config, env))
    if problems:
        raise ConfigError(problems)
    return config


def database_url_key(env: Mapping[str, str] | None = None) -> str:
    """Where the database URL came from, for messages about it: the variable when it is set, else the file's key."""
    env = os.environ if env is None else env
    return "[database] url (DIGICOACH_DATABASE_URL)" if env.get("DIGICOACH_DATABASE_URL") else "[database] url"


def shown_url(url: str) -> str:
    """The URL as messages may show it: without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<not a URL>"


URL_PREFIXES = ("sqlite+aiosqlite://", "postgresql+asyncpg://")


def _check(config: Config, env: Mapping[str, str]) -> list[str]:
    """Checks across keys and of values' form; every failing one is a line."""
    problems: list[str] = []

    def need(ok: bool, line: str) -> None:
        if not ok:
            problems.append(line)

    url = config.database.url
    need(url.startswith(URL_PREFIXES),
         f"{database_url_key(env)}: expected a sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DATABASE URL, "
         f"got {shown_url(url)!r}")
    need(1 <= config.database.pool_size <= 200, f"[database] pool_size: expected 1-200, got {config.database.pool_size}")
    r = config.routing
    need(r.offer_timeout_minutes >= 1, "[routing] offer_timeout_minutes: must be at least 1")
    need(r.max_offers >= 1, "[routing] max_offers: must be at least 1")
    need(r.offers_at_once >= 1, "[routing] offers_at_once: must be at least 1")
    problems.extend(_hours_problems("[routing] coordinator_hours", r.coordinator_hours))
    need(0 < config.server.port < 65536, f"[server] port: expected 1-65535, got {config.server.port}")
    need(config.inbox.lease_seconds >= 3, f"[inbox] lease_seconds: must be at least 3, got {config.inbox.lease_seconds}")
    t = config.telegram
    need(t.mode in ("polling", "webhook"), f"[telegram] mode: expected \"polling\" or \"webhook\", got {t.mode!r}")
    need(t.mode != "webhook" or t.webhook_url.startswith("https://"),
         "[telegram] webhook_url: webhook mode needs the public https:// URL Telegram should call")
    need(t.webhook_path.startswith("/"), "[telegram] webhook_path: must start with /")
    teams = config.teams
    need(teams.app_type in ("MultiTenant", "SingleTenant"),
         f"[teams] app_type: expected MultiTenant or SingleTenant, got {teams.app_type!r}")
    need(not (teams.app_type == "SingleTenant" and teams.app_id and not teams.tenant_id),
         "[teams] tenant_id: a SingleTenant app needs the tenant id")
    d = config.digest
    need(d.weekday in WEEKDAYS, f"[digest] weekday: expected one of {', '.join(WEEKDAYS)}, got {d.weekday!r}")
    hh, _, mm = d.time.partition(":")
    need(hh.isdigit() and mm.isdigit() and len(mm) == 2 and int(hh) < 24 and int(mm) < 60,
         f"[digest] time: expected HH:MM (24-hour, local time), got {d.time!r}")
    need(d.check_seconds >= 1, "[digest] check_seconds: must be at least 1")
    w = config.web
    need(not w.public_url or w.public_url.startswith(("https://", "http://127.0.0.1", "http://localhost")),
         f"[web] public_url: expected the console's https:// address (http only on 127.0.0.1), got {w.public_url!r}")
    need(w.session_hours >= 1, "[web] session_hours: must be at least 1")
    need(config.privacy.retention_days >= 1, "[privacy] retention_days: must be at least 1")
    need(config.faq.encoder in ("use", "e5", "off"), f"[faq] encoder: expected use, e5 or off, got {config.faq.encoder!r}")
    for path in config.faq.paths:
        need(Path(path).exists(), f"[faq] paths: {path}: no such file or folder")
    if config.directory.path:
        need(Path(config.directory.path).is_file(), f"[directory] path: {config.directory.path}: no such file")
    if config.scan.path:
        need(Path(config.scan.path).is_file(), f"[scan] path: {config.scan.path}: no such file")
    return problems


def _hours_problems(where: str, specs: tuple[str, ...]) -> list[str]:
    """Working hours are parsed by routing.hours, the rule the engine uses; here only to report them at start-up."""
    from routing.hours import HoursError, WeeklyHours

    problems = []
    for spec in specs:
        try:
            WeeklyHours.parse([spec])
        except HoursError as exc:
            problems.append(f"{where}: {exc}")
    return problems


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
