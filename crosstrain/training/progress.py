"""Reading a runner's progress (crosstrain.core.progress does the counting): a fixed number of queries, however
many sets, programs and screens they have.

One query per kind of row: the sessions of their published programs, the sets they logged, their screens (and the
catalogue's one aggregate query, for the movement patterns). A chart asks only for the parts it draws.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models.functions import Coalesce
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.core.finishing import share_done
from crosstrain.core.loads import takes_kg
from crosstrain.core.progress import (
    CheckInPain,
    LiftLine,
    PainPoint,
    PlannedDay,
    ScreenPoint,
    SetRow,
    WeekCompliance,
    WeekSets,
    WorkLine,
    lift_lines,
    pain_over_time,
    screen_point,
    weekly_compliance,
    weekly_sets,
    work_lines,
)
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.screening.models import Screen
from crosstrain.training.models import SessionLog, SetLog

WEEKS, SETS, LIFTS, PAIN, SCREENS, WORK = "weeks", "sets", "lifts", "pain", "screens", "work"
ALL_PARTS = frozenset({WEEKS, SETS, LIFTS, PAIN, SCREENS, WORK})


@dataclass(frozen=True)
class Progress:
    weeks: tuple[WeekCompliance, ...] = ()
    sets: tuple[WeekSets, ...] = ()
    lifts: tuple[LiftLine, ...] = ()
    # Strength work without weights: its reps, and its holds' seconds (crosstrain.core.loads).
    work: tuple[WorkLine, ...] = ()
    holds: tuple[WorkLine, ...] = ()
    pain: tuple[PainPoint, ...] = ()
    screens: tuple[ScreenPoint, ...] = ()
    # Whether any set was logged at all (read with the sets, lifts or pain parts).
    logged: bool = field(default=False)


def runner_progress(
    *, runner: Runner, today: date, parts: Collection[str] = ALL_PARTS, first_weekday: int = 0
) -> Progress:
    """The runner's progress, only the `parts` asked for (each of WEEKS, SETS, LIFTS, PAIN, SCREENS, WORK); weeks
    from the gym's first day of the week (`first_weekday`, 0 Monday).

    Queries: 1 for the weeks, 1 for the sets however many of SETS/LIFTS/PAIN/WORK are asked (+1 for the catalogue
    with SETS, LIFTS or WORK, +1 for the check-ins' pain with PAIN), 1 for the screens.
    """
    unknown = set(parts) - ALL_PARTS
    if unknown:
        raise ValueError(f"unknown progress parts: {sorted(unknown)}; choose from {sorted(ALL_PARTS)}")
    rows = _set_rows(runner) if {SETS, LIFTS, PAIN, WORK} & set(parts) else []
    patterns: dict[str, str] = {}
    weighted: set[str] = set()
    unweighted: set[str] = set()
    if {SETS, LIFTS, WORK} & set(parts):
        # The catalogue says each exercise's movement pattern and whether weights load it.
        ids = {row.exercise_id for row in rows}
        known = [e for e in gym_catalogue() if e.id in ids]
        patterns = {e.id: str(e.pattern) for e in known if e.pattern is not None}
        weighted = {e.id for e in known if takes_kg(e)}
        unweighted = {e.id for e in known if not takes_kg(e)}
    return Progress(
        weeks=_weeks(runner, today, first_weekday) if WEEKS in parts else (),
        sets=weekly_sets(rows, patterns, first_weekday) if SETS in parts else (),
        lifts=lift_lines(rows, weighted) if LIFTS in parts else (),
        work=work_lines(rows, unweighted, holds=False) if WORK in parts else (),
        holds=work_lines(rows, unweighted, holds=True) if WORK in parts else (),
        pain=pain_over_time(rows, _check_in_pain(runner)) if PAIN in parts else (),
        screens=_screens(runner) if SCREENS in parts else (),
        logged=bool(rows),
    )


def _weeks(runner: Runner, today: date, first_weekday: int) -> tuple[WeekCompliance, ...]:
    rows = list(
        PlannedSession.objects.filter(program__runner=runner)
        .exclude(program__status=Program.Status.DRAFT)
        .values_list(
            "date",
            "program_id",
            # A new version of a block (issue 22) holds the block's sessions from the first version's publication.
            Coalesce("program__live_since", "program__published_at"),
            "log__finished_at",
            "log__status",
            "log__sets_done",
            "log__sets_planned",
        )
    )
    # The versions of one block share the moment it went live: the newest of them holds the block's sessions.
    newest: dict[datetime, int] = {}
    for at, program_id in sorted({(at, program_id) for _, program_id, at, *_ in rows if at is not None}):
        newest[at] = program_id
    publications = [(timezone.localtime(at).date(), program_id) for at, program_id in sorted(newest.items())]
    sessions = [
        PlannedDay(day, program_id, finished is not None, share_done(state or "", done, planned), state or "")
        for day, program_id, _, finished, state, done, planned in rows
    ]
    return weekly_compliance(sessions, publications, today, first_weekday)


def _set_rows(runner: Runner) -> list[SetRow]:
    logged = (
        SetLog.objects.filter(session_log__runner=runner)
        .order_by("session_log__session__date", "session_log_id", "exercise__position", "set_number")
        .values_list(
            "session_log__session__date",
            "session_log_id",
            "exercise__exercise_id",
            "exercise__name",
            "exercise__block",
            "exercise__main_lift",
            "reps",
            "load_kg",
            "pain",
            "session_log__pain_flag",
            "seconds",
        )
    )
    return [
        SetRow(
            day, session, exercise_id, name, block, main, reps, None if load is None else float(load), pain, flag, secs
        )
        for day, session, exercise_id, name, block, main, reps, load, pain, flag, secs in logged
    ]


def _check_in_pain(runner: Runner) -> list[CheckInPain]:
    # Pain given at the readiness check-in (crosstrain.activities, read by its relation's name as the dashboard's
    # worst_pain does): it flags the session as a set's pain does, so the pain chart counts it too.
    found = (
        SessionLog.objects.filter(runner=runner, session__check_in__pain__gt=0)
        .order_by("session__date", "id")
        .values_list("id", "session__date", "pain_flag", "session__check_in__pain", "session__check_in__pain_where")
    )
    return [CheckInPain(log, day, flag, pain, where) for log, day, flag, pain, where in found]


def _screens(runner: Runner) -> tuple[ScreenPoint, ...]:
    screens = Screen.objects.filter(runner=runner).order_by("recorded_on", "id").values_list("recorded_on", "scores")
    return tuple(screen_point(day, scores) for day, scores in screens)
