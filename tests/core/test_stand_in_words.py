"""What a home runner holds in place of dumbbells, and how the set gets harder, in words true to what they own."""

from __future__ import annotations

from crosstrain.core.implements import Implements, stand_in_words


def test_one_bell_says_so() -> None:
    hold, step = stand_in_words("kettlebell", Implements(kettlebells_kg=(16.0,)))
    assert "Use your kettlebell (16 kg)" in hold
    assert step.endswith("you have one kettlebell")


def test_a_pair_of_one_weight_is_not_called_one_kettlebell() -> None:
    # Two 35-lb bells (a US runner's pair): no heavier bell to step to, and not "one kettlebell" either.
    _, step = stand_in_words("kettlebell", Implements(kettlebells_kg=(15.8757, 15.8757)))
    assert "one kettlebell" not in step
    assert step.endswith("your kettlebells are all one weight")
    assert step.startswith("a slower lowering (3 s), then a 2-s pause")


def test_bells_of_several_weights_step_to_the_next() -> None:
    _, step = stand_in_words("kettlebell", Implements(kettlebells_kg=(12.0, 16.0)))
    assert step.startswith("your next heavier kettlebell")
