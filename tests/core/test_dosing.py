"""Dosing over the 6-week block (DESIGN.md 4.4)."""

from __future__ import annotations

import itertools

import pytest

from crosstrain.core.catalogue import Dose, default_catalogue
from crosstrain.core.dosing import (
    HEAVY,
    POWER_REPS_CAP,
    PROGRESSIONS,
    Experience,
    contacts,
    deload,
    exercise_seconds,
    mobility_dose,
    power_capacity,
    power_dose,
    power_plan,
    progress_note,
    rest_seconds,
    set_seconds,
    smr_dose,
    step_note,
    strength_dose,
)
from crosstrain.core.vocabulary import Category, Intensity

CATALOGUE = default_catalogue()
GOBLET = CATALOGUE["goblet-squat"]


def test_a_novice_starts_at_two_sets_of_ten_to_twelve_with_reps_in_reserve() -> None:
    first = strength_dose(GOBLET, Experience.NOVICE, 1)
    assert first.sets == 2
    assert 8 <= (first.reps or 0) <= 12
    assert first.rir in (3, 4)


def test_a_novice_builds_to_three_sets_of_six_to_eight_at_rir_two() -> None:
    week5 = strength_dose(GOBLET, Experience.NOVICE, 5)
    assert (week5.sets, week5.rir) == (3, 2)
    assert 6 <= (week5.reps or 0) <= 8


@pytest.mark.parametrize("experience", list(Experience))
def test_volume_never_falls_and_effort_never_eases_from_week_1_to_5(experience: Experience) -> None:
    steps = PROGRESSIONS[experience]
    assert len(steps) == 5
    for before, after in itertools.pairwise(steps):
        assert after.sets >= before.sets
        assert after.rir <= before.rir
    for table in HEAVY.values():
        for before, after in itertools.pairwise(table):
            assert after.sets >= before.sets
            assert after.rir <= before.rir


@pytest.mark.parametrize("experience", [Experience.INTERMEDIATE, Experience.ADVANCED])
def test_a_main_lift_reaches_three_to_five_sets_of_three_to_six_at_rir_two_or_three(experience: Experience) -> None:
    for week in (3, 4, 5):
        dose = strength_dose(CATALOGUE["trap-bar-deadlift"], experience, week, main_lift=True)
        assert 3 <= dose.sets <= 5
        assert 3 <= (dose.reps or 0) <= 6
        assert dose.rir in (2, 3)


@pytest.mark.parametrize("exercise_id", ["push-up", "dead-bug", "plank-shoulder-tap", "side-plank", "forearm-plank"])
@pytest.mark.parametrize("experience", list(Experience))
def test_body_weight_trunk_and_push_work_never_goes_below_rir_two(exercise_id: str, experience: Experience) -> None:
    exercise = CATALOGUE[exercise_id]
    for week in range(1, 7):
        dose = strength_dose(exercise, experience, week)
        if exercise.timed:
            assert dose.rir is None  # (v3) a hold carries seconds, never a reps-in-reserve
        else:
            assert dose.rir is not None
            assert dose.rir >= 2


def test_a_runner_of_fifty_or_more_never_goes_below_rir_two() -> None:
    assert strength_dose(GOBLET, Experience.ADVANCED, 5).rir == 1
    assert strength_dose(GOBLET, Experience.ADVANCED, 5, masters=True).rir == 2


@pytest.mark.parametrize("experience", list(Experience))
def test_body_weight_reps_never_fall_and_holds_earn_seconds(experience: Experience) -> None:
    push_ups = [strength_dose(CATALOGUE["push-up"], experience, w).reps or 0 for w in range(1, 6)]
    assert push_ups == sorted(push_ups)
    holds = [strength_dose(CATALOGUE["side-plank"], experience, w).seconds or 0 for w in range(1, 6)]
    assert holds == sorted(holds)
    assert holds[-1] > holds[0]


@pytest.mark.parametrize(
    ("exercise_id", "says", "never"),
    [
        ("goblet-squat", "add 1-2 kg per dumbbell", "band"),
        ("trap-bar-deadlift", "2.5 kg to the bar", "dumbbell"),
        ("band-row", "stronger band", "load step"),
        ("push-up", "lower slowly over 3 s", "load"),
        ("incline-push-up", "then move on to Push-up", "load"),
        ("dead-bug", "then move on to Forearm plank", "heavier"),
        ("side-plank", "Add 5 s a week", "load"),
        ("pogo-hops", "landings", "load"),
    ],
)
def test_each_progression_note_matches_its_exercise(exercise_id: str, says: str, never: str) -> None:
    exercise = CATALOGUE[exercise_id]
    dose = (
        strength_dose(exercise, Experience.INTERMEDIATE, 3) if exercise.category is Category.STRENGTH else exercise.dose
    )
    nxt = CATALOGUE[exercise.progresses_to[0]] if exercise.progresses_to else None
    note = progress_note(exercise, dose, nxt)
    assert says in note
    assert never not in note.lower()


@pytest.mark.parametrize("experience", list(Experience))
def test_the_week_notes_never_say_add_load_to_a_runner_with_nothing_to_load(experience: Experience) -> None:
    for week in range(1, 7):
        note = step_note(experience, week, loaded=False)
        assert "add load" not in note
        assert "heavier" not in note


