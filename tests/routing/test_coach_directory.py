"""The coach directory is edited by a coordinator: every mistake must be named, all at once."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from routing.directory import (
    DirectoryError,
    default_directory_path,
    load_directory,
    parse_directory,
)

GOOD = """
timezone = "Europe/Brussels"

[[site]]
id = "groendienst-depot"
name = "Groendienst, depot Kerkstraat"
lat = 51.0500
lon = 3.7300
department = "Groendienst"

[[coach]]
id = "anna"
name = "Anna"
site = "groendienst-depot"
languages = ["nl", "en"]
capacity = 2                       # open tickets at once
hours = ["mon-fri 08:00-16:00"]

[[coordinator]]
id = "tom"
name = "Tom"
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(DirectoryError) as info:
        parse_directory(text)
    return info.value.problems


def one_problem(text: str) -> str:
    problems = problems_of(text)
    assert len(problems) == 1, problems
    return problems[0]


def test_malformed_toml_names_the_line():
    problem = one_problem(GOOD.replace('capacity = 2', 'capacity = = 2'))
    assert problem.startswith("line 16, column 12: ")
    assert "not valid TOML" in problem


def test_unknown_timezone():
    problem = one_problem(GOOD.replace("Europe/Brussels", "Europe/Gent"))
    assert "timezone" in problem and "Europe/Gent" in problem


def test_missing_timezone():
    problem = one_problem(GOOD.replace('timezone = "Europe/Brussels"', ""))
    assert "timezone: missing" in problem


def test_typo_in_key_is_reported_not_ignored():
    problem = one_problem(GOOD.replace("capacity = 2", "capacity = 2\nactiv = false"))
    assert problem == 'coach "anna": activ: unknown key (did you mean "active"?)'


def test_typo_without_the_real_key_reports_both():
    problems = problems_of(GOOD.replace("capacity = 2", "capcity = 2"))
    assert 'coach "anna": capcity: unknown key (did you mean "capacity"?)' in problems
    assert 'coach "anna": capacity: missing' in problems


def test_unknown_top_level_key():
    problem = one_problem('coaches_file = "x"\n' + GOOD)
    assert problem.startswith("top level: coaches_file: unknown key")


def test_missing_required_fields_each_named():
    text = GOOD.replace('lat = 51.0500\n', "").replace('languages = ["nl", "en"]\n', "")
    problems = problems_of(text)
    assert 'site "groendienst-depot": lat: missing' in problems
    assert 'coach "anna": languages: missing' in problems


def test_entry_without_id_is_named_by_position():
    text = GOOD + '\n[[site]]\nname = "Stadhuis"\nlat = 51.05\nlon = 3.72\n'
    assert one_problem(text) == "site #2: id: missing"


def test_duplicate_ids():
    text = GOOD + '\n[[coach]]\nid = "anna"\nname = "Anna B"\nsite = "groendienst-depot"\n' \
        'languages = ["nl"]\ncapacity = 1\nhours = ["mon 08:00-12:00"]\n'
    assert one_problem(text) == 'coach "anna": id: duplicate id (also coach #1)'


def test_coach_at_unknown_site():
    problem = one_problem(GOOD.replace('site = "groendienst-depot"', 'site = "groendiest-depot"'))
    assert problem.startswith('coach "anna": site: unknown site "groendiest-depot"')
    assert "groendienst-depot" in problem  # the known ones are listed


@pytest.mark.parametrize(
    "old, new, field",
    [
        ("lat = 51.0500", "lat = 151.05", "lat"),
        ("lon = 3.7300", "lon = -190.0", "lon"),
        ("lat = 51.0500", 'lat = "51.05"', "lat"),
        ("lon = 3.7300", "lon = true", "lon"),
    ],
)
def test_coordinates_out_of_range_or_not_numbers(old, new, field):
    problem = one_problem(GOOD.replace(old, new))
    assert problem.startswith(f'site "groendienst-depot": {field}: ')


@pytest.mark.parametrize("value", ["0", "-1", "1.5", '"2"', "true"])
def test_capacity_must_be_a_whole_number_of_at_least_one(value):
    problem = one_problem(GOOD.replace("capacity = 2", f"capacity = {value}"))
    assert problem.startswith('coach "anna": capacity: ')


def test_unknown_language():
    problem = one_problem(GOOD.replace('["nl", "en"]', '["nl", "de"]'))
    assert problem == "coach \"anna\": languages: unknown language 'de' (use nl, en, fr)"


def test_empty_languages():
    assert "languages: is empty" in one_problem(GOOD.replace('["nl", "en"]', "[]"))


def test_unparseable_hours_names_the_item():
    text = GOOD.replace('hours = ["mon-fri 08:00-16:00"]', 'hours = ["mon-fri 08:00-16:00", "mon-fry 17:00-19:00"]')
    problem = one_problem(text)
    assert problem.startswith('coach "anna": hours[2]: ')
    assert "fry" in problem


def test_bad_optional_fields():
    text = GOOD.replace("capacity = 2", 'capacity = 2\nactive = "yes"\nemail = "anna at gent"')
    problems = problems_of(text)
    assert any(p.startswith('coach "anna": active: must be true or false') for p in problems)
    assert any(p.startswith('coach "anna": email: ') for p in problems)


