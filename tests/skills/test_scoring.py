"""The self-scan's scoring against profiles computed by hand, one for each corner of the skill x attitude grid.

The shipped scan (skills/data/scan.yaml): 12 skill questions, two per area in the order phone, login, staff_app,
communication, safety, information; an answer is worth its position 0-3. Two attitude questions whose options
are worth 0-3 in order. Thresholds: weak below 1.5, strong from 2.0, high skill and high attitude from 1.5.
"""
from __future__ import annotations

from fractions import Fraction

import pytest

from skills.definition import load_scan
from skills.scoring import change, next_item, score, trainings_for

SCAN = load_scan()
SKILL_ORDER = ["apps", "settings", "password", "two_step", "payslip", "leave", "mail", "teams", "phishing", "privacy",
               "search", "intranet"]


def answers(skill: list[int], attitude: tuple[int, int]) -> dict[str, int]:
    assert len(skill) == 12
    return {**dict(zip(SKILL_ORDER, skill)), "when_it_fails": attitude[0], "learning": attitude[1]}


def test_the_shipped_scan_asks_twelve_skill_and_two_attitude_questions_in_that_order():
    assert [i.id for i in SCAN.items if not i.attitude] == SKILL_ORDER
    assert [i.id for i in SCAN.items if i.attitude] == ["when_it_fails", "learning"]
    assert [a.digcomp for a in SCAN.areas] == ["5.1", "4.1", "2.3", "2.1", "4.2", "1.1"]


def test_low_skill_low_attitude_is_the_steady_starter():
    # skill: twelve times "with help" = 12/12 = 1.0 < 1.5; attitude (0 + 1) / 2 = 0.5 < 1.5
    result = score(SCAN, answers([1] * 12, (0, 1)))
    assert (result.skill, result.attitude, result.profile) == (1, Fraction(1, 2), "starter")
    assert result.weak == ("phone", "login")  # every area 1.0: the first two in the file's order
    assert result.strengths == ()


def test_high_skill_low_attitude_is_the_careful_doer():
    # skill: all "on my own" = 2.0; attitude (1 + 1) / 2 = 1.0
    result = score(SCAN, answers([2] * 12, (1, 1)))
    assert (result.skill, result.attitude, result.profile) == (2, 1, "careful")
    assert result.weak == () and result.strengths == ("phone", "login")


def test_low_skill_high_attitude_is_the_keen_learner():
    # phone 0,0 | login 1,1 | staff_app 1,2 | communication 2,2 | safety 2,1 | information 1,1
    # skill = 14/12 = 7/6 < 1.5; attitude (2 + 2) / 2 = 2.0
    result = score(SCAN, answers([0, 0, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1], (2, 2)))
    assert (result.skill, result.attitude, result.profile) == (Fraction(7, 6), 2, "learner")
    assert result.areas == {"phone": 0, "login": 1, "staff_app": Fraction(3, 2), "communication": 2,
                            "safety": Fraction(3, 2), "information": 1}
    assert result.weak == ("phone", "login")  # 0, then 1 (login before information at 1: the file's order)
    assert result.strengths == ("communication",)


def test_exactly_on_both_thresholds_is_the_digital_guide():
    # six 1s and six 2s: skill 18/12 = 1.5 (on the threshold counts as high); attitude (1 + 2) / 2 = 1.5
    result = score(SCAN, answers([1, 1, 2, 2, 1, 2, 2, 1, 1, 2, 2, 1], (1, 2)))
    assert (result.skill, result.attitude, result.profile) == (Fraction(3, 2), Fraction(3, 2), "guide")
    assert result.weak == ("phone",)  # 1.0; the areas at exactly 1.5 are not below it
    assert result.strengths == ("login",)


def test_just_under_the_skill_threshold_is_low():
    # seven 1s and five 2s: 17/12 < 1.5; with a high attitude that is the keen learner, not the guide
    result = score(SCAN, answers([1, 1, 2, 2, 1, 2, 2, 1, 1, 2, 1, 1], (3, 3)))
    assert result.skill == Fraction(17, 12) and result.profile == "learner"


def test_all_top_answers_is_the_guide_with_nothing_to_work_on():
    result = score(SCAN, answers([3] * 12, (3, 3)))
    assert (result.profile, result.weak, result.strengths) == ("guide", (), ("phone", "login"))


def test_an_unanswered_question_has_no_result_and_is_where_the_scan_resumes():
    partial = {"apps": 2, "settings": 1}
    assert next_item(SCAN, partial).id == "password"
    with pytest.raises(ValueError):
        score(SCAN, partial)
    assert next_item(SCAN, {**partial, "password": 7}).id == "password", "an answer out of range is no answer"


def test_trainings_fit_the_areas_to_work_on_or_the_profile():
    assert [x.id for x in trainings_for(SCAN, ("staff_app",), "careful")] == ["staff_apps"]
    assert [x.id for x in trainings_for(SCAN, (), "starter")] == ["basics"]
    assert trainings_for(SCAN, (), "guide") == []


def test_a_repeat_shows_areas_that_moved_half_a_step_and_the_old_profile():
    before = {"phone": 0.0, "login": 1.0, "staff_app": 2.0, "communication": 2.0, "safety": 1.5, "information": 1.0}
    after = {**before, "phone": 1.5, "staff_app": 1.0, "information": 1.25}
    moved = change(SCAN, before, "starter", after, "learner")
    assert (moved.better, moved.worse, moved.profile_before) == (("phone",), ("staff_app",), "starter")
    assert change(SCAN, before, "starter", before, "starter").profile_before is None
