"""The gym's own list of its weights (issue 25, crosstrain.core.units.parse_weights): read in the gym's unit, refused
in words when it cannot be read, and every suggestion and step lands on a weight the gym listed."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.dosing import load_step_in_unit
from crosstrain.core.loads import implement, plausible_kg
from crosstrain.core.suggest import Action, LoggedSet, suggest
from crosstrain.core.units import (
    GymWeights,
    UnitError,
    UnitSystem,
    format_load,
    lighter_load_kg,
    next_load_kg,
    parse_weights,
    shown_load,
    stored_kg,
)

IMPERIAL, METRIC = UnitSystem.IMPERIAL, UnitSystem.METRIC
CATALOGUE = default_catalogue()
WEIGHTED = [e for e in CATALOGUE if e.category.value == "strength" and e.load.value == "external"]
US_GYM = """dumbbells: 2.5-7.5 by 2.5, 10-50 by 5
kettlebells: 18, 26, 35, 44 lb
barbell: bar 45, plates 2.5
trap bar: bar 60, plates 5
cable: 10-150 by 10"""
SMALL_GYM = "dumbbells: 4, 6, 9, 12.5, 20; kettlebell: 8, 12, 16; cable: 5-50 by 5"


def listed(weights: GymWeights, held: str) -> list[Decimal]:
    sizes, _ = weights.rack_for(held, weights.system)
    return sizes._upto(Decimal(1000))[:40]


def test_a_us_gyms_list_is_read_in_pounds() -> None:
    weights = parse_weights(US_GYM, IMPERIAL)
    assert weights is not None
    assert listed(weights, "dumbbells")[:6] == [Decimal(n) for n in ("2.5", "5", "7.5", "10", "15", "20")]
    assert listed(weights, "dumbbells")[-1] == 50
    assert listed(weights, "kettlebell") == [18, 26, 35, 44]
    lb = lambda n: stored_kg(n, IMPERIAL)  # noqa: E731
    assert format_load(next_load_kg("dumbbells", lb(7.5), IMPERIAL, weights), IMPERIAL) == "10 lb"
    assert format_load(next_load_kg("kettlebell", lb(26), IMPERIAL, weights), IMPERIAL) == "35 lb"
    assert format_load(next_load_kg("barbell", lb(95), IMPERIAL, weights), IMPERIAL) == "100 lb"
    assert format_load(next_load_kg("trap_bar", lb(60), IMPERIAL, weights), IMPERIAL) == "70 lb"
    assert format_load(next_load_kg("cable", lb(40), IMPERIAL, weights), IMPERIAL) == "50 lb"
    # The heaviest the gym has is as far as a step goes.
    assert format_load(next_load_kg("kettlebell", lb(44), IMPERIAL, weights), IMPERIAL) == "44 lb"
    assert format_load(lighter_load_kg("kettlebell", lb(35), IMPERIAL, weights), IMPERIAL) == "26 lb"


def test_a_list_steps_to_the_next_weight_listed_however_close_or_far() -> None:
    weights = parse_weights(SMALL_GYM, METRIC)
    assert weights is not None
    assert format_load(next_load_kg("dumbbells", 6, METRIC, weights), METRIC) == "9 kg"
    assert format_load(next_load_kg("dumbbells", 12.5, METRIC, weights), METRIC) == "20 kg"
    assert format_load(next_load_kg("kettlebell", 8, METRIC, weights), METRIC) == "12 kg"
    # Not listed: the standard sizes stand (a bar with 1.25-kg plates a side).
    assert format_load(next_load_kg("barbell", 40, METRIC, weights), METRIC) == "42.5 kg"
    assert load_step_in_unit(CATALOGUE["goblet-squat-to-box"], 9, METRIC, weights) == Decimal("3.5")


def test_a_reader_in_the_other_unit_gets_the_gyms_weights_in_their_unit() -> None:
    weights = parse_weights(US_GYM, IMPERIAL)
    up = next_load_kg("dumbbells", stored_kg(30, IMPERIAL), METRIC, weights)  # a kilogram reader in a pound gym
    assert shown_load(up, IMPERIAL) == 35
    assert format_load(up, METRIC) == "15.88 kg"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dumbels: 5, 10", "Line 1 (dumbels: 5, 10): start with the implement and a colon"),
        ("dumbbells 5, 10", "start with the implement and a colon"),
        ("dumbbells: 5, heavy", "'heavy' is neither a weight nor a range; write sizes like 18, 26, 35"),
        ("dumbbells: 50-5 by 5", "the range runs from the lighter to the heavier"),
        ("dumbbells: 5-50 by 0", "the range runs from the lighter to the heavier"),
        ("dumbbells: 1-500 by 0.01", "more than 400 sizes; check the step"),
        ("kettlebells: 16 kg, 24 kg", "write the gym's weights in pounds (lb), its unit"),
        ("barbell: 45", "give the empty bar and the lightest plate, e.g. bar 45, plates 2.5"),
        ("dumbbells: 5\ndumbbells: 10", "Line 2 (dumbbells: 10): dumbbells are listed twice"),
        ("cable: 0", "give weights above 0"),
    ],
)
def test_a_list_that_cannot_be_read_is_refused_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(UnitError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_weights(text, IMPERIAL)


def test_an_empty_list_means_the_standard_sizes() -> None:
    assert parse_weights("", IMPERIAL) is None
    assert parse_weights("  \n ", METRIC) is None


@given(
    st.sampled_from(WEIGHTED),
    st.sampled_from([(US_GYM, IMPERIAL), (SMALL_GYM, METRIC)]),
    st.sampled_from(UnitSystem),
    st.integers(0, 60),
    st.sampled_from([(10, 2, 0), (10, 3, 0), (6, 0, 0), (9, 2, 0), (10, 2, 5)]),
)
def test_every_suggested_load_is_one_the_gym_has(  # type: ignore[no-untyped-def]
    exercise, gym: tuple[str, UnitSystem], reader: UnitSystem, index: int, outcome: tuple[int, int, int]
) -> None:
    """Whatever was logged last (a weight on the gym's list), filled, short, ground out or painful, and whichever
    unit the reader reads: the load suggested is on the gym's list (or 0, nothing lighter)."""
    weights = parse_weights(*gym)
    assert weights is not None
    held = implement(exercise)
    sizes, unit = weights.rack_for(held, reader)
    options = sizes._upto(Decimal(200))
    logged = stored_kg(options[min(index, len(options) - 1)], unit)
    reps, rir, pain = outcome
    last = [LoggedSet(reps=reps, load_kg=float(logged), rir=rir, pain=pain)] * 3
    result = suggest(exercise, replace(exercise.dose, sets=3, reps=10, rir=2), last, units=reader, weights=weights)
    assert result is not None
    if result.action is Action.REGRESS:
        return  # an easier exercise said in words, with no load
    assert result.load_kg is not None
    if result.load_kg > 0:
        assert plausible_kg(exercise, result.load_kg, reader, weights), (exercise.id, result.text)
        assert sizes.available(shown_load(result.load_kg, unit))
