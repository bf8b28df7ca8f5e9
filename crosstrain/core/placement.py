"""Placing two sessions a week around the running calendar (DESIGN.md 4.2).

Every rule of 4.2 is a cost here, so one search can both obey the rules and, when a calendar leaves no legal
placement, find the least-bad days and say which rule it relaxed, on which date, and why:

| rule (DESIGN.md 4.2, source)                                           | cost      | relaxed? |
|------------------------------------------------------------------------|-----------|----------|
| never on a race day                                                    | forbidden | never    |
| race lead-in: at most one session in the 7 days before a race,         | 40 000    | rather   |
|   at least 3 days out (and that session's volume is halved)            |           | drop one |
| two sessions a week                                                    | 10 000    | only for |
|                                                                        | per gap   | races    |
| never the day before a long run, a hard run or a race                  | 1 000     | if must  |
| a full day between any two sessions, across weeks too (Doma 2019)      | 800       | if must  |
| prefer a hard-run day ("hard days hard"), then an easy or rest day     | 0 / 2 / 2 | —        |
|   then a long-run day, then the two days after a race (recovery)       | 6 / 9     |          |

Costs are chosen so that a missing session outweighs any relaxation of the day rules (a normal week always
gets its two sessions), while a race lead-in rule outweighs a missing session (before a race, fewer
sessions is the rule, not a relaxation). Spacing is relaxed before the day-before rule: back-to-back lifting
costs the runner less than a quality run on tired legs.

The search is exact: a dynamic program over the weeks whose state is the last session's date, so the
spacing rule across week boundaries is seen. Ties go to the earliest days, so the output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from crosstrain.core.running import RunKind, RunningCalendar

WEEKS = 6
SESSIONS_PER_WEEK = 2
LEAD_IN_DAYS = 7  # "the 7 days before a race"
MIN_DAYS_OUT = 3  # "at least 3 days out"

_FORBIDDEN = 10**9
_LEAD_IN = 40_000
_MISSING = 10_000
_DAY_BEFORE = 1_000
_SPACING = 800
_PREFERENCE = {RunKind.HARD: 0, RunKind.EASY: 2, RunKind.REST: 2, RunKind.LONG: 6}
_AFTER_RACE = 9


@dataclass(frozen=True, slots=True)
class PlacementWarning:
    """A rule the placement had to relax (or a session it had to leave out), in words a coach can act on."""

    day: date
    rule: str
    why: str

    @property
    def text(self) -> str:
        return f"{self.day.isoformat()}: {self.rule} — {self.why}"


@dataclass(frozen=True, slots=True)
class Slot:
    """A placed session: its date, its program week (1-6) and whether a race lead-in halves its volume."""

    day: date
    week: int
    race_lead_in: date | None = None

    @property
    def halved(self) -> bool:
        return self.race_lead_in is not None


@dataclass(frozen=True, slots=True)
class Placement:
    slots: tuple[Slot, ...]
    warnings: tuple[PlacementWarning, ...]


def place_sessions(
    calendar: RunningCalendar, start: date, *, weeks: int = WEEKS, weekdays: frozenset[int] | None = None
) -> Placement:
    """Choose the session days for `weeks` 7-day weeks from `start`, on `weekdays` only if given (0 = Monday).

    A remote runner who trains only on the weekdays they chose gets no session on any other day; a week their
    choice cannot fill gets fewer sessions, with a warning.
    """
    races = calendar.races()
    week_starts = [start + timedelta(days=7 * w) for w in range(weeks)]
    day_cost = {
        d: _day_cost(calendar, races, d) if weekdays is None or d.weekday() in weekdays else _FORBIDDEN
        for w in week_starts
        for d in (w + timedelta(days=i) for i in range(7))
    }

    # Dates as day numbers: the search runs for every program the engine designs, so it is kept lean.
    # best[last] = (cost, chosen days so far) for each possible latest session day (None: none yet).
    best: dict[int | None, tuple[int, tuple[int, ...]]] = {None: (0, ())}
    race_days = [r.toordinal() for r in races]
    for week_start in week_starts:
        first = week_start.toordinal()
        days = list(range(first, first + 7))
        cost_of = {d: day_cost[date.fromordinal(d)] for d in days}
        # Fewer than two sessions only pays off near a race (see the cost table), so only then is it tried.
        near_race = any(first - 1 <= r <= first + 7 + LEAD_IN_DAYS for r in race_days)
        sizes = (2, 1, 0) if near_race or weekdays is not None else (2,)
        choices = []
        for n in sizes:
            for c in combinations(days, n):
                inner = _MISSING * (SESSIONS_PER_WEEK - n) + sum(cost_of[d] for d in c)
                if n == 2 and c[1] - c[0] < 2:
                    inner += _SPACING
                # Per race: how many of these days fall in its lead-in; days closer than 3 days out cost extra.
                in_lead_in = []
                for race in race_days:
                    window = [d for d in c if 1 <= race - d <= LEAD_IN_DAYS]
                    if window:
                        in_lead_in.append((race, len(window)))
                        inner += _LEAD_IN * (len(window) - 1 + sum(1 for d in window if race - d < MIN_DAYS_OUT))
                if inner < _FORBIDDEN:
                    choices.append((c, inner, in_lead_in))
        nxt: dict[int | None, tuple[int, tuple[int, ...]]] = {}
        for last, (cost_so_far, chosen) in best.items():
            for choice, inner, in_lead_in in choices:
                cost = cost_so_far + inner
                if choice and last is not None and choice[0] - last < 2:
                    cost += _SPACING
                if in_lead_in and last is not None:
                    # A session earlier in the same lead-in (the previous week's last one) makes this one extra.
                    cost += sum(_LEAD_IN * n for race, n in in_lead_in if 1 <= race - last <= LEAD_IN_DAYS)
                key = choice[-1] if choice else last
                candidate = (cost, (*chosen, *choice))
                kept = nxt.get(key)
                if kept is None or candidate < kept:
                    nxt[key] = candidate
        best = nxt
    _, numbers = min(best.values(), key=lambda kept: kept)
    days_chosen = [date.fromordinal(n) for n in numbers]
    slots = tuple(
        Slot(day=d, week=(d - start).days // 7 + 1, race_lead_in=_lead_in_race(races, d)) for d in days_chosen
    )
    return Placement(slots=slots, warnings=_explain(calendar, races, slots, week_starts, weekdays))


def _day_cost(calendar: RunningCalendar, races: list[date], day: date) -> int:
    kind = calendar.kind(day)
    if kind is RunKind.RACE:
        return _FORBIDDEN
    cost = _PREFERENCE[kind]
    if calendar.kind(day + timedelta(days=1)) in (RunKind.HARD, RunKind.LONG, RunKind.RACE):
        cost += _DAY_BEFORE
    if any(1 <= (day - race).days <= 2 for race in races):
        cost += _AFTER_RACE
    return cost


def _lead_in_race(races: list[date], day: date) -> date | None:
    """The first race whose 7-day lead-in contains `day`, if any."""
    for race in races:
        if 1 <= (race - day).days <= LEAD_IN_DAYS:
            return race
    return None


def _explain(
    calendar: RunningCalendar,
    races: list[date],
    slots: tuple[Slot, ...],
    week_starts: list[date],
    weekdays: frozenset[int] | None,
) -> tuple[PlacementWarning, ...]:
    """Say, date by date, every rule the chosen placement relaxes and every session it leaves out."""
    warnings: list[PlacementWarning] = []
    for week_number, week_start in enumerate(week_starts, start=1):
        in_week = [s for s in slots if s.week == week_number]
        if len(in_week) < SESSIONS_PER_WEEK:
            race = next((r for r in races if 0 <= (r - week_start).days < 7 + LEAD_IN_DAYS), None)
            if race is not None:
                why = (
                    f"the 7 days before the race on {race.isoformat()} allow at most one session, at least "
                    f"{MIN_DAYS_OUT} days out"
                )
            elif weekdays is not None:
                why = "the chosen training days cannot hold two sessions a full day apart without breaking a rule"
            else:
                why = "no day this week could take a session"
            warnings.append(
                PlacementWarning(
                    day=week_start,
                    rule=f"week {week_number} has {len(in_week)} session{'s' if len(in_week) != 1 else ''} "
                    f"instead of {SESSIONS_PER_WEEK}",
                    why=why,
                )
            )
    previous: Slot | None = None
    for slot in slots:
        tomorrow = calendar.kind(slot.day + timedelta(days=1))
        if tomorrow in (RunKind.HARD, RunKind.LONG, RunKind.RACE):
            warnings.append(
                PlacementWarning(
                    day=slot.day,
                    rule=f"relaxed 'never the day before a {tomorrow} run'",
                    why=_no_better_day(slot.week),
                )
            )
        if previous is not None and (slot.day - previous.day).days < 2:
            warnings.append(
                PlacementWarning(
                    day=slot.day,
                    rule=f"relaxed 'a full day between sessions' (the previous one is on {previous.day.isoformat()})",
                    why=_no_better_day(slot.week),
                )
            )
        previous = slot
    warnings.sort(key=lambda w: (w.day, w.rule))
    return tuple(warnings)


def _no_better_day(week: int) -> str:
    return (
        f"in week {week} every other way of fitting two sessions breaks a rule too "
        "(the running plan has too many hard, long or back-to-back days)"
    )
