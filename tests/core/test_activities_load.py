"""Plan vs done by week, and the 30 % spike rule (crosstrain.core.activities_load)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crosstrain.core.activities_load import Done, spike, weekly_load
from crosstrain.core.running import Run, RunKind

MON = date(2026, 11, 2)  # a Monday


def _weeks_of(minutes: list[int]) -> list[Done]:
    """One run on the Wednesday of each week, oldest first, ending in the week of MON."""
    start = MON - timedelta(weeks=len(minutes) - 1)
    return [Done(start + timedelta(weeks=i, days=2), m, m / 6) for i, m in enumerate(minutes) if m]


def test_planned_and_done_side_by_side() -> None:
    planned = [
        Run(MON, RunKind.EASY),
        Run(MON + timedelta(days=2), RunKind.HARD, minutes=50),
        Run(MON + timedelta(days=5), RunKind.LONG),
        Run(MON + timedelta(days=6), RunKind.HARD, sport="bike"),
    ]
    done = [
        Done(MON, 40, 7.5),
        Done(MON + timedelta(days=2), 55, 11.0),
        Done(MON + timedelta(days=3), 90, 30.0, sport="bike"),
    ]
    (week,) = weekly_load(planned, done, first=MON + timedelta(days=3), weeks=1, history_from=MON)
    assert week.start == MON
    assert (week.planned_runs, week.planned_minutes, week.planned_estimated) == (3, 45 + 50 + 100, True)
    assert (week.done_runs, week.done_minutes, week.done_km) == (2, 95, 18.5)
    assert week.flag is None


@pytest.mark.parametrize(
    ("history", "flagged"),
    [
        ([200, 200, 200, 200, 261], True),  # 30.5 % above
        ([200, 200, 200, 200, 260], False),  # exactly 30 %: not more than
        ([100, 300, 200, 200, 270], True),  # the average, not the last week
        ([0, 0, 0, 200, 400], True),  # empty weeks count as 0 when the history reaches back
        ([0, 0, 0, 0, 300], False),  # nothing before: no average to jump from
    ],
)
def test_the_spike_rule(history: list[int], flagged: bool) -> None:
    done = _weeks_of(history)
    first = MON - timedelta(weeks=len(history) - 1)
    weeks = weekly_load([], done, first=MON, weeks=1, history_from=first)
    assert (weeks[0].flag is not None) is flagged
    if flagged:
        assert "the rule flags a week more than 30 % above that average" in (weeks[0].flag or "")


def test_no_spike_without_four_weeks_of_history() -> None:
    done = _weeks_of([200, 200, 500])
    assert spike(MON, {MON: 500, MON - timedelta(weeks=1): 200}, history_from=MON - timedelta(weeks=2)) is None
    weeks = weekly_load([], done, first=MON, weeks=1, history_from=done[0].day)
    assert weeks[0].flag is None
