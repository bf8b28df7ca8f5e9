"""The timetable optimizer: every rule holds, the objective is optimal on small instances, bad input is named."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosstrain.core.running import WEEKDAYS
from crosstrain.core.timetable import (
    TimetableInputError,
    brute_force,
    explain_unplaced,
    greedy,
    parse_instance,
    solve,
    violations,
)

EASY_WEEK = dict.fromkeys(WEEKDAYS, "easy")


def slot(
    slot_id: str, day: str, start: str = "18:00", *, coach: str = "kim", minutes: int = 60, capacity: int = 2
) -> dict[str, Any]:
    return {"id": slot_id, "coach": coach, "day": day, "start": start, "minutes": minutes, "capacity": capacity}


def runner(runner_id: str, available: list[str], prefers: list[str] | None = None, **week: str) -> dict[str, Any]:
    return {"id": runner_id, "available": available, "prefers": prefers or [], "running_week": {**EASY_WEEK, **week}}


def test_runners_share_opened_slots_before_new_ones_are_opened() -> None:
    data = {
        "slots": [slot("mon", "mon"), slot("wed", "wed"), slot("thu", "thu"), slot("sat", "sat")],
        "runners": [runner("a", ["mon", "wed", "thu", "sat"]), runner("b", ["mon", "thu", "sat"])],
    }
    result = solve(parse_instance(data), time_limit=5)
    assert result.optimal
    assert result.objective.runners_placed == 2
    assert result.objective.slots_opened == 2
    assert not violations(parse_instance(data), result.assignments)


def test_no_session_the_day_before_a_hard_run_and_a_full_day_between() -> None:
    data = {
        "slots": [slot(d, d) for d in WEEKDAYS],
        "runners": [runner("a", list(WEEKDAYS), wed="hard", sat="long")],
    }
    result = solve(parse_instance(data), time_limit=5)
    days = result.assignments["a"]
    assert "tue" not in days
    assert "fri" not in days
    order = [WEEKDAYS.index(d) for d in days]
    gap = abs(order[0] - order[1])
    assert min(gap, 7 - gap) >= 2


def test_the_wrap_from_sunday_to_monday_counts() -> None:
    data = {"slots": [slot("sun", "sun"), slot("mon", "mon")], "runners": [runner("a", ["sun", "mon"])]}
    result = solve(parse_instance(data), time_limit=5)
    assert result.objective.runners_placed == 0
    assert "cannot hold 2 sessions with a full day between them" in result.unplaced[0]["reason"]


def test_a_coach_never_runs_overlapping_slots() -> None:
    data = {
        "slots": [slot("mon-a", "mon", "18:00"), slot("mon-b", "mon", "18:30"), slot("wed", "wed"), slot("thu", "thu")],
        "runners": [runner("a", ["mon-a", "wed"]), runner("b", ["mon-b", "thu"])],
    }
    result = solve(parse_instance(data), time_limit=5)
    assert result.objective.runners_placed == 1
    assert not {"mon-a", "mon-b"} <= set(result.opened)


def test_capacity_is_respected_and_the_left_out_runner_is_explained() -> None:
    data = {
        "slots": [slot("mon", "mon", capacity=2), slot("wed", "wed", capacity=2)],
        "runners": [runner(r, ["mon", "wed"]) for r in ("a", "b", "c")],
    }
    result = solve(parse_instance(data), time_limit=5)
    assert result.objective.runners_placed == 2
    [left_out] = result.unplaced
    assert left_out["reason"].startswith("the slots they can use were full")


def test_preferences_break_ties() -> None:
    data = {
        "slots": [slot("mon", "mon"), slot("wed", "wed"), slot("fri", "fri")],
        "runners": [runner("a", ["mon", "wed", "fri"], prefers=["fri"])],
    }
    result = solve(parse_instance(data), time_limit=5)
    assert "fri" in result.assignments["a"]
    assert result.objective.preferences_met == 1


def test_every_slot_on_the_day_before_hard_runs_is_explained() -> None:
    inst = parse_instance({"slots": [slot("mon", "mon")], "runners": [runner("a", ["mon"], tue="hard")]})
    assert (
        explain_unplaced(inst, inst.runners[0])
        == "every available slot falls on the day before a long or hard run (mon)"
    )


def test_json_shape() -> None:
    data = {"slots": [slot("mon", "mon"), slot("wed", "wed")], "runners": [runner("a", ["mon", "wed"])]}
    out = solve(parse_instance(data), time_limit=5).as_dict()
    assert out == {
        "assignments": {"a": ["mon", "wed"]},
        "opened": ["mon", "wed"],
        "unplaced": [],
        "objective": {"runners_placed": 1, "slots_opened": 2, "preferences_met": 0},
        "optimal": True,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"slots": []}, "'slots' must be a non-empty list"),
        ({"slots": [slot("a", "monday")], "runners": []}, "slot 'a'.day: 'monday' is not one of mon"),
        ({"slots": [slot("a", "mon", "6pm")], "runners": []}, "slot 'a'.start: '6pm' is not a time"),
        ({"slots": [slot("a", "mon", capacity=6)], "runners": []}, "slot 'a'.capacity: 6 is not 2-4 runners"),
        (
            {"slots": [slot("a", "mon")], "runners": [runner("r", ["zzz"])]},
            "runner 'r'.available: 'zzz' is not a slot id",
        ),
        ({"slots": [slot("a", "mon")], "runners": [runner("r", [], prefers=["a"])]}, "is preferred but not available"),
        (
            {"slots": [slot("a", "mon")], "runners": [runner("r", ["a"], sat="tempo")]},
            "running_week.sat: 'tempo' is not one of",
        ),
        (
            {"slots": [slot("a", "mon")], "runners": [], "sessions_per_runner": 5},
            "'sessions_per_runner': 5 is not 1, 2 or 3",
        ),
    ],
)
def test_bad_instances_are_refused_naming_the_field(data: dict[str, Any], message: str) -> None:
    with pytest.raises(TimetableInputError) as info:
        parse_instance(data)
    assert message in str(info.value)


@st.composite
def small_instances(draw: st.DrawFn) -> dict[str, Any]:
    slots = []
    for i in range(draw(st.integers(2, 5))):
        slots.append(
            slot(
                f"s{i}",
                draw(st.sampled_from(WEEKDAYS)),
                draw(st.sampled_from(["07:00", "07:30", "18:00"])),
                coach=draw(st.sampled_from(["kim", "lee"])),
                capacity=draw(st.integers(2, 3)),
            )
        )
    ids = [s["id"] for s in slots]
    runners = []
    for r in range(draw(st.integers(1, 4))):
        available = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        prefers = draw(st.lists(st.sampled_from(available), unique=True)) if available else []
        week = {d: draw(st.sampled_from(["rest", "easy", "easy", "hard", "long"])) for d in WEEKDAYS}
        runners.append({"id": f"r{r}", "available": available, "prefers": prefers, "running_week": week})
    return {"slots": slots, "runners": runners, "sessions_per_runner": 2}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_every_timetable_obeys_every_rule_and_matches_the_brute_force_optimum(data: dict[str, Any]) -> None:
    instance = parse_instance(data)
    result = solve(instance, time_limit=10, workers=1)
    assert violations(instance, result.assignments) == []
    assert result.optimal
    assert result.objective == brute_force(instance)
    baseline = greedy(instance)
    assert violations(instance, baseline.assignments) == []
    assert baseline.objective.key() <= result.objective.key()
    placed = set(result.assignments)
    assert {u["runner"] for u in result.unplaced} == {r.id for r in instance.runners} - placed


def test_interchangeable_coaches_share_the_load_without_breaking_a_rule() -> None:
    # Three coaches offer the same Monday and Thursday slots; seven runners can make all of them.
    slots = [slot(f"{c}-{d}", d, coach=c, capacity=3) for c in ("kim", "lee", "max") for d in ("mon", "thu")]
    runners = [runner(f"r{i}", [s["id"] for s in slots]) for i in range(7)]
    instance = parse_instance({"slots": slots, "runners": runners})
    result = solve(instance, time_limit=10)
    assert result.optimal
    assert result.objective.runners_placed == 7
    assert result.objective.slots_opened == 6  # ceil(7 / 3) on each of the two days
    assert violations(instance, result.assignments) == []
