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
    # (v2) DESIGN.md 4.3: the soleus takes ~6-8x body weight per stride; lateral-hip and anti-extension trunk
    # work and loaded carries round out a runner's strength work.
    CALF = "calf"
    LATERAL_HIP = "lateral_hip"
    ANTI_EXTENSION = "anti_extension"
    CARRY = "carry"
    # Plyometrics (category power): landings and hops, counted in foot contacts.
    JUMP = "jump"


# The trunk group: every session has one of these (DESIGN.md 4.3).
TRUNK_PATTERNS = (Pattern.ANTI_ROTATION, Pattern.ANTI_EXTENSION)
# Patterns whose body-weight work is never prescribed below RIR 2 (DESIGN.md 4.4, v2).
TRUNK_AND_PUSH = frozenset({Pattern.ANTI_ROTATION, Pattern.ANTI_EXTENSION, Pattern.LATERAL_HIP, Pattern.PUSH})


class Stance(StrEnum):
    BILATERAL = "bilateral"
    SPLIT = "split"
    SINGLE_LEG = "single_leg"
    SUPINE = "supine"
    PRONE = "prone"
    KNEELING = "kneeling"
    QUADRUPED = "quadruped"
    SIDE = "side"  # side-lying or side plank


class Load(StrEnum):
    """What resists the movement. Gating's "external load" means weights (dumbbells, bars, cables): a band
    resists without loading the spine or a joint axially, and progresses by band, not by kilograms."""

    BODYWEIGHT = "bodyweight"
    BAND = "band"
    EXTERNAL = "external"


class Intensity(StrEnum):
    """How hard a plyometric lands (DESIGN.md 4.3 v2): novices do low-intensity landings only."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class SpinalMotion(StrEnum):
    """A spinal direction a drill moves into; it waits while that clearing test is painful (DESIGN.md 4.3)."""

    FLEXION = "flexion"
    EXTENSION = "extension"


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
        "soleus",  # bent-knee calf work (v2)
        "feet",  # the foot's own muscles (v2)
        "lateral_hip",  # gluteus medius and the hip abductors (v2)
    }
)

# Equipment an exercise may need. A wall, the floor, a door, a towel, a chair and a sturdy table are assumed
# everywhere: a body-weight-only runner can still row (towel-door row, table row; DESIGN.md 4.3 v2).
EQUIPMENT = frozenset(
    {
        "dumbbells",
        "kettlebell",
        "barbell",
        "trap_bar",
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


class Priority(StrEnum):
    """A race's priority (DESIGN.md 4.2 v2): A goal race, B, C tune-up or meet."""

    A = "A"
    B = "B"
    C = "C"


class InjuryKind(StrEnum):
    BONE_STRESS = "bone_stress"
    TENDON = "tendon"
    MUSCLE = "muscle"
    JOINT = "joint"
    OTHER = "other"


# Where a runner can say an injury was, and the catalogue areas whose drills and rolling it calls for first
# (DESIGN.md 4.3 v2: "the injured area's drills first").
INJURY_AREAS: dict[str, tuple[str, ...]] = {
    "foot": ("feet", "ankles", "calves"),
    "ankle": ("ankles", "calves"),
    "achilles": ("calves", "soleus", "ankles"),
    "tibia": ("soleus", "calves", "ankles"),
    "calf": ("calves", "soleus"),
    "knee": ("quads", "glutes"),
    "thigh": ("quads", "hamstrings"),
    "hamstring": ("hamstrings",),
    "hip": ("glutes", "lateral_hip", "hip_flexors"),
    "groin": ("adductors",),
    "pelvis": ("glutes", "adductors"),
    "lower_back": ("core", "hamstrings"),
    "upper_body": ("thoracic", "lats"),
}