def test_text_longer_than_the_database_holds_is_named_not_a_failed_write():
    long_site = "Groendienst, " + "depot " * 40
    text = (GOOD.replace('name = "Anna"', f'name = "{"A" * 101}"').replace('id = "tom"', f'id = "{"t" * 65}"')
            .replace('name = "Groendienst, depot Kerkstraat"', f'name = "{long_site}"')
            .replace("capacity = 2 ", f'email = "{"a" * 200}@gent.be"\ncapacity = 2 '))
    assert sorted(problems_of(text)) == [
        'coach "anna": email: at most 200 characters, got 208',
        'coach "anna": name: at most 100 characters, got 101',
        f'coordinator "{"t" * 65}": id: at most 64 characters, got 65',
        'site "groendienst-depot": name: at most 200 characters, got 252',
    ]
    assert parse_directory(GOOD.replace('name = "Anna"', f'name = "{"A" * 100}"')).coach("anna").name == "A" * 100


def test_coordinator_department_must_exist():
    text = GOOD.replace('name = "Tom"', 'name = "Tom"\ndepartments = ["Groendients"]')
    problem = one_problem(text)
    assert problem.startswith('coordinator "tom": departments: unknown department "Groendients"')


def test_single_brackets_instead_of_double_are_explained():
    text = GOOD.replace("[[coordinator]]", "[coordinator]")
    assert one_problem(text) == "coordinator: write [[coordinator]] (double brackets) for each entry, not [coordinator]"


def test_a_directory_without_coaches_is_refused():
    text = GOOD[: GOOD.index("[[coach]]")]
    assert one_problem(text) == "coach: no [[coach]] entries; at least one coach is needed"


def test_every_problem_is_reported_at_once():
    text = """
timezone = "Mars/Olympus"

[[site]]
id = "a"
name = "A"
lat = 95
lon = 3.7

[[site]]
id = "a"
name = "A again"
lat = 51
lon = 3.7

[[coach]]
id = "anna"
name = "Anna"
site = "nowhere"
languages = ["nl", "xx"]
capcity = 0
hours = ["someday 08:00-16:00"]

[[coach]]
name = "Bram"
site = "a"
languages = ["nl"]
capacity = 1.5
hours = []

[[coordinator]]
id = "tom"
"""
    with pytest.raises(DirectoryError) as info:
        parse_directory(text, source="coaches.toml")
    problems = info.value.problems
    expected = [
        "top level: timezone: unknown time zone",
        'site "a": lat: must be between -90 and 90',
        'site "a": id: duplicate id (also site #1)',
        'coach "anna": capcity: unknown key',
        'coach "anna": capacity: missing',
        'coach "anna": site: unknown site "nowhere"',
        "coach \"anna\": languages: unknown language 'xx'",
        'coach "anna": hours: ',
        "coach #2: id: missing",
        "coach #2: capacity: must be a whole number",
        "coach #2: hours: is empty",
        'coordinator "tom": name: missing',
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    message = str(info.value)
    assert message.startswith(f"coaches.toml: {len(problems)} problems")
    assert all(p in message for p in problems)


def test_good_directory_parses_with_defaults():
    directory = parse_directory(GOOD)
    anna = directory.coach("anna")
    assert anna is not None
    assert anna.active is True and anna.email is None
    assert anna.department == "Groendienst"  # from the site
    assert anna.languages == ("nl", "en")
    assert directory.site("groendienst-depot").lat == 51.05
    assert directory.coordinator("tom").departments == ()
    assert directory.coach("nobody") is None
    assert directory.site_of("anna").id == "groendienst-depot"
    assert str(directory.tz) == "Europe/Brussels"


def test_coach_department_overrides_the_site():
    directory = parse_directory(GOOD.replace("capacity = 2", 'capacity = 2\ndepartment = "Zorg"'))
    assert directory.coach("anna").department == "Zorg"


def test_load_directory_missing_file(tmp_path: Path):
    with pytest.raises(DirectoryError) as info:
        load_directory(tmp_path / "nope.toml")
    assert info.value.problems == ["file not found"]
    assert "nope.toml" in str(info.value)


def test_load_directory_from_file(tmp_path: Path):
    path = tmp_path / "coaches.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_directory(path).coach("anna").name == "Anna"


# -- the shipped demo ------------------------------------------------------


def test_shipped_demo_directory_loads():
    directory = load_directory(default_directory_path())
    assert directory.timezone == "Europe/Brussels"
    assert len(directory.coaches) == 6
    assert 5 <= len(directory.sites) <= 6
    assert [c.id for c in directory.coordinators] == ["tom"]
    assert directory.coach("anna") is not None  # the walking-skeleton issue plays as coach:anna
    for site in directory.sites:  # all in Ghent
        assert 51.0 < site.lat < 51.12 and 3.65 < site.lon < 3.80, site
    assert all(1 <= c.capacity <= 3 for c in directory.coaches)
    assert {lang for c in directory.coaches for lang in c.languages} == {"nl", "en", "fr"}


def test_demo_has_three_coaches_at_any_weekday_daytime():
    directory = load_directory(default_directory_path())
    tz = directory.tz
    for day in range(5):  # Monday 2026-05-11 .. Friday
        for quarter in range(7 * 4, 17 * 4):  # 07:00 .. 16:45 local
            local = datetime(2026, 5, 11 + day, tzinfo=tz) + timedelta(minutes=15 * quarter)
            at = local.astimezone(timezone.utc)
            working = [c.id for c in directory.coaches if c.weekly_hours.is_open(at, tz)]
            assert len(working) >= 3, (local, working)


def test_demo_has_someone_at_the_weekend():
    directory = load_directory(default_directory_path())
    saturday_noon = datetime(2026, 5, 16, 12, 0, tzinfo=directory.tz)
    assert any(c.weekly_hours.is_open(saturday_noon, directory.tz) for c in directory.coaches)
