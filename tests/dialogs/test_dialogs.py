"""Every scene in tests/dialogs/*.txt, played through the real console channel and engine."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app import build_app
from bot.channels.console import ConsoleChat
from bot.clock import FakeClock
from bot.config import Config
from storage.db import Database
from tests.conftest import BRUSSELS, MONDAY_MORNING
from tests.dialogs.dialog import parse, play

SCENES = sorted(Path(__file__).parent.glob("*.txt"))


@pytest.mark.parametrize("path", SCENES, ids=[p.stem for p in SCENES])
async def test_scene(path: Path, tmp_path) -> None:
    dialog = parse(path, BRUSSELS)
    assert dialog.title, f"{path.name}: start with a '# ' line saying what the scene is about"
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/digicoach.db")
    app = await build_app(Config(), FakeClock(dialog.clock or MONDAY_MORNING), db=db)
    out = io.StringIO()
    chat = ConsoleChat(app, out=out)
    await app.link_console()
    try:
        problems = await play(dialog, chat, out)
    finally:
        await app.close()
    assert not problems, "\n\n".join(problems)
