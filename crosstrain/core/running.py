"""The running calendar: dated runs of four kinds, from a weekly template or an imported plan.

Placement (DESIGN.md 4.2) works on dates, not weekdays: a running plan changes week by week, and a race is
a date. A weekly template is only one way to produce the dated calendar.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class RunKind(StrEnum):
    """What a day of running asks of the legs, from least to most demanding."""

    REST = "rest"
    EASY = "easy"
    HARD = "hard"
    LONG = "long"
    RACE = "race"

    @property
    def demand(self) -> int:
        return _DEMAND[self]


_DEMAND = {RunKind.REST: 0, RunKind.EASY: 1, RunKind.HARD: 2, RunKind.LONG: 3, RunKind.RACE: 4}

# The template's days, in the order people write them.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A template day may not be a race: races are dates, given in `races` or found in an imported plan.
TEMPLATE_KINDS = (RunKind.REST, RunKind.EASY, RunKind.HARD, RunKind.LONG)


@dataclass(frozen=True, slots=True)
class Run:
    """One day of running. `title` and `reason` say where an imported run's kind came from."""

    day: date
    kind: RunKind
    title: str | None = None
    minutes: int | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "kind": str(self.kind),
            "title": self.title,
            "minutes": self.minutes,
            "reason": self.reason,
        }


class RunningCalendar:
    """Dated runs; a day with nothing on it is a rest day. Several runs on one day count as the hardest."""

    def __init__(self, runs: Iterable[Run]) -> None:
        by_day: dict[date, Run] = {}
        for run in runs:
            kept = by_day.get(run.day)
            if kept is None or run.kind.demand > kept.kind.demand:
                by_day[run.day] = run
        self._by_day = dict(sorted(by_day.items()))

    def kind(self, day: date) -> RunKind:
        run = self._by_day.get(day)
        return RunKind.REST if run is None else run.kind

    def runs(self, first: date, last: date) -> list[Run]:
        """Runs (not rest days) from `first` to `last` inclusive, in date order."""
        return [r for d, r in self._by_day.items() if first <= d <= last and r.kind is not RunKind.REST]

    def races(self) -> list[date]:
        return [d for d, r in self._by_day.items() if r.kind is RunKind.RACE]

    def with_races(self, races: Iterable[date]) -> RunningCalendar:
        """The same calendar with race days added (a race replaces whatever run was planned that day)."""
        extra = [Run(day=d, kind=RunKind.RACE, title="Race", reason="listed in races") for d in races]
        return RunningCalendar([*self._by_day.values(), *extra])


def calendar_from_week(week: Mapping[str, RunKind], first: date, days: int) -> RunningCalendar:
    """Repeat a weekly template over `days` days from `first` (the weekday of each date picks the kind)."""
    runs = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        kind = week[WEEKDAYS[day.weekday()]]
        if kind is not RunKind.REST:
            runs.append(Run(day=day, kind=kind))
    return RunningCalendar(runs)
