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
    """Dated runs; a day with nothing on it is a rest day. Several runs on one day count as the hardest, and
    the day remembers how many runs it has (a double: lift after the second, DESIGN.md 4.2)."""

    def __init__(self, runs: Iterable[Run]) -> None:
        by_day: dict[date, Run] = {}
        counts: dict[date, int] = {}
        for run in runs:
            if run.kind is not RunKind.REST:
                counts[run.day] = counts.get(run.day, 0) + 1
            kept = by_day.get(run.day)
            if kept is None or run.kind.demand > kept.kind.demand:
                by_day[run.day] = run
        self._by_day = dict(sorted(by_day.items()))
        self._counts = counts

    def kind(self, day: date) -> RunKind:
        run = self._by_day.get(day)
        return RunKind.REST if run is None else run.kind

    def run_count(self, day: date) -> int:
        """How many runs are planned that day (2 for a double)."""
        return self._counts.get(day, 0)

    def run_on(self, day: date) -> Run | None:
        """The day's hardest run, if any."""
        return self._by_day.get(day)

    def runs(self, first: date, last: date) -> list[Run]:
        """Runs (not rest days) from `first` to `last` inclusive, in date order."""
        return [r for d, r in self._by_day.items() if first <= d <= last and r.kind is not RunKind.REST]

    def races(self) -> list[date]:
        return [d for d, r in self._by_day.items() if r.kind is RunKind.RACE]

    def with_races(self, races: Iterable[date]) -> RunningCalendar:
        """The same calendar with race days added (a race replaces whatever run was planned that day)."""
        race_days = set(races)
        kept = [r for r in self._by_day.values() if r.day not in race_days or r.kind is RunKind.RACE]
        known = {r.day for r in kept if r.kind is RunKind.RACE}
        extra = [
            Run(day=d, kind=RunKind.RACE, title="Race", reason="listed in races") for d in sorted(race_days - known)
        ]
        calendar = RunningCalendar([*kept, *extra])
        # A race day is one race, whatever else was planned; other days keep their doubles.
        calendar._counts = {d: (1 if d in race_days else n) for d, n in self._counts.items()}
        calendar._counts.update(dict.fromkeys(race_days, 1))
        return calendar


def calendar_from_week(week: Mapping[str, RunKind | tuple[RunKind, ...]], first: date, days: int) -> RunningCalendar:
    """Repeat a weekly template over `days` days from `first` (the weekday of each date picks the runs).

    A template day holds one run kind, or two for a double (e.g. an easy morning run and a hard evening one).
    """
    runs = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        planned = week[WEEKDAYS[day.weekday()]]
        for kind in (planned,) if isinstance(planned, RunKind) else planned:
            if kind is not RunKind.REST:
                runs.append(Run(day=day, kind=kind))
    return RunningCalendar(runs)
