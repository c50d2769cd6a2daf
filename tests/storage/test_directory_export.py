"""The directory read back from the database is the one the file built, and its export imports as no change."""
from __future__ import annotations

import tomllib
from datetime import datetime, timezone

from sqlalchemy import select

from routing.directory import default_directory_path, load_directory, parse_directory
from routing.directory_export import directory_from_db, directory_table, directory_toml
from routing.sync import import_directory
from storage.models import Coach, Coordinator, Person, Setting, Site

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)

# Everything a file can say: an inactive coach, a department of a coach's own, e-mails, a scoped coordinator,
# a name with quotes, a night shift, a single string for languages and hours.
RICH = '''
timezone = "Europe/Amsterdam"
[[site]]
id = "depot"
name = 'Depot "Noord"'
lat = 52.3731
lon = 4.8922
department = "Groen"
[[site]]
id = "hal"
name = "Stadhuis"
lat = 52.36
lon = 4.9
[[coach]]
id = "anna"
name = "Anna"
site = "depot"
languages = "nl"
capacity = 2
hours = "mon-fri 22:00-06:00"
email = "anna@example.org"
[[coach]]
id = "bram"
name = "Bram"
site = "depot"
languages = ["nl", "en"]
capacity = 1
hours = ["mon-thu 06:30-15:00", "fri 06:30-12:30"]
active = false
department = "Wegen"
[[coach]]
id = "cas"
name = "Cas"
site = "hal"
languages = ["fr"]
capacity = 3
hours = ["sat-sun 00:00-24:00"]
[[coordinator]]
id = "tom"
name = "Tom"
email = "tom@example.org"
departments = ["Groen", "Wegen"]
[[coordinator]]
id = "els"
name = "Els"
'''


def by_id(entries) -> dict:
    return {entry.id: entry for entry in entries}


async def rows(database) -> list[tuple]:
    """Every directory row and setting, every column: what "changes nothing" is checked against."""
    async with database.session() as s:
        found = []
        for model in (Site, Coach, Coordinator, Setting):
            for row in (await s.execute(select(model))).scalars():
                found.append((model.__name__, *(getattr(row, c.key) for c in model.__table__.columns)))
        return sorted(found, key=repr)


async def test_the_directory_read_back_is_the_one_the_file_built(database):
    built = parse_directory(RICH)
    async with database.session() as s:
        await import_directory(s, built, NOW)
    async with database.session() as s:
        stored = await directory_from_db(s)
    assert stored.timezone == "Europe/Amsterdam"
    assert by_id(stored.sites) == by_id(built.sites)
    assert by_id(stored.coaches) == by_id(built.coaches), "inactive Bram and his own department included"
    assert by_id(stored.coordinators) == by_id(built.coordinators)
    assert stored.coach("anna").weekly_hours == built.coach("anna").weekly_hours


async def test_export_then_import_changes_nothing(database):
    async with database.session() as s:
        await import_directory(s, parse_directory(RICH), NOW)
        s.add(Person(id=7, role="coach", first_name="Anna", created_at=NOW))
        await s.flush()
        anna = await s.get(Coach, "anna")
        anna.person_id, anna.paused, anna.last_assigned_at = 7, True, NOW
    before = await rows(database)
    async with database.session() as s:
        text = directory_toml(await directory_table(s))
    assert "[[site]]" in text and "[[coach]]" in text and "[[coordinator]]" in text, "the form of docs/formats.md"
    assert tomllib.loads(text)["coach"][1]["active"] is False
    async with database.session() as s:
        report = await import_directory(s, parse_directory(text, "export.toml"), NOW)
    assert report.summary() == "0 added, 0 updated, 0 deactivated"
    assert await rows(database) == before, "every column of every row, the pause and chat link included"
    async with database.session() as s:
        assert directory_toml(await directory_table(s)) == text, "exporting again gives the same file"


async def test_the_demo_directory_round_trips(database):
    demo = load_directory(default_directory_path())
    async with database.session() as s:
        await import_directory(s, demo, NOW)
    async with database.session() as s:
        again = parse_directory(directory_toml(await directory_table(s)))
    assert by_id(again.coaches) == by_id(demo.coaches) and by_id(again.sites) == by_id(demo.sites)
    assert again.departments() and set(again.departments()) == set(demo.departments())
