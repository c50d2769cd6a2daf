"""A bad configuration stops start-up with a message naming the key."""
from __future__ import annotations

import pytest

from bot.config import ConfigError, load_config, parse_config


def test_example_config_is_valid_and_equals_the_defaults():
    assert load_config("config.example.toml", env={}) == parse_config({}, env={})


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"routing": {"offer_timout_minutes": 5}}, "[routing] offer_timout_minutes: unknown key"),
        ({"routing": {"offer_timeout_minutes": "ten"}}, "[routing] offer_timeout_minutes: expected a whole number"),
        ({"routing": {"max_offers": 0}}, "[routing] max_offers: must be at least 1"),
        ({"server": {"port": 70000}}, "[server] port"),
        ({"database": {"url": "mysql://x"}}, "[database] url"),
        ({"database": {"pool_size": 0}}, "[database] pool_size: expected 1-200"),
        ({"language": "de"}, "language: expected nl, en or fr"),
        ({"telegramm": {}}, "telegramm: unknown section"),
        ({"faq": {"paths": "faq/data"}}, "[faq] paths: expected a list"),
        ({"faq": {"encoder": "bert"}}, "[faq] encoder: expected use, e5 or off"),
    ],
)
def test_bad_values_name_the_key(raw, message):
    with pytest.raises(ConfigError) as exc:
        parse_config(raw, env={})
    assert message in str(exc.value)


def test_database_url_from_environment_wins():
    config = parse_config({"database": {"url": "sqlite+aiosqlite:///a.db"}}, env={"DIGICOACH_DATABASE_URL": "postgresql+asyncpg://x/y"})
    assert config.database.url == "postgresql+asyncpg://x/y"
    sized = parse_config({"database": {"pool_size": 40}}, env={"DIGICOACH_DATABASE_URL": "postgresql+asyncpg://x/y"})
    assert sized.database.pool_size == 40, "the URL from the environment keeps the file's pool size"


def test_missing_or_broken_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", env={})
    bad = tmp_path / "bad.toml"
    bad.write_text("[routing\n")
    with pytest.raises(ConfigError, match="bad.toml"):
        load_config(bad, env={})


def test_config_file_named_by_environment(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text("[routing]\nmax_offers = 3\n")
    assert load_config(env={"DIGICOACH_CONFIG": str(f)}).routing.max_offers == 3


def test_every_problem_is_reported_at_once_one_line_each():
    raw = {
        "language": "de",
        "routing": {"max_offers": 0, "offer_timeout_minutes": "ten", "coordinator_hours": ["maandag 8-17"]},
        "server": {"port": 70000},
        "digest": {"weekday": "maandag"},
    }
    with pytest.raises(ConfigError) as exc:
        parse_config(raw, env={})
    assert sorted(exc.value.problems) == sorted([
        "language: expected nl, en or fr, got 'de'",
        "[routing] max_offers: must be at least 1",
        "[routing] offer_timeout_minutes: expected a whole number, got 'ten'",
        "[routing] coordinator_hours: 'maandag 8-17': unknown day 'maandag' (use mon, tue, wed, thu, fri, sat, sun)",
        "[server] port: expected 1-65535, got 70000",
        "[digest] weekday: expected one of mon, tue, wed, thu, fri, sat, sun, got 'maandag'",
    ])
    assert str(exc.value) == "\n".join(exc.value.problems)


@pytest.mark.parametrize(
    "raw, variable",
    [
        ({"telegram": {"token": "123:abc"}}, "DIGICOACH_TELEGRAM_TOKEN"),
        ({"telegram": {"webhook_secret": "s"}}, "DIGICOACH_TELEGRAM_SECRET"),
        ({"teams": {"app_password": "pw"}}, "DIGICOACH_TEAMS_APP_PASSWORD"),
        ({"metrics": {"token": "t"}}, "DIGICOACH_METRICS_TOKEN"),
    ],
)
def test_a_secret_in_the_file_names_its_environment_variable(raw, variable):
    with pytest.raises(ConfigError) as exc:
        parse_config(raw, env={})
    [(section, values)] = raw.items()
    [key] = values
    assert exc.value.problems == [
        f"[{section}] {key}: secrets are not read from the file: set the environment variable {variable} instead"
    ]
    assert "123:abc" not in str(exc.value) and "pw" not in str(exc.value), "the secret itself is not repeated"


def test_files_the_config_names_must_exist(tmp_path):
    with pytest.raises(ConfigError) as exc:
        parse_config({"faq": {"paths": ["/nonexistent", "faq/data"]}, "directory": {"path": str(tmp_path / "d.toml")}},
                     env={})
    assert exc.value.problems == [
        "[faq] paths: /nonexistent: no such file or folder",
        f"[directory] path: {tmp_path / 'd.toml'}: no such file",
    ]


def test_a_bad_database_url_is_shown_without_its_password():
    with pytest.raises(ConfigError) as exc:
        parse_config({}, env={"DIGICOACH_DATABASE_URL": "postgresql://digicoach:s3cret@db/digicoach"})
    assert exc.value.problems == [
        "[database] url (DIGICOACH_DATABASE_URL): expected a sqlite+aiosqlite:///FILE or "
        "postgresql+asyncpg://USER@HOST/DATABASE URL, got 'postgresql://digicoach:***@db/digicoach'"
    ]
