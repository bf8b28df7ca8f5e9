"""A runner's progress over time: the figures behind the Progress page and its charts.

Compliance by calendar week (Monday to Sunday), work sets per movement pattern by week, the best set of each lift
per session, the worst pain of each logged session, and the movement screens one after another. Pure: rows in,
frozen dataclasses out. `crosstrain.training.progress` reads the rows from the database and
`crosstrain.web.charts` draws the figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from crosstrain.core.finishing import SessionState
from crosstrain.core.vocabulary import Pattern, ScreenTest

# A chart of loads stays readable on a phone with this many lines; a lifter's main lifts are fewer.
MAX_LIFTS = 4
# Sets of these blocks are work sets, counted per movement pattern (rolling and mobility are preparation).
WORK_BLOCKS = frozenset({"strength", "power"})
OTHER_PATTERN = "other"  # an exercise the catalogue no longer holds (a gym addition since deleted)


def week_of(day: date, first_weekday: int = 0) -> date:
    """The first day of `day`'s week: weeks run from the gym's first day (`first_weekday`, 0 Monday ... 6 Sunday),
    as on the runner's habit grid."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


# Two sessions a week leave at most five days between them; more than a week without one while the block runs is
# a gap the coach should see (issue 22: a change of days once left a runner with no session at all, silently).
NEXT_SESSION_WITHIN_DAYS = 7


def unplanned_gap(today: date, next_session: date | None, block_end: date | None) -> tuple[date, date | None] | None:
    """(first day, last day or None: the rest of the block) of the days from today with no session planned, when
    the runner's block is still running and its next session is more than a week away (or there is none left)."""
    if block_end is None or block_end < today:
        return None
    if next_session is None:
        return today, None
    if (next_session - today).days > NEXT_SESSION_WITHIN_DAYS:
        return today, next_session - timedelta(days=1)
    return None


def gap_words(gap: tuple[date, date | None], *, month_first: bool = False) -> str:
    """ "no session planned from 7 Dec" or "no session planned 7-15 Dec", as the dashboard says it; with
    `month_first` (a gym writing US dates) "from Dec 7" and "Dec 7-15"."""
    first, last = gap

    def day(when: date) -> str:
        return f"{when:%b} {when.day}" if month_first else f"{when.day} {when:%b}"

    if last is None:
        return f"no session planned from {day(first)}"
    if (first.year, first.month) == (last.year, last.month):
        return (
            f"no session planned {day(first)}-{last.day}"
            if month_first
            else f"no session planned {first.day}-{day(last)}"
        )
    return f"no session planned {day(first)}-{day(last)}"


@dataclass(frozen=True, slots=True)
class PlannedDay:
    """A session of a program that was published at some point (drafts never reached the runner)."""

    day: date
    program_id: int
    closed: bool  # finished (done or partly done) or skipped
    # What it counts for once closed (crosstrain.core.finishing.share_done) and its state there.
    share: Fraction = Fraction(1)
    state: str = SessionState.DONE.value


@dataclass(frozen=True, slots=True)
class WeekCompliance:
    week: date  # its Monday
    planned: int
    done: Fraction  # sessions done, a partly done one by its share
    partly: int = 0  # sessions partly done (counted in `done` by their share)
    skipped: int = 0  # sessions skipped (planned, not done)

    @property
    def percent(self) -> int | None:
        return None if self.planned == 0 else round(100 * self.done / self.planned)


def weekly_compliance(
    sessions: Iterable[PlannedDay], publications: Sequence[tuple[date, int]], today: date, first_weekday: int = 0
) -> tuple[WeekCompliance, ...]:
    """Sessions planned and done per week, up to today.

    `publications` holds (day published, program id) in the order the programs were published. A session counts
    when its program was the live one that day (the last one published on or before it; before the first
    publication, the first program), or when it was finished: a program replaced mid-block leaves its later
    sessions out, not missed. Today's session counts once closed (the day is still on), later ones not at all. A
    partly done session counts by its share of sets; a skipped one is planned and not done.
    """
    planned: dict[date, int] = defaultdict(int)
    done: dict[date, Fraction] = defaultdict(Fraction)
    partly: dict[date, int] = defaultdict(int)
    skipped: dict[date, int] = defaultdict(int)
    for session in sessions:
        if session.day > today or (session.day == today and not session.closed):
            continue
        finished = session.closed and session.state != SessionState.SKIPPED
        if finished or _live_on(session.day, publications) == session.program_id:
            week = week_of(session.day, first_weekday)
            planned[week] += 1
            if session.closed:
                done[week] += session.share
                partly[week] += session.state == SessionState.PARTLY
                skipped[week] += session.state == SessionState.SKIPPED
    return tuple(
        WeekCompliance(week, planned[week], done[week], partly[week], skipped[week]) for week in sorted(planned)
    )


