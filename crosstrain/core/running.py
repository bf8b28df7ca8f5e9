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
# (v3) Everything that makes a day hard counts (DESIGN.md 4.6): other training is written "<sport>:<intensity>"
# ("bike:hard", "match:hard", "hike:long"). A hard or long bike, hike, row, ski or match loads the legs like a
# hard or long run; swimming never does, and easy cross-training does not either.
CROSS_SPORTS = ("bike", "swim", "hike", "row", "ski", "elliptical", "match")
CROSS_INTENSITIES = (RunKind.EASY, RunKind.HARD, RunKind.LONG)
_SPORT_WORDS = {
    "run": "run",
    "bike": "bike session",
    "swim": "swim",
    "hike": "hike",
    "row": "rowing session",
    "ski": "ski session",
    "elliptical": "elliptical session",
    "match": "match",
}


@dataclass(frozen=True, slots=True)
class DayEntry:
    """One training session of a template day: a run of a kind, or cross-training at an intensity."""

    kind: RunKind
    sport: str = "run"

    @property
    def text(self) -> str:
        return str(self.kind) if self.sport == "run" else f"{self.sport}:{self.kind}"


def parse_entry(value: object) -> DayEntry | None:
    """A template day's entry ("easy", "bike:hard"), or None if it is not one. Swimming counts as easy."""
    if not isinstance(value, str):
        return None
    sport, colon, intensity = value.partition(":")
    if not colon:
        return DayEntry(RunKind(value)) if value in {str(k) for k in TEMPLATE_KINDS} else None
    if sport not in CROSS_SPORTS or intensity not in {str(k) for k in CROSS_INTENSITIES}:
        return None
    kind = RunKind(intensity)
    if sport == "swim":
        kind = RunKind.EASY  # the legs rest in the pool, whatever the effort
    return DayEntry(kind, sport)


def entry_label(value: object) -> str:
    """A stored template day in words: "easy", "hard bike", "easy + hard bike"."""
    entries = [parse_entry(v) for v in (value if isinstance(value, list) else [value])]
    words = [e.kind.value if e.sport == "run" else f"{e.kind.value} {e.sport}" for e in entries if e is not None]
    return " + ".join(words) if words else str(value)


def entry_kind(value: object) -> RunKind:
    """What a stored template day (an entry or a list of two) asks of the legs: its hardest entry's kind."""
    entries = [parse_entry(v) for v in (value if isinstance(value, list) else [value])]
    kinds = [e.kind for e in entries if e is not None]
    return max(kinds, key=lambda k: k.demand) if kinds else RunKind.REST


def sport_words(sport: str) -> str:
    return _SPORT_WORDS.get(sport, sport)


@dataclass(frozen=True, slots=True)
class Run:
    """One day of running. `title` and `reason` say where an imported run's kind came from."""

    day: date
    kind: RunKind
    title: str | None = None
    minutes: int | None = None
    reason: str | None = None
    # (v3) "run", or the other training that day: a bike, a hike, a match... (`CROSS_SPORTS`).
    sport: str = "run"

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "kind": str(self.kind),
            "sport": self.sport,
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


def calendar_from_week(
    week: Mapping[str, RunKind | DayEntry | tuple[RunKind | DayEntry, ...]], first: date, days: int
) -> RunningCalendar:
    """Repeat a weekly template over `days` days from `first` (the weekday of each date picks the runs).

    A template day holds one run kind, or two for a double (e.g. an easy morning run and a hard evening one);
    (v3) an entry may be cross-training (a `DayEntry` with its sport).
    """
    runs = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        planned = week[WEEKDAYS[day.weekday()]]
        for entry in (planned,) if isinstance(planned, RunKind | DayEntry) else planned:
            kind, sport = (entry.kind, entry.sport) if isinstance(entry, DayEntry) else (entry, "run")
            if kind is not RunKind.REST:
                runs.append(Run(day=day, kind=kind, sport=sport))
    return RunningCalendar(runs)
