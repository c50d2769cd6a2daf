"""Which one wins, the directory file or the web console: the `[directory] path` file is imported at start-up only
when it changed since its last import, so console edits stand until then, and a changed file overrides what it
lists. A coach added in the console survives both."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import prepare_database
from bot.clock import FakeClock
from bot.config import Config, DirectoryConfig
from routing.directory import default_directory_path
from routing.edits import save_coach
from storage.models import Coach
from tests.conftest import MONDAY_MORNING

DEMO = default_directory_path().read_text(encoding="utf-8")
NINA = {"id": "nina", "name": "Nina", "site": "ac-zuid", "languages": "nl", "capacity": "1", "hours": "mon-fri 08:00-16:00"}


@pytest.fixture
def directory_file(tmp_path) -> Path:
    path = tmp_path / "gent.toml"
    path.write_text(DEMO, encoding="utf-8")
    return path


async def start(database, path: Path) -> None:
    """What every start of a replica does with the database (bot/app.py build_app)."""
    await prepare_database(database, Config(directory=DirectoryConfig(path=str(path))), FakeClock(MONDAY_MORNING))


async def coaches(database) -> dict[str, Coach]:
    async with database.session() as s:
        return {c.id: c for c in (await s.execute(select(Coach))).scalars()}


async def test_console_edits_stand_until_the_file_changes(database, directory_file):
    await start(database, directory_file)
    async with database.session() as s:
        assert await save_coach(s, {"id": "anna", "capacity": "4"}) == []
        assert await save_coach(s, NINA, adding=True) == []
    await start(database, directory_file)  # a restart, a second replica: the file is as it was
    now = await coaches(database)
    assert now["anna"].capacity == 4, "the console's edit stands"
    assert now["nina"].active, "a coach added in the console is not deactivated by an unchanged file"

    directory_file.write_text(DEMO.replace("capacity = 2                       # open tickets at once", "capacity = 1")
                              .replace('id = "bram"', 'id = "bram-v"'), encoding="utf-8")
    await start(database, directory_file)  # a bulk change
    now = await coaches(database)
    assert now["anna"].capacity == 1, "the changed file overrides the coaches it lists"
    assert not now["bram"].active and now["bram-v"].active, "a coach removed from the file is deactivated"
    assert now["nina"].active, "the file never listed Nina: she stays as the console made her"


async def test_a_console_deactivation_stands_too(database, directory_file):
    await start(database, directory_file)
    async with database.session() as s:
        assert await save_coach(s, {"id": "wout", "active": False}) == []
    await start(database, directory_file)
    assert not (await coaches(database))["wout"].active
    directory_file.write_text(DEMO + "\n# a comment is a change too\n", encoding="utf-8")
    await start(database, directory_file)
    assert (await coaches(database))["wout"].active, "the file lists Wout as active: a changed file wins"