def _live_on(day: date, publications: Sequence[tuple[date, int]]) -> int | None:
    live = publications[0][1] if publications else None
    for published, program_id in publications:
        if published <= day:
            live = program_id
    return live


@dataclass(frozen=True, slots=True)
class SetRow:
    """One logged set with what the charts need to know about it."""

    day: date  # the planned session's date
    session: int  # the session log it belongs to
    exercise_id: str
    name: str
    block: str  # smr, mobility, power or strength
    main_lift: bool
    reps: int | None
    load_kg: float | None
    pain: int
    flagged: bool  # the session was flagged for the coach
    seconds: int | None = None  # a hold's seconds (then no reps)


@dataclass(frozen=True, slots=True)
class WeekSets:
    week: date
    counts: tuple[tuple[str, int], ...]  # (pattern, work sets), in the vocabulary's pattern order

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def count(self, pattern: str) -> int:
        return dict(self.counts).get(pattern, 0)


_PATTERN_ORDER = {str(p): i for i, p in enumerate(Pattern)}


def weekly_sets(rows: Iterable[SetRow], patterns: Mapping[str, str], first_weekday: int = 0) -> tuple[WeekSets, ...]:
    """Work sets (strength and power) per movement pattern per week (from the gym's first day of the week);
    `patterns` maps exercise id → pattern."""
    weeks: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row.block in WORK_BLOCKS:
            weeks[week_of(row.day, first_weekday)][patterns.get(row.exercise_id, OTHER_PATTERN)] += 1
    return tuple(
        WeekSets(week, tuple(sorted(weeks[week].items(), key=lambda item: _PATTERN_ORDER.get(item[0], 99))))
        for week in sorted(weeks)
    )


def patterns_trained(weeks: Iterable[WeekSets]) -> tuple[str, ...]:
    """Every pattern with a set in any of the weeks, in the vocabulary's order (a chart's series, a table's columns)."""
    found = {pattern for week in weeks for pattern, _ in week.counts}
    return tuple(sorted(found, key=lambda p: _PATTERN_ORDER.get(p, 99)))


@dataclass(frozen=True, slots=True)
class BestSet:
    day: date
    load_kg: float
    reps: int | None


@dataclass(frozen=True, slots=True)
class LiftLine:
    exercise_id: str
    name: str
    main_lift: bool
    best: tuple[BestSet, ...]  # the best set of each session it was logged in, in date order

    @property
    def loads(self) -> tuple[float, ...]:
        """The shape `crosstrain.core.report.block_report` takes for a lift."""
        return tuple(b.load_kg for b in self.best)

    @property
    def change(self) -> float:
        return self.best[-1].load_kg - self.best[0].load_kg


def lift_lines(rows: Iterable[SetRow], weighted: Collection[str]) -> tuple[LiftLine, ...]:
    """The best set (heaviest, then most reps) per session of each lift.

    `weighted` holds the ids of the exercises loaded with weights (a kilogram figure logged against a band or a
    body-weight exercise says nothing about progress). The lifts are the runner's main lifts when they have logged
    a load in one; for everyone else, the weighted exercises logged in the most sessions, up to MAX_LIFTS, so a
    novice sees their goblet squat grow.
    """
    best: dict[str, dict[int, BestSet]] = defaultdict(dict)
    names: dict[str, str] = {}
    main: set[str] = set()
    for row in rows:
        load = row.load_kg
        if row.block != "strength" or load is None or load <= 0 or not (row.main_lift or row.exercise_id in weighted):
            continue
        names[row.exercise_id] = row.name
        if row.main_lift:
            main.add(row.exercise_id)
        current = best[row.exercise_id].get(row.session)
        if current is None or (load, row.reps or 0) > (current.load_kg, current.reps or 0):
            best[row.exercise_id][row.session] = BestSet(row.day, load, row.reps)
    chosen = sorted(main) if main else sorted(best, key=lambda i: (-len(best[i]), names[i], i))[:MAX_LIFTS]
    return tuple(LiftLine(i, names[i], i in main, tuple(sorted(best[i].values(), key=lambda b: b.day))) for i in chosen)


