"""Two real `digicoach run` processes behind one Telegram webhook; one is killed with SIGKILL after acknowledging.

Issue 15, finding 1: the webhook answered 200 with the update only in memory,
so a killed replica lost every update in flight and Telegram never resent
them. Here each replica acknowledges updates that are stored (the inbox); the
test holds the turns back (an exclusive lock on `processed_updates`, which
every turn writes first) so that the victim dies with all of its updates
acknowledged and none handled. The survivor takes them over once their lease
(3 s here) runs out: every employee gets exactly one answer to their message.

The fake Bot API runs in this test process; both replicas talk HTTP to it.
The database is a throw-away one on the shared server (never stopped).
"""
from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import aiohttp
import asyncpg
from sqlalchemy.engine import make_url

from tests.replicas.process import RunProcess, free_port
from tests.replicas.test_two_processes import DIRECTORY, pg_database  # noqa: F401 (a fixture)
from tests.telegram.fake_bot_api import TOKEN, FakeBotApi, User

SECRET = "kill-test_secret"
SITE_QUESTION = "Op welke plek werk je"  # a new employee's first message is answered with this question, once
LEASE = 3


class TelegramReplica(RunProcess):
    def __init__(self, name: str, tmp: Path, url: str, api: str) -> None:
        self.port = free_port()
        self.webhook = f"http://127.0.0.1:{self.port}/telegram"
        super().__init__(name, tmp, url, (
            f'[directory]\npath = "{tmp / "directory.toml"}"\n'
            "[routing]\nsweep_seconds = 1\n"
            f'[server]\nhost = "127.0.0.1"\nport = {self.port}\n'
            f"[inbox]\nlease_seconds = {LEASE}\n"
            '[telegram]\nmode = "webhook"\nwebhook_url = "https://bot.example.org/telegram"\n'
            f'base_url = "{api}"\nbot_username = "digicoach_test_bot"\nflood_limits = false\n'
        ), env={"DIGICOACH_TELEGRAM_TOKEN": TOKEN, "DIGICOACH_TELEGRAM_SECRET": SECRET})

    async def post(self, http: aiohttp.ClientSession, update: dict) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with http.post(self.webhook, json=update, headers=headers) as response:
            return response.status


async def test_a_replica_killed_after_acknowledging_loses_no_update_and_none_is_answered_twice(pg_database, tmp_path):  # noqa: F811
    (tmp_path / "directory.toml").write_text(DIRECTORY)
    fake = FakeBotApi()
    await fake.start()
    raw = make_url(pg_database).set(drivername="postgresql").render_as_string(hide_password=False)
    victim, survivor = (TelegramReplica(n, tmp_path, pg_database, fake.url) for n in ("victim", "survivor"))
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20))
    locker = None
    try:
        victim.start()
        await victim.wait_ready(http, victim.port)  # one migrates and imports first; the other then starts on the same schema
        survivor.start()
        await survivor.wait_ready(http, survivor.port)

        employees = [User(5000 + i, f"Emp{i}") for i in range(16)]
        updates = {e.id: fake.message(e, "waar vind ik mijn loonbrief") for e in employees}

        # Hold every turn back: each one first writes its processed_updates row.
        locker = await asyncpg.connect(raw)
        await locker.execute("BEGIN")
        await locker.execute("LOCK TABLE processed_updates IN EXCLUSIVE MODE")

        to_victim, to_survivor = employees[:10], employees[10:]
        statuses = await asyncio.gather(
            *(victim.post(http, updates[e.id]) for e in to_victim),
            *(survivor.post(http, updates[e.id]) for e in to_survivor),
        )
        assert statuses == [200] * len(employees), "every update acknowledged"
        assert await locker.fetchval("SELECT count(*) FROM inbox") == len(employees), "stored before the 200"

        victim.kill()
        await locker.execute("COMMIT")  # the survivor's turns go on; the victim's wait for their lease to run out

        def answered() -> Counter[int]:
            return Counter(c.params["chat_id"] for c in fake.find("sendMessage") if SITE_QUESTION in c.params.get("text", ""))

        await fake.wait_for(lambda: set(answered()) == {e.id for e in employees}, timeout=LEASE + 25,
                            what=f"an answer in every chat; got {sorted(answered())}")
        await asyncio.sleep(LEASE + 2)  # long enough for a wrongly taken-over update to be answered a second time

        assert answered() == Counter({e.id: 1 for e in employees}), "each message answered exactly once"
        assert not any("Er ging iets mis" in t for e in employees for t in fake.texts_to(e.id))
        assert await locker.fetchval("SELECT count(*) FROM inbox") == 0, "handled rows are deleted (they hold text)"
        assert await locker.fetchval("SELECT count(*) FROM processed_updates") == len(employees)
        assert "taking over a telegram update" in survivor.log.read_text()
    finally:
        if locker is not None:
            await locker.close()
        for replica in (victim, survivor):
            replica.stop()
        await http.close()
        await fake.close()
