"""How much of each exercise, week by week, and how long a session takes (DESIGN.md 4.4).

Sources: ACSM position stand on progression models in resistance training (2009): novices 1-3 sets of
8-12 reps, progressing to heavier loads in fewer reps; Helms et al. 2016 for the reps-in-reserve (RIR) scale;
double progression (fill the rep range at one load, then add load and drop back to the bottom of the range).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from crosstrain.core.catalogue import Dose, Exercise
from crosstrain.core.vocabulary import Category


class Experience(StrEnum):
    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


@dataclass(frozen=True, slots=True)
class Step:
    """One week of a strength progression: sets × reps at a reps-in-reserve, and what changes."""

    sets: int
    reps: int
    rir: int
    note: str


_SAME = "same load as last week, more reps"
_LOAD = "add load: the top of the range felt easy, so go heavier and drop the reps"

# Weeks 1-5; week 6 is the deload (see `deload`). Novices start at 2 sets of 10-12 at RIR 4-3 and build to
# 3 sets of 8 at RIR 2 (ACSM 2009); intermediate and advanced runners start where novices finish.
PROGRESSIONS: dict[Experience, tuple[Step, ...]] = {
    Experience.NOVICE: (
        Step(2, 10, 4, "learn the movement: a load you could lift 4 more times"),
        Step(2, 12, 3, _SAME),
        Step(3, 10, 3, "one more set; add load if 12 reps felt easy last week"),
        Step(3, 12, 3, _SAME),
        Step(3, 8, 2, _LOAD),
    ),
    Experience.INTERMEDIATE: (
        Step(3, 10, 3, "a load you could lift 3 more times"),
        Step(3, 12, 3, _SAME),
        Step(3, 8, 2, _LOAD),
        Step(3, 10, 2, _SAME),
        Step(3, 6, 2, _LOAD),
    ),
    Experience.ADVANCED: (
        Step(3, 8, 3, "a load you could lift 3 more times"),
        Step(3, 10, 2, _SAME),
        Step(4, 6, 2, _LOAD),
        Step(4, 8, 2, _SAME),
        Step(4, 6, 1, _LOAD),
    ),
}

DELOAD_WEEK = 6
DELOAD_MIN_RIR = 3  # "volume about halved, RIR ≥ 3"

# Duration model: what a coach would time with a stopwatch in a semi-private session.
SECONDS_PER_REP = {Category.STRENGTH: 4, Category.POWER: 3, Category.MOBILITY: 3, Category.SMR: 0}
REST_BETWEEN_SETS = {Category.STRENGTH: 75, Category.POWER: 90, Category.MOBILITY: 10, Category.SMR: 0}
TRANSITION_SECONDS = 30  # moving to the next station, setting up the next exercise
SMR_SECONDS = (30, 60)  # "SMR 30-60 s per area"


def strength_dose(exercise: Exercise, experience: Experience, week: int) -> Dose:
    """The planned dose of a strength (or power) exercise in program week 1-6, before any race halving."""
    if week >= DELOAD_WEEK:
        return deload(strength_dose(exercise, experience, DELOAD_WEEK - 1))
    step = PROGRESSIONS[experience][week - 1]
    base = exercise.dose
    if base.seconds is not None:
        # A timed hold progresses like reps do: its time scales with the week's reps (10 reps = catalogue time).
        seconds = min(180, max(5, round(base.seconds * step.reps / 10 / 5) * 5))
        return Dose(sets=step.sets, seconds=seconds, per_side=base.per_side, rir=step.rir)
    return Dose(sets=step.sets, reps=step.reps, per_side=base.per_side, rir=step.rir)


def step_note(experience: Experience, week: int) -> str:
    if week >= DELOAD_WEEK:
        return "deload: half the volume, stop well short of failure, feel fresh for the next block"
    return PROGRESSIONS[experience][week - 1].note


def mobility_dose(exercise: Exercise, *, light: bool) -> Dose:
    """Mobility: 1-2 sets of 6-10 reps or holds per side; one set in a light (deload or race) week."""
    base = exercise.dose
    return replace(base, sets=1) if light else replace(base, sets=min(2, base.sets))


def smr_dose(exercise: Exercise) -> Dose:
    low, high = SMR_SECONDS
    seconds = exercise.dose.seconds or low
    return replace(exercise.dose, sets=1, seconds=min(high, max(low, seconds)))


def deload(dose: Dose) -> Dose:
    """Halve the volume (sets × reps, or sets × seconds) and keep at least 3 reps in reserve."""
    sets = math.ceil(dose.sets / 2)
    rir = None if dose.rir is None else max(DELOAD_MIN_RIR, dose.rir)
    if dose.reps is not None:
        reps = max(1, round(dose.sets * dose.reps / 2 / sets))
        return replace(dose, sets=sets, reps=reps, rir=rir)
    seconds = dose.seconds or 0
    return replace(dose, sets=sets, seconds=max(5, round(dose.sets * seconds / 2 / sets)), rir=rir)


def exercise_seconds(category: Category, dose: Dose) -> int:
    """Estimated time for one exercise: work + rest between sets + the transition to the next."""
    sides = 2 if dose.per_side else 1
    per_set = (dose.seconds if dose.seconds is not None else (dose.reps or 0) * SECONDS_PER_REP[category]) * sides
    return dose.sets * per_set + (dose.sets - 1) * REST_BETWEEN_SETS[category] + TRANSITION_SECONDS
