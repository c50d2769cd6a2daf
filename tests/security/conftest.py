"""The engine fixtures of tests/bot (`app`, `chat`), re-exported so the attack tests drive the same engine."""
from tests.bot.conftest import app, chat  # noqa: F401
