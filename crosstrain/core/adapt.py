"""The week adapts to what was run (issue 26): when a recorded run breaks a placement rule for an upcoming
session, say so and suggest what the engine's rules give — move it to the best legal day, keep it lighter, or
(a race's forbidden days with no legal day left) skip it. Suggestions only: the runner or coach accepts one.

The rules are placement's (DESIGN.md 4.2, crosstrain.core.placement and races), checked on the *actual* week:
recorded activities replace the plan on the days up to today, the plan stands after. A rule counts only when
the actual week breaks it and the planned week did not, so a relaxation the coach already accepted at placement
(its warning is on the program) is not raised again:

| what was run                                | rule (source)                                     | suggestion       |
|---------------------------------------------|---------------------------------------------------|------------------|
| a race (title, or the coach's correction)   | its recovery days and windows (races.py table;    | move, else skip  |
|                                             |   Doma 2019, Hikida 1983, Blagrove 2018)          |                  |
| a long run the day before a long day        | no session on the second of two long days (4.6)   | move, else       |
|                                             |                                                   |   lighter        |
| a hard or long run, or a race, where the    | no hard lifting the day after an unplanned hard   | lighter          |
|   plan had an easier day, the day before a  |   effort: the day-before rule seen from the run's |                  |
|   session                                   |   side (Doma 2019: strength and hard running      |                  |
|                                             |   within 24 h impair each other)                  |                  |

Lighter is one rule, the same as a poor readiness check-in (crosstrain.core.adapt.lighter): no jumps, one set
fewer (never below one), reps in reserve + 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from crosstrain.core.placement import barred_by_race
from crosstrain.core.races import UNKNOWN_DISTANCE_KM, Race
from crosstrain.core.running import Run, RunKind, RunningCalendar
from crosstrain.core.vocabulary import Priority

# Placement's day preference (crosstrain.core.placement._PREFERENCE): lift on a hard-run day, then an easy or
# rest day, a long-run day last.
_PREFERENCE = {RunKind.HARD: 0, RunKind.EASY: 1, RunKind.REST: 1, RunKind.LONG: 3}
MAX_RIR = 5


class Action(StrEnum):
    MOVE = "move"
    LIGHTER = "lighter"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Ran:
    """A recorded activity as the rules see it: its day, what it counted as, the sport and distance."""

    day: date
    kind: RunKind
    sport: str = "run"
    km: float | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Upcoming:
    """A session of the live program: its id, its day, its program week, and whether it is closed (done or
    skipped: it stays where it is)."""

    id: int
    day: date
    week: int
    closed: bool = False


@dataclass(frozen=True, slots=True)
class Broken:
    """A rule the actual week breaks for a session, in words, and what the rule allows instead."""

    rule: str
    movable: bool  # a rule about the day: another day fixes it
    lighter_ok: bool  # keeping the day with a lighter session is within the rule


@dataclass(frozen=True, slots=True)
class Suggestion:
    session_id: int
    action: Action
    to: date | None
    why: str


def actual_calendar(planned: Sequence[Run], ran: Sequence[Ran], today: date) -> RunningCalendar:
    """The week as it is: what was recorded up to today (today: the plan too, its runs may still come), the plan
    after. Cross-training counts as running.py counts it (a swim is easy)."""
    runs = [r for r in planned if r.day > today or (r.day == today and r.kind is not RunKind.RACE)]
    for a in ran:
        if a.day <= today:
            kind = RunKind.EASY if a.sport == "swim" else a.kind
            runs.append(Run(day=a.day, kind=kind, title=a.title, sport=a.sport if a.sport != "other" else "run"))
    return RunningCalendar(runs)


def actual_races(planned_races: Sequence[Race], ran: Sequence[Ran], today: date) -> list[Race]:
    """The planned races, plus the races that were run (unplanned ones count as tune-ups, priority C, at the
    distance recorded); a planned race on a day the runner raced is the planned one."""
    races = {r.day: r for r in planned_races}
    for a in ran:
        if a.kind is RunKind.RACE and a.day <= today and a.day not in races:
            races[a.day] = Race(
                day=a.day,
                distance_km=a.km or UNKNOWN_DISTANCE_KM,
                priority=Priority.C,
                distance_known=a.km is not None,
                title=a.title or "Race",
            )
    return sorted(races.values(), key=lambda r: r.day)


def _rules(calendar: RunningCalendar, races: Sequence[Race], day: date) -> dict[str, Broken]:
    found: dict[str, Broken] = {}
    barred = barred_by_race(races, day)
    if barred is not None:
        found["race"] = Broken(barred[1], movable=True, lighter_ok=False)
    if calendar.kind(day) is RunKind.LONG and calendar.kind(day - timedelta(days=1)) is RunKind.LONG:
        found["long"] = Broken("no session on the second of two long days", movable=True, lighter_ok=True)
    return found


def broken_rules(
    session_day: date,
    *,
    planned: Sequence[Run],
    planned_races: Sequence[Race],
    ran: Sequence[Ran],
    today: date,
) -> list[Broken]:
    """The rules what was run breaks for a session on `session_day` that the plan did not break."""
    plan = RunningCalendar(planned)
    actual = actual_calendar(planned, ran, today)
    races = actual_races(planned_races, ran, today)
    before = _rules(plan, planned_races, session_day)
    now = _rules(actual, races, session_day)
    found = [rule for key, rule in now.items() if key not in before or before[key].rule != rule.rule]
    yesterday = session_day - timedelta(days=1)
    done = actual.run_on(yesterday) if yesterday <= today else None
    was = plan.kind(yesterday)
    if done is not None and done.kind in (RunKind.HARD, RunKind.LONG, RunKind.RACE) and done.kind.demand > was.demand:
        what = "a race" if done.kind is RunKind.RACE else f"a {done.kind} {_sport(done.sport)}"
        planned_words = "a rest day" if was is RunKind.REST else f"an {was} run" if was is RunKind.EASY else f"a {was}"
        found.append(
            Broken(
                f"the day before was {what} where the plan had {planned_words}: no hard lifting the day after an "
                "unplanned hard effort",
                movable=False,
                lighter_ok=True,
            )
        )
    return found


def _sport(sport: str) -> str:
    return "run" if sport in ("run", "other") else {"bike": "ride"}.get(sport, sport)


def legal_day(
    day: date,
    *,
    calendar: RunningCalendar,
    plan: RunningCalendar,
    races: Sequence[Race],
    others: Sequence[date],
    today: date,
) -> bool:
    """Whether a session may go on `day` without breaking any placement rule: not a race's forbidden day, not the
    day before a hard or long run or a race, not the second of two long days, not the day after an unplanned
    hard effort, a full day from every other session (Doma 2019: 48 h), and not in the past."""
    if day < today or barred_by_race(races, day) is not None:
        return False
    yesterday = day - timedelta(days=1)
    done = calendar.kind(yesterday)
    if yesterday <= today and done.demand >= RunKind.HARD.demand and done.demand > plan.kind(yesterday).demand:
        return False
    if calendar.kind(day + timedelta(days=1)) in (RunKind.HARD, RunKind.LONG, RunKind.RACE):
        return False
    if calendar.kind(day) is RunKind.LONG and calendar.kind(day - timedelta(days=1)) is RunKind.LONG:
        return False
    return all(abs((day - other).days) >= 2 for other in others)


def best_day(
    session: Upcoming,
    *,
    calendar: RunningCalendar,
    plan: RunningCalendar,
    races: Sequence[Race],
    sessions: Sequence[Upcoming],
    today: date,
    block_start: date,
) -> date | None:
    """The best legal day in the session's own program week (so the week keeps its sessions): a hard-run day
    first, then an easy or rest day, a long-run day last (placement's preference); then the nearest to the
    planned day; then the earliest."""
    first = block_start + timedelta(weeks=session.week - 1)
    others = [s.day for s in sessions if s.id != session.id]
    candidates = [
        d
        for d in (first + timedelta(days=i) for i in range(7))
        if d != session.day
        and d not in others
        and legal_day(d, calendar=calendar, plan=plan, races=races, others=others, today=today)
    ]
    if not candidates:
        return None
    return min(
        candidates, key=lambda d: (_PREFERENCE.get(calendar.kind(d), 3), abs((d - session.day).days), d.toordinal())
    )


def suggestions(
    *,
    sessions: Sequence[Upcoming],
    planned: Sequence[Run],
    planned_races: Sequence[Race],
    ran: Sequence[Ran],
    today: date,
    block_start: date,
) -> list[Suggestion]:
    """One suggestion for every open session from today on that what was run puts in breach of a rule."""
    calendar = actual_calendar(planned, ran, today)
    races = actual_races(planned_races, ran, today)
    out: list[Suggestion] = []
    for session in sessions:
        if session.closed or session.day < today:
            continue
        broken = broken_rules(session.day, planned=planned, planned_races=planned_races, ran=ran, today=today)
        if not broken:
            continue
        why = "; ".join(b.rule for b in broken)
        if all(b.lighter_ok for b in broken) and not any(b.movable for b in broken):
            out.append(Suggestion(session.id, Action.LIGHTER, None, why))
            continue
        to = best_day(
            session,
            calendar=calendar,
            plan=RunningCalendar(planned),
            races=races,
            sessions=sessions,
            today=today,
            block_start=block_start,
        )
        if to is not None:
            out.append(Suggestion(session.id, Action.MOVE, to, why))
        elif all(b.lighter_ok for b in broken):
            out.append(Suggestion(session.id, Action.LIGHTER, None, f"{why} (no legal day to move it to this week)"))
        else:
            out.append(Suggestion(session.id, Action.SKIP, None, f"{why} (no legal day to move it to this week)"))
    return out


@dataclass(frozen=True, slots=True)
class Dose:
    """An exercise's dose as the lighter rule changes it."""

    sets: int
    rir: int | None
    jump: bool  # a plyometric (the power block): dropped from a lighter session


def lighter(dose: Dose) -> Dose | None:
    """The lighter session's dose of one exercise, or None when it is dropped: no jumps, one set fewer (never
    below one), reps in reserve + 1 (at most 5). The rule for an unplanned hard day before a session and for a
    poor readiness check-in alike (Helms 2016: autoregulate by reps in reserve; Saw 2016: subjective measures
    respond to load)."""
    if dose.jump:
        return None
    return Dose(sets=max(1, dose.sets - 1), rir=None if dose.rir is None else min(MAX_RIR, dose.rir + 1), jump=False)
