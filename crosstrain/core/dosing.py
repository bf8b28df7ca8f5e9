"""How much of each exercise, week by week, how it progresses, and how long a session takes (DESIGN.md 4.4).

Sources: ACSM position stand on progression models in resistance training (2009): novices 1-3 sets of
8-12 reps, progressing to heavier loads in fewer reps; Helms et al. 2016 for the reps-in-reserve (RIR) scale;
double progression (fill the rep range at one load, then add load and drop back to the bottom of the range);
Støren 2008 and Beattie 2017 for heavy strength (3-5 sets of 3-6 reps) in runners; Blagrove 2018 for
plyometric volume in foot contacts.

(v2) Progression matches the exercise: only weights and bands get heavier; body-weight work earns reps up to
a cap, then a slower lowering, then the next variant in its chain; holds earn seconds. Sets never drop from
one week to the next except in a deload, race lead-in or recovery week.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from crosstrain.core.catalogue import Dose, Exercise
from crosstrain.core.implements import name_as_done
from crosstrain.core.loads import implement
from crosstrain.core.units import DEFAULT_SYSTEM, GymWeights, UnitSystem, next_load_kg, shown_load, step_words
from crosstrain.core.vocabulary import TRUNK_AND_PUSH, Category, Intensity, Load, Pattern, Stress


class Experience(StrEnum):
    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


@dataclass(frozen=True, slots=True)
class Step:
    """One week of a strength progression: sets × reps at a reps-in-reserve."""

    sets: int
    reps: int
    rir: int


# Weeks 1-5; week 6 is the deload (see `deload`). Novices start at 2 sets of 10-12 at RIR 4-3 and build to
# 3 sets of 8 at RIR 2 (ACSM 2009); intermediate and advanced lifters start where novices finish.
PROGRESSIONS: dict[Experience, tuple[Step, ...]] = {
    Experience.NOVICE: (Step(2, 10, 4), Step(2, 12, 3), Step(3, 10, 3), Step(3, 12, 3), Step(3, 8, 2)),
    Experience.INTERMEDIATE: (Step(3, 10, 3), Step(3, 12, 3), Step(3, 8, 2), Step(3, 10, 2), Step(3, 6, 2)),
    Experience.ADVANCED: (Step(3, 8, 3), Step(3, 10, 2), Step(4, 6, 2), Step(4, 8, 2), Step(4, 6, 1)),
}

# (v2) The heavy main lift for runners who lift (DESIGN.md 4.3): weeks 1-2 build toward 3-5 sets × 3-6 reps
# at RIR 2-3 in weeks 3-5 (Støren 2008: 4 × 4RM; Beattie 2017).
HEAVY: dict[Experience, tuple[Step, ...]] = {
    Experience.INTERMEDIATE: (Step(3, 8, 3), Step(3, 6, 3), Step(3, 5, 3), Step(4, 5, 2), Step(4, 4, 2)),
    Experience.ADVANCED: (Step(3, 6, 3), Step(4, 5, 3), Step(4, 5, 2), Step(5, 4, 2), Step(5, 3, 2)),
}

DELOAD_WEEK = 6
DELOAD_MIN_RIR = 3  # "volume about halved, RIR ≥ 3"
MASTERS_MIN_RIR = 2  # (v2) 50+: RIR never below 2
BODYWEIGHT_TRUNK_PUSH_MIN_RIR = 2  # (v2) body-weight trunk and push work never below RIR 2
# Trunk, lateral-hip and calf accessories serve the running: never ground out, whatever resists them.
ACCESSORY_MIN_RIR = 2
ACCESSORY = frozenset({Pattern.ANTI_ROTATION, Pattern.ANTI_EXTENSION, Pattern.LATERAL_HIP, Pattern.CALF})
DELOAD_MIN_REPS = 5  # a deload cuts sets, not reps below 5 (a set of 3-4 reps of an accessory teaches nothing)
HOLD_STEP_SECONDS = 5  # holds progress 5 s a week
HOLD_CAP_SECONDS = 60
BODYWEIGHT_REP_CAP = 20  # body-weight reps climb to this, then the lowering slows, then the variant changes

# Duration model: what a coach would time with a stopwatch in a semi-private session.
# A foot contact takes well under a second; a minute between short plyometric sets is full recovery.
SECONDS_PER_REP = {Category.STRENGTH: 4, Category.POWER: 1, Category.MOBILITY: 3, Category.SMR: 0}
# The rest between sets, read through `rest_seconds` (the player's rest timer and the time model alike).
REST_BETWEEN_SETS = {Category.STRENGTH: 75, Category.POWER: 60, Category.MOBILITY: 10, Category.SMR: 0}
MAIN_LIFT_REST = 120  # heavy sets need longer rest
TRANSITION_SECONDS = 30  # moving to the next station, setting up the next exercise
SUPERSET_SWITCH_SECONDS = 15  # stepping from one exercise of a pair to the other
WARMUP_SET_SECONDS = 20 + 45  # a ramp set of ~5 easy reps and the rest after it
SMR_SECONDS = (30, 60)  # "SMR 30-60 s per area"


def strength_dose(
    exercise: Exercise, experience: Experience, week: int, *, main_lift: bool = False, masters: bool = False
) -> Dose:
    """The planned dose of a strength exercise at progression step `week` (1-5; 6 is the deload)."""
    if week >= DELOAD_WEEK:
        return deload(strength_dose(exercise, experience, DELOAD_WEEK - 1, main_lift=main_lift, masters=masters))
    table = HEAVY.get(experience) if main_lift else None
    step = (table or PROGRESSIONS[experience])[week - 1]
    base = exercise.dose
    rir = step.rir
    if masters:
        rir = max(rir, MASTERS_MIN_RIR)
    if exercise.load is Load.BODYWEIGHT and exercise.pattern in TRUNK_AND_PUSH:
        rir = max(rir, BODYWEIGHT_TRUNK_PUSH_MIN_RIR)
    if exercise.pattern in ACCESSORY:
        rir = max(rir, ACCESSORY_MIN_RIR)
    if base.seconds is not None:
        # Holds earn seconds, a set at a time like reps do (DESIGN.md 4.4 v2). (v3) A hold carries seconds,
        # never a reps-in-reserve: there are no reps to keep in reserve.
        seconds = min(max(HOLD_CAP_SECONDS, base.seconds), base.seconds + HOLD_STEP_SECONDS * (week - 1))
        return Dose(sets=step.sets, seconds=seconds, per_side=base.per_side, rir=None)
    if exercise.load is Load.BODYWEIGHT:
        # No load to add: the reps never fall back (double progression needs a load to add); they climb
        # from the catalogue's dose with the table and stay at the cap.
        peak = max(s.reps for s in PROGRESSIONS[experience][:week])
        first = PROGRESSIONS[experience][0].reps
        reps = min(BODYWEIGHT_REP_CAP, max(base.reps or first, round((base.reps or first) * peak / first)))
        return Dose(sets=step.sets, reps=reps, per_side=base.per_side, rir=rir)
    # (v3) A held weight limits some lifts before the legs do (a goblet squat): never fewer reps than that. A band's
    # trunk or hip accessory keeps its reps and gets a stronger band: 6 reps of a Pallof press trains nothing.
    reps = max(step.reps, exercise.min_reps or 0)
    if exercise.load is Load.BAND and exercise.pattern in ACCESSORY:
        reps = max(reps, base.reps or 0)
    return Dose(sets=step.sets, reps=reps, per_side=base.per_side, rir=rir)


def step_note(experience: Experience, week: int, *, loaded: bool) -> str:
    """The week's intent in one sentence, without "add load" for a runner with nothing to load (v2).

    It names the effort, not the set count: a short budget may cap sets below the table's (DESIGN.md 4.4).
    """
    if week >= DELOAD_WEEK:
        return "deload: half the volume, stop well short of failure, feel fresh for the next block"
    steps = PROGRESSIONS[experience]
    step = steps[week - 1]
    text = f"stop each set about {step.rir} rep{'s' if step.rir != 1 else ''} short of failure"
    if week == 1:
        return f"learn each movement; {text}"
    if loaded and step.reps < steps[week - 2].reps:
        return f"{text}; the weighted lifts go heavier for fewer reps, as each exercise's note says"
    return f"{text}; progress each exercise as its note says"


def progress_note(
    exercise: Exercise,
    dose: Dose,
    next_variant: Exercise | None,
    *,
    main_lift: bool = False,
    step: str | None = None,
    owned: frozenset[str] | None = None,
) -> str:
    """How this exercise gets harder next time, for this kind of exercise (DESIGN.md 4.4 v2). `step` replaces the
    load step where the runner's own weights set it (v3: a kettlebell standing in for dumbbells); the next
    variant is named as done with what the runner `owned` (a home runner's kettlebell for the dumbbell)."""
    next_name = name_as_done(next_variant, owned or frozenset()) if next_variant is not None else None
    then = f"then move on to {next_name}" if next_variant is not None else "then add a 2-s pause"
    if exercise.category is Category.POWER:
        upgrade = f"; when every landing is quiet and quick, {next_name} comes next" if next_variant else ""
        return f"Quiet, stiff landings; end a set as soon as contacts get loud or slow; rest fully{upgrade}."
    if exercise.category in (Category.SMR, Category.MOBILITY):
        return ""
    if Stress.HAMSTRING_ECCENTRIC in exercise.stresses:
        # An eccentric drill gets harder by lowering further and slower, not by more reps (v3).
        after = f"; when you control every rep the whole way down, move on to {next_name}" if next_variant else ""
        return f"Lower a little further and slower each week, 3-4 s down{after}."
    if dose.seconds is not None:
        after = f", {then}" if next_variant is not None else ""
        return f"Add {HOLD_STEP_SECONDS} s a week up to {HOLD_CAP_SECONDS} s with steady breathing{after}."
    if main_lift:
        return (
            "Heavy: warm up in ramp sets, then work sets at a weight you could lift 2-3 more times; when every "
            f"set has its reps with that in reserve, add {step or load_step(exercise)} next time."
        )
    if exercise.load is Load.EXTERNAL:
        return f"Fill the range: when every set reaches {dose.reps} reps with {dose.rir} in reserve, " + (
            f"go to {step}." if step else f"add {load_step(exercise)} next time."
        )
    if exercise.load is Load.BAND:
        return (
            f"When every set reaches {dose.reps} reps with {dose.rir} in reserve, use a stronger band or stand "
            "further from the anchor."
        )
    return f"Reps up to {BODYWEIGHT_REP_CAP}, then lower slowly over 3 s, {then}."


def load_step(exercise: Exercise, units: UnitSystem = DEFAULT_SYSTEM) -> str:
    """The smallest load step for the exercise's equipment, in words and in the gym's unit (DESIGN.md 4.4: the
    smallest load step): "2.5 kg to the bar", "5 lb to the bar", "the next kettlebell"."""
    return step_words(implement(exercise), units)


def load_step_in_unit(
    exercise: Exercise,
    load_kg: float | Decimal,
    units: UnitSystem = DEFAULT_SYSTEM,
    weights: GymWeights | None = None,
) -> Decimal:
    """The step from a load of `load_kg` (per dumbbell for dumbbells) to the next weight that exists, in the gym's
    unit (the set form's steppers): 1 kg to a 10-kg dumbbell, 2 kg above; 5 lb between US dumbbells; the next on
    the gym's own list (`weights`) where it gave one."""
    held = implement(exercise)
    now = shown_load(load_kg, units)
    return shown_load(next_load_kg(held, load_kg, units, weights), units) - now


def load_step_kg(exercise: Exercise, load_kg: float) -> float:
    """The same step in kilograms (a metric gym's steppers)."""
    return float(load_step_in_unit(exercise, load_kg, UnitSystem.METRIC))


LIGHT_NOTE = "Light session: keep last time's load and stop well short of failure; progress again next week."


def mobility_dose(exercise: Exercise, *, light: bool) -> Dose:
    """Mobility: 1-2 sets of 6-10 reps or holds per side; one set in a light (deload or race) week."""
    base = exercise.dose
    sets = 1 if light else min(2, base.sets)
    return base if sets == base.sets else replace(base, sets=sets)


def smr_dose(exercise: Exercise) -> Dose:
    low, high = SMR_SECONDS
    base = exercise.dose
    seconds = min(high, max(low, base.seconds or low))
    return base if (base.sets, base.seconds) == (1, seconds) else replace(base, sets=1, seconds=seconds)


def deload(dose: Dose, *, min_rir: int = DELOAD_MIN_RIR) -> Dose:
    """Halve the volume (sets × reps, or sets × seconds) and keep at least `min_rir` reps in reserve."""
    sets = math.ceil(dose.sets / 2)
    rir = None if dose.rir is None else max(min_rir, dose.rir)
    if dose.reps is not None:
        reps = max(min(dose.reps, DELOAD_MIN_REPS), round(dose.sets * dose.reps / 2 / sets))
        return replace(dose, sets=sets, reps=reps, rir=rir)
    seconds = dose.seconds or 0
    return replace(dose, sets=sets, seconds=max(5, round(dose.sets * seconds / 2 / sets)), rir=rir)


def halve(dose: Dose, *, min_rir: int | None) -> Dose:
    """A race lead-in's halving: volume halved; reps in reserve kept, or raised to `min_rir` if the row says."""
    halved = deload(dose, min_rir=0)
    rir = dose.rir if min_rir is None or dose.rir is None else max(min_rir, dose.rir)
    return replace(halved, rir=rir)


# --- Power (plyometrics), DESIGN.md 4.3 v2 --------------------------------------------------------------------

# Foot contacts per session and the highest chain level (0 pogo/skips/snap-downs, 1 single-leg hops, 2 bounds
# and box jumps) for program weeks 1-5. Novices from week 3, low intensity only; intermediate and advanced from
# week 2, progressing pogo → single-leg hops → bounds/box jumps; 40-80 contacts (advanced ≤ 100).
POWER: dict[Experience, tuple[tuple[int, int], ...]] = {
    Experience.NOVICE: ((0, 0), (0, 0), (40, 0), (50, 0), (60, 0)),
    Experience.INTERMEDIATE: ((0, 0), (40, 0), (50, 0), (60, 1), (70, 1)),
    Experience.ADVANCED: ((0, 0), (50, 0), (60, 1), (80, 1), (100, 2)),
}
POWER_SETS = (2, 6)
# Most contacts in one set, by how hard it lands (per side when one-legged): quality drops after these.
POWER_REPS_CAP = {Intensity.LOW: 15, Intensity.MODERATE: 10, Intensity.HIGH: 6}


def power_plan(experience: Experience, week: int) -> tuple[int, int]:
    """(foot contacts, highest chain level) for progression step `week`; week 6 halves week 5's contacts."""
    if week >= DELOAD_WEEK:
        contacts, level = POWER[experience][DELOAD_WEEK - 2]
        return contacts // 2, max(0, level - 1)
    return POWER[experience][week - 1]


def power_capacity(exercise: Exercise) -> int:
    """The most foot contacts one plyometric takes in a session (its sets × its capped reps, both sides)."""
    sides = 2 if exercise.dose.per_side else 1
    return POWER_SETS[1] * POWER_REPS_CAP[exercise.intensity or Intensity.LOW] * sides


def power_dose(exercise: Exercise, contacts: int, *, at_most: bool = False) -> Dose:
    """Sets × reps (foot contacts, per side when one-legged) closest to `contacts`: sets of the catalogue's
    reps where that takes 6 sets or fewer, else longer sets, never past the intensity's cap (`POWER_REPS_CAP`)."""
    sides = 2 if exercise.dose.per_side else 1
    cap = POWER_REPS_CAP[exercise.intensity or Intensity.LOW]
    preferred = min(cap, exercise.dose.reps or cap)
    low, high = POWER_SETS
    sets = min(high, max(low, math.ceil(contacts / (preferred * sides))))
    per_set = sets * sides
    # Round up so a session reaches its contacts; `at_most` rounds down, for a drill that fills a remainder.
    reps = max(1, min(cap, contacts // per_set if at_most else -(-contacts // per_set)))
    return Dose(sets=sets, reps=reps, per_side=exercise.dose.per_side)


def contacts(dose: Dose) -> int:
    return dose.sets * (dose.reps or 0) * (2 if dose.per_side else 1)


# --- Time --------------------------------------------------------------------------------------------------


def rest_seconds(category: Category, *, main_lift: bool = False) -> int:
    """The rest after a set of this exercise: the one rule the runner's rest timer and the time model follow.

    - Heavy main lift (3-5 × 3-6): 2 min, the low end of the 2-3 min that heavy multi-joint sets need to be
      repeated at the same load (ACSM 2009 position stand; de Salles et al. 2009 review of rest intervals).
    - Other strength work, accessories: 75 s, inside the 60-90 s ACSM 2009 gives for assistance exercises and
      moderate loads done for 8-12 reps.
    - Jumps: full recovery, 60 s after a set of at most 6-15 foot contacts (6-15 s of work), a work-to-rest
      ratio of 1:4-1:10 (Potach and Chu, NSCA Essentials of Strength Training, plyometric training chapter).
    - Mobility: a breath between sides; foam rolling: none.
    """
    return MAIN_LIFT_REST if main_lift else REST_BETWEEN_SETS[category]


def set_seconds(category: Category, dose: Dose) -> int:
    """The work of one set (both sides for a per-side dose)."""
    sides = 2 if dose.per_side else 1
    return (dose.seconds if dose.seconds is not None else (dose.reps or 0) * SECONDS_PER_REP[category]) * sides


def exercise_seconds(category: Category, dose: Dose, *, main_lift: bool = False, warmup_sets: int = 0) -> int:
    """Estimated time for one exercise: warm-up ramps + work + rest between sets + the transition to the next.

    The weaker side's extra set (DESIGN.md 4.4 v2) is one more set of one side.
    """
    rest = rest_seconds(category, main_lift=main_lift)
    extra = set_seconds(category, replace(dose, per_side=False)) if dose.weaker_side else 0
    return (
        warmup_sets * WARMUP_SET_SECONDS
        + dose.sets * set_seconds(category, dose)
        + extra
        + (dose.sets - 1) * rest
        + TRANSITION_SECONDS
    )


def superset_rest_seconds(first: Category, second: Category, *, main_lift: bool = False) -> int:
    """The rest after a round of a superset (a set of each of the pair, back to back, with no rest between them):
    the longer of the two exercises' rests (`rest_seconds`; `main_lift` when one of them is)."""
    return max(rest_seconds(first, main_lift=main_lift), rest_seconds(second, main_lift=main_lift))


def superset_seconds(first: tuple[Category, Dose], second: tuple[Category, Dose]) -> int:
    """Two non-competing exercises done back to back: one rest per round instead of one per set each."""
    rounds = max(first[1].sets, second[1].sets)
    work = sum(d.sets * set_seconds(c, d) for c, d in (first, second))
    rest = superset_rest_seconds(first[0], second[0])
    return work + rounds * SUPERSET_SWITCH_SECONDS + (rounds - 1) * rest + TRANSITION_SECONDS


# Which strength patterns compete for the same muscles: a superset pairs only different regions.
REGION = {
    Pattern.PUSH: "upper",
    Pattern.PULL: "upper",
    Pattern.SQUAT: "lower",
    Pattern.LUNGE: "lower",
    Pattern.HINGE: "lower",
    Pattern.BRIDGE: "lower",
    Pattern.HAMSTRING_CURL: "lower",
    Pattern.CALF: "lower",
    Pattern.JUMP: "lower",
    Pattern.ANTI_ROTATION: "trunk",
    Pattern.ANTI_EXTENSION: "trunk",
    Pattern.LATERAL_HIP: "trunk",
    Pattern.CARRY: "trunk",
}
