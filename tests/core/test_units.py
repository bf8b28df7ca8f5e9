"""Pounds or kilograms (issue 25, crosstrain.core.units): exact round trips, real equipment, distances in words."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.loads import implement, plausible_kg
from crosstrain.core.suggest import LoggedSet, suggest
from crosstrain.core.units import (
    IMPLEMENTS,
    UnitError,
    UnitSystem,
    format_distance,
    format_load,
    is_available_kg,
    lighter_load_kg,
    load_number,
    next_load_kg,
    parse_distance,
    parse_load,
    rack,
)

IMPERIAL, METRIC = UnitSystem.IMPERIAL, UnitSystem.METRIC
CATALOGUE = default_catalogue()
WEIGHTED = [e for e in CATALOGUE if e.category.value == "strength" and e.load.value == "external"]

# A load as a person types it: up to 500 in either unit, to the hundredth.
typed = st.integers(1, 50_000).map(lambda n: Decimal(n) / 100)


@given(typed, st.sampled_from(UnitSystem))
def test_a_load_shown_entered_and_stored_comes_back_the_same(amount: Decimal, system: UnitSystem) -> None:
    shown = load_number(parse_load(str(amount), system), system)
    assert Decimal(shown) == amount
    # ... and a hundred edits later (shown, typed again, stored) it has not moved.
    stored = parse_load(shown, system)
    for _ in range(100):
        stored = parse_load(load_number(stored, system), system)
    assert Decimal(load_number(stored, system)) == amount


def test_35_lb_stays_35_lb() -> None:
    stored = parse_load("35", IMPERIAL)
    assert stored == Decimal("15.8757")
    assert format_load(stored, IMPERIAL) == "35 lb"
    assert format_load(stored, METRIC) == "15.88 kg"
    assert format_load(Decimal("12.50"), METRIC) == "12.5 kg"


def test_a_load_typed_with_its_unit_is_read_in_that_unit() -> None:
    assert parse_load("12,5 kg", IMPERIAL) == Decimal("12.5")
    assert parse_load("30 lbs", METRIC) == Decimal("13.6078")
    assert parse_load("  ", METRIC) is None
    with pytest.raises(UnitError, match="not a weight; write a number of pounds"):
        parse_load("heavy", IMPERIAL)
    with pytest.raises(UnitError, match="more than anyone lifts"):
        parse_load("5000", METRIC)


@given(st.sampled_from(IMPLEMENTS), st.sampled_from(UnitSystem), st.integers(0, 400))
def test_every_step_lands_on_a_weight_that_exists(held: str, system: UnitSystem, tenths: int) -> None:
    load = Decimal(tenths) / 2  # any logged load, on the rack or not, in kg
    up = next_load_kg(held, load, system)
    assert is_available_kg(held, up, system)
    assert up > load
    down = lighter_load_kg(held, load, system)
    assert down == 0 or (is_available_kg(held, down, system) and down < load)


@given(st.sampled_from(WEIGHTED), st.sampled_from(UnitSystem), st.integers(0, 60), st.integers(5, 15))
def test_every_suggested_load_is_a_weight_on_the_rack(exercise, system: UnitSystem, index: int, reps: int) -> None:  # type: ignore[no-untyped-def]
    sizes = rack(implement(exercise), system)._upto(Decimal(200))
    logged = parse_load(str(sizes[min(index, len(sizes) - 1)]), system)
    assert logged is not None
    last = [LoggedSet(reps=reps, load_kg=float(logged), rir=2)] * 3
    result = suggest(exercise, replace(exercise.dose, sets=3, reps=10, rir=2), last, units=system)
    assert result is not None
    assert result.load_kg is not None
    if result.load_kg > 0:
        assert plausible_kg(exercise, result.load_kg, system), (exercise.id, result.text)


def test_us_dumbbells_kettlebells_and_bars() -> None:
    lb = lambda n: parse_load(str(n), IMPERIAL)  # noqa: E731
    assert format_load(next_load_kg("dumbbells", lb(5), IMPERIAL), IMPERIAL) == "7.5 lb"
    assert format_load(next_load_kg("dumbbells", lb(10), IMPERIAL), IMPERIAL) == "15 lb"
    assert format_load(next_load_kg("barbell", lb(95), IMPERIAL), IMPERIAL) == "100 lb"
    assert format_load(next_load_kg("kettlebell", lb(35), IMPERIAL), IMPERIAL) == "44 lb"
    assert format_load(next_load_kg("kettlebell", 16, METRIC), METRIC) == "20 kg"
    assert format_load(next_load_kg("dumbbells", 10, METRIC), METRIC) == "12 kg"
    assert not is_available_kg("dumbbells", lb(11), IMPERIAL)


def test_the_engine_decides_the_same_in_pounds_and_kilograms() -> None:
    """Same profile, same logs (the same weights, one gym in pounds and one in kilograms): the same decisions."""
    for exercise in WEIGHTED:
        dose = replace(exercise.dose, sets=3, reps=10, rir=2)
        for reps, rir, pain in ((10, 2, 0), (10, 3, 0), (6, 0, 0), (9, 2, 0), (10, 2, 5)):
            for kg in (8.0, 16.0, 40.0):
                logged = [LoggedSet(reps=reps, load_kg=kg, rir=rir, pain=pain)] * 3
                metric = suggest(exercise, dose, logged, units=METRIC)
                imperial = suggest(exercise, dose, logged, units=IMPERIAL)
                assert metric is not None
                assert imperial is not None
                assert (metric.action, metric.reps, metric.sets) == (imperial.action, imperial.reps, imperial.sets)
                assert " kg" in metric.text
                assert " lb" not in metric.text
                assert " lb" in imperial.text
                assert " kg" not in imperial.text


def test_today_in_pounds_reads_in_pounds() -> None:
    curl = next(e for e in WEIGHTED if implement(e) == "dumbbells")
    dose = replace(curl.dose, sets=2, reps=12, rir=2)
    thirty = float(parse_load("30", IMPERIAL) or 0)
    result = suggest(curl, dose, [LoggedSet(reps=12, load_kg=thirty, rir=2)] * 2, units=IMPERIAL)
    assert result is not None
    assert (
        result.text
        == "Last time: 12, 12 reps with 30 lb at RIR 2 → today 2 × 12 with 35 lb (every set filled: one step up)."
    )


@pytest.mark.parametrize(
    ("typed_text", "system", "km"),
    [
        ("13.1 mi", METRIC, "21.0824064"),
        ("half marathon", IMPERIAL, "21.0975"),
        ("Half-Marathon", METRIC, "21.0975"),
        ("marathon", METRIC, "42.195"),
        ("10K", IMPERIAL, "10"),
        ("21.1 km", IMPERIAL, "21.1"),
        ("5000 m", IMPERIAL, "5"),
        ("26.2", IMPERIAL, "42.1648128"),
        ("10", METRIC, "10"),
    ],
)
def test_distances_in_words_become_kilometres(typed_text: str, system: UnitSystem, km: str) -> None:
    assert parse_distance(typed_text, system) == Decimal(km)


def test_distances_are_shown_in_the_unit() -> None:
    assert format_distance(Decimal("21.0975"), IMPERIAL) == "13.1 mi"
    assert format_distance(10, METRIC) == "10 km"
    assert format_distance(10, IMPERIAL) == "6.2 mi"
    with pytest.raises(UnitError, match="not a distance; write it like 10K"):
        parse_distance("far", METRIC)