@pytest.mark.parametrize(
    ("experience", "week", "contacts", "level"),
    [
        (Experience.NOVICE, 2, 0, 0),
        (Experience.NOVICE, 3, 40, 0),
        (Experience.NOVICE, 5, 60, 0),
        (Experience.INTERMEDIATE, 1, 0, 0),
        (Experience.INTERMEDIATE, 2, 40, 0),
        (Experience.INTERMEDIATE, 5, 70, 1),
        (Experience.ADVANCED, 5, 100, 2),
        (Experience.ADVANCED, 6, 50, 1),
    ],
)
def test_power_starts_late_for_novices_and_stays_within_the_contact_range(
    experience: Experience, week: int, contacts: int, level: int
) -> None:
    assert power_plan(experience, week) == (contacts, level)


@pytest.mark.parametrize("target", [40, 50, 60, 80, 100])
@pytest.mark.parametrize("exercise_id", ["pogo-hops", "single-leg-hops", "bounds", "snap-down-landing"])
def test_a_power_dose_lands_close_to_its_foot_contacts(exercise_id: str, target: int) -> None:
    exercise = CATALOGUE[exercise_id]
    wanted = min(target, power_capacity(exercise))  # more than a drill holds goes to an easier drill first
    dose = power_dose(exercise, wanted)
    assert abs(contacts(dose) - wanted) <= 0.2 * wanted
    assert dose.reps is not None
    assert dose.reps <= POWER_REPS_CAP[exercise.intensity or Intensity.LOW]
    assert 2 <= dose.sets <= 6


@pytest.mark.parametrize("experience", list(Experience))
def test_week_six_is_a_deload_with_about_half_the_volume_and_rir_three_or_more(experience: Experience) -> None:
    week5 = strength_dose(GOBLET, experience, 5)
    week6 = strength_dose(GOBLET, experience, 6)
    ratio = week6.sets * (week6.reps or 0) / (week5.sets * (week5.reps or 0))
    assert 0.4 <= ratio <= 0.6
    assert (week6.rir or 0) >= 3


@pytest.mark.parametrize(
    ("dose", "expected"),
    [
        (Dose(sets=3, reps=8, rir=2), Dose(sets=2, reps=6, rir=3)),
        (Dose(sets=2, reps=10, rir=4), Dose(sets=1, reps=10, rir=4)),
        (Dose(sets=4, reps=6, rir=1, per_side=True), Dose(sets=2, reps=6, rir=3, per_side=True)),
        (Dose(sets=2, seconds=20), Dose(sets=1, seconds=20)),
    ],
)
def test_deload_halves_volume(dose: Dose, expected: Dose) -> None:
    assert deload(dose) == expected


def test_unilateral_exercises_keep_their_per_side_dosing() -> None:
    assert strength_dose(CATALOGUE["split-squat"], Experience.NOVICE, 3).per_side


def test_mobility_is_one_or_two_sets_and_one_in_a_light_week() -> None:
    drill = CATALOGUE["rocking-ankle-mobilization"]
    assert mobility_dose(drill, light=False).sets == 2
    assert mobility_dose(drill, light=True).sets == 1
    assert 6 <= (mobility_dose(drill, light=False).reps or 0) <= 10


def test_foam_rolling_is_thirty_to_sixty_seconds_per_area() -> None:
    for roller in CATALOGUE.in_category(Category.SMR):
        assert 30 <= (smr_dose(roller).seconds or 0) <= 60


def test_exercise_time_counts_work_rest_and_transition() -> None:
    # 3 sets × 10 reps × 4 s, two rests of 75 s, one 30 s transition.
    assert exercise_seconds(Category.STRENGTH, Dose(sets=3, reps=10)) == 3 * 40 + 2 * 75 + 30
    # Per side doubles the work, not the rest.
    assert exercise_seconds(Category.STRENGTH, Dose(sets=3, reps=10, per_side=True)) == 3 * 80 + 2 * 75 + 30


@pytest.mark.parametrize(
    ("category", "main_lift", "low", "high"),
    [
        (Category.STRENGTH, True, 120, 180),  # heavy main lift: 2-3 min
        (Category.STRENGTH, False, 60, 90),  # accessories: 60-90 s
        (Category.POWER, False, 60, 120),  # jumps: full recovery after a short set
        (Category.MOBILITY, False, 0, 30),
        (Category.SMR, False, 0, 0),
    ],
)
def test_rest_follows_the_exercise(category: Category, main_lift: bool, low: int, high: int) -> None:
    assert low <= rest_seconds(category, main_lift=main_lift) <= high


def test_the_time_model_counts_the_same_rest_the_runner_is_given() -> None:
    one, two = Dose(sets=1, reps=5), Dose(sets=2, reps=5)
    for main in (False, True):
        gap = exercise_seconds(Category.STRENGTH, two, main_lift=main) - exercise_seconds(
            Category.STRENGTH, one, main_lift=main
        )
        assert gap == set_seconds(Category.STRENGTH, one) + rest_seconds(Category.STRENGTH, main_lift=main)
