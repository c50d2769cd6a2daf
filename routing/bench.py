"""`digicoach bench routing`: time to pick a coach with N coaches in the database.

Generates N coaches spread over Flanders (sites of 1-5 coaches, mixed
languages, shifts and capacities), a load of open tickets and offers, then
times `nearest_available` -- the query plus the ranking, as the engine runs it
for every routed question.
"""
from __future__ import annotations

import json
import random
import statistics
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from routing.candidates import nearest_available
from routing.nearest import EmployeePoint
from storage.db import Database
from storage.models import Coach, Offer, Person, Site, Ticket

SHIFTS = [
    ["mon-fri 07:00-15:30"], ["mon-fri 08:30-17:00"], ["mon-thu 06:30-15:00", "fri 06:30-12:30"],
    ["mon-fri 13:00-21:00", "sat-sun 08:00-20:00"], ["mon-fri 06:00-10:00", "mon-fri 16:00-20:00"],
    ["mon-sun 00:00-24:00"],
]
LANGS = ["nl", "nl", "nl", "nl,en", "nl,fr", "nl,en,fr"]
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Europe/Brussels")).astimezone(timezone.utc)
TZ = ZoneInfo("Europe/Brussels")


@dataclass
class Result:
    coaches: int
    p50_ms: float
    p99_ms: float
    found: int
    picks: int


async def populate(db: Database, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    now = NOW
    async with db.session() as s:
        sites = []
        for i in range(max(1, n // 3)):
            site = Site(id=f"s{i}", name=f"Site {i}", lat=50.7 + rng.random() * 0.8, lon=2.6 + rng.random() * 3.2,
                        department=f"dept{i % 12}")
            sites.append(site)
        s.add_all(sites)
        await s.flush()
        people = [Person(role="coach", first_name=f"C{i}", language="nl", created_at=now) for i in range(n)]
        s.add_all(people)
        await s.flush()
        coaches = []
        for i, person in enumerate(people):
            site = sites[rng.randrange(len(sites))]
            coaches.append(Coach(
                id=f"c{i}", person_id=person.id, name=f"C{i}", site_id=site.id, department=site.department,
                languages=rng.choice(LANGS), capacity=rng.randint(1, 3), hours=json.dumps(rng.choice(SHIFTS)),
                active=rng.random() > 0.05, paused=rng.random() < 0.1,
                last_assigned_at=now - timedelta(hours=rng.randint(1, 500)) if rng.random() < 0.8 else None,
            ))
        s.add_all(coaches)
        await s.flush()
        busy = rng.sample(coaches, k=min(len(coaches), max(1, n // 5)))
        for coach in busy:
            t = Ticket(state="accepted", language="nl", coach_id=coach.id, created_at=now, updated_at=now,
                       accepted_at=now, offer_count=1)
            s.add(t)
            await s.flush()
            s.add(Offer(ticket_id=t.id, coach_id=coach.id, offered_at=now, deadline=now, status="accepted"))


async def measure(db: Database, n: int, picks: int = 200, seed: int = 11) -> Result:
    rng = random.Random(seed)
    timings: list[float] = []
    found = 0
    async with db.session() as s:
        await nearest_available(s, EmployeePoint(51.05, 3.72), "nl", NOW, TZ)  # warm-up
    for _ in range(picks):
        point = EmployeePoint(50.7 + rng.random() * 0.8, 2.6 + rng.random() * 3.2, f"dept{rng.randrange(12)}")
        language = rng.choice(["nl", "nl", "nl", "en", "fr"])
        async with db.session() as s:
            start = time.perf_counter()
            ranked = await nearest_available(s, point, language, NOW, TZ)
            timings.append((time.perf_counter() - start) * 1000)
        found += bool(ranked)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    return Result(coaches=n, p50_ms=statistics.median(timings), p99_ms=p99, found=found, picks=picks)
