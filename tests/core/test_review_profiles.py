"""Twelve runners an outside strength coach wrote for engine v3 without seeing the engine (tests/core/
review_profiles), each combining findings, races, budgets and equipment the rules do not list one by one. The
checks are the coach's expectations that DESIGN.md 4.6 backs; where the engine follows a documented rule the
coach would have decided otherwise, the test says which rule."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from crosstrain.core.profile import Profile, parse_profile
from crosstrain.core.program import Item, Program, Session, design_program
from crosstrain.core.vocabulary import Category, Load, Pattern, Stress

PROFILES = Path(__file__).resolve().parent / "review_profiles"
NAMES = sorted(p.stem for p in PROFILES.glob("*.json"))


@cache
def runner(name: str) -> tuple[Profile, Program]:
    profile = parse_profile(json.loads((PROFILES / f"{name}.json").read_text()))
    return profile, design_program(profile)


def items(s: Session, kind: Category | None = None) -> list[Item]:
    return [i for b in s.blocks if kind is None or b.kind is kind for i in b.items]


def every(program: Program) -> list[Item]:
    return [i for s in program.sessions for i in items(s)]


def loads(program: Program, *stresses: Stress) -> list[str]:
    return sorted({i.exercise.id for i in every(program) if set(stresses) & i.exercise.stresses})


def full(program: Program) -> list[Session]:
    return [s for s in program.sessions if "Nothing new before" not in s.note]


def weekdays(program: Program) -> set[int]:
    return {s.day.weekday() for s in program.sessions}


def test_all_twelve_are_here() -> None:
    assert len(NAMES) == 12


@pytest.mark.parametrize("name", NAMES)
def test_every_session_fits_its_budget_and_no_racing_season_session_passes_twenty_sets(name: str) -> None:
    profile, program = runner(name)
    for s in program.sessions:
        assert s.minutes <= profile.session_minutes
        assert sum(i.dose.sets for i in items(s, Category.STRENGTH)) <= 24, s.day
        for i in items(s):
            if i.exercise.timed:
                assert i.dose.rir is None, (s.day, i.exercise.id)


def test_r01_a_painful_shoulder_at_home_keeps_every_arm_position_out_and_says_why() -> None:
    _, program = runner("r01-shoulder-pain-home-20min")
    arms = (Stress.UPPER_LIMB_PUSH, Stress.UPPER_LIMB_PULL, Stress.SHOULDER_FLEXION, Stress.UPPER_LIMB_WEIGHT_BEARING)
    assert loads(program, *arms) == []
    assert not [i for i in every(program) if i.exercise.category is Category.POWER]
    assert any(n.startswith("No pull exercise") for n in program.notices)
    assert any("left shoulder clearing test" in n for n in program.notices)
    assert weekdays(program).isdisjoint({0, 4})  # never the day before the hard Tuesday or the long Saturday
    assert all(i.dose.rir is None or i.dose.rir >= 2 for i in every(program))  # 52


def test_r02_knee_pain_and_a_goal_half_keep_knee_bending_out_and_the_race_windows() -> None:
    _, program = runner("r02-knee-pain-squat-A-half-week4")
    assert loads(program, Stress.KNEE_FLEXION, Stress.QUAD_ISOMETRIC) == []
    assert {i.exercise.pattern for i in every(program) if i.main_lift} <= {Pattern.HINGE}
    race = date(2027, 3, 28)
    assert not [s for s in program.sessions if date(2027, 3, 25) <= s.day <= date(2027, 4, 1)]
    assert next(s.phase for s in program.sessions if s.day > race) == "restart"
    for s in full(program):
        assert {i.exercise.pattern for i in items(s)} & {Pattern.HINGE, Pattern.BRIDGE}


def test_r03_one_light_kettlebell_gets_no_main_lift_both_calf_raises_and_no_load_it_cannot_add() -> None:
    _, program = runner("r03-achilles-single-12kg-kettlebell")
    assert not [i for i in every(program) if i.main_lift]
    assert loads(program, Stress.IMPACT_HIGH) == []
    for s in full(program):
        calf = [i for i in items(s) if i.exercise.pattern is Pattern.CALF and i.exercise.load is Load.EXTERNAL]
        assert {"soleus", "calves"} <= {a for i in calf for a in i.exercise.areas}, s.day
    assert not [i for i in every(program) if "kg per dumbbell" in i.progress]
    assert not [i for i in every(program) if "band" in i.exercise.equipment or "step" in i.exercise.equipment]
    assert weekdays(program).isdisjoint({0, 2, 4})  # the days before the hard run, the hard row and the long run


def test_r04_a_strained_hamstring_in_racing_season_gets_nordics_weekly_and_earns_its_jumps() -> None:
    _, program = runner("r04-hamstring-advanced-doubles-racing")
    for week, sessions in program.weeks():
        done = [i for s in sessions for i in items(s)]
        if done:
            assert any(Stress.HAMSTRING_ECCENTRIC in i.exercise.stresses for i in done), week
    assert "bounds" not in {i.exercise.id for i in every(program)}
    first_back = next(s for s in program.sessions if s.day > date(2027, 5, 15))
    assert all(i.dose.rir is None or i.dose.rir >= 3 for i in items(first_back, Category.STRENGTH))
    for s in program.sessions:
        assert sum(i.dose.sets for i in items(s, Category.STRENGTH)) <= 20, s.day
        if s.day.weekday() == 1:
            assert "after the second" in s.note


def test_r05_fifteen_minutes_with_a_sprained_ankle_keep_the_balance_drill_and_the_legs() -> None:
    _, program = runner("r05-ankle-sprain-15min-race-week1")
    for s in program.sessions:
        assert s.minutes <= 15
        assert any(Stress.SINGLE_LEG_BALANCE in i.exercise.stresses for i in items(s)), s.day
        if s.phase == "build":
            knee = [i.dose.sets for i in items(s) if i.exercise.pattern in (Pattern.SQUAT, Pattern.LUNGE)]
            calf = [i.dose.sets for i in items(s) if i.exercise.pattern is Pattern.CALF]
            assert knee
            assert max(knee) >= 2
            assert calf
            assert max(calf) >= 2
    assert loads(program, Stress.SINGLE_LEG_LOADED) == []
    assert not [i for i in every(program) if i.exercise.category is Category.POWER]
    assert not [s for s in program.sessions if date(2027, 6, 10) <= s.day <= date(2027, 6, 13)]
    assert weekdays(program).isdisjoint({1, 5})


def test_r06_nine_weeks_postpartum_waits_for_impact_and_bracing_all_block_and_plans_on_her_days() -> None:
    _, program = runner("r06-postpartum-9wk-home-dumbbells")
    assert not [i for i in every(program) if i.exercise.category is Category.POWER or i.main_lift]
    assert "push-up" not in {i.exercise.id for i in every(program)}
    assert loads(program, Stress.PLANK_LONG_LEVER) == []
    assert weekdays(program) <= {1, 3, 5}
    assert any("pelvic-health physiotherapist" in n for n in program.notices)


def test_r07_eight_months_postpartum_without_a_check_and_a_race_on_the_last_day() -> None:
    _, program = runner("r07-postpartum-8mo-not-cleared-mwf")
    assert not [i for i in every(program) if i.exercise.category is Category.POWER or i.main_lift]
    assert all(len(sessions) == 2 for week, sessions in program.weeks() if week <= 5)
    assert weekdays(program) <= {0, 2, 4}
    assert any("never the day before a hard run" in w for w in program.warnings)


def test_r08_a_sixty_eight_year_old_with_weak_trunk_tests_and_back_to_back_long_days() -> None:
    _, program = runner("r08-68yo-novice-trunk1-back-to-back-long")
    assert loads(program, Stress.PLANK_LONG_LEVER, Stress.TRUNK_STIFFNESS_HIGH) == []
    assert all(i.dose.rir is None or i.dose.rir >= 2 for i in every(program))
    assert weekdays(program).isdisjoint({4, 5, 6})
    assert {i.exercise.intensity for i in every(program) if i.exercise.category is Category.POWER} <= {"low"}


def test_r09_a_patellar_tendon_gets_isometric_holds_and_no_deep_loaded_knee_bends_around_bike_and_match() -> None:
    _, program = runner("r09-patellar-tendinopathy-bike-match")
    assert loads(program, Stress.DEEP_KNEE_FLEXION_LOADED, Stress.IMPACT_HIGH) == []
    for s in full(program):
        holds = [i for i in items(s) if Stress.QUAD_ISOMETRIC in i.exercise.stresses]
        assert holds, s.day
        if s.phase == "build":
            assert holds[0].dose.sets >= 3
    assert weekdays(program).isdisjoint({0, 1, 4, 5})


def test_r10_a_thirty_k_then_a_five_k_leave_no_gap_over_fourteen_days_and_restart_after() -> None:
    _, program = runner("r10-itband-30k-B-then-5k-C")
    before = [s.day for s in program.sessions if s.day < date(2027, 9, 26)][-1]
    after = [s for s in program.sessions if s.day > date(2027, 10, 2)]
    assert (after[0].day - before).days <= 14
    assert after[0].phase == "restart"
    for s in program.sessions:
        assert any(Stress.HIP_ABDUCTION in i.exercise.stresses for i in items(s)), s.day


def test_r11_spinal_extension_pain_before_a_goal_marathon() -> None:
    _, program = runner("r11-spinal-extension-pain-A-marathon")
    assert not [i for i in every(program) if i.main_lift or i.exercise.category is Category.POWER]
    assert loads(program, Stress.SPINAL_EXTENSION, Stress.HIP_HINGE_LOADED, Stress.KNEE_FLEXION_LOADED) == []
    # DESIGN.md 4.3 (v2): a push-up test at 0 only from the extension clearing test is the spine's pain, not the
    # push's, so incline push-ups and presses stay (the coach would have held every push back).
    assert loads(program, Stress.TRUNK_STIFFNESS_HIGH) == []
    assert not [s for s in program.sessions if s.day >= date(2027, 11, 2)]


def test_r12_heavy_bells_give_a_double_kettlebell_front_squat_and_the_bone_waits_for_impact() -> None:
    _, program = runner("r12-two-24kg-bells-tibia-bsi-aslr1")
    assert "double-kettlebell-front-squat" in {i.exercise.id for i in every(program) if i.main_lift}
    assert loads(program, Stress.HIP_HINGE_LOADED) == []
    assert not [i for i in every(program) if i.exercise.category is Category.POWER]
    assert any("2027-08-02" in n for n in program.notices)
    assert weekdays(program).isdisjoint({2, 4, 5})
