"""Gating by final score, row by row of the table in DESIGN.md 4.3."""

from __future__ import annotations

from typing import Any

import pytest

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.gating import allowed, blocked_by
from crosstrain.core.screen import NEUTRAL_SCREEN, ScreenResult, score_screen
from crosstrain.core.vocabulary import ScreenTest

CATALOGUE = default_catalogue()


def screen(**finals: int) -> ScreenResult:
    data: dict[str, Any] = {}
    for test in ScreenTest:
        score = finals.get(test.value, 2)
        data[test.value] = {"left": score, "right": score} if test.bilateral else score
    return score_screen(data)


# (test, final score, exercises ruled out, their safe variants that stay)
ROWS = [
    (
        "active_straight_leg_raise",
        1,
        ["db-romanian-deadlift", "single-leg-rdl"],
        ["dowel-hip-hinge", "bodyweight-single-leg-rdl", "glute-bridge"],
    ),
    ("inline_lunge", 1, ["split-squat", "bulgarian-split-squat"], ["bodyweight-split-squat", "step-up"]),
    ("hurdle_step", 1, ["single-leg-rdl", "step-up"], ["bodyweight-single-leg-rdl", "split-squat"]),
    ("trunk_stability_pushup", 1, ["push-up"], ["incline-push-up", "db-floor-press"]),
    ("deep_squat", 1, ["goblet-squat"], ["goblet-squat-to-box", "bodyweight-box-squat"]),
    # (v3) Knee pain in a lower-body test: loaded knee bending waits in every pattern, not only the test's own
    # (a painful deep squat no longer leaves loaded split squats and step-ups); the hips keep working.
    (
        "deep_squat",
        0,
        ["goblet-squat", "goblet-squat-to-box", "bodyweight-box-squat", "split-squat", "step-up", "bodyweight-squat"],
        ["glute-bridge", "db-romanian-deadlift", "single-leg-rdl"],
    ),
    (
        "inline_lunge",
        0,
        ["split-squat", "bodyweight-split-squat", "bulgarian-split-squat", "step-up", "goblet-squat"],
        ["bodyweight-squat", "bodyweight-box-squat", "glute-bridge"],
    ),
    (
        "hurdle_step",
        0,
        ["step-up", "single-leg-rdl", "bodyweight-single-leg-rdl", "split-squat"],
        ["bodyweight-split-squat", "db-romanian-deadlift"],
    ),
    (
        "active_straight_leg_raise",
        0,
        ["dowel-hip-hinge", "db-romanian-deadlift", "single-leg-rdl"],
        ["glute-bridge", "single-leg-hip-thrust"],
    ),
    ("trunk_stability_pushup", 0, ["push-up", "incline-push-up", "db-floor-press"], ["three-point-db-row"]),
    (
        "shoulder_mobility",
        0,
        ["push-up", "incline-push-up", "band-row", "three-point-db-row", "dead-bug"],  # the dead bug reaches overhead
        ["band-pallof-press", "goblet-squat"],
    ),
    ("rotary_stability", 0, ["half-kneeling-pallof-press", "band-pallof-press"], ["dead-bug"]),
]


@pytest.mark.parametrize(("test", "score", "out", "stay"), ROWS)
def test_each_gating_row_rules_out_its_exercises_and_keeps_the_safe_variant(
    test: str, score: int, out: list[str], stay: list[str]
) -> None:
    result = screen(**{test: score})
    for exercise_id in out:
        assert not allowed(CATALOGUE[exercise_id], result), exercise_id
    for exercise_id in stay:
        assert allowed(CATALOGUE[exercise_id], result), exercise_id


def test_a_screen_of_twos_allows_every_exercise() -> None:
    result = screen()
    assert [e.id for e in CATALOGUE if not allowed(e, result)] == []


def test_the_reason_names_the_test_and_the_score_for_a_runner() -> None:
    reason = blocked_by(CATALOGUE["split-squat"], screen(inline_lunge=1))
    assert reason == "your inline lunge scored 1, so split-stance work stays at body weight for now"


def test_pain_names_the_test_and_the_clinician() -> None:
    reason = blocked_by(CATALOGUE["band-row"], screen(shoulder_mobility=0))
    assert reason is not None
    assert "shoulder mobility was painful" in reason
    assert "clinician" in reason


