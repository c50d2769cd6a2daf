"""The engine fixtures of tests/bot (`app`, `chat`), re-exported."""
from tests.bot.conftest import app, chat  # noqa: F401
