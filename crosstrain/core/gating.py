"""Exercise gating by screen score: which exercises a runner may not do yet, and why (DESIGN.md 4.3).

Source: the gating table of DESIGN.md 4.3, after the FMS level-1 manual's rule "do not load a pattern that
scores 1; do not train a pattern that scores 0 (pain) until a clinician has cleared it". Gating regresses,
it does not drop: the catalogue holds a safe variant for every rule (tested in tests/core/test_catalogue.py),
so the engine can keep each strength pattern covered with whatever is left.

This module is the one place the table lives. The engine, the CLI and the web app's exercise swap all ask
`blocked_by` and show its sentence.
"""

from __future__ import annotations

from crosstrain.core.catalogue import Exercise
from crosstrain.core.screen import ScreenResult, TestScore
from crosstrain.core.vocabulary import Category, Load, Pattern, ScreenTest, SpinalMotion, Stance

# The one exercise the trunk stability push-up score of 1 rules out by name; its regression stays.
FULL_PUSH_UP = "push-up"
# (v2) Spinal clearing pain: these patterns wait for a clinician when externally loaded.
_SPINE_LOADING = (Pattern.SQUAT, Pattern.HINGE, Pattern.LUNGE)


def blocked_by(exercise: Exercise, screen: ScreenResult) -> str | None:
    """Why `exercise` is ruled out for a runner with this screen, or None when it is allowed.

    The sentence speaks to the runner, e.g. "your inline lunge scored 1, so split-stance work stays
    unloaded for now".
    """
    if screen.spinal_pain:
        reason = _spinal_rule(exercise, screen)
        if reason is not None:
            return reason
    if exercise.category is Category.SMR:
        return _overhead_blocked(exercise, screen)
    if exercise.category is Category.MOBILITY:
        return _mobility_blocked(exercise, screen)
    for test in ScreenTest:
        score = screen[test]
        if score.final == 0 and _in_painful_family(exercise, test, screen):
            return f"your {test.label.lower()} was painful, so {_family(test)} waits until a clinician has cleared it"
        if score.final == 1 or (score.final == 0 and test is ScreenTest.TRUNK_STABILITY_PUSHUP):
            reason = _score_one_rule(exercise, test)
            if reason is not None:
                return f"{_what_the_screen_found(score)}, so {reason}"
    return _overhead_blocked(exercise, screen)


def _what_the_screen_found(score: TestScore) -> str:
    """A score of 1, or a 0: pain in the test itself, or only in its clearing test (then name that movement: a
    push-up test scored 3 with a painful extension clearing test did not hurt as a push-up)."""
    label = score.test.label.lower()
    if score.final == 1:
        return f"your {label} scored 1"
    if score.test_pain or score.pain_reason is None:
        return f"your {label} was painful"
    return f"there was {score.pain_reason}"


def allowed(exercise: Exercise, screen: ScreenResult) -> bool:
    return blocked_by(exercise, screen) is None


def _spinal_rule(exercise: Exercise, screen: ScreenResult) -> str | None:
    """(v2) The spinal clearing row: until cleared, no loaded squat, hinge or lunge, no bent-over position, no
    power; extension pain also no bridges or hip thrusts; drills that move into the painful direction wait.
    Pain-free isometric trunk work and the other unloaded mobility stay."""
    painful = []
    if screen.spinal_flexion_pain:
        painful.append(SpinalMotion.FLEXION)
    if screen.spinal_extension_pain:
        painful.append(SpinalMotion.EXTENSION)
    words = " and ".join("bending forward" if m is SpinalMotion.FLEXION else "arching back" for m in painful)
    head = f"your spine hurt when {words} in the clearing test"
    if exercise.category is Category.POWER:
        return f"{head}, so jumps and landings wait until a clinician has cleared it"
    if exercise.category in (Category.STRENGTH,):
        if exercise.load is Load.EXTERNAL and exercise.pattern in _SPINE_LOADING:
            return f"{head}, so loaded squats, hinges and lunges wait until a clinician has cleared it"
        if exercise.bent_over:
            return f"{head}, so bent-over work waits until a clinician has cleared it"
        if screen.spinal_extension_pain and exercise.pattern is Pattern.BRIDGE:
            return f"{head}, so bridges and hip thrusts wait until a clinician has cleared it"
    moves_into = [m for m in exercise.spinal_motion if m in painful]
    if moves_into:
        return f"{head}, so drills that take the spine that way wait until a clinician has cleared it"
    return None


