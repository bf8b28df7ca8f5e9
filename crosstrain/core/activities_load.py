"""Plan vs done: the running each week asked for beside what was run, and the week that jumps (issue 26).

A plan's runs often carry no duration (a weekly template says "easy", not "45 minutes"): such a run counts at
the usual length of its kind below, and the week says its planned minutes are estimated. Only runs count
toward running minutes and kilometres; rides, swims and hikes are listed but are not running load.

The spike rule is the one the coach is shown, stated, not diagnosed: a week whose running minutes are more than
30 % above the average of the four weeks before it (the acute:chronic idea behind Gabbett 2016, kept as the
plain rule coaches use; its injury claims are disputed, so the words say what happened, not what it means).
It is only judged when the runner's activities reach back over all four earlier weeks: a runner who just
started uploading has no average to jump from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from crosstrain.core.habits import week_first
from crosstrain.core.running import Run, RunKind

# Usual minutes of a planned run of each kind when the plan does not say (a rough, stated estimate).
PLANNED_MINUTES = {RunKind.EASY: 45, RunKind.HARD: 60, RunKind.LONG: 100, RunKind.RACE: 45}
SPIKE_SHARE = 0.30
SPIKE_WEEKS = 4


@dataclass(frozen=True, slots=True)
class Done:
    """One recorded activity as the weekly sums need it."""

    day: date
    minutes: int
    km: float | None
    sport: str = "run"


@dataclass(frozen=True, slots=True)
class WeekLoad:
    start: date  # Monday
    planned_runs: int
    planned_minutes: int
    planned_estimated: bool  # some planned runs had no duration: counted at their kind's usual length
    done_runs: int
    done_minutes: int
    done_km: float
    flag: str | None  # the spike rule, in words, when this week breaks it


def weekly_load(
    planned: Sequence[Run],
    done: Sequence[Done],
    *,
    first: date,
    weeks: int,
    history_from: date | None,
    first_weekday: int = 0,
) -> list[WeekLoad]:
    """`weeks` weeks from the first day of `first`'s week, in a gym whose weeks start on `first_weekday` (0 Monday
    ... 6 Sunday). `history_from` is the runner's first activity ever (None: none), which says whether the four
    weeks before a week are known."""
    start = week_first(first, first_weekday)
    # The four weeks before the first shown one count for its spike rule too.
    earliest = start - timedelta(weeks=SPIKE_WEEKS)
    minutes: dict[date, int] = {}
    for d in done:
        if d.sport == "run" and d.day >= earliest:
            week = week_first(d.day, first_weekday)
            minutes[week] = minutes.get(week, 0) + d.minutes
    out: list[WeekLoad] = []
    for w in range(weeks):
        week = start + timedelta(weeks=w)
        end = week + timedelta(days=7)
        runs = [r for r in planned if week <= r.day < end and r.sport == "run" and r.kind is not RunKind.REST]
        ran = [d for d in done if week <= d.day < end and d.sport == "run"]
        out.append(
            WeekLoad(
                start=week,
                planned_runs=len(runs),
                planned_minutes=sum(r.minutes or PLANNED_MINUTES[r.kind] for r in runs),
                planned_estimated=any(r.minutes is None for r in runs),
                done_runs=len(ran),
                done_minutes=sum(d.minutes for d in ran),
                done_km=round(sum(d.km or 0 for d in ran), 1),
                flag=spike(week, minutes, history_from),
            )
        )
    return out


def spike(week: date, minutes: dict[date, int], history_from: date | None) -> str | None:
    """The rule in words when `week`'s running minutes are more than 30 % above the four weeks before it."""
    before = [week - timedelta(weeks=n) for n in range(1, SPIKE_WEEKS + 1)]
    if history_from is None or history_from > before[-1]:
        return None
    average = sum(minutes.get(w, 0) for w in before) / SPIKE_WEEKS
    now = minutes.get(week, 0)
    if average <= 0 or now <= average * (1 + SPIKE_SHARE):
        return None
    above = round((now / average - 1) * 100)
    return (
        f"{now} running minutes, {above} % above the average of the four weeks before ({round(average)} minutes); "
        f"the rule flags a week more than {round(SPIKE_SHARE * 100)} % above that average"
    )
