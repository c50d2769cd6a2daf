"""Drive the real engine as the console does, and record what each person is shown."""
from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.clock import FakeClock
from bot.messages import Incoming, Outgoing


class Harness:
    def __init__(self, app: App) -> None:
        self.app = app
        self.delivered: list[tuple[str, Outgoing]] = []
        harness = self

        class Recorder:
            async def send(self, address: str, message: Outgoing) -> None:
                harness.delivered.append((address, message))

        app.dispatcher.register("console", Recorder())

    @property
    def clock(self) -> FakeClock:
        assert isinstance(self.app.clock, FakeClock)
        return self.app.clock

    async def say(self, actor: str, text: str | None = None, **kw: object) -> list[tuple[str, Outgoing]]:
        """One message from `actor`; returns every message anybody was shown because of it."""
        replies = await self.app.engine.handle(Incoming(channel="console", address=actor, text=text, **kw))  # type: ignore[arg-type]
        return [(actor, r) for r in replies] + await self.flush()

    async def flush(self) -> list[tuple[str, Outgoing]]:
        self.delivered = []
        await self.app.dispatcher.flush()
        return list(self.delivered)

    async def tick(self, minutes: float) -> list[tuple[str, Outgoing]]:
        self.clock.advance(timedelta(minutes=minutes))
        await self.app.engine.sweep()
        return await self.flush()


def to(out: list[tuple[str, Outgoing]], actor: str) -> list[Outgoing]:
    return [m for a, m in out if a == actor]


def text_to(out: list[tuple[str, Outgoing]], actor: str) -> str:
    return "\n".join(m.text for m in to(out, actor))


def buttons_to(out: list[tuple[str, Outgoing]], actor: str) -> list[str]:
    return [b.label for m in to(out, actor) for b in m.buttons]


def payloads_to(out: list[tuple[str, Outgoing]], actor: str) -> list[str]:
    return [b.payload for m in to(out, actor) for b in m.buttons]


async def ask_coach(chat: Harness, actor: str, question: str) -> list[tuple[str, Outgoing]]:
    """Ask something the FAQ does not cover; if the matcher offers suggestions, say none fits."""
    out = await chat.say(actor, question)
    if "Geen van deze" in buttons_to(out, actor) or "None of these" in buttons_to(out, actor):
        out = await chat.say(actor, payload=payloads_to(out, actor)[-1])
    return out
