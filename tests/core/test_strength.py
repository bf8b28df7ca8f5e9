"""crosstrain.core.strength: the e1RM estimate, personal records per lift, and what changed since last time."""

from __future__ import annotations

from datetime import date

import pytest

from crosstrain.core.strength import LoggedSet, change_since, estimated_1rm, lift_records


@pytest.mark.parametrize(
    ("load", "reps", "rir", "expected"),
    [
        (100.0, 1, 0, 100.0),  # a single to failure is its own load
        (100.0, 5, 0, 116.7),  # Epley: 100 × (1 + 5/30)
        (100.0, 5, 2, 123.3),  # RIR added to reps: taken as a 7-rep maximum
        (100.0, 5, None, 116.7),  # no RIR logged: counted as to failure
        (20.0, 12, 3, 30.0),  # 15 to failure: the last one estimated
        (20.0, 12, 4, None),  # 16 to failure: too far from a single
        (0.0, 5, 2, None),
        (50.0, 0, 2, None),
    ],
)
def test_estimated_1rm_is_epley_with_reps_in_reserve_added(
    load: float, reps: int, rir: int | None, expected: float | None
) -> None:
    assert estimated_1rm(load_kg=load, reps=reps, rir=rir) == expected


def _set(
    day: int, load: float | None, reps: int | None = 5, rir: int | None = 2, *, external: bool = True
) -> LoggedSet:
    return LoggedSet(date(2026, 11, day), "goblet-squat", "Goblet squat", reps, None, load, rir, external)


def test_records_name_the_heaviest_set_the_best_and_the_latest_estimate() -> None:
    sets = [_set(2, 20.0), _set(9, 24.0, reps=3, rir=1), _set(16, 22.0, reps=8, rir=2), _set(23, 20.0)]
    (record,) = lift_records(sets)
    assert (record.heaviest_kg, record.heaviest_reps, record.heaviest_on) == (24.0, 3, date(2026, 11, 9))
    # 22 × (1 + 10/30) = 29.3 beats 24 × (1 + 4/30) = 27.2
    assert (record.best_e1rm, record.best_on) == (29.3, date(2026, 11, 16))
    assert (record.latest_e1rm, record.latest_on) == (24.7, date(2026, 11, 23))


def test_body_weight_band_and_timed_exercises_have_no_estimate() -> None:
    body_weight = _set(2, None, external=False)
    band = _set(3, 5.0, external=False)
    hold = LoggedSet(date(2026, 11, 4), "side-plank", "Side plank", None, 30, None, None, False)
    assert lift_records([body_weight, band, hold]) == ()


def test_change_since_last_time_says_load_reps_and_sets_in_words() -> None:
    before = [_set(2, 12.0, reps=10), _set(2, 12.0, reps=10)]
    after = [_set(9, 14.0, reps=12), _set(9, 14.0, reps=12), _set(9, 14.0, reps=12)]
    assert change_since(before, after) == "12 kg → 14 kg, 10 → 12 reps, 2 → 3 sets"
    assert change_since(before, before) == "same as last time"
    assert change_since([], after) == ""
