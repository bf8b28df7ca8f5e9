"""(v3) Equipment as implements: which weights a runner owns, and what they make possible (DESIGN.md 4.6).

A gym has every weight; a home runner has what they list: kettlebells by weight, and dumbbells up to their
heaviest pair. Hand weights stand in for one another (a goblet squat holding a kettlebell is still a goblet
squat). A home runner whose weights are heavy enough gets a heavy main lift (a kettlebell deadlift, a
double-kettlebell front squat); lighter weights keep those lifts for higher reps elsewhere in the program.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from crosstrain.core.catalogue import Exercise
from crosstrain.core.vocabulary import HAND_WEIGHT_STAND_INS

KG_LIMITS = (1.0, 200.0)


@dataclass(frozen=True, slots=True)
class Implements:
    """The weights a runner owns. Empty means unknown: a gym has everything, a home runner only what is known."""

    kettlebells_kg: tuple[float, ...] = ()  # one entry per bell: two 16 kg bells are [16, 16]
    dumbbells_max_kg: float | None = None  # the heaviest pair, per dumbbell

    @property
    def known(self) -> bool:
        return bool(self.kettlebells_kg) or self.dumbbells_max_kg is not None

    def heaviest_kettlebell(self) -> float | None:
        return max(self.kettlebells_kg, default=None)

    def heaviest_kettlebell_pair(self) -> float | None:
        pairs = [kg for kg, n in Counter(self.kettlebells_kg).items() if n >= 2]
        return max(pairs, default=None)

    def as_dict(self) -> dict[str, object]:
        return {"kettlebells_kg": list(self.kettlebells_kg), "dumbbells_max_kg": self.dumbbells_max_kg}


def has_equipment(exercise: Exercise, owned: frozenset[str]) -> bool:
    """Whether a runner owning `owned` can do `exercise`: each item owned, or a hand weight that stands in."""
    return all(item in owned or HAND_WEIGHT_STAND_INS.get(item, frozenset()) & owned for item in exercise.equipment)


def stand_in(exercise: Exercise, owned: frozenset[str]) -> str | None:
    """The hand weight the runner uses in place of one the exercise lists ("kettlebell" for dumbbells), if any."""
    for item in exercise.equipment:
        if item not in owned:
            for other in sorted(HAND_WEIGHT_STAND_INS.get(item, frozenset()) & owned):
                return other
    return None


def name_as_done(exercise: Exercise, owned: frozenset[str]) -> str:
    """The exercise's name as this runner does it: a dumbbell exercise done with a kettlebell says so ("Single-leg
    calf raise with a dumbbell (hold your kettlebell instead)"), wherever it is named, a next step included."""
    implement = stand_in(exercise, owned)
    return f"{exercise.name} (hold your {implement} instead)" if implement is not None else exercise.name


def stand_in_words(implement: str, implements: Implements) -> tuple[str, str]:
    """(the line telling the runner what to hold, the load step) for work done with a stand-in kettlebell.

    A kettlebell comes in fixed weights: the step is the next heavier bell the runner owns, and without one the
    set gets harder by a slower lowering and a pause, never by "adding a kilo" nobody can add."""
    bells = sorted(set(implements.kettlebells_kg))
    owned = f" ({', '.join(f'{kg:g}' for kg in bells)} kg)" if bells else ""
    hold = f"Use your {implement}{owned} in place of the dumbbells: hold it at the chest, or in both hands."
    step = (
        "your next heavier kettlebell (without one: lower over 3 s, then add a 2-s pause)"
        if len(bells) != 1
        else "a slower lowering (3 s), then a 2-s pause at the hardest point: "
        + ("you have one kettlebell" if len(implements.kettlebells_kg) == 1 else "your kettlebells are all one weight")
    )
    return hold, step


# A hand-weight lift (a dumbbell split squat or Romanian deadlift) is a heavy main lift at home only with
# weights at least this heavy: lighter ones reach 3-6 hard reps only by grinding form, not load.
HAND_WEIGHT_MAIN_KG = 20.0
# Weights sold in pounds are the kilogram sizes rounded (issue 25): a 35-lb kettlebell (15.88 kg) is the 16-kg
# bell, a 44-lb dumbbell (19.96 kg) the 20-kg one. A weight this little short of what a lift needs counts as
# enough, so a runner's pounds and kilograms make the same program; no real size is closer to the next one.
NOMINAL_SHORTFALL = 0.02


def _enough(owned: float, needed: float) -> bool:
    return owned >= needed * (1 - NOMINAL_SHORTFALL)


def heavy_enough(exercise: Exercise, implements: Implements, *, gym: bool) -> bool:
    """Whether the runner's weights make `exercise` heavy enough to be a main lift (its `needs_kg`, or for a
    hand-weight lift `HAND_WEIGHT_MAIN_KG`). Weights not given: the coach's call, as before v3."""
    if gym:
        return True
    if exercise.needs_kg is None:
        if "dumbbells" not in exercise.equipment or not implements.known:
            return True
        heaviest = max(implements.dumbbells_max_kg or 0.0, implements.heaviest_kettlebell() or 0.0)
        return _enough(heaviest, HAND_WEIGHT_MAIN_KG)
    if "kettlebell" in exercise.equipment:
        if not implements.kettlebells_kg:
            return not implements.known  # weights not given: as before v3, the coach's call
        owned = implements.heaviest_kettlebell_pair() if exercise.pair else implements.heaviest_kettlebell()
    else:
        if implements.dumbbells_max_kg is None:
            return not implements.known
        owned = implements.dumbbells_max_kg
    return owned is not None and _enough(owned, exercise.needs_kg)
