"""The words the engine speaks: screen tests, movement patterns, stances, areas and equipment.

One place for every closed vocabulary, so the catalogue, the screen and the engine agree (DESIGN.md 4.1, 4.3).
"""

from __future__ import annotations

from enum import StrEnum


class ScreenTest(StrEnum):
    """The seven Functional Movement Screen tests (FMS level-1 protocol, DESIGN.md 4.1)."""

    DEEP_SQUAT = "deep_squat"
    HURDLE_STEP = "hurdle_step"
    INLINE_LUNGE = "inline_lunge"
    SHOULDER_MOBILITY = "shoulder_mobility"
    ACTIVE_STRAIGHT_LEG_RAISE = "active_straight_leg_raise"
    TRUNK_STABILITY_PUSHUP = "trunk_stability_pushup"
    ROTARY_STABILITY = "rotary_stability"

    @property
    def label(self) -> str:
        return _TEST_LABELS[self]

    @property
    def bilateral(self) -> bool:
        return self not in (ScreenTest.DEEP_SQUAT, ScreenTest.TRUNK_STABILITY_PUSHUP)


_TEST_LABELS = {
    ScreenTest.DEEP_SQUAT: "Deep squat",
    ScreenTest.HURDLE_STEP: "Hurdle step",
    ScreenTest.INLINE_LUNGE: "Inline lunge",
    ScreenTest.SHOULDER_MOBILITY: "Shoulder mobility",
    ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE: "Active straight-leg raise",
    ScreenTest.TRUNK_STABILITY_PUSHUP: "Trunk stability push-up",
    ScreenTest.ROTARY_STABILITY: "Rotary stability",
}


class Category(StrEnum):
    SMR = "smr"
    MOBILITY = "mobility"
    STRENGTH = "strength"
    POWER = "power"


class Pattern(StrEnum):
    SQUAT = "squat"
    LUNGE = "lunge"
    HINGE = "hinge"
    BRIDGE = "bridge"
    PUSH = "push"
    PULL = "pull"
    ANTI_ROTATION = "anti_rotation"


class Stance(StrEnum):
    BILATERAL = "bilateral"
    SPLIT = "split"
    SINGLE_LEG = "single_leg"
    SUPINE = "supine"
    PRONE = "prone"
    KNEELING = "kneeling"
    QUADRUPED = "quadruped"


class Load(StrEnum):
    BODYWEIGHT = "bodyweight"
    EXTERNAL = "external"


class Setting(StrEnum):
    """Where an exercise can be done: the gym, at home, or both."""

    GYM = "gym"
    HOME = "home"
    BOTH = "both"


AREAS = frozenset(
    {
        "calves",
        "ankles",
        "hamstrings",
        "hip_flexors",
        "glutes",
        "adductors",
        "quads",
        "thoracic",
        "lats",
        "core",
    }
)

# Equipment an exercise may need. A wall and the floor are assumed everywhere.
EQUIPMENT = frozenset(
    {
        "dumbbells",
        "kettlebell",
        "barbell",
        "cable",
        "bench",
        "box",
        "step",
        "band",
        "foam_roller",
        "dowel",
    }
)

# What a home or remote runner can be expected to own (issue 2: dumbbells, a band, a step, a foam roller).
HOME_EQUIPMENT = frozenset({"dumbbells", "band", "step", "foam_roller"})
