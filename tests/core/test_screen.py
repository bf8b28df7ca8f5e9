"""Scoring of the Functional Movement Screen, row by row of DESIGN.md 4.1."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosstrain.core.errors import ScreenInputError
from crosstrain.core.screen import WEAK_LINK_ORDER, score_screen, shoulder_score_from_distance
from crosstrain.core.vocabulary import ScreenTest

ALL_TWOS: dict[str, Any] = {
    "deep_squat": 2,
    "hurdle_step": {"left": 2, "right": 2},
    "inline_lunge": {"left": 2, "right": 2},
    "shoulder_mobility": {"left": 2, "right": 2},
    "active_straight_leg_raise": {"left": 2, "right": 2},
    "trunk_stability_pushup": 2,
    "rotary_stability": {"left": 2, "right": 2},
}


def screen_with(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(ALL_TWOS)
    data.update(changes)
    return data


def test_the_issue_example_scores_as_a_coach_would() -> None:
    result = score_screen(
        {
            "deep_squat": 2,
            "hurdle_step": {"left": 2, "right": 3},
            "inline_lunge": {"left": 2, "right": 2},
            "shoulder_mobility": {"left": 3, "right": 2},
            "shoulder_clearing_pain": {"left": False, "right": False},
            "active_straight_leg_raise": {"left": 1, "right": 2},
            "trunk_stability_pushup": 3,
            "spinal_extension_pain": False,
            "rotary_stability": {"left": 2, "right": 2},
            "spinal_flexion_pain": False,
        }
    )
    assert result.as_dict() == {
        "scores": {
            "deep_squat": 2,
            "hurdle_step": 2,
            "inline_lunge": 2,
            "shoulder_mobility": 2,
            "active_straight_leg_raise": 1,
            "trunk_stability_pushup": 3,
            "rotary_stability": 2,
        },
        "sides": {
            "hurdle_step": {"left": 2, "right": 3},
            "inline_lunge": {"left": 2, "right": 2},
            "shoulder_mobility": {"left": 3, "right": 2},
            "active_straight_leg_raise": {"left": 1, "right": 2},
            "rotary_stability": {"left": 2, "right": 2},
        },
        "total": 14,
        "asymmetries": ["hurdle_step", "shoulder_mobility", "active_straight_leg_raise"],
        "weak_link": "active_straight_leg_raise",
        "refer": False,
        "painful": [],
    }


@pytest.mark.parametrize(
    ("left", "right", "final", "asymmetric"),
    [(3, 3, 3, False), (3, 2, 2, True), (1, 3, 1, True), (2, 2, 2, False), (0, 3, 0, True)],
)
def test_bilateral_final_is_the_lower_side(left: int, right: int, final: int, asymmetric: bool) -> None:
    result = score_screen(screen_with(hurdle_step={"left": left, "right": right}))
    assert result.final(ScreenTest.HURDLE_STEP) == final
    assert (ScreenTest.HURDLE_STEP in result.asymmetries) is asymmetric


@pytest.mark.parametrize(
    ("clearing", "value", "parent", "final"),
    [
        ("shoulder_clearing_pain", {"left": True, "right": False}, ScreenTest.SHOULDER_MOBILITY, 0),
        ("shoulder_clearing_pain", {"left": False, "right": True}, ScreenTest.SHOULDER_MOBILITY, 0),
        (
            "shoulder_clearing_pain",
            {"left": False, "right": False},
            ScreenTest.SHOULDER_MOBILITY,
            2,
        ),
        ("spinal_extension_pain", True, ScreenTest.TRUNK_STABILITY_PUSHUP, 0),
        ("spinal_extension_pain", False, ScreenTest.TRUNK_STABILITY_PUSHUP, 2),
        ("spinal_flexion_pain", True, ScreenTest.ROTARY_STABILITY, 0),
        ("spinal_flexion_pain", False, ScreenTest.ROTARY_STABILITY, 2),
    ],
)
def test_pain_in_clearing_test_zeroes_parent_score(
    clearing: str, value: object, parent: ScreenTest, final: int
) -> None:
    result = score_screen(screen_with(**{clearing: value}))
    assert result.final(parent) == final
    assert result.refer is (final == 0)
    assert (parent in result.painful) is (final == 0)
    others = [t for t in ScreenTest if t is not parent]
    assert all(result.final(t) == 2 for t in others)


def test_shoulder_clearing_pain_zeroes_only_that_side() -> None:
    result = score_screen(screen_with(shoulder_clearing_pain={"left": False, "right": True}))
    sides = result.as_dict()["sides"]["shoulder_mobility"]
    assert sides == {"left": 2, "right": 0}
    assert result[ScreenTest.SHOULDER_MOBILITY].pain_reason == "pain on the right shoulder clearing test"


def test_clearing_fields_default_to_no_pain() -> None:
    result = score_screen(ALL_TWOS)
    assert result.total == 14
    assert not result.refer


@pytest.mark.parametrize(
    ("hand", "distance", "score"),
    [
        (18, 0, 3),
        (18, 18, 3),  # exactly one hand length
        (18, 18.01, 2),
        (18, 27, 2),  # exactly one and a half
        (18, 27.01, 1),
        (18, 40, 1),
        (20, 29.999, 2),
        (17.5, 26.25, 2),  # 1.5 x 17.5, exact in binary floating point too
    ],
)
def test_shoulder_mobility_from_fist_distance(hand: float, distance: float, score: int) -> None:
    assert shoulder_score_from_distance(hand, distance) == score


def test_measured_shoulder_mobility_scores_each_side() -> None:
    measured = {"hand_length_cm": 18, "left_distance_cm": 20, "right_distance_cm": 29}
    result = score_screen(screen_with(shoulder_mobility=measured))
    assert result.as_dict()["sides"]["shoulder_mobility"] == {"left": 2, "right": 1}
    assert result.final(ScreenTest.SHOULDER_MOBILITY) == 1


@pytest.mark.parametrize(
    ("changes", "total", "refer"),
    [
        ({}, 14, False),
        (
            {
                "deep_squat": 3,
                "trunk_stability_pushup": 3,
                **{
                    t: {"left": 3, "right": 3}
                    for t in (
                        "hurdle_step",
                        "inline_lunge",
                        "shoulder_mobility",
                        "active_straight_leg_raise",
                        "rotary_stability",
                    )
                },
            },
            21,
            False,
        ),
        ({"deep_squat": 0}, 12, True),
        ({"inline_lunge": {"left": 3, "right": 0}}, 12, True),
    ],
)
def test_total_and_referral(changes: dict[str, Any], total: int, refer: bool) -> None:
    result = score_screen(screen_with(**changes))
    assert result.total == total
    assert result.refer is refer


@pytest.mark.parametrize(
    ("changes", "weak_link"),
    [
        ({}, None),
        ({"deep_squat": 1}, ScreenTest.DEEP_SQUAT),
        ({"deep_squat": 1, "hurdle_step": {"left": 2, "right": 3}}, ScreenTest.HURDLE_STEP),
        (
            {"inline_lunge": {"left": 1, "right": 1}, "hurdle_step": {"left": 1, "right": 1}},
            ScreenTest.INLINE_LUNGE,
        ),
        (
            {"trunk_stability_pushup": 1, "inline_lunge": {"left": 1, "right": 2}},
            ScreenTest.TRUNK_STABILITY_PUSHUP,
        ),
        (
            {"rotary_stability": {"left": 3, "right": 2}, "trunk_stability_pushup": 1},
            ScreenTest.ROTARY_STABILITY,
        ),
        (
            {
                "shoulder_mobility": {"left": 1, "right": 1},
                "rotary_stability": {"left": 1, "right": 1},
            },
            ScreenTest.SHOULDER_MOBILITY,
        ),
        (
            {
                "active_straight_leg_raise": {"left": 2, "right": 3},
                "shoulder_mobility": {"left": 1, "right": 1},
            },
            ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE,
        ),
        # 3s everywhere but one symmetric 2 is not a weak link: only 1s and asymmetries are.
        ({"deep_squat": 3}, None),
        # A painful test goes to a clinician; the corrective work starts at the next test that needs it.
        (
            {"active_straight_leg_raise": {"left": 0, "right": 2}, "deep_squat": 1},
            ScreenTest.DEEP_SQUAT,
        ),
    ],
)
def test_weak_link_is_first_test_needing_work_in_corrective_order(
    changes: dict[str, Any], weak_link: ScreenTest | None
) -> None:
    assert score_screen(screen_with(**changes)).weak_link is weak_link


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"deep_squat": 4}, "deep_squat: 4 is out of range; scores are 0-3"),
        ({"deep_squat": -1}, "deep_squat: -1 is out of range"),
        ({"deep_squat": 2.5}, "deep_squat: a number (2.5) is not a score; give a whole number 0-3"),
        ({"deep_squat": True}, "deep_squat: true/false (true) is not a score"),
        ({"deep_squat": "2"}, 'deep_squat: text ("2") is not a score'),
        ({"hurdle_step": {"left": 2}}, "hurdle_step.right is missing"),
        ({"hurdle_step": 2}, "hurdle_step: a number (2) is not per side"),
        ({"hurdle_step": {"left": 2, "right": 2, "middle": 1}}, "hurdle_step.middle: not a side"),
        ({"toe_touch": 2}, "'toe_touch' is not a screen field"),
        ({"spinal_flexion_pain": "yes"}, 'spinal_flexion_pain: text ("yes") is not true/false'),
        ({"shoulder_clearing_pain": {"left": True}}, "shoulder_clearing_pain.right is missing"),
        (
            {
                "shoulder_mobility": {
                    "hand_length_cm": -18,
                    "left_distance_cm": 1,
                    "right_distance_cm": 1,
                }
            },
            "shoulder_mobility.hand_length_cm: -18 cm is not possible",
        ),
        (
            {"shoulder_mobility": {"hand_length_cm": 18, "left_distance_cm": 1}},
            "shoulder_mobility.right_distance_cm is missing",
        ),
        (
            {
                "shoulder_mobility": {
                    "hand_length_cm": 18,
                    "left_distance_cm": -2,
                    "right_distance_cm": 1,
                }
            },
            "shoulder_mobility.left_distance_cm: -2 cm is not possible; a length must be 0 or more",
        ),
    ],
)
def test_bad_input_is_rejected_naming_field_value_and_what_is_allowed(changes: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ScreenInputError) as caught:
        score_screen(screen_with(**changes))
    assert fragment in str(caught.value)


def test_a_missing_test_is_named() -> None:
    data = screen_with()
    del data["rotary_stability"]
    with pytest.raises(ScreenInputError, match=r"rotary_stability is missing"):
        score_screen(data)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ScreenInputError) as caught:
        score_screen(screen_with(deep_squat=9, trunk_stability_pushup=None))
    assert len(caught.value.problems) == 2


def test_a_list_is_not_a_screen() -> None:
    with pytest.raises(ScreenInputError, match="must be a JSON object"):
        score_screen([1, 2, 3])


# Properties over every valid screen.
score = st.integers(min_value=0, max_value=3)
sides = st.fixed_dictionaries({"left": score, "right": score})
screens = st.fixed_dictionaries(
    {t.value: (sides if t.bilateral else score) for t in ScreenTest},
    optional={
        "shoulder_clearing_pain": st.fixed_dictionaries({"left": st.booleans(), "right": st.booleans()}),
        "spinal_extension_pain": st.booleans(),
        "spinal_flexion_pain": st.booleans(),
    },
)


@given(screens)
def test_total_is_the_sum_of_finals_and_within_range(data: dict[str, Any]) -> None:
    result = score_screen(data)
    assert result.total == sum(result.final(t) for t in ScreenTest)
    assert 0 <= result.total <= 21


@given(screens)
def test_final_never_exceeds_either_side(data: dict[str, Any]) -> None:
    for s in score_screen(data).scores:
        assert s.final <= s.left
        assert s.final <= s.right


@given(screens)
def test_any_zero_means_referral(data: dict[str, Any]) -> None:
    result = score_screen(data)
    assert result.refer is any(result.final(t) == 0 for t in ScreenTest)


@given(screens)
def test_weak_link_is_the_first_failing_pain_free_test(data: dict[str, Any]) -> None:
    result = score_screen(data)
    failing = [t for t in WEAK_LINK_ORDER if result.final(t) != 0 and (result.final(t) == 1 or t in result.asymmetries)]
    assert result.weak_link == (failing[0] if failing else None)
