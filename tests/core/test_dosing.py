"""Dosing over the 6-week block (DESIGN.md 4.4)."""

from __future__ import annotations

import itertools

import pytest

from crosstrain.core.catalogue import Dose, default_catalogue
from crosstrain.core.dosing import (
    PROGRESSIONS,
    Experience,
    deload,
    exercise_seconds,
    mobility_dose,
    smr_dose,
    strength_dose,
)
from crosstrain.core.vocabulary import Category

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
def test_volume_never_falls_and_effort_never_eases_from_week_1_to_5_except_when_load_is_added(
    experience: Experience,
) -> None:
    steps = PROGRESSIONS[experience]
    assert len(steps) == 5
    for before, after in itertools.pairwise(steps):
        assert after.sets >= before.sets
        assert after.rir <= before.rir
        if after.reps < before.reps:
            assert "add load" in after.note


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
