"""Engine v3 (DESIGN.md 4.6): runners written for each row of the findings table and each new rule, and some of
them combined (two findings at once, a finding with a race, a finding at home with 15 minutes), each with the
expectations a strength coach signing the program would hold it to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.profile import Profile, parse_profile
from crosstrain.core.program import Item, Program, Session, design_program
from crosstrain.core.screen import NEUTRAL_SCREEN
from crosstrain.core.vocabulary import Category, Load, Pattern, Stress

START = date(2027, 3, 1)  # a Monday
WEEK = {"mon": "rest", "tue": "hard", "wed": "easy", "thu": "hard", "fri": "rest", "sat": "easy", "sun": "long"}
CATALOGUE = default_catalogue()


def runner(screen: dict[str, Any] | None = None, **changes: Any) -> tuple[Profile, Program]:
    data: dict[str, Any] = {
        "name": "Runner",
        "experience": "intermediate",
        "lifting_experience": "intermediate",
        "setting": "gym",
        "session_minutes": 45,
        "start": START.isoformat(),
        "running_week": WEEK,
        "races": [],
        "screen": {**NEUTRAL_SCREEN, **(screen or {})},
    }
    data.update(changes)
    profile = parse_profile(data)
    return profile, design_program(profile)


def days_before(n: int) -> str:
    return (START - timedelta(days=n)).isoformat()


def items(session: Session, kind: Category | None = None) -> list[Item]:
    return [i for b in session.blocks if kind is None or b.kind is kind for i in b.items]


def all_items(program: Program) -> Iterator[tuple[Session, Item]]:
    for s in program.sessions:
        for i in items(s):
            yield s, i


def loading(program: Program, *stresses: Stress) -> list[str]:
    return sorted({f"{s.day} {i.exercise.id}" for s, i in all_items(program) if set(stresses) & i.exercise.stresses})


def jumps(program: Program) -> list[str]:
    return sorted({i.exercise.id for s, i in all_items(program) if i.exercise.category is Category.POWER})


def mains(program: Program) -> list[str]:
    return sorted({i.exercise.id for s, i in all_items(program) if i.main_lift})


def full(program: Program) -> list[Session]:
    return [s for s in program.sessions if "Nothing new before" not in s.note]


# --- One finding at a time ----------------------------------------------------------------------------------


def test_shoulder_clearing_pain_holds_back_every_arm_position_and_keeps_legs_and_trunk_without_arm_support() -> None:
    _, program = runner({"shoulder_clearing_pain": {"left": True, "right": False}})
    arms = (
        Stress.UPPER_LIMB_PUSH,
        Stress.UPPER_LIMB_PULL,
        Stress.SHOULDER_FLEXION,
        Stress.SHOULDER_FLEXION_LOADED,
        Stress.UPPER_LIMB_WEIGHT_BEARING,
    )
    assert loading(program, *arms) == []  # no front squat, plank, side plank, push-up, row or bird dog
    assert "barbell-front-squat" not in mains(program)
    for s in full(program):
        patterns = {i.exercise.pattern for i in items(s, Category.STRENGTH)}
        assert {Pattern.CALF} <= patterns
        assert patterns & {Pattern.SQUAT, Pattern.LUNGE}
        assert patterns & {Pattern.ANTI_EXTENSION, Pattern.ANTI_ROTATION}  # dead bug or a Pallof press
    assert any("shoulder" in h and "clinician" in h for h in program.held_back)
    assert program.refer
    assert jumps(program) == []


def test_knee_pain_in_the_deep_squat_holds_back_all_knee_bending_and_keeps_the_hips_working() -> None:
    _, program = runner({"deep_squat": 0})
    assert loading(program, Stress.KNEE_FLEXION, Stress.DEEP_KNEE_FLEXION) == []
    for s in full(program):
        assert {i.exercise.pattern for i in items(s)} & {Pattern.HINGE, Pattern.BRIDGE}, s.day
    assert any(n.startswith("No knee-dominant exercise: your deep squat was painful") for n in program.notices)
    assert jumps(program) == []


def test_hurdle_step_pain_holds_back_one_leg_stance_and_loaded_knee_bending() -> None:
    _, program = runner({"hurdle_step": {"left": 0, "right": 2}})
    assert loading(program, Stress.SINGLE_LEG_STANCE, Stress.KNEE_FLEXION_LOADED) == []
    knee = {i.exercise.id for _, i in all_items(program) if i.exercise.pattern in (Pattern.SQUAT, Pattern.LUNGE)}
    assert knee
    assert all(CATALOGUE[k].load is not Load.EXTERNAL for k in knee)


def test_straight_leg_raise_pain_holds_back_hinges_and_nordics_and_keeps_bridges() -> None:
    _, program = runner({"active_straight_leg_raise": {"left": 0, "right": 2}})
    assert loading(program, Stress.HIP_HINGE, Stress.HAMSTRING_ECCENTRIC) == []
    for s in full(program):
        assert any(i.exercise.pattern is Pattern.BRIDGE for i in items(s)), s.day


def test_achilles_tendinopathy_gets_heavy_slow_loaded_calf_work_every_session_and_no_hops() -> None:
    _, program = runner(injuries=[{"area": "achilles", "kind": "tendinopathy", "date": days_before(90)}])
    assert loading(program, Stress.IMPACT_HIGH) == []
    assert jumps(program)  # low-intensity pogo hops and skips stay
    for s in full(program):
        calf = [i for i in items(s) if i.exercise.pattern is Pattern.CALF and i.exercise.load is Load.EXTERNAL]
        # Both the soleus (bent knee) and the calf (straight knee), loaded, every session (Silbernagel 2007).
        assert {"soleus", "calves"} <= {a for i in calf for a in i.exercise.areas}, s.day
        if s.phase == "build":
            assert sum(i.dose.sets for i in calf) >= 3, s.day
            assert min(i.dose.sets for i in calf) >= 2, s.day
    assert any("Silbernagel" in n for n in program.notices)


def test_an_old_achilles_tendinopathy_holds_nothing_back() -> None:
    _, program = runner(injuries=[{"area": "achilles", "kind": "tendinopathy", "date": days_before(400)}])
    assert "single-leg-hops" in jumps(program)


def test_patellar_tendinopathy_gets_an_isometric_quad_hold_every_session_and_no_deep_loaded_knee_bends() -> None:
    _, program = runner(injuries=[{"area": "knee", "kind": "tendinopathy", "date": days_before(60)}])
    assert loading(program, Stress.DEEP_KNEE_FLEXION_LOADED, Stress.IMPACT_HIGH) == []
    for s in full(program):
        assert any(Stress.QUAD_ISOMETRIC in i.exercise.stresses for i in items(s)), s.day
    holds = {i.exercise.id for _, i in all_items(program) if Stress.QUAD_ISOMETRIC in i.exercise.stresses}
    assert holds <= {"wall-sit", "spanish-squat"}
    for _, i in all_items(program):
        if i.exercise.id in holds:
            assert i.dose.seconds is not None
            assert i.dose.rir is None


def test_a_hamstring_strain_gets_eccentric_hamstring_work_and_a_gentle_hinge_every_week_and_no_bounds() -> None:
    _, program = runner(
        injuries=[{"area": "hamstring", "kind": "strain", "date": days_before(150)}], experience="advanced"
    )
    assert "bounds" not in jumps(program)
    for week, sessions in program.weeks():
        done = [i for s in sessions if s in full(program) for i in items(s)]
        if done:
            assert any(Stress.HAMSTRING_ECCENTRIC in i.exercise.stresses for i in done), week
            assert any(i.exercise.pattern is Pattern.HINGE for i in done), week
    for _, i in all_items(program):
        if Stress.HAMSTRING_LENGTHENED_LOADED in i.exercise.stresses:
            assert not i.main_lift
            assert i.dose.rir is None or i.dose.rir >= 3, i.exercise.id


def test_an_ankle_sprain_gets_single_leg_balance_every_session() -> None:
    _, program = runner(injuries=[{"area": "ankle", "kind": "sprain", "date": days_before(60)}])
    for s in full(program):
        assert any(Stress.SINGLE_LEG_BALANCE in i.exercise.stresses for i in items(s)), s.day
    assert any("Hupperets" in n for n in program.notices)


def test_a_lateral_knee_history_gets_hip_abductor_work_every_session() -> None:
    _, program = runner(injuries=[{"area": "lateral_knee", "kind": "other", "date": days_before(900)}])
    for s in full(program):
        assert any(Stress.HIP_ABDUCTION in i.exercise.stresses for i in items(s)), s.day


def test_early_postpartum_has_no_impact_no_heavy_bracing_and_a_referral() -> None:
    _, program = runner(conditions=[{"kind": "postpartum", "birth_date": days_before(56)}])
    assert jumps(program) == []
    assert mains(program) == []
    assert loading(program, Stress.INTRA_ABDOMINAL_PRESSURE_HIGH) == []
    assert any("pelvic-health physiotherapist" in n and "Goom" in n for n in program.notices)


def test_postpartum_months_later_without_a_pelvic_floor_check_still_waits_for_jumps() -> None:
    _, program = runner(
        conditions=[{"kind": "postpartum", "birth_date": days_before(240), "pelvic_floor_cleared": False}]
    )
    assert jumps(program) == []
    assert mains(program) == []  # heavy bracing gently only: never a main lift
    _, cleared = runner(
        conditions=[{"kind": "postpartum", "birth_date": days_before(240), "pelvic_floor_cleared": True}]
    )
    assert jumps(cleared)
    assert mains(cleared)


def test_pelvic_floor_symptoms_hold_back_impact_and_heavy_bracing() -> None:
    _, program = runner(conditions=[{"kind": "pelvic_floor_symptoms"}])
    assert jumps(program) == []
    assert mains(program) == []


def test_a_recent_bone_stress_injury_holds_back_all_impact() -> None:
    _, program = runner(injuries=[{"area": "tibia", "kind": "bone_stress", "date": days_before(90)}])
    assert jumps(program) == []


def test_a_seventy_year_old_scoring_ones_on_trunk_tests_starts_planks_on_the_knees_and_never_grinds() -> None:
    _, program = runner(
        {"trunk_stability_pushup": 1, "rotary_stability": {"left": 1, "right": 1}},
        age=70,
        experience="novice",
        lifting_experience="novice",
    )
    assert loading(program, Stress.PLANK_LONG_LEVER) == []
    planks = {
        i.exercise.id for _, i in all_items(program) if i.exercise.stance is not None and "plank" in i.exercise.id
    }
    assert planks <= {"side-plank-from-knees", "forearm-plank-from-knees", "short-lever-copenhagen-plank"}
    for _, i in all_items(program):
        assert i.dose.rir is None or i.dose.rir >= 2


# --- The new rules --------------------------------------------------------------------------------------------


def test_nothing_new_before_a_goal_race_and_no_grinding_in_its_last_ten_days() -> None:
    race = START + timedelta(days=34)  # a Sunday in week 5
    _profile, program = runner(
        races=[{"date": race.isoformat(), "distance_km": 10, "priority": "A"}], experience="advanced"
    )
    seen: Counter[str] = Counter()
    for s in program.sessions:
        window = 0 < (race - s.day).days <= 7
        for i in items(s, Category.STRENGTH) + items(s, Category.POWER):
            if window:
                assert seen[i.exercise.id] >= 2, (s.day, i.exercise.id)
            if 0 < (race - s.day).days <= 10:
                assert i.dose.rir is None or i.dose.rir >= 2, (s.day, i.exercise.id)
        seen.update({i.exercise.id for i in items(s)})


def test_a_program_starting_ten_days_before_a_goal_marathon_starts_its_strength_work_after_it() -> None:
    race = START + timedelta(days=10)
    _, program = runner(races=[{"date": race.isoformat(), "distance_km": 42.2, "priority": "A"}])
    before = [s for s in program.sessions if s.day < race]
    assert before
    assert all(not items(s, Category.STRENGTH) for s in before)
    assert all("Nothing new before" in s.note for s in before)
    assert any(items(s, Category.STRENGTH) for s in program.sessions if s.day > race)


def test_jump_levels_unlock_by_sessions_at_the_level_below_not_by_the_calendar() -> None:
    # A B 10 km in week 2: its week has no jumps, so single-leg hops wait for two pogo sessions.
    _, program = runner(races=[{"date": (START + timedelta(days=13)).isoformat(), "distance_km": 10, "priority": "B"}])
    levels = {"pogo-hops": 0, "snap-down-landing": 0, "a-skips": 0, "single-leg-hops": 1, "bounds": 2, "box-jump": 2}
    done: Counter[int] = Counter()
    for s in program.sessions:
        reached = [levels[i.exercise.id] for i in items(s, Category.POWER)]
        for level in reached:
            assert level == 0 or done[level - 1] >= 2, (s.day, level, dict(done))
        if reached:
            done[max(reached)] += 1


def test_a_racing_season_keeps_main_work_and_sheds_accessories_to_twenty_sets() -> None:
    week = {**WEEK, "tue": ["easy", "hard"], "thu": ["easy", "hard"]}
    _, program = runner(
        experience="advanced",
        lifting_experience="advanced",
        session_minutes=75,
        running_week=week,
        races=[{"date": (START + timedelta(days=45)).isoformat(), "distance_km": 21.1, "priority": "A"}],
    )
    for s in program.sessions:
        assert sum(i.dose.sets for i in items(s, Category.STRENGTH)) <= 20, s.day
        main = [i for i in items(s) if i.main_lift]
        if s.phase == "build" and s.week >= 3:
            assert main
            assert main[0].dose.sets >= 3


def test_a_b_ten_k_costs_one_light_week_and_a_race_in_week_one_changes_placement_not_dose() -> None:
    race = START + timedelta(days=20)  # Sunday of week 3
    _, program = runner(races=[{"date": race.isoformat(), "distance_km": 10, "priority": "B"}])
    light_weeks = {s.week for s in program.sessions if "half the volume" in s.note}
    assert light_weeks == {3, 6}  # the lead-in's week and week 6, not the week after too
    first_back = next(s for s in program.sessions if s.day > race)
    assert first_back.phase == "post_race"
    assert all(i.dose.rir is None or i.dose.rir >= 3 for i in items(first_back, Category.STRENGTH))
    _, week_one = runner(races=[{"date": (START + timedelta(days=5)).isoformat(), "distance_km": 10, "priority": "B"}])
    assert all(s.phase in ("build", "lead_in", "post_race", "deload") for s in week_one.sessions)
    assert not any(s.week == 1 and s.phase == "lead_in" and "half the volume" in s.note for s in week_one.sessions)


def test_a_thirty_k_b_race_sits_between_the_half_and_the_marathon_and_leaves_no_fifteen_day_gap() -> None:
    race = START + timedelta(days=27)  # Sunday of week 4
    profile, program = runner(races=[{"date": race.isoformat(), "distance_km": 30, "priority": "B"}])
    rule = profile.races[0].rule
    assert 4 < rule.min_days_out + rule.recovery_days < 16
    before = [s.day for s in program.sessions if s.day < race][-1]
    after = next(s.day for s in program.sessions if s.day > race)
    assert (after - before).days <= 14
    assert (race - before).days >= rule.min_days_out


def test_home_kettlebells_heavy_enough_give_a_kettlebell_main_lift_and_light_ones_none() -> None:
    heavy = {"setting": "home", "equipment": ["kettlebell", "band"], "implements": {"kettlebells_kg": [24, 24]}}
    _, program = runner(**heavy)
    assert set(mains(program)) <= {"kettlebell-deadlift", "double-kettlebell-front-squat"}
    assert mains(program)
    light = {"setting": "home", "equipment": ["kettlebell", "band"], "implements": {"kettlebells_kg": [12]}}
    _, small = runner(**light)
    assert not set(mains(small)) & {"kettlebell-deadlift", "double-kettlebell-front-squat"}
    # The kettlebell is used as a hand weight all the same: loaded work, not body weight only.
    assert any(i.exercise.load is Load.EXTERNAL for _, i in all_items(small))


def test_a_goblet_squat_is_never_a_low_rep_main_lift() -> None:
    _, program = runner(setting="home", equipment=["dumbbells", "band", "step"], lifting_experience="advanced")
    for _, i in all_items(program):
        if i.exercise.id.startswith("goblet-squat"):
            assert not i.main_lift
            assert (i.dose.reps or 99) >= 6


def test_fifteen_minutes_at_home_keep_two_sets_of_knee_and_calf_work() -> None:
    _, program = runner(setting="home", equipment=["dumbbells", "band", "step"], session_minutes=15)
    for s in program.sessions:
        assert s.minutes <= 15
        if s.phase == "build":
            for pattern in ((Pattern.SQUAT, Pattern.LUNGE), (Pattern.CALF,)):
                sets = [i.dose.sets for i in items(s) if i.exercise.pattern in pattern]
                assert sets, (s.day, pattern)
                assert max(sets) >= 2, (s.day, pattern)


def test_hard_cross_training_counts_as_a_hard_day() -> None:
    week = {
        "mon": "easy",
        "tue": "hard",
        "wed": "rest",
        "thu": "bike:hard",
        "fri": "easy",
        "sat": "match:hard",
        "sun": "long",
    }
    _, program = runner(running_week=week)
    for s in program.sessions:
        assert s.day.weekday() not in (2, 4), s.day  # never the day before the bike intervals or the match
    notes = " ".join(s.note for s in program.sessions)
    assert "hard bike session" in notes or "hard match" in notes or all(s.day.weekday() == 1 for s in program.sessions)


def test_no_session_on_the_second_of_back_to_back_long_days() -> None:
    week = {
        "mon": "rest",
        "tue": "hard",
        "wed": "easy",
        "thu": "hard",
        "fri": "rest",
        "sat": "long",
        "sun": "hike:long",
    }
    _, program = runner(running_week=week)
    assert not any(s.day.weekday() == 6 for s in program.sessions)


def test_an_imported_plan_keeps_hard_bike_intervals_and_the_session_avoids_the_day_before() -> None:
    from crosstrain.core.ics_import import runs_from_ics

    events = "".join(
        f"BEGIN:VEVENT\r\nUID:{n}\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:{d:%Y%m%d}\r\n"
        f"SUMMARY:{title}\r\nEND:VEVENT\r\n"
        for n, (d, title) in enumerate(
            (START + timedelta(days=7 * w + k), title)
            for w in range(7)
            for k, title in ((1, "Tempo run"), (3, "Bike intervals 5x4 min"), (6, "Long run"))
        )
    )
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{events}END:VCALENDAR\r\n"
    runs = runs_from_ics(text)
    assert {r.sport for r in runs if "Bike" in (r.title or "")} == {"bike"}
    profile = parse_profile(
        {
            "name": "Ics",
            "experience": "intermediate",
            "setting": "gym",
            "session_minutes": 45,
            "start": START.isoformat(),
            "screen": NEUTRAL_SCREEN,
        },
        running_plan=("plan.ics", runs),
    )
    program = design_program(profile)
    assert not any(s.day.weekday() == 2 for s in program.sessions)  # Wednesday: the day before the bike intervals


# --- Combinations ---------------------------------------------------------------------------------------------


def test_shoulder_pain_with_a_goal_half_in_week_four() -> None:
    race = START + timedelta(days=27)
    _, program = runner(
        {"shoulder_clearing_pain": {"left": False, "right": True}},
        races=[{"date": race.isoformat(), "distance_km": 21.1, "priority": "A"}],
    )
    assert loading(program, Stress.UPPER_LIMB_WEIGHT_BEARING, Stress.UPPER_LIMB_PUSH, Stress.UPPER_LIMB_PULL) == []
    assert not [s for s in program.sessions if 0 <= (s.day - race).days <= 4]
    assert next(s.phase for s in program.sessions if s.day > race) == "restart"


def test_knee_pain_at_home_with_fifteen_minutes() -> None:
    _, program = runner({"deep_squat": 0}, setting="home", equipment=["dumbbells", "band"], session_minutes=15)
    assert loading(program, Stress.KNEE_FLEXION) == []
    assert all(s.minutes <= 15 for s in program.sessions)
    assert all(any(i.exercise.pattern is Pattern.CALF for i in items(s)) for s in program.sessions)


def test_achilles_tendinopathy_at_home_with_only_kettlebells() -> None:
    _, program = runner(
        setting="home",
        equipment=["kettlebell", "step"],
        implements={"kettlebells_kg": [16]},
        session_minutes=30,
        injuries=[{"area": "achilles", "kind": "tendinopathy", "date": days_before(100)}],
    )
    for s in full(program):
        assert any(i.exercise.pattern is Pattern.CALF and i.exercise.load is Load.EXTERNAL for i in items(s))
    assert loading(program, Stress.IMPACT_HIGH) == []


def test_two_findings_at_once_each_hold_their_own() -> None:
    _, program = runner(
        {"inline_lunge": {"left": 1, "right": 2}},
        injuries=[
            {"area": "ankle", "kind": "sprain", "date": days_before(40)},
            {"area": "lateral_knee", "kind": "other", "date": days_before(500)},
        ],
    )
    assert loading(program, Stress.SPLIT_STANCE_LOADED) == []
    for s in full(program):
        assert any(Stress.SINGLE_LEG_BALANCE in i.exercise.stresses for i in items(s))
        assert any(Stress.HIP_ABDUCTION in i.exercise.stresses for i in items(s))


def test_what_waits_says_short_levers_once_for_an_older_runner_with_a_weak_trunk_test() -> None:
    _, program = runner({"trunk_stability_pushup": 1}, age=70)
    assert sum("start on the knees" in line for line in program.held_back) == 1
    _, older = runner(age=70)
    assert [line for line in older.held_back if "start on the knees" in line] == [
        "At 70: planks and side planks start on the knees (a short lever)."
    ]
