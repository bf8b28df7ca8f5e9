"""Choosing the exercises of a runner's two weekly sessions, A and B (DESIGN.md 4.3).

Order of every session: foam rolling → mobility → strength. Mobility starts with the screen's weak link,
then the needs most runners share (calves and ankles, hamstrings, hips). Strength covers the five groups
every session — knee-dominant, hip-dominant, push, pull, anti-rotation — with the most suitable variant the
runner may do (gating, `crosstrain.core.gating`) with the equipment they have. Sessions A and B use different
variants where the catalogue allows (A squats and hinges, B lunges and bridges), so a week uses more of
the catalogue and the runner meets each movement from two sides.

Every choice carries a one-sentence `why` a runner understands.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from crosstrain.core.catalogue import Catalogue, Exercise
from crosstrain.core.dosing import Experience
from crosstrain.core.gating import blocked_by
from crosstrain.core.profile import Profile
from crosstrain.core.screen import ScreenResult, TestScore
from crosstrain.core.vocabulary import Category, Pattern, ScreenTest, Setting

# The five strength groups, and the pattern session A and session B reach for first.
GROUPS: tuple[tuple[str, tuple[Pattern, ...], tuple[Pattern, ...]], ...] = (
    ("knee-dominant", (Pattern.SQUAT, Pattern.LUNGE), (Pattern.LUNGE, Pattern.SQUAT)),
    ("hip-dominant", (Pattern.HINGE, Pattern.BRIDGE), (Pattern.BRIDGE, Pattern.HINGE)),
    ("push", (Pattern.PUSH,), (Pattern.PUSH,)),
    ("pull", (Pattern.PULL,), (Pattern.PULL,)),
    ("anti-rotation", (Pattern.ANTI_ROTATION,), (Pattern.ANTI_ROTATION,)),
)

# How far up a regression chain each runner starts (0 = the simplest variant). Novices start one step up
# from the bottom and earn the rest with the dosing's double progression (ACSM 2009: progress gradually).
TARGET_LEVEL = {Experience.NOVICE: 1, Experience.INTERMEDIATE: 2, Experience.ADVANCED: 2}

# Most runners' mobility needs after the weak link, in the order each session visits them.
NEEDS = {
    "A": ("ankles", "hip_flexors", "glutes", "hamstrings"),
    "B": ("hamstrings", "glutes", "ankles", "hip_flexors"),
}
SMR_AREAS = {
    "A": ("calves", "quads", "thoracic", "lats"),
    "B": ("hamstrings", "glutes", "adductors", "calves"),
}
MAX_SMR = 4
MAX_MOBILITY = 4

_PATTERN_WHY = {
    Pattern.SQUAT: "squats build the quads and glutes that absorb every landing on the run",
    Pattern.LUNGE: "split-stance work trains each leg on its own, the way you land when you run",
    Pattern.HINGE: "hinging strengthens the hamstrings and glutes that drive every stride",
    Pattern.BRIDGE: "bridges teach the glutes, not the lower back, to extend the hip as you push off",
    Pattern.PUSH: "pushing keeps the upper body strong enough to hold your posture late in a run",
    Pattern.PULL: "rows strengthen the upper back that keeps you tall and your arm swing relaxed",
    Pattern.ANTI_ROTATION: "anti-rotation work teaches the trunk to resist twisting, so no stride power leaks",
}
_TEST_PURPOSE = {
    ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE: "restores hamstring and hip mobility before we load the hinge",
    ScreenTest.SHOULDER_MOBILITY: "opens the upper back and shoulders before we push and pull",
    ScreenTest.ROTARY_STABILITY: "teaches the trunk to stay steady while the arms and legs move",
    ScreenTest.TRUNK_STABILITY_PUSHUP: "builds the trunk stiffness a full push-up needs",
    ScreenTest.INLINE_LUNGE: "frees the ankles and hips for split-stance work",
    ScreenTest.HURDLE_STEP: "frees the hips and ankles so each leg can work alone",
    ScreenTest.DEEP_SQUAT: "frees the ankles and hips so the squat can sit deeper",
}
_NEED_WHY = {
    "ankles": "supple ankles and calves absorb every footstrike",
    "hip_flexors": "hip flexors tighten with sitting and running, and open hips lengthen the stride",
    "glutes": "mobile hips let the glutes do their share of the work",
    "hamstrings": "hamstrings that move freely take strain off the knees and lower back",
}
_AREA_WORDS = {
    "calves": "calves",
    "ankles": "ankles",
    "hamstrings": "hamstrings",
    "hip_flexors": "hip flexors",
    "glutes": "glutes",
    "adductors": "inner thighs",
    "quads": "quadriceps",
    "thoracic": "upper back",
    "lats": "lats",
    "core": "trunk",
}


@dataclass(frozen=True, slots=True)
class Choice:
    exercise: Exercise
    why: str


@dataclass(frozen=True, slots=True)
class SessionTemplate:
    """The exercises of session A or B, before dosing. Each block is in the order it is done."""

    letter: str
    smr: tuple[Choice, ...]
    mobility: tuple[Choice, ...]
    strength: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class Selection:
    sessions: tuple[SessionTemplate, SessionTemplate]
    # Strength groups left out entirely (pain excludes the whole family), with the reason.
    excluded: tuple[str, ...]


def select_sessions(profile: Profile, catalogue: Catalogue) -> Selection:
    screen = profile.screen
    pool = [e for e in catalogue if _available(e, profile)]
    allowed = [e for e in pool if blocked_by(e, screen) is None]
    levels = _levels(catalogue)
    target = TARGET_LEVEL[profile.experience]

    excluded: list[str] = []
    strength: dict[str, list[Choice]] = {"A": [], "B": []}
    for group, a_patterns, b_patterns in GROUPS:
        picked_a = _pick_strength(pool, allowed, a_patterns, levels, target, avoid=None, screen=screen)
        if picked_a is None:
            excluded.append(_exclusion(group, a_patterns + b_patterns, pool, screen))
            continue
        picked_b = _pick_strength(pool, allowed, b_patterns, levels, target, avoid=picked_a.exercise, screen=screen)
        strength["A"].append(picked_a)
        strength["B"].append(picked_b or picked_a)

    weak = _weak_link_correctives(screen, allowed)
    sessions = []
    for letter in ("A", "B"):
        other_weak = weak[1:] if letter == "A" else weak[:1]
        mine = [weak[0]] if letter == "A" and weak else ([weak[1] if len(weak) > 1 else weak[0]] if weak else [])
        mobility = _mobility(letter, mine, allowed, screen, avoid=other_weak)
        smr = _smr(letter, allowed, screen)
        sessions.append(
            SessionTemplate(letter=letter, smr=tuple(smr), mobility=tuple(mobility), strength=tuple(strength[letter]))
        )
    return Selection(sessions=(sessions[0], sessions[1]), excluded=tuple(excluded))


def _available(exercise: Exercise, profile: Profile) -> bool:
    place_ok = exercise.usable_in_gym() if profile.setting is Setting.GYM else exercise.usable_at_home()
    return place_ok and set(exercise.equipment) <= profile.equipment


@cache
def _levels(catalogue: Catalogue) -> dict[str, int]:
    """Steps up from the simplest variant of each regression chain (0 = nothing easier exists)."""
    levels: dict[str, int] = {}

    def level(exercise_id: str) -> int:
        if exercise_id not in levels:
            below = catalogue[exercise_id].regresses_to
            levels[exercise_id] = 0 if not below else 1 + min(level(b) for b in below)
        return levels[exercise_id]

    for e in catalogue:
        level(e.id)
    return levels


def _rank(levels: dict[str, int], target: int, exercise: Exercise) -> tuple[int, int]:
    """Lower is better: the hardest variant at or below the target level, then the easiest above it."""
    level = levels[exercise.id]
    return (0, target - level) if level <= target else (1, level - target)


def _pick_strength(
    pool: list[Exercise],
    allowed: list[Exercise],
    patterns: tuple[Pattern, ...],
    levels: dict[str, int],
    target: int,
    *,
    avoid: Exercise | None,
    screen: ScreenResult,
) -> Choice | None:
    for pattern in patterns:
        candidates = [e for e in allowed if e.pattern is pattern and e.category is Category.STRENGTH]
        if avoid is not None and len(candidates) > 1:
            # Session B takes another variant, but not one more than a level away from A's.
            others = [e for e in candidates if e.id != avoid.id and abs(levels[e.id] - levels[avoid.id]) <= 1]
            candidates = others or candidates
        if not candidates:
            continue
        chosen = min(candidates, key=lambda e: _rank(levels, target, e))
        ideal_pool = [e for e in pool if e.pattern is pattern and e.category is Category.STRENGTH]
        ideal = min(ideal_pool, key=lambda e: _rank(levels, target, e))
        reason = blocked_by(ideal, screen) if ideal.id != chosen.id else None
        if reason is not None:
            why = f"{_capital(reason)}: {chosen.name} keeps the {pattern.replace('_', '-')} pattern safely."
        else:
            why = f"{_capital(_PATTERN_WHY[pattern])}."
        return Choice(chosen, why)
    return None


def _exclusion(group: str, patterns: tuple[Pattern, ...], pool: list[Exercise], screen: ScreenResult) -> str:
    for e in pool:
        if e.pattern in patterns:
            reason = blocked_by(e, screen)
            if reason is not None:
                return f"No {group} exercise: {reason}."
    return f"No {group} exercise: none in the catalogue suits the runner's setting and equipment."


def _score_words(score: TestScore) -> str:
    """'Your left active straight-leg raise scored 1' or 'Your hurdle step is uneven (left 2, right 3)'."""
    label = score.test.label.lower()
    if score.asymmetric and score.final >= 2:
        return f"Your {label} is uneven (left {score.left}, right {score.right})"
    if score.asymmetric:
        side = "left" if score.left < score.right else "right"
        return f"Your {side} {label} scored {score.final}"
    return f"Your {label} scored {score.final}"


def _weak_link_correctives(screen: ScreenResult, allowed: list[Exercise]) -> list[Choice]:
    weak = screen.weak_link
    if weak is None:
        return []
    words = _score_words(screen[weak])
    return [
        Choice(e, f"{words}: {e.name} {_TEST_PURPOSE[weak]}.")
        for e in allowed
        if e.category is Category.MOBILITY and weak in e.corrects
    ][:2]


def _mobility(
    letter: str, first: list[Choice], allowed: list[Exercise], screen: ScreenResult, *, avoid: list[Choice]
) -> list[Choice]:
    chosen = list(first)
    used = {c.exercise.id for c in chosen}
    elsewhere = {c.exercise.id for c in avoid}
    drills = [e for e in allowed if e.category is Category.MOBILITY]
    for area in NEEDS[letter]:
        if len(chosen) >= MAX_MOBILITY:
            break
        if any(area in c.exercise.areas for c in chosen):
            continue
        options = [e for e in drills if area in e.areas and e.id not in used]
        # Prefer a drill the other session does not already do, so a week covers more of the catalogue.
        options.sort(key=lambda e: e.id in elsewhere or _is_other_sessions_need(letter, e))
        if options:
            chosen.append(Choice(options[0], f"{_capital(_NEED_WHY[area])}: {options[0].name} keeps them moving."))
            used.add(options[0].id)
    return chosen


def _is_other_sessions_need(letter: str, exercise: Exercise) -> bool:
    # The other session's first need gets its own specialist drill; leave it to that session.
    other = "B" if letter == "A" else "A"
    return NEEDS[other][0] in exercise.areas and NEEDS[letter][0] not in exercise.areas


def _smr(letter: str, allowed: list[Exercise], screen: ScreenResult) -> list[Choice]:
    rollers = [e for e in allowed if e.category is Category.SMR]
    chosen: list[Choice] = []
    weak = screen.weak_link
    if weak is not None:
        for e in rollers:
            if weak in e.corrects:
                area = _AREA_WORDS[e.areas[0]]
                chosen.append(
                    Choice(
                        e,
                        f"Your {weak.label.lower()} is the weak link: rolling the {area} first helps its drills.",
                    )
                )
                break
    for area in SMR_AREAS[letter]:
        if len(chosen) >= MAX_SMR:
            break
        for e in rollers:
            if area in e.areas and all(c.exercise.id != e.id for c in chosen):
                words = _AREA_WORDS[area]
                chosen.append(Choice(e, f"Your {words} work on every run; a minute of rolling readies them to move."))
                break
    return chosen


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def alternatives(exercise: Exercise, profile: Profile, catalogue: Catalogue) -> tuple[Exercise, ...]:
    """What a coach may swap `exercise` for, for this runner: same kind of work, allowed and available.

    Strength swaps stay within the same strength group (a squat for a lunge is fine: both are
    knee-dominant); mobility and foam rolling swaps must share at least one target area.
    """
    group = next((patterns for _, patterns, _ in GROUPS if exercise.pattern in patterns), ())

    def same_job(other: Exercise) -> bool:
        if other.category is not exercise.category or other.id == exercise.id:
            return False
        if exercise.category in (Category.STRENGTH, Category.POWER):
            return other.pattern in group
        return bool(set(other.areas) & set(exercise.areas))

    return tuple(
        e for e in catalogue if same_job(e) and _available(e, profile) and blocked_by(e, profile.screen) is None
    )
