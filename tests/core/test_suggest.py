"""Load suggestions from the logs (crosstrain.core.suggest): double progression, one step at a time, pain regresses."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosstrain.core.catalogue import Dose, Exercise, default_catalogue
from crosstrain.core.dosing import BODYWEIGHT_REP_CAP, HOLD_CAP_SECONDS
from crosstrain.core.loads import implement
from crosstrain.core.suggest import Action, LoggedSet, suggest
from crosstrain.core.units import UnitSystem, lighter_load_kg, next_load_kg

CATALOGUE = default_catalogue()


def ex(exercise_id: str) -> Exercise:
    found = CATALOGUE.get(exercise_id)
    assert found is not None
    return found


GOBLET = ex("goblet-squat")
TRAP_BAR = ex("trap-bar-deadlift")
BAND_ROW = ex("band-row")
PUSH_UP = ex("incline-push-up")
PLANK = ex("forearm-plank")
CARRY = ex("farmer-carry")
DOSE = Dose(sets=3, reps=10, rir=2)


def sets(*reps: int, load: float | None = 12.0, rir: int | None = 2, pain: int = 0) -> list[LoggedSet]:
    return [LoggedSet(reps=r, load_kg=load, rir=rir, pain=pain) for r in reps]


@pytest.mark.parametrize(
    ("exercise", "logged", "action", "load"),
    [
        # Every set at the top of the range at the target RIR: the smallest step for the equipment.
        (GOBLET, sets(10, 10, 10), Action.ADD_LOAD, 14.0),
        (GOBLET, sets(10, 10, 10, load=8.0), Action.ADD_LOAD, 9.0),  # light dumbbells go up 1 kg
        (TRAP_BAR, sets(10, 10, 10, load=60.0), Action.ADD_LOAD, 62.5),
        (GOBLET, sets(10, 10, 10, rir=3), Action.ADD_LOAD, 14.0),  # easier than prescribed: still filled
        # Not filled yet: same load, aim for the top of the range.
        (GOBLET, sets(10, 10, 9), Action.KEEP, 12.0),
        (GOBLET, sets(10, 10), Action.KEEP, 12.0),  # a set missing
        (GOBLET, sets(10, 10, 10, rir=1), Action.KEEP, 12.0),  # one rep closer to failure than prescribed
        # Too hard: 2+ below the target RIR, or 3+ reps short: one step back.
        (GOBLET, sets(10, 10, 10, rir=0), Action.DROP_LOAD, 10.0),
        (GOBLET, sets(10, 8, 7), Action.DROP_LOAD, 10.0),
        # Pain 4+ in the exercise: the easier variant, never more load.
        (GOBLET, sets(10, 10, 10, pain=4), Action.REGRESS, None),
    ],
)
def test_weights_follow_double_progression(
    exercise: Exercise, logged: list[LoggedSet], action: Action, load: float | None
) -> None:
    easier = ex("goblet-squat-to-box")
    result = suggest(exercise, DOSE, logged, easier=easier)
    assert result is not None
    assert (result.action, result.load_kg) == (action, load)


def test_the_session_page_line_reads_as_the_issue_shows_it() -> None:
    result = suggest(GOBLET, DOSE, sets(10, 10, 9))
    assert result is not None
    assert result.text == "Last time: 10, 10, 9 reps with 12 kg at RIR 2 → today 3 × 10 with 12 kg."


def test_pain_regresses_to_the_easier_variant_and_says_so() -> None:
    result = suggest(GOBLET, DOSE, sets(10, 10, 10, pain=5), easier=ex("goblet-squat-to-box"))
    assert result is not None
    assert result.exercise_id == "goblet-squat-to-box"
    assert "pain 5/10 last time: ask your coach about Goblet squat to a box instead" in result.text


def test_a_variant_is_said_in_words_and_left_to_the_coach() -> None:
    # The page never swaps the exercise: the next or easier variant is for the coach to decide.
    regress = suggest(GOBLET, DOSE, sets(10, 10, 10, pain=4), easier=ex("goblet-squat-to-box"))
    step_up = suggest(PUSH_UP, DOSE, sets(*[BODYWEIGHT_REP_CAP] * 3, load=None), harder=ex("push-up"))
    for result in (regress, step_up):
        assert result is not None
        assert "ask your coach" in result.text
    assert step_up is not None
    assert "ready for Push-up" in step_up.text


def test_pain_without_an_easier_variant_takes_one_step_lighter() -> None:
    result = suggest(TRAP_BAR, DOSE, sets(10, 10, 10, load=60.0, pain=6))
    assert result is not None
    assert (result.action, result.load_kg) == (Action.DROP_LOAD, 57.5)
    assert "pain 6/10" in result.text


def test_a_light_session_keeps_last_times_load() -> None:
    result = suggest(GOBLET, DOSE, sets(10, 10, 10), light=True)
    assert result is not None
    assert (result.action, result.load_kg) == (Action.KEEP, 12.0)


@pytest.mark.parametrize(
    ("logged", "action"),
    [
        (sets(12, 12, 12, load=None), Action.STRONGER_BAND),
        (sets(12, 12, 11, load=None), Action.KEEP),
        (sets(12, 12, 12, load=None, rir=0), Action.EASIER_BAND),
    ],
)
def test_bands_step_by_band(logged: list[LoggedSet], action: Action) -> None:
    result = suggest(BAND_ROW, Dose(sets=3, reps=12, rir=2), logged)
    assert result is not None
    assert (result.action, result.load_kg) == (action, None)


def test_body_weight_adds_reps_up_to_the_cap_then_the_next_variant() -> None:
    dose = Dose(sets=3, reps=10, rir=2)
    more = suggest(PUSH_UP, dose, sets(10, 10, 10, load=None))
    assert more is not None
    assert (more.action, more.reps) == (Action.ADD_REPS, 12)
    capped = suggest(PUSH_UP, dose, sets(*[BODYWEIGHT_REP_CAP] * 3, load=None), harder=ex("push-up"))
    assert capped is not None
    assert (capped.action, capped.exercise_id) == (Action.NEXT_VARIANT, "push-up")
    slower = suggest(PUSH_UP, dose, sets(*[BODYWEIGHT_REP_CAP] * 3, load=None))
    assert slower is not None
    assert slower.action is Action.SLOWER_LOWERING
    assert "add load" not in slower.text.lower()


def test_holds_add_five_seconds_up_to_the_cap_and_carries_keep_their_load() -> None:
    held = [LoggedSet(seconds=30, rir=2)] * 3
    result = suggest(PLANK, Dose(sets=3, seconds=30, rir=2), held)
    assert result is not None
    assert (result.action, result.seconds, result.load_kg) == (Action.ADD_SECONDS, 35, None)
    carried = [LoggedSet(seconds=40, load_kg=16.0)] * 3
    carry = suggest(CARRY, Dose(sets=3, seconds=40, rir=2), carried)
    assert carry is not None
    assert (carry.action, carry.seconds, carry.load_kg) == (Action.ADD_SECONDS, 45, 16.0)
    at_cap = suggest(PLANK, Dose(sets=3, seconds=30, rir=2), [LoggedSet(seconds=HOLD_CAP_SECONDS)] * 3)
    assert at_cap is not None
    assert at_cap.seconds == HOLD_CAP_SECONDS


def test_the_first_time_says_how_to_choose_the_load() -> None:
    result = suggest(GOBLET, DOSE, [])
    assert result is not None
    assert result.action is Action.FIRST_TIME
    assert (
        result.text == "First time: choose a load you could lift 2 more times at the end of each set; aim for 3 × 10."
    )


def test_mobility_foam_rolling_and_jumps_get_no_suggestion() -> None:
    for exercise in CATALOGUE:
        if exercise.category.value != "strength":
            assert suggest(exercise, exercise.dose, sets(10)) is None


logged_sets = st.lists(
    st.builds(
        LoggedSet,
        reps=st.one_of(st.none(), st.integers(0, 30)),
        seconds=st.one_of(st.none(), st.integers(0, 120)),
        load_kg=st.one_of(st.none(), st.floats(0, 300, allow_nan=False).map(lambda x: round(x * 2) / 2)),
        rir=st.one_of(st.none(), st.integers(0, 10)),
        pain=st.integers(0, 10),
    ),
    min_size=1,
    max_size=6,
)
strength = [e for e in CATALOGUE if e.category.value == "strength"]


@given(st.sampled_from(strength), logged_sets, st.booleans(), st.sampled_from(UnitSystem))
def test_a_suggestion_never_moves_more_than_one_step(
    exercise: Exercise, logged: list[LoggedSet], light: bool, units: UnitSystem
) -> None:
    dose = replace(exercise.dose, sets=3, rir=2)
    result = suggest(exercise, dose, logged, light=light, units=units)
    assert result is not None
    last = max((s.load_kg for s in logged if s.load_kg is not None), default=None)
    if result.load_kg is not None and last is not None:
        # One step: the same load, or the next weight that exists up or down on the exercise's implement.
        held = implement(exercise)
        steps = {last, float(next_load_kg(held, last, units)), float(lighter_load_kg(held, last, units))}
        assert result.load_kg in steps
        assert result.load_kg >= 0
    if result.reps is not None and dose.reps is not None:
        best = min((s.reps or 0) for s in logged)
        assert result.reps <= max(dose.reps, best) + 2
    if light:
        assert result.action in (Action.KEEP, Action.REGRESS, Action.DROP_LOAD)


@given(st.sampled_from(strength), logged_sets)
def test_pain_never_earns_a_step_up(exercise: Exercise, logged: list[LoggedSet]) -> None:
    painful = [replace(s, pain=max(s.pain, 4)) for s in logged]
    result = suggest(exercise, replace(exercise.dose, sets=3, rir=2), painful)
    assert result is not None
    assert result.action in (Action.REGRESS, Action.DROP_LOAD, Action.KEEP)
    last = max((s.load_kg for s in painful if s.load_kg is not None), default=None)
    if result.load_kg is not None and last is not None:
        assert result.load_kg <= last
    assert "pain" in result.text
