"""The week-6 before/after report's figures, against hand-computed fixtures."""

from __future__ import annotations

from typing import Any

from crosstrain.core.report import block_report
from crosstrain.core.screen import score_screen
from crosstrain.core.vocabulary import ScreenTest

BEFORE: dict[str, Any] = {
    "deep_squat": 1,
    "hurdle_step": {"left": 2, "right": 2},
    "inline_lunge": {"left": 1, "right": 2},  # asymmetric: final 1
    "shoulder_mobility": {"left": 2, "right": 2},
    "active_straight_leg_raise": {"left": 1, "right": 2},  # asymmetric: final 1
    "trunk_stability_pushup": 2,
    "rotary_stability": {"left": 2, "right": 2},
}
# Totals by hand: before 1+2+1+2+1+2+2 = 11; after 2+2+2+2+2+2+2 = 14 (ASLR still 2/3: asymmetric, final 2).
AFTER: dict[str, Any] = {
    **BEFORE,
    "deep_squat": 2,
    "inline_lunge": {"left": 2, "right": 2},
    "active_straight_leg_raise": {"left": 2, "right": 3},
}


def test_each_test_and_the_total_with_the_change() -> None:
    report = block_report(score_screen(BEFORE), score_screen(AFTER), sessions_done=10, sessions_planned=12)
    assert (report.total_before, report.total_after, report.total_change) == (11, 14, 3)
    changes = {t.test: (t.before, t.after, t.change) for t in report.tests}
    assert changes[ScreenTest.DEEP_SQUAT] == (1, 2, 1)
    assert changes[ScreenTest.INLINE_LUNGE] == (1, 2, 1)
    assert changes[ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE] == (1, 2, 1)
    assert changes[ScreenTest.HURDLE_STEP] == (2, 2, 0)
    lunge = next(t for t in report.tests if t.test is ScreenTest.INLINE_LUNGE)
    assert lunge.words == "up 1, asymmetry resolved"


def test_asymmetries_resolved_and_the_weak_link_then_and_now() -> None:
    report = block_report(score_screen(BEFORE), score_screen(AFTER), sessions_done=10, sessions_planned=12)
    assert report.asymmetries_resolved == (ScreenTest.INLINE_LUNGE,)
    assert report.asymmetries_new == ()
    # Corrective order puts the straight-leg raise first: it was the weak link and still is (left 2, right 3).
    assert report.weak_link_before is ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE
    assert report.weak_link_after is ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE
    assert report.next_focus[0].startswith("Correct active straight-leg raise again: ")
    assert report.compliance is not None
    assert round(report.compliance, 3) == 0.833


def test_low_compliance_comes_first_in_the_next_focus() -> None:
    report = block_report(score_screen(BEFORE), score_screen(AFTER), sessions_done=5, sessions_planned=12)
    assert report.next_focus[0] == (
        "Consistency first: 5 of 12 sessions done. Two sessions a week, even short ones, before anything harder."
    )


def test_a_clean_screen_moves_the_next_block_to_strength() -> None:
    clean = {**AFTER, "active_straight_leg_raise": {"left": 3, "right": 3}}
    report = block_report(score_screen(BEFORE), score_screen(clean), sessions_done=12, sessions_planned=12)
    assert report.weak_link_after is None
    assert report.asymmetries_resolved == (ScreenTest.INLINE_LUNGE, ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE)
    assert report.next_focus == ("No weak link left: the next block builds strength, then power, on a clean screen.",)


def test_new_pain_refers_first_and_is_named_on_its_test() -> None:
    painful = {**AFTER, "shoulder_mobility": {"left": 0, "right": 2}}
    report = block_report(score_screen(BEFORE), score_screen(painful), sessions_done=12, sessions_planned=12)
    assert report.refer
    shoulder = next(t for t in report.tests if t.test is ScreenTest.SHOULDER_MOBILITY)
    assert shoulder.words.startswith("new pain: see a clinician")
    assert report.next_focus[0].startswith("See a clinician first: ")


def test_strength_progress_per_lift_first_against_last_best_set() -> None:
    lifts = [
        ("goblet-squat", "Goblet squat", [12.0, 14.0, 14.0, 16.0]),  # +4 kg, +33.3 %
        ("trap-bar-deadlift", "Trap-bar deadlift", [60.0, 60.0]),  # stalled
        ("split-squat", "Split squat", [10.0]),  # one session: no progress to show
    ]
    report = block_report(
        score_screen(BEFORE), score_screen(AFTER), sessions_done=12, sessions_planned=12, lifts=lifts, pain_flags=2
    )
    assert [(lift.exercise_id, lift.change, lift.sessions) for lift in report.lifts] == [
        ("goblet-squat", 4.0, 4),
        ("trap-bar-deadlift", 0.0, 2),
    ]
    assert report.lifts[0].percent is not None
    assert round(report.lifts[0].percent, 1) == 33.3
    assert "Trap-bar deadlift: no progress this block; check the load steps and recovery." in report.next_focus
    assert report.next_focus[-1] == "Talk through the 2 pain flags of this block before loading more."
