"""The easier variant a suggestion names after pain (crosstrain.core.selection.previous_variant): one step down the
exercise's chain, one this runner may do with their equipment and screen."""

from __future__ import annotations

import pytest

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.profile import Profile, parse_profile
from crosstrain.core.selection import _levels, previous_variant
from crosstrain.core.vocabulary import Category
from tests.core.test_program import profile

CATALOGUE = default_catalogue()
GYM = parse_profile(profile())


def easier(exercise_id: str, runner: Profile = GYM) -> str | None:
    found = previous_variant(CATALOGUE[exercise_id], runner, CATALOGUE)
    return None if found is None else found.id


@pytest.mark.parametrize(
    ("exercise_id", "expected"),
    [
        ("goblet-squat", "goblet-squat-to-box"),  # one step, not the bottom of the chain
        ("trap-bar-deadlift", "db-romanian-deadlift"),  # a main lift steps down to a regular lift
        ("push-up", "incline-push-up"),
        # Two variants one step down: the lighter one (body weight before dumbbells).
        ("single-leg-rdl", "bodyweight-single-leg-rdl"),
        ("single-leg-hip-thrust", "single-leg-glute-bridge"),
        ("bodyweight-squat", None),  # the bottom of its chain: nothing easier
    ],
)
def test_the_easier_variant_is_one_step_down_and_the_lightest_there(exercise_id: str, expected: str | None) -> None:
    assert easier(exercise_id) == expected


def test_equipment_the_runner_lacks_is_stepped_over() -> None:
    # Without dumbbells (or a kettlebell) the box goblet squat is out: the walk goes on down its chain, to the box
    # squat, whose box is any firm seat (a chair at home, no step needed).
    bare = parse_profile(profile(setting="home", equipment=[]))
    assert easier("goblet-squat", bare) == "bodyweight-box-squat"
    home = parse_profile(profile(setting="home", equipment=["dumbbells"]))
    assert easier("goblet-squat-to-box", home) == "bodyweight-box-squat"


def test_a_home_runner_whose_squat_must_stay_on_a_box_squats_to_a_chair_with_their_kettlebell() -> None:
    # Deep squat 1: loaded squats only to a box (DESIGN.md 4.3). A home runner with a kettlebell and no step still
    # has a chair: the goblet squat to a box, not weeks of body-weight squats.
    from crosstrain.core.program import design_program

    runner = parse_profile(
        profile(setting="home", equipment=["kettlebell", "band"], screen_deep_squat=1)
        | {"implements": {"kettlebells_kg": [16]}}
    )
    squats = {
        item.exercise.id
        for session in design_program(runner).sessions
        for block in session.blocks
        for item in block.items
        if item.exercise.pattern is not None and item.exercise.pattern.value == "squat"
    }
    assert "goblet-squat-to-box" in squats, squats
    assert "bodyweight-squat" not in squats


def test_a_variant_the_screen_rules_out_is_never_offered() -> None:
    # Pain in the deep squat keeps the whole squat family out (DESIGN.md 4.3): no squat is an easier option.
    painful = parse_profile(profile(screen_deep_squat=0))
    assert easier("goblet-squat", painful) is None
    # A trunk stability push-up of 1 rules out the push-up, never the incline push-up below it.
    gated = parse_profile(profile(screen_trunk_stability_pushup=1))
    assert easier("push-up", gated) == "incline-push-up"


def test_every_easier_variant_is_down_the_exercise_s_own_chain() -> None:
    levels = _levels(CATALOGUE)
    for exercise in CATALOGUE:
        if exercise.category is not Category.STRENGTH:
            continue
        down = previous_variant(exercise, GYM, CATALOGUE)
        if down is None:
            continue
        chain, below = set(), list(exercise.regresses_to)
        while below:
            chain.update(below)
            below = [r for i in below for r in CATALOGUE[i].regresses_to]
        assert down.id in chain, exercise.id
        assert levels[down.id] < levels[exercise.id], exercise.id
        assert not down.main_lift, exercise.id


def test_an_injurys_first_drill_says_what_it_works_for_the_place() -> None:
    # A knee answered with a hip drill says it works the muscles for the knee; it does not claim to keep the knee
    # "moving". A drill for the place itself says so.
    from crosstrain.core.selection import _for_the_area

    assert _for_the_area("quads", "knee") == "works the quadriceps for your knee"
    assert _for_the_area("lateral_hip", "lateral knee") == "works the outer hips for your lateral knee"
    assert _for_the_area("ankles", "ankle") == "keeps your ankles moving"
    assert _for_the_area("hamstrings", "hamstring") == "keeps your hamstrings moving"
