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


def test_the_next_step_names_the_kettlebell_a_runner_without_dumbbells_will_hold() -> None:
    # A kettlebell-only runner told to "move on to Single-leg calf raise with a dumbbell" has no dumbbell: the next
    # step says which weight they hold. A runner with dumbbells reads the plain name.
    from crosstrain.core.catalogue import default_catalogue
    from crosstrain.core.dosing import progress_note

    catalogue = default_catalogue()
    now, loaded = catalogue.get("single-leg-calf-raise"), catalogue.get("loaded-single-leg-calf-raise")
    bells = progress_note(now, now.dose, loaded, owned=frozenset({"kettlebell", "band"}))
    assert "move on to Single-leg calf raise with a dumbbell (hold your kettlebell instead)" in bells
    dumbbells = progress_note(now, now.dose, loaded, owned=frozenset({"dumbbells", "kettlebell"}))
    assert "move on to Single-leg calf raise with a dumbbell." in dumbbells
