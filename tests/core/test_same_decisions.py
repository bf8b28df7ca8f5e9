"""The same coaching decisions in pounds and in kilograms (issue 25): the same profile and the same logs, entered
once by a pound gym and once by a metric one, give the same program and the same report; the suggestions take the
same action, each to a real weight of its own gym's rack, the two within one step of each other."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.loads import implement, plausible_kg
from crosstrain.core.profile import parse_profile
from crosstrain.core.program import Program, design_program
from crosstrain.core.report import block_report
from crosstrain.core.screen import NEUTRAL_SCREEN, score_screen
from crosstrain.core.suggest import LoggedSet, suggest
from crosstrain.core.units import UnitSystem, parse_distance, parse_load, rack, stored_km

IMPERIAL, METRIC = UnitSystem.IMPERIAL, UnitSystem.METRIC
EXAMPLES = Path(str(resources.files("crosstrain").joinpath("examples")))
CATALOGUE = default_catalogue()
WEIGHTED = [e for e in CATALOGUE if e.category.value == "strength" and e.load.value == "external"]


def profile(*, races: list[str], bells: list[str], dumbbell: str, units: UnitSystem) -> dict[str, Any]:
    """A home runner who lifts, as a coach in `units` would enter them (the web form's parsers): races and weights
    typed in words, stored in kilometres and kilograms."""
    data = json.loads((EXAMPLES / "profile-home-kettlebells.json").read_text())
    data.pop("conditions")  # a main lift is possible: the weights decide it
    days = ("2026-10-18", "2026-11-08")
    data["races"] = [
        {"date": day, "distance_km": stored_km(parse_distance(text, units) or 0), "priority": p}
        for day, text, p in zip(days, races, ("B", "A"), strict=True)
    ]
    data["equipment"] = ["kettlebell", "dumbbells", "band", "foam_roller"]
    kilograms = [float(parse_load(text, units) or 0) for text in bells]
    data["implements"] = {"kettlebells_kg": kilograms, "dumbbells_max_kg": float(parse_load(dumbbell, units) or 0)}
    return data


def decisions(program: Program) -> list[tuple[object, ...]]:
    """What the engine decided, without its words: each session's day, exercises, doses and main lifts."""
    return [
        (s.day, b.kind, i.exercise.id, i.dose, i.main_lift, i.warmup_sets, i.superset)
        for s in program.sessions
        for b in s.blocks
        for i in b.items
    ] + [tuple(program.notices), tuple(program.held_back)]


@pytest.mark.parametrize(
    ("pounds", "kilograms"),
    [
        # Equal masses typed in each unit.
        (
            {"races": ["6.21371192 mi", "13.1 mi"], "bells": ["35.27396195", "35.27396195"], "dumbbell": "44.0925"},
            {"races": ["10 km", "21.0824064 km"], "bells": ["16", "16"], "dumbbell": "20"},
        ),
        # What each gym sells: two 35-lb bells are two 16-kg bells, a 53-lb bell a 24-kg one, 44-lb dumbbells
        # 20-kg ones; a 10K and a half marathon named the same way in both.
        (
            {"races": ["10K", "half marathon"], "bells": ["35", "35", "53"], "dumbbell": "44"},
            {"races": ["10 km", "half marathon"], "bells": ["16", "16", "24"], "dumbbell": "20"},
        ),
    ],
)
def test_the_engine_designs_the_same_program_in_pounds_and_kilograms(
    pounds: dict[str, Any], kilograms: dict[str, Any]
) -> None:
    in_pounds = design_program(parse_profile(profile(**pounds, units=IMPERIAL), base_dir=EXAMPLES))
    in_kilograms = design_program(parse_profile(profile(**kilograms, units=METRIC), base_dir=EXAMPLES))
    assert decisions(in_pounds) == decisions(in_kilograms)
    assert any(i.main_lift for s in in_kilograms.sessions for b in s.blocks for i in b.items)  # the weights decided


def test_a_block_report_decides_the_same_in_pounds_and_kilograms() -> None:
    """The same bests logged in pounds and in kilograms: the same lifts progressed or stalled, the same focus."""
    screen = score_screen(NEUTRAL_SCREEN)
    logged = {
        "trap-bar-deadlift": (["135", "155", "175"], ["61.235", "70.307", "79.379"]),  # progressed
        "goblet-squat-to-box": (["35", "35", "35"], ["15.8757", "15.8757", "15.8757"]),  # stalled
        "dumbbell-rdl": (["50", "45"], ["22.6796", "20.4117"]),  # went back
    }
    reports = []
    for units, column in ((IMPERIAL, 0), (METRIC, 1)):
        lifts = [
            (
                lift,
                CATALOGUE[lift].name if lift in CATALOGUE else lift,
                [float(parse_load(t, units) or 0) for t in bests[column]],
            )
            for lift, bests in logged.items()
        ]
        reports.append(block_report(screen, screen, sessions_done=11, sessions_planned=12, lifts=lifts))
    pounds, kilograms = reports
    assert pounds.next_focus == kilograms.next_focus
    assert [(lift.exercise_id, lift.change > 0) for lift in pounds.lifts] == [
        (lift.exercise_id, lift.change > 0) for lift in kilograms.lifts
    ]
    assert any("no progress this block" in line for line in kilograms.next_focus)


def nearest(held: str, kg: Decimal, units: UnitSystem) -> Decimal:
    """The size of `held` on the `units` rack nearest to `kg`, as stored kilograms."""
    sizes = rack(held, units)._upto(Decimal(300))
    best = min(sizes, key=lambda size: abs(Decimal(str(parse_load(str(size), units))) - kg))
    return Decimal(str(parse_load(str(best), units)))


@pytest.mark.parametrize("outcome", [(10, 2, 0), (10, 3, 0), (6, 0, 0), (9, 2, 0), (10, 2, 5)])
@pytest.mark.parametrize("index", [2, 5, 9])
def test_suggestions_act_alike_on_each_gyms_real_weights(outcome: tuple[int, int, int], index: int) -> None:
    """A US runner logged a real weight of a US rack, a metric runner the nearest real weight of a metric one:
    the same action (up, keep, down, regress), each to a weight on its own rack, and the two suggested weights
    no further apart than the two logged plus one step."""
    reps, rir, pain = outcome
    for exercise in WEIGHTED:
        held = implement(exercise)
        dose = replace(exercise.dose, sets=3, reps=10, rir=2)
        pounds_kg = Decimal(str(parse_load(str(rack(held, IMPERIAL)._upto(Decimal(300))[index]), IMPERIAL)))
        logged = {IMPERIAL: pounds_kg, METRIC: nearest(held, pounds_kg, METRIC)}
        found = {
            units: suggest(
                exercise, dose, [LoggedSet(reps=reps, load_kg=float(kg), rir=rir, pain=pain)] * 3, units=units
            )
            for units, kg in logged.items()
        }
        pounds, kilograms = found[IMPERIAL], found[METRIC]
        assert pounds is not None
        assert kilograms is not None
        assert pounds.action is kilograms.action, (exercise.id, pounds.text, kilograms.text)
        assert pounds.exercise_id == kilograms.exercise_id
        for units, suggestion in found.items():
            if suggestion.load_kg:
                assert plausible_kg(exercise, suggestion.load_kg, units), (exercise.id, suggestion.text)
        if pounds.load_kg and kilograms.load_kg:
            apart = abs(logged[IMPERIAL] - logged[METRIC])
            step = max(abs(Decimal(str(s.load_kg)) - logged[u]) for u, s in found.items() if s.load_kg is not None)
            gap = abs(Decimal(str(pounds.load_kg)) - Decimal(str(kilograms.load_kg)))
            assert gap <= apart + step, (pounds.text, kilograms.text)
