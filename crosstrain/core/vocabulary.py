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
    # (v3) Knee-flexion hamstring work, eccentric (Nordic and slider curls): asked for by a hamstring strain.
    HAMSTRING_CURL = "hamstring_curl"


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


class Stress(StrEnum):
    """(v3) What an exercise loads, in one closed vocabulary (DESIGN.md 4.6).

    Every catalogue entry lists its stresses; the findings table (`crosstrain.core.findings`) says which
    stresses each finding holds back and which must be present, so gating asks one question of every exercise.
    A `*_loaded` stress is its base stress under external load (weights), and implies the base.
    """

    KNEE_FLEXION = "knee_flexion"  # squats, lunges, split squats, step-ups, wall sits: knee-dominant work
    KNEE_FLEXION_LOADED = "knee_flexion_loaded"
    DEEP_KNEE_FLEXION = "deep_knee_flexion"  # below a box: full squats, a back knee to the floor
    DEEP_KNEE_FLEXION_LOADED = "deep_knee_flexion_loaded"
    QUAD_ISOMETRIC = "quad_isometric"  # a still, heavy knee-extension hold (Spanish squat, wall sit)
    HIP_HINGE = "hip_hinge"  # any hinge, a held bent-over position included
    HIP_HINGE_LOADED = "hip_hinge_loaded"
    HAMSTRING_LENGTHENED_LOADED = "hamstring_lengthened_loaded"  # RDLs, Nordics: load on a long hamstring
    HAMSTRING_ECCENTRIC = "hamstring_eccentric"  # Nordic and slider curls: the hamstring lengthening under load
    SINGLE_LEG_STANCE = "single_leg_stance"  # standing on one leg
    SINGLE_LEG_LOADED = "single_leg_loaded"  # one leg carrying weights (a rear-foot-elevated split squat too)
    SINGLE_LEG_BALANCE = "single_leg_balance"  # balance and proprioception on one leg
    SPLIT_STANCE = "split_stance"
    SPLIT_STANCE_LOADED = "split_stance_loaded"
    SPINAL_FLEXION = "spinal_flexion"  # the spine bending forward
    SPINAL_EXTENSION = "spinal_extension"  # the spine arching back (bridges and hip thrusts tend to)
    SPINAL_AXIAL_LOAD = "spinal_axial_load"  # a bar on the back or in the front rack, a heavy deadlift
    INTRA_ABDOMINAL_PRESSURE_HIGH = "intra_abdominal_pressure_high"  # heavy bracing: max-effort lifts
    SHOULDER_FLEXION = "shoulder_flexion"  # an arm overhead
    SHOULDER_FLEXION_LOADED = "shoulder_flexion_loaded"  # overhead or front-rack load
    UPPER_LIMB_PUSH = "upper_limb_push"
    UPPER_LIMB_PULL = "upper_limb_pull"
    UPPER_LIMB_WEIGHT_BEARING = "upper_limb_weight_bearing"  # planks, push-ups, side planks, all fours
    TRUNK_STIFFNESS_HIGH = "trunk_stiffness_high"  # a full push-up, a body saw: more than a still plank
    ANTI_ROTATION_LOADED = "anti_rotation_loaded"  # a band or cable pulling the trunk round
    HIP_ABDUCTION = "hip_abduction"  # the side of the hip (gluteus medius): side planks, abduction, band walks
    ADDUCTOR_LONG_LEVER = "adductor_long_lever"  # a long-lever Copenhagen plank
    CALF_ACHILLES_LOADED = "calf_achilles_loaded"  # calf and soleus raises, heel drops: the Achilles under load
    IMPACT_LOW = "impact_low"  # pogo hops, skips, snap-down landings
    IMPACT_HIGH = "impact_high"  # single-leg hops, bounds, box jumps, depth work
    SPRINT_LIKE = "sprint_like"  # bounding: a sprint's stretch on the hamstring
    PLANK_LONG_LEVER = "plank_long_lever"  # a plank or side plank on the feet, not the knees

    @property
    def base(self) -> Stress | None:
        """The unloaded stress a `*_loaded` one implies, if the vocabulary has one."""
        if not self.value.endswith("_loaded"):
            return None
        name = self.value.removesuffix("_loaded")
        if name == "single_leg":
            return Stress.SINGLE_LEG_STANCE
        return Stress(name) if name in _STRESS_VALUES else None


_STRESS_VALUES = frozenset(s.value for s in Stress)


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
HOME_EQUIPMENT = frozenset({"dumbbells", "kettlebell", "band", "step", "foam_roller"})
# (v3) Hand weights stand in for one another: an exercise that lists dumbbells can be done holding kettlebells
# (a goblet squat, a Romanian deadlift, a split squat); one that lists a kettlebell needs one (a swing-grip
# deadlift, a double front rack).
HAND_WEIGHT_STAND_INS = {"dumbbells": frozenset({"kettlebell"})}


class Priority(StrEnum):
    """A race's priority (DESIGN.md 4.2 v2): A goal race, B, C tune-up or meet."""

    A = "A"
    B = "B"
    C = "C"


class InjuryKind(StrEnum):
    """What kind of injury. (v3) The findings table reads tendinopathy, strain and sprain; the older, broader
    words still count: a tendon injury as a tendinopathy, a muscle injury as a strain, a joint one as a sprain."""

    BONE_STRESS = "bone_stress"
    TENDINOPATHY = "tendinopathy"
    STRAIN = "strain"
    SPRAIN = "sprain"
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
    "lateral_knee": ("lateral_hip", "glutes", "quads"),  # (v3) the IT band side of the knee
    "thigh": ("quads", "hamstrings"),
    "hamstring": ("hamstrings",),
    "hip": ("glutes", "lateral_hip", "hip_flexors"),
    "groin": ("adductors",),
    "pelvis": ("glutes", "adductors"),
    "lower_back": ("core", "hamstrings"),
    "upper_body": ("thoracic", "lats"),
}
