"""A city's own scan YAML: every mistake one line naming the key; the bot refuses to start on it, without a traceback."""
from __future__ import annotations

import textwrap

import pytest

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import ConfigError, parse_config
from bot.startup import StartupError
from skills.definition import DEFAULT_PATH, ScanError, load_scan
from tests.conftest import MONDAY_MORNING

BROKEN = """
    version: 1
    scale: [{nl: Nee}, {nl: Met hulp}, {nl: Zelf}, {nl: Uitleggen}]
    scorring: {}
    areas:
      - {id: phone, digcomp: "9.9", name: {nl: Telefoon}}
    items:
      - {id: apps, area: fone, question: {nl: Apps}}
      - {id: mood, attitude: true, question: {nl: Gevoel}, options: [{value: 0, nl: Slecht}, {value: 5, nl: Goed}]}
    profiles:
      - {id: starter, skill: low, attitude: low, name: {nl: Starter}, text: {nl: Tekst}}
    trainings:
      - {id: basics, name: {nl: Basis}, for_whom: {nl: Iedereen}, sign_up: {de: Anmelden}, areas: [phone, mail]}
"""


def test_every_problem_is_one_line_naming_its_key(tmp_path):
    path = tmp_path / "scan.yaml"
    path.write_text(textwrap.dedent(BROKEN), encoding="utf-8")
    with pytest.raises(ScanError) as caught:
        load_scan(path)
    lines = [line.removeprefix(f"{path}: ") for line in caught.value.problems]
    assert "scorring: unknown key (known: areas, items, profiles, rounds, scale, scoring, trainings, version)" in lines
    assert 'areas.phone.digcomp: expected a DigComp 2.2 competence such as "4.2", got \'9.9\'' in lines
    assert "items.apps.area: unknown area 'fone' (known: phone)" in lines
    assert "items.mood.options[1].value: expected a number from 0 to 3, got 5" in lines
    assert "areas.phone: no question asks about it" in lines
    assert "profiles: expected exactly one profile with skill: high, attitude: high, got 0" in lines
    assert "trainings.basics.areas: unknown area 'mail' (known: phone)" in lines
    assert "trainings.basics.sign_up.de: unknown language (use nl, en, fr)" in lines
    assert all(line.startswith(str(path)) for line in caught.value.problems)


def test_the_shipped_scan_loads_and_names_its_source():
    assert load_scan().source == str(DEFAULT_PATH)


def test_a_missing_scan_file_is_a_configuration_error():
    with pytest.raises(ConfigError) as caught:
        parse_config({"scan": {"path": "/nowhere/scan.yaml"}}, env={})
    assert caught.value.problems == ["[scan] path: /nowhere/scan.yaml: no such file"]


async def test_a_broken_scan_stops_start_up_with_lines_under_its_key(tmp_path, sqlite_url):
    from storage.db import Database

    path = tmp_path / "scan.yaml"
    path.write_text(textwrap.dedent(BROKEN), encoding="utf-8")
    config = parse_config({"scan": {"path": str(path)}}, env={})
    with pytest.raises(StartupError) as caught:
        await build_app(config, FakeClock(MONDAY_MORNING), db=Database(sqlite_url))
    assert caught.value.problems and all(p.startswith(f"[scan] path: {path}: ") for p in caught.value.problems)


async def test_a_city_scan_naming_an_faq_entry_the_faq_lacks_is_refused(tmp_path, sqlite_url):
    from storage.db import Database

    path = tmp_path / "scan.yaml"
    path.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace("faq: [phishing]", "faq: [phising]"), encoding="utf-8")
    config = parse_config({"scan": {"path": str(path)}}, env={})
    with pytest.raises(StartupError) as caught:
        await build_app(config, FakeClock(MONDAY_MORNING), db=Database(sqlite_url))
    assert caught.value.problems == [f"[scan] path: {path}: areas.safety.faq: unknown FAQ entry 'phising'"]
