from __future__ import annotations

from tests.bot.conftest import app, chat  # noqa: F401  (the same engine fixtures as the bot tests)
