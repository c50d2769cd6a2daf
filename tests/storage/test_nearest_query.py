"""The database-side search picks exactly the coaches that ranking every coach in Python would pick."""
from __future__ import annotations

import random

from routing.bench import NOW, TZ, populate
from routing.candidates import nearest_available, to_candidate
from routing.nearest import EmployeePoint, rank_coaches
from sqlalchemy import select
from storage.models import Coach, Site
from storage.capacity import open_load


async def test_box_search_equals_ranking_everyone(database):
    await populate(database, 600, seed=3)
    async with database.session() as s:
        rows = (await s.execute(select(Coach, Site).join(Site, Site.id == Coach.site_id))).all()
        load = await open_load(s)
    everyone = [to_candidate(c, site, load.get(c.id, 0)) for c, site in rows]
    rng = random.Random(5)
    for _ in range(40):
        point = EmployeePoint(50.7 + rng.random() * 0.8, 2.6 + rng.random() * 3.2, f"dept{rng.randrange(12)}")
        language = rng.choice(["nl", "en", "fr"])
        excluded = set(rng.sample([c.coach_id for c in everyone], 20))
        want = rng.choice([1, 3])
        expected = rank_coaches(everyone, point, language, NOW, TZ, excluded, limit=want)
        async with database.session() as s:
            got = await nearest_available(s, point, language, NOW, TZ, excluded, want=want)
        assert [r.coach_id for r in got] == [r.coach_id for r in expected]


async def test_far_away_employee_still_finds_the_nearest_coach(database):
    await populate(database, 50, seed=4)
    async with database.session() as s:
        got = await nearest_available(s, EmployeePoint(55.0, 10.0), "nl", NOW, TZ)  # Denmark, hundreds of km away
    assert got and got[0].distance_km > 300
