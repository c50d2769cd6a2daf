"""Editing one coach or site from the web console: the file's rules, problems naming the field, nothing stored
when there is one, the coordinator's departments, and a coach's pause and chat account kept."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from routing.directory import default_directory_path, load_directory, parse_directory
from routing.directory_export import directory_from_db
from routing.edits import save_coach, save_site, set_coach_active
from routing.sync import import_directory
from storage.models import Coach, Person, Site

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
NINA = {"id": "nina", "name": "Nina", "site": "groendienst-citadelpark", "languages": "nl, en", "capacity": "2",
        "hours": "mon-fri 08:00-16:00\nsat 09:00-12:00", "email": "", "department": ""}


@pytest.fixture
async def demo(database):
    async with database.session() as s:
        await import_directory(s, load_directory(default_directory_path()), NOW)
    return database


async def coach(db, coach_id: str) -> Coach | None:
    async with db.session() as s:
        return await s.get(Coach, coach_id)


async def save(db, fields, departments=(), **kw) -> list[str]:
    async with db.session() as s:
        return await save_coach(s, fields, departments, **kw)


async def test_a_coach_added_from_a_form_is_the_coach_a_file_would_give(demo):
    assert await save(demo, NINA, adding=True) == []
    async with demo.session() as s:
        stored = (await directory_from_db(s)).coach("nina")
    from_file = parse_directory('''timezone = "Europe/Brussels"
[[site]]
id = "groendienst-citadelpark"
name = "x"
lat = 51.0
lon = 3.7
department = "Groendienst"
[[coach]]
id = "nina"
name = "Nina"
site = "groendienst-citadelpark"
languages = ["nl", "en"]
capacity = 2
hours = ["mon-fri 08:00-16:00", "sat 09:00-12:00"]
''').coach("nina")
    assert stored == from_file and stored.department == "Groendienst", "her site's department, as in a file"
    row = await coach(demo, "nina")
    assert row.active and not row.paused and row.person_id is None, "linked later, by an invitation"


async def test_every_problem_names_its_field_and_nothing_is_stored(demo):
    bad = {**NINA, "site": "depot-x", "languages": "nl, de", "capacity": "twee", "hours": "maandag 8-12",
           "email": "nina-at-work", "capcity": "2"}
    problems = await save(demo, bad, adding=True)
    assert problems[0].startswith('coach "nina": capcity: unknown key (did you mean "capacity"?)')
    fields = {line.split(": ")[1] for line in problems}
    assert fields == {"capcity", "site", "languages", "capacity", "hours", "email"}, problems
    assert any('unknown site "depot-x"' in line for line in problems)
    assert all("Traceback" not in line and line.startswith('coach "nina": ') for line in problems)
    assert await coach(demo, "nina") is None

    problems = await save(demo, {"id": "anna", "capacity": "0", "hours": ""})
    assert problems == ['coach "anna": hours: missing',
                        'coach "anna": capacity: must be at least 1, got 0 (use active = false to stop offers)']
    assert (await coach(demo, "anna")).capacity == 2, "the edit was refused whole"


async def test_add_and_edit_are_told_apart(demo):
    assert await save(demo, {**NINA, "id": "anna"}, adding=True) == [
        'coach "anna": id: already in the directory; pick another id']
    assert await save(demo, {"id": "nobody", "capacity": "2"}) == ['coach "nobody": id: not in the directory']
    assert await save(demo, {"name": "X"}) == ["coach: id: missing"]
    assert (await coach(demo, "anna")).name == "Anna"


async def test_an_edit_keeps_the_pause_and_the_chat_account(demo):
    until = NOW + timedelta(hours=3)
    async with demo.session() as s:
        s.add(Person(id=11, role="coach", first_name="Anna", created_at=NOW))
        await s.flush()
        anna = await s.get(Coach, "anna")
        anna.person_id, anna.paused, anna.paused_until = 11, True, until
    assert await save(demo, {"id": "anna", "capacity": "3", "hours": "mon-sat 07:00-15:30", "email": ""}) == []
    anna = await coach(demo, "anna")
    assert (anna.capacity, anna.hours, anna.email) == (3, '["mon-sat 07:00-15:30"]', None)
    assert anna.name == "Anna" and anna.languages == "nl,en", "fields not on the form keep their values"
    assert (anna.person_id, anna.paused, anna.paused_until) == (11, True, until)


async def test_deactivate_and_activate(demo):
    async with demo.session() as s:
        assert await set_coach_active(s, "bram", False) == []
    assert not (await coach(demo, "bram")).active
    async with demo.session() as s:
        assert await set_coach_active(s, "bram", True) == []
    assert (await coach(demo, "bram")).active


async def test_a_scoped_coordinator_saves_only_in_their_departments(demo):
    green = ["Groendienst"]
    assert await save(demo, {"id": "lotte", "capacity": "1"}, green) == [
        'coach "lotte": department: "Administratie" is not one of your departments (Groendienst)']
    assert (await coach(demo, "lotte")).capacity == 3
    assert await save(demo, {**NINA, "site": "stadhuis"}, green, adding=True) == [
        'coach "nina": department: "Facility" is not one of your departments (Groendienst)']
    assert await save(demo, {"id": "anna", "site": "stadhuis"}, green) == [
        'coach "anna": department: "Facility" is not one of your departments (Groendienst)'], "nor move one out"
    assert (await coach(demo, "anna")).site_id == "groendienst-citadelpark"
    assert await coach(demo, "nina") is None
    unknown = await save(demo, {**NINA, "site": "depot-x"}, green, adding=True)
    assert unknown == ['coach "nina": site: unknown site "depot-x" '
                       '(known: groendienst-blaarmeersen, groendienst-citadelpark)'], "other departments' sites unseen"
    assert await save(demo, NINA, green, adding=True) == []
    async with demo.session() as s:
        assert await save_site(s, {"id": "wzc-heiveld", "name": "WZC"}, green) == [
            'site "wzc-heiveld": department: "Zorg" is not one of your departments (Groendienst)']
        assert await set_coach_active(s, "sofie", False, green) != []
    assert (await coach(demo, "sofie")).active


async def test_a_site_edit_moves_the_coaches_who_follow_it(demo):
    async with demo.session() as s:
        assert await save_site(s, {"id": "wegen-wiedauwkaai", "department": "Wegen en Water", "lat": "51,08"}) == []
    assert (await coach(demo, "bram")).department == "Wegen en Water", "no department of his own: his site's"
    async with demo.session() as s:
        site = await s.get(Site, "wegen-wiedauwkaai")
        assert (site.lat, site.department) == (51.08, "Wegen en Water")
        problems = await save_site(s, {"id": "depot-nieuw", "name": "Nieuw depot", "lat": "151", "lon": "oost"},
                                   adding=True)
    assert problems == ['site "depot-nieuw": lat: must be between -90 and 90, got 151.0',
                        "site \"depot-nieuw\": lon: must be a number in degrees, got 'oost'"]


async def test_a_site_edit_that_would_orphan_a_coordinators_scope_is_refused(database):
    text = default_directory_path().read_text().replace(
        '# departments = ["Groendienst"]    # optional: limit the weekly digest', 'departments = ["Wegen"]')
    async with database.session() as s:
        await import_directory(s, parse_directory(text), NOW)
        problems = await save_site(s, {"id": "wegen-wiedauwkaai", "department": "Wegen en Water"})
    assert problems == ['coordinator "tom": departments: unknown department "Wegen" '
                        '(known: Administratie, Facility, Groendienst, Wegen en Water, Zorg)']
    assert (await coach(database, "bram")).department == "Wegen", "nothing stored"