def _mobility_blocked(exercise: Exercise, screen: ScreenResult) -> str | None:
    # A drill that corrects a painful test moves the painful region; it waits for the clinician too.
    for test in exercise.corrects:
        if screen[test].test_pain:
            return f"your {test.label.lower()} was painful, so drills for it wait for a clinician"
    return _overhead_blocked(exercise, screen)


def _overhead_blocked(exercise: Exercise, screen: ScreenResult) -> str | None:
    """Shoulder pain: no overhead positions, rolling the lats with the arm overhead included (DESIGN.md 4.3)."""
    if screen.final(ScreenTest.SHOULDER_MOBILITY) == 0 and "lats" in exercise.areas:
        return "your shoulder mobility was painful, so overhead positions wait until a clinician has cleared it"
    return None


def _score_one_rule(exercise: Exercise, test: ScreenTest) -> str | None:
    """The 'final score 1' rows of the table: keep the pattern, take the load (or the hard variant) off."""
    external = exercise.load is Load.EXTERNAL
    if test is ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE and external and exercise.pattern is Pattern.HINGE:
        return "hinges stay at body weight for now"
    if test is ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE and external and exercise.bent_over:
        # A bent-over row holds a loaded hinge for the whole set (expert review of issue 9).
        return "loaded bent-over work waits: rows are done standing or supported"
    if test is ScreenTest.INLINE_LUNGE and external and exercise.stance is Stance.SPLIT:
        return "split-stance work stays at body weight for now"
    if test is ScreenTest.HURDLE_STEP and external and exercise.stance is Stance.SINGLE_LEG:
        return "single-leg work stays at body weight for now"
    if (
        test is ScreenTest.HURDLE_STEP
        and external
        and exercise.stance is Stance.SPLIT
        and "bench" in exercise.equipment
    ):
        # A rear-foot-elevated split squat puts most of the load on the front leg: single-leg work in effect.
        return "single-leg work, rear-foot-elevated split squats included, stays at body weight for now"
    if test is ScreenTest.TRUNK_STABILITY_PUSHUP and exercise.id == FULL_PUSH_UP:
        return "push-ups start on an incline"
    if (
        test is ScreenTest.TRUNK_STABILITY_PUSHUP
        and exercise.pattern is Pattern.ANTI_EXTENSION
        and exercise.stance is Stance.PRONE
        and not exercise.timed
    ):
        # Moving in a plank (a body saw) asks for more trunk stiffness than the push-up test showed.
        return "plank work stays a still hold for now"
    deep_squat = exercise.pattern is Pattern.SQUAT and not exercise.to_box
    if test is ScreenTest.DEEP_SQUAT and external and deep_squat:
        return "loaded squats go only down to a box"
    return None


def _in_painful_family(exercise: Exercise, test: ScreenTest, screen: ScreenResult) -> bool:
    """The 'any test 0 (pain)' row: the whole family of the painful test, loaded or not.

    A trunk stability push-up whose 0 came only from the spinal extension clearing test is the spine's pain,
    not the push's: the spinal row applies, and push-ups start on an incline as after a score of 1.
    """
    if test is ScreenTest.TRUNK_STABILITY_PUSHUP and not screen[test].test_pain:
        return False
    match test:
        case ScreenTest.DEEP_SQUAT:
            return exercise.pattern is Pattern.SQUAT
        case ScreenTest.INLINE_LUNGE:
            return exercise.stance is Stance.SPLIT
        case ScreenTest.HURDLE_STEP:
            return exercise.stance is Stance.SINGLE_LEG
        case ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE:
            return exercise.pattern is Pattern.HINGE
        case ScreenTest.TRUNK_STABILITY_PUSHUP:
            return exercise.pattern is Pattern.PUSH
        case ScreenTest.SHOULDER_MOBILITY:
            return exercise.pattern in (Pattern.PUSH, Pattern.PULL)
        case ScreenTest.ROTARY_STABILITY:
            return exercise.pattern is Pattern.ANTI_ROTATION and exercise.load in (Load.EXTERNAL, Load.BAND)
    return False  # pragma: no cover - the match is exhaustive


def _family(test: ScreenTest) -> str:
    return {
        ScreenTest.DEEP_SQUAT: "squatting",
        ScreenTest.INLINE_LUNGE: "split-stance work",
        ScreenTest.HURDLE_STEP: "single-leg standing work",
        ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE: "hinging",
        ScreenTest.TRUNK_STABILITY_PUSHUP: "pushing",
        ScreenTest.SHOULDER_MOBILITY: "pushing and pulling",
        ScreenTest.ROTARY_STABILITY: "loaded anti-rotation work",
    }[test]
