"""Which exercises are logged with kilograms: the one rule for the set form, the set checks (the web form, the
phone's offline queue and the API), the charts and the reports (issue 23).

Only weights give a load a person can read in kilograms (the catalogue's `load = "external"`: dumbbells,
kettlebells, bars, cables, a carry's weights). Body-weight work is made harder by reps, a slower tempo or a harder
variant; a band by a stronger band (its colour goes in the set's note); a body-weight hold by seconds. A number in
kilograms on any of those would be compared with nothing, and charted beside real loads it would mislead.
"""

from __future__ import annotations

from crosstrain.core.catalogue import Exercise
from crosstrain.core.units import (
    BAR_EMPTY_KG,
    DEFAULT_SYSTEM,
    DUMBBELL_KG,
    KETTLEBELL_KG,
    PLATE_STEP_KG,
    GymWeights,
    UnitSystem,
    is_available_kg,
)
from crosstrain.core.vocabulary import Category, Load


def takes_kg(exercise: Exercise | None, *, block: str = "", timed: bool = False) -> bool:
    """Whether a set of `exercise` is logged with kilograms: weights load it (the catalogue's load). An exercise
    the catalogue no longer knows (`None`: removed since it was planned) keeps the kg field where it most likely
    had weights: a strength exercise counted in reps (`block`, `timed`: how it was planned)."""
    if exercise is not None:
        return exercise.load is Load.EXTERNAL
    return block == Category.STRENGTH and not timed


def what_instead(exercise: Exercise | None, *, timed: bool) -> str:
    """What a set of an exercise without kilograms is logged with, in words: "seconds", "reps and the band's
    colour", "reps"."""
    if timed:
        return "the seconds held"
    if exercise is not None and exercise.load is Load.BAND:
        return "the reps, and the band's colour in the note"
    return "the reps"


def no_kg_words(exercise: Exercise | None, *, name: str, timed: bool) -> str:
    """Why a set of `name` takes no kilograms, and what to log instead: the message a refused set shows."""
    if exercise is not None and exercise.load is Load.BAND:
        how = "is done with a band, not weights"
    elif timed:
        how = "is a hold with body weight"
    else:
        how = "is done with body weight"
    return f"{name} {how}: leave the kilograms empty and log {what_instead(exercise, timed=timed)}"


# The weights that exist, per implement and unit, live in crosstrain.core.units (the one place); kept here by name
# for the demo data's checks.
__all__ = [
    "BAR_EMPTY_KG",
    "DUMBBELL_KG",
    "KETTLEBELL_KG",
    "PLATE_STEP_KG",
    "implement",
    "no_kg_words",
    "plausible_kg",
    "takes_kg",
    "what_instead",
]


def implement(exercise: Exercise) -> str:
    """What carries the load of an exercise done with weights: "trap_bar", "barbell", "cable", "kettlebell" or
    "dumbbells" (hand weights, the catalogue's default for a loaded exercise)."""
    for item in ("trap_bar", "barbell", "cable", "kettlebell"):
        if item in exercise.equipment:
            return item
    return "dumbbells"


def plausible_kg(
    exercise: Exercise, load_kg: float, units: UnitSystem = DEFAULT_SYSTEM, weights: GymWeights | None = None
) -> bool:
    """Whether `load_kg` is a load someone could have lifted on this exercise's implement in the gym's unit: a
    real dumbbell or kettlebell, an empty bar plus plates in pairs, a cable stack's plate (or one on the gym's own
    list of its weights)."""
    return is_available_kg(implement(exercise), load_kg, units, weights)