def test_foam_rolling_is_gated_only_for_the_arm_overhead_under_shoulder_pain() -> None:
    result = screen(**{t.value: 0 for t in ScreenTest})
    rollers = [e for e in CATALOGUE if e.category.value == "smr"]
    assert [e.id for e in rollers if not allowed(e, result)] == ["smr-lats"]
    assert all(allowed(e, screen()) for e in rollers)


SPINAL = [
    # (clearing test, exercise, allowed?) — DESIGN.md 4.3 (v2) spinal row
    ("spinal_flexion_pain", "goblet-squat", False),
    ("spinal_flexion_pain", "goblet-squat-to-box", False),
    ("spinal_flexion_pain", "db-romanian-deadlift", False),
    ("spinal_flexion_pain", "trap-bar-deadlift", False),
    ("spinal_flexion_pain", "split-squat", False),
    ("spinal_flexion_pain", "step-up", False),
    ("spinal_flexion_pain", "db-bent-over-row", False),
    ("spinal_flexion_pain", "three-point-db-row", False),
    ("spinal_flexion_pain", "pogo-hops", False),
    ("spinal_flexion_pain", "quadruped-rock-back", False),
    ("spinal_flexion_pain", "glute-bridge", True),
    ("spinal_flexion_pain", "bodyweight-split-squat", True),
    ("spinal_flexion_pain", "band-row", True),
    ("spinal_flexion_pain", "bird-dog", True),
    ("spinal_flexion_pain", "side-plank", True),
    ("spinal_flexion_pain", "dead-bug", True),
    ("spinal_extension_pain", "db-romanian-deadlift", False),
    ("spinal_extension_pain", "glute-bridge", False),
    ("spinal_extension_pain", "two-leg-hip-thrust", False),
    ("spinal_extension_pain", "single-leg-hip-thrust", False),
    ("spinal_extension_pain", "leg-lock-bridge", False),
    ("spinal_extension_pain", "box-jump", False),
    ("spinal_extension_pain", "push-up", False),  # push-ups start on an incline
    ("spinal_extension_pain", "incline-push-up", True),
    ("spinal_extension_pain", "dead-bug", True),
    ("spinal_extension_pain", "bird-dog", True),
    ("spinal_extension_pain", "side-plank", True),
    ("spinal_extension_pain", "bodyweight-squat", True),
]


@pytest.mark.parametrize(("clearing", "exercise_id", "ok"), SPINAL)
def test_spinal_clearing_pain_gates_loaded_spine_work_until_cleared(clearing: str, exercise_id: str, ok: bool) -> None:
    result = score_screen({**NEUTRAL_SCREEN, clearing: True})
    reason = blocked_by(CATALOGUE[exercise_id], result)
    assert (reason is None) is ok, reason
    if reason is not None and exercise_id != "push-up":
        assert "bending forward" in reason or "arching back" in reason


def test_the_reasons_name_the_movement_that_hurt_not_a_test_that_did_not() -> None:
    """A coach reading the program: with only the extension clearing test painful (push-up test scored 3), the
    push-up did not hurt; the reason says arching back hurt, and the spinal rule says which way the spine hurt."""
    result = score_screen({**NEUTRAL_SCREEN, "trunk_stability_pushup": 3, "spinal_extension_pain": True})
    push_up = blocked_by(CATALOGUE["push-up"], result)
    assert push_up == (
        "your spine hurt when arching back in the clearing test, so full push-ups and moving planks wait until a "
        "clinician has cleared it"
    )
    jump = blocked_by(CATALOGUE["box-jump"], result)
    assert jump is not None
    assert jump.startswith("your spine hurt when arching back in the clearing test, so jumps")
    flexion = score_screen({**NEUTRAL_SCREEN, "spinal_flexion_pain": True})
    deadlift = blocked_by(CATALOGUE["db-romanian-deadlift"], flexion)
    assert deadlift is not None
    assert deadlift.startswith("your spine hurt when bending forward in the clearing test")


def test_mobility_drills_for_a_painful_test_wait_for_the_clinician() -> None:
    result = screen(shoulder_mobility=0)
    assert not allowed(CATALOGUE["wall-slide"], result)
    assert allowed(CATALOGUE["leg-lowering-1"], result)
