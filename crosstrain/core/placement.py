"""Placing two sessions a week around the running calendar and its races (DESIGN.md 4.2).

Every rule of 4.2 is a cost here, so one search can both obey the rules and, when a calendar leaves no legal
placement, find the least-bad days and say which rule it relaxed, on which date, and why:

| rule (DESIGN.md 4.2, source)                                            | cost       | relaxed?     |
|-------------------------------------------------------------------------|------------|--------------|
| never on a race day, too close before a race, or in its recovery days   | forbidden  | never        |
|   (the race table in `crosstrain.core.races`)                           |            |              |
| a race's lead-in window holds at most one session                        | 4 000 000  | rather drop  |
| two sessions a week                                                     | 1 000 000  | only for     |
|                                                                         | per gap    | races, days  |
|   ... in a week a race shapes: one session rather than a broken rule    | 50 000     | before rules |
| never the day before a long run, a hard run or a race                   | 100 000    | if must      |
| a full day between any two sessions, across weeks too (Doma 2019)       | 80 000     | if must      |
| prefer a hard-run day ("hard days hard"), then an easy or rest day,     | 0/200/600  | —            |
|   then a long-run day                                                   |            |              |
| (v2) among equally good days, even spacing: 3-4 days apart, then 2 or 5 | 0 / 1 / 2  | tie-break    |

Costs are chosen so that a missing session outweighs any relaxation of the day rules (a normal week always
gets its two sessions), while a race lead-in rule outweighs a missing session (before a race, fewer
sessions is the rule, not a relaxation). Spacing is relaxed before the day-before rule: back-to-back lifting
costs the runner less than a quality run on tired legs. The spacing tie-break is too small to ever outweigh
a day preference: twelve sessions add at most 24.

The search is exact: a dynamic program over the weeks whose state is the last session's date, so the
spacing rules across week boundaries are seen. Remaining ties go to the earliest days, so the output is
deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from crosstrain.core.races import MAX_GAP_DAYS, UNKNOWN_DISTANCE_KM, Race
from crosstrain.core.running import RunKind, RunningCalendar
from crosstrain.core.vocabulary import Priority

WEEKS = 6
SESSIONS_PER_WEEK = 2

_FORBIDDEN = 10**12
_LEAD_IN = 4_000_000
_MISSING = 1_000_000
# In a week a race shapes (its lead-in or recovery touches the week), one session is the right answer rather
# than two that break the 48-hour or day-before rule: a missing session there costs less than either.
_MISSING_NEAR_RACE = 50_000
_DAY_BEFORE = 100_000
# (v3) A B or C race never leaves more than 14 days without a session (DESIGN.md 4.6): worse than a missing
# session, never worth breaking a lead-in window for.
_LONG_GAP = 2_000_000
_SPACING = 80_000
_PREFERENCE = {RunKind.HARD: 0, RunKind.EASY: 200, RunKind.REST: 200, RunKind.LONG: 600}
# Days between consecutive sessions -> tie-break cost: 3-4 days is the even rhythm of two sessions a week.
_RHYTHM = {2: 1, 3: 0, 4: 0, 5: 1}
_RHYTHM_OTHER = 2


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
    """A placed session: its date, its program week (1-6) and the race whose lead-in it is in, if any."""

    day: date
    week: int
    race_lead_in: Race | None = None

    @property
    def halved(self) -> bool:
        return self.race_lead_in is not None and self.race_lead_in.rule.halved


@dataclass(frozen=True, slots=True)
class Placement:
    slots: tuple[Slot, ...]
    warnings: tuple[PlacementWarning, ...]


def place_sessions(
    calendar: RunningCalendar,
    start: date,
    *,
    weeks: int = WEEKS,
    weekdays: frozenset[int] | None = None,
    races: Sequence[Race] | None = None,
    resume: date | None = None,
    kept: Sequence[date] = (),
) -> Placement:
    """Choose the session days for `weeks` 7-day weeks from `start`, on `weekdays` only if given (0 = Monday).

    `races` carry the distance and priority that set each race's windows; without them, the calendar's race
    days count as races of unknown distance (10 km). A remote runner who trains only on the weekdays they
    chose gets no session on any other day; a week their choice cannot fill gets fewer sessions, with a warning.

    A block re-placed after it began (new days, a new plan, a re-screen) places sessions from `resume` on only:
    the past is not rewritten. `kept` are the days of the sessions that stay (trained or already past); they
    count in their weeks and for the spacing rules as if the search had chosen them, and are not returned.
    """
    if races is None:
        races = [Race(day=d, distance_km=UNKNOWN_DISTANCE_KM, distance_known=False) for d in calendar.races()]
    races = sorted(races, key=lambda r: r.day)
    week_starts = [start + timedelta(days=7 * w) for w in range(weeks)]
    kept_days = tuple(kept)
    fixed_days = {d.toordinal() for d in kept_days}
    day_cost = {
        d: _day_cost(calendar, races, d)
        if (weekdays is None or d.weekday() in weekdays) and (resume is None or d >= resume)
        else _FORBIDDEN
        for w in week_starts
        for d in (w + timedelta(days=i) for i in range(7))
    }
    # Lead-in windows as day numbers: (race day, first day of its window).
    windows = [(r.day.toordinal(), r.day.toordinal() - r.rule.lead_in_days) for r in races if r.rule.lead_in_days]

    window_of: dict[int, list[int]] = {}

    def in_window(day: int) -> list[int]:
        found = window_of.get(day)
        if found is None:
            found = window_of[day] = [race for race, first in windows if first <= day < race]
        return found

    minor = [r.day.toordinal() for r in races if r.priority is not Priority.A]

    def long_gap(last: int, first: int) -> int:
        if first - last <= MAX_GAP_DAYS:
            return 0
        return _LONG_GAP if any(last < race < first for race in minor) else 0

    # Dates as day numbers: the search runs for every program the engine designs, so it is kept lean.
    # best[last] = (cost, chosen days so far) for each possible latest session day (None: none yet).
    best: dict[int | None, tuple[int, tuple[int, ...]]] = {None: (0, ())}
    cost_of = {d.toordinal(): c for d, c in day_cost.items()}  # day numbers: no date objects in the hot loop
    gap_costs, far = _GAP_COSTS, len(_GAP_COSTS)
    for week_start in week_starts:
        first = week_start.toordinal()
        fixed = tuple(d for d in range(first, first + 7) if d in fixed_days)
        days = [d for d in range(first, first + 7) if cost_of[d] < _FORBIDDEN and d not in fixed_days]
        # (v3) A race shapes a week only if its windows reach a day the runner could train on: a lead-in window
        # that starts on the week's last day, after the chosen training days, leaves the week a full one.
        near_race = _race_shapes(races, week_start, weekdays)
        missing = _MISSING_NEAR_RACE if near_race else _MISSING
        if resume is not None and first + 6 < resume.toordinal():
            missing = 0  # a week already over: what was trained stays, nothing is missing from the new plan
        # Fewer than two sessions only pays off near a race, on chosen days, when fewer than two days are free,
        # or in the week a re-placement starts (its earlier days are gone).
        short = near_race or weekdays is not None or len(days) + len(fixed) < SESSIONS_PER_WEEK
        short = short or (resume is not None and first < resume.toordinal())
        sizes = (2, 1, 0) if short else (2,)
        choices = []
        for n in sizes:
            if n < len(fixed):
                continue
            for new in combinations(days, n - len(fixed)):
                c = tuple(sorted((*fixed, *new)))
                inner = missing * (SESSIONS_PER_WEEK - n) + sum(cost_of[d] for d in new)
                if n == 2:
                    inner += _gap_cost(c[1] - c[0])
                # Two sessions inside one race's lead-in window: one too many.
                windows_hit = [race for d in c for race in in_window(d)]
                inner += _LEAD_IN * (len(windows_hit) - len(set(windows_hit)))
                choices.append((c, inner, set(windows_hit)))
        if not choices:  # more sessions kept in the week than it holds (an old version's rhythm): keep them all
            choices.append((fixed, 0, {race for d in fixed for race in in_window(d)}))
        nxt: dict[int | None, tuple[int, tuple[int, ...]]] = {}
        for last, (cost_so_far, chosen) in best.items():
            before = set(in_window(last)) if last is not None else set()
            for choice, inner, hit in choices:
                cost = cost_so_far + inner
                if choice and last is not None:
                    gap = choice[0] - last
                    cost += gap_costs[gap] if 0 <= gap < far else (_SPACING if gap < 0 else _RHYTHM_OTHER)
                    if minor and gap > MAX_GAP_DAYS:
                        cost += long_gap(last, choice[0])
                    # The previous week's last session already used this race's lead-in window.
                    if before and hit:
                        cost += _LEAD_IN * len(hit & before)
                key = choice[-1] if choice else last
                so_far = nxt.get(key)
                if so_far is not None and cost > so_far[0]:
                    continue  # most candidates lose on cost: skip building their day lists
                candidate = (cost, (*chosen, *choice))
                if so_far is None or candidate < so_far:
                    nxt[key] = candidate
        best = nxt
    # (v3) The 14-day cap around a B or C race counts the days to the block's end too: dropping every session after
    # the last one must not leave the block's end empty for longer (a gap between two sessions is costed above).
    end = week_starts[-1].toordinal() + 6
    if minor:
        best = {
            last: (cost + (long_gap(last, end + 1) if last is not None else 0), chosen)
            for last, (cost, chosen) in best.items()
        }
    _, numbers = min(best.values(), key=lambda found: found)
    slots = tuple(slot_on(date.fromordinal(n), start, races) for n in numbers if n not in fixed_days)
    return Placement(
        slots=slots, warnings=_explain(calendar, races, slots, week_starts, weekdays, resume=resume, kept=kept_days)
    )


def slot_on(day: date, start: date, races: Sequence[Race]) -> Slot:
    """The session on `day` of the block from `start`: its program week and the race lead-in it is in."""
    return Slot(day=day, week=(day - start).days // 7 + 1, race_lead_in=_lead_in_race(races, day))


def _race_shapes(races: Sequence[Race], week_start: date, weekdays: frozenset[int] | None = None) -> bool:
    """Whether a race's lead-in window or recovery days fall on a day of the 7 from `week_start` that the runner
    trains on (any day, or only the chosen `weekdays`)."""
    days = [week_start + timedelta(days=i) for i in range(7)]
    days = [d for d in days if weekdays is None or d.weekday() in weekdays]
    for race in races:
        rule = race.rule
        first = race.day - timedelta(days=max(rule.lead_in_days, rule.min_days_out - 1))
        last = race.day + timedelta(days=rule.recovery_days)
        if any(first <= d <= last for d in days):
            return True
    return False


# Days between sessions -> cost, as a table (the search asks this about a thousand times a program).
_GAP_COSTS = (_SPACING, _SPACING, *(_RHYTHM.get(gap, _RHYTHM_OTHER) for gap in range(2, 14)))


def _gap_cost(gap: int) -> int:
    return _GAP_COSTS[gap] if 0 <= gap < len(_GAP_COSTS) else (_SPACING if gap < 0 else _RHYTHM_OTHER)


def barred_by_race(races: Sequence[Race], day: date) -> tuple[Race, str] | None:
    """The race that rules out a session on `day`, and why, or None (DESIGN.md 4.2's race table)."""
    for race in races:
        rule = race.rule
        days_to = (race.day - day).days
        if days_to == 0:
            return race, "race day"
        if 0 < days_to < rule.min_days_out:
            return race, f"no session in the {rule.min_days_out - 1} days before {race.label()}"
        if 0 < -days_to <= rule.recovery_days:
            span = "the day" if rule.recovery_days == 1 else f"the {rule.recovery_days} days"
            return race, f"no session {span} after {race.label()} (recovery)"
    return None


def _day_cost(calendar: RunningCalendar, races: Sequence[Race], day: date) -> int:
    kind = calendar.kind(day)
    if kind is RunKind.RACE or barred_by_race(races, day) is not None:
        return _FORBIDDEN
    cost = _PREFERENCE[kind]
    if calendar.kind(day + timedelta(days=1)) in (RunKind.HARD, RunKind.LONG, RunKind.RACE):
        cost += _DAY_BEFORE
    if _second_long_day(calendar, day):
        cost += _DAY_BEFORE
    return cost


def _second_long_day(calendar: RunningCalendar, day: date) -> bool:
    """(v3) The second of back-to-back long days (a long run after a long run or a hard long ride): the legs
    are at their most tired; no session on it (DESIGN.md 4.6)."""
    return calendar.kind(day) is RunKind.LONG and calendar.kind(day - timedelta(days=1)) is RunKind.LONG


def _lead_in_race(races: Sequence[Race], day: date) -> Race | None:
    """The first race whose lead-in window contains `day`, if any."""
    for race in races:
        if race.rule.lead_in_days and 1 <= (race.day - day).days <= race.rule.lead_in_days:
            return race
    return None


def _explain(
    calendar: RunningCalendar,
    races: Sequence[Race],
    slots: tuple[Slot, ...],
    week_starts: list[date],
    weekdays: frozenset[int] | None,
    *,
    resume: date | None = None,
    kept: Sequence[date] = (),
) -> tuple[PlacementWarning, ...]:
    """Say, date by date, every rule the chosen placement relaxes and every session it leaves out (from
    `resume` on only: a week already over is what it was)."""
    warnings: list[PlacementWarning] = []
    for week_number, week_start in enumerate(week_starts, start=1):
        if resume is not None and week_start + timedelta(days=6) < resume:
            continue
        in_week = [s for s in slots if s.week == week_number]
        in_week_kept = [d for d in kept if week_start <= d < week_start + timedelta(days=7)]
        if len(in_week) + len(in_week_kept) < SESSIONS_PER_WEEK:
            count = len(in_week) + len(in_week_kept)
            warnings.append(
                PlacementWarning(
                    day=week_start,
                    rule=f"week {week_number} has {count} session{'s' if count != 1 else ''} "
                    f"instead of {SESSIONS_PER_WEEK}",
                    why=_why_fewer(races, week_start, weekdays, resume),
                )
            )
    earlier = sorted(kept)
    previous: Slot | None = None
    for slot in slots:
        before = [d for d in earlier if d < slot.day]
        if before and (previous is None or before[-1] > previous.day):
            previous = Slot(day=before[-1], week=slot.week)
        tomorrow = calendar.kind(slot.day + timedelta(days=1))
        if tomorrow in (RunKind.HARD, RunKind.LONG, RunKind.RACE):
            warnings.append(
                PlacementWarning(
                    day=slot.day,
                    rule=f"relaxed 'never the day before a {tomorrow} run'",
                    why=_no_better_day(slot.week),
                )
            )
        if _second_long_day(calendar, slot.day):
            warnings.append(
                PlacementWarning(
                    day=slot.day,
                    rule="relaxed 'no session on the second of two long days'",
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


def _why_fewer(
    races: Sequence[Race], week_start: date, weekdays: frozenset[int] | None, resume: date | None = None
) -> str:
    days = [week_start + timedelta(days=i) for i in range(7)]
    reasons: list[str] = []
    if resume is not None and week_start < resume:
        reasons.append(
            f"the sessions were re-placed from {resume.isoformat()} on, and the days before stay as they were"
        )
    for race in races:
        rule = race.rule
        after = [(d - race.day).days for d in days]
        if any(0 < n <= rule.recovery_days for n in after):
            span = "the day" if rule.recovery_days == 1 else f"the {rule.recovery_days} days"
            reasons.append(f"no session {span} after {race.label()} (recovery)")
        if any(0 < -n <= rule.lead_in_days for n in after):
            if rule.lead_in_days >= rule.min_days_out:
                reasons.append(
                    f"the {rule.lead_in_days} days before {race.label()} allow at most one session, at least "
                    f"{rule.min_days_out} days out"
                )
            else:
                reasons.append(f"no session in the {rule.min_days_out - 1} days before {race.label()}")
    if reasons:
        return "; ".join(reasons)
    if weekdays is not None:
        return "the chosen training days cannot hold two sessions a full day apart without breaking a rule"
    return "no day this week could take a session"


def _no_better_day(week: int) -> str:
    return (
        f"in week {week} every other way of fitting two sessions breaks a rule too "
        "(the running plan has too many hard, long or back-to-back days)"
    )
