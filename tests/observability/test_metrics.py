"""/metrics through the real aiohttp server after a small conversation."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from bot.messages import Incoming
from bot.server import build_web_app
from tests.bot.harness import ask_coach
from tests.conftest import MONDAY_MORNING

QUESTION = "de deur van de loods klemt en het alarm gaat af"


def samples(text: str) -> dict[tuple[str, tuple], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


async def scrape(app, headers=None) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    async with TestClient(TestServer(build_web_app(app, []))) as client:
        response = await client.get("/metrics", headers=headers or {})
        return response.status, response.headers.get("Content-Type", ""), await response.text()


async def test_metrics_after_a_conversation(chat, app):
    await chat.say("jan", "hallo")                           # other (onboarding)
    await chat.say("jan", "Groendienst, ploeg Citadelpark")  # button (the label of a site button, typed)
    await chat.say("jan", "waar vind ik mijn loonbrief")     # answer
    await chat.say("jan", "/help")                           # command
    await ask_coach(chat, "jan", QUESTION)                   # route (or suggest + button)
    await chat.tick(11)                                      # anna lets the offer time out: offered to the next
    status, content_type, text = await scrape(app)
    assert status == 200 and content_type.startswith("text/plain")
    s = samples(text)
    console = lambda decision: s.get(("digicoach_messages_total", (("channel", "console"), ("decision", decision))), 0)  # noqa: E731
    assert console("answer") == 1
    assert console("command") == 1
    assert console("other") == 1
    assert console("route") + console("suggest") == 1
    assert console("button") == 1 + (console("suggest") == 1)  # the site, and "none of these" after suggestions
    assert s[("digicoach_faq_match_seconds_count", ())] == 2
    assert s[("digicoach_faq_match_seconds_sum", ())] > 0
    assert s[("digicoach_offers_total", ())] == 2
    assert s[("digicoach_offer_timeouts_total", ())] == 1
    assert s[("digicoach_tickets", (("state", "self_served"),))] == 1  # the answer nobody rejected, ended by the next question
    assert s[("digicoach_tickets", (("state", "new"),))] == 0
    assert s[("digicoach_tickets", (("state", "offered"),))] == 1
    assert s[("digicoach_tickets", (("state", "closed"),))] == 0
    assert s[("digicoach_outbox_backlog", ())] == 0  # the harness delivered everything

    # a message queued for someone but not yet delivered shows up as backlog at the next scrape
    await app.engine.handle(Incoming(channel="console", address="jan", text="/cancel"))  # the coach is told; not flushed
    s = samples((await scrape(app))[2])
    assert s[("digicoach_outbox_backlog", ())] >= 1
    assert s[("digicoach_tickets", (("state", "cancelled"),))] >= 1


async def test_two_apps_keep_their_own_registries(database, tmp_path):
    first = await build_app(Config(), FakeClock(MONDAY_MORNING), db=database)
    second = await build_app(Config(), FakeClock(MONDAY_MORNING), db=database)
    first.engine.metrics.offers.inc(3)
    assert samples(first.engine.metrics.render().decode())[("digicoach_offers_total", ())] == 3
    assert samples(second.engine.metrics.render().decode())[("digicoach_offers_total", ())] == 0


async def test_metrics_token(app, monkeypatch):
    monkeypatch.setenv("DIGICOACH_METRICS_TOKEN", "s3cret")
    assert (await scrape(app))[0] == 401
    assert (await scrape(app, {"Authorization": "Bearer wrong"}))[0] == 401
    assert (await scrape(app, {"Authorization": "Bearer s3cret"}))[0] == 200