@dataclass(frozen=True, slots=True)
class WorkLine:
    """Strength work without weights (body weight, a band, a hold) over time: its best set of each session in reps,
    or for a hold in seconds; never in kilograms, which would compare nothing."""

    exercise_id: str
    name: str
    best: tuple[tuple[date, int], ...]  # (the session's day, most reps or longest hold), in date order


def work_lines(rows: Iterable[SetRow], unweighted: Collection[str], *, holds: bool) -> tuple[WorkLine, ...]:
    """The best set per session of each strength exercise in `unweighted` (the ids of exercises no weights load,
    crosstrain.core.loads): the most reps, or with `holds` the longest hold in seconds. The exercises logged in the
    most sessions, up to MAX_LIFTS, as for the lifts."""
    best: dict[str, dict[int, tuple[date, int]]] = defaultdict(dict)
    names: dict[str, str] = {}
    for row in rows:
        amount = row.seconds if holds else (None if row.seconds is not None else row.reps)
        if row.block != "strength" or row.exercise_id not in unweighted or not amount:
            continue
        names[row.exercise_id] = row.name
        current = best[row.exercise_id].get(row.session)
        if current is None or amount > current[1]:
            best[row.exercise_id][row.session] = (row.day, amount)
    chosen = sorted(best, key=lambda i: (-len(best[i]), names[i], i))[:MAX_LIFTS]
    return tuple(WorkLine(i, names[i], tuple(sorted(best[i].values()))) for i in chosen)


@dataclass(frozen=True, slots=True)
class PainPoint:
    day: date
    worst: int  # 0-10: the worst pain of the session, of its sets and of the readiness check-in before them
    flagged: bool
    where: tuple[tuple[str, int], ...]  # (exercise name, its worst pain) for each exercise that hurt, worst first


@dataclass(frozen=True, slots=True)
class CheckInPain:
    """Pain the runner gave at the readiness check-in before a logged session (crosstrain.activities)."""

    session: int  # the session log, as SetRow.session
    day: date
    flagged: bool
    pain: int
    where: str  # where it hurt, as the runner wrote it ("" when not said)


def check_in_label(where: str) -> str:
    """How check-in pain is named beside the exercises that hurt."""
    return f"At the check-in ({where})" if where else "At the check-in"


def pain_over_time(rows: Iterable[SetRow], check_ins: Iterable[CheckInPain] = ()) -> tuple[PainPoint, ...]:
    """The worst pain of every logged session (0 when nothing hurt), and what hurt, in date order. Pain given at
    the check-in counts as the sets' does (the same measure as the dashboard's pain flags), so a session flagged
    before its first set charts its pain, not 0."""
    sessions: dict[int, tuple[date, bool]] = {}
    hurt: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        sessions[row.session] = (row.day, row.flagged)
        if row.pain > 0:
            hurt[row.session][row.name] = max(row.pain, hurt[row.session].get(row.name, 0))
    for check_in in check_ins:
        sessions.setdefault(check_in.session, (check_in.day, check_in.flagged))
        if check_in.pain > 0:
            hurt[check_in.session][check_in_label(check_in.where)] = check_in.pain
    points = []
    for session, (day, flagged) in sessions.items():
        where = tuple(sorted(hurt[session].items(), key=lambda item: (-item[1], item[0])))
        points.append(PainPoint(day, max((p for _, p in where), default=0), flagged, where))
    return tuple(sorted(points, key=lambda p: p.day))


@dataclass(frozen=True, slots=True)
class SideScores:
    test: ScreenTest
    left: int
    right: int

    @property
    def asymmetric(self) -> bool:
        return self.left != self.right


@dataclass(frozen=True, slots=True)
class ScreenPoint:
    day: date
    total: int
    finals: tuple[tuple[ScreenTest, int], ...]  # every test, in the screen's order
    sides: tuple[SideScores, ...]  # the bilateral tests

    @property
    def asymmetries(self) -> tuple[SideScores, ...]:
        return tuple(s for s in self.sides if s.asymmetric)

    def final(self, test: ScreenTest) -> int:
        return dict(self.finals)[test]


def screen_point(day: date, scored: Mapping[str, Any]) -> ScreenPoint:
    """A screen as stored: its scored result in the shape of `ScreenResult.as_dict()`."""
    finals = tuple((test, int(scored["scores"][str(test)])) for test in ScreenTest)
    sides = tuple(
        SideScores(test, int(pair["left"]), int(pair["right"]))
        for test in ScreenTest
        if (pair := scored.get("sides", {}).get(str(test))) is not None
    )
    return ScreenPoint(day, int(scored["total"]), finals, sides)
