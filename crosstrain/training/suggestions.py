"""Today's load for each strength exercise (crosstrain.core.suggest), from the runner's last logged sets of it.

"Last time" is the most recent earlier session, of any of the runner's programs, in which they logged the same
exercise (same exercise id): one query gathers it for every exercise of a page, however long the history.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from django.db import connection

from crosstrain.accounts.models import Runner
from crosstrain.accounts.services import runner_profile
from crosstrain.core.catalogue import Catalogue, Exercise
from crosstrain.core.errors import CoreError
from crosstrain.core.profile import Profile
from crosstrain.core.running import RunningCalendar
from crosstrain.core.selection import next_variant, previous_variant
from crosstrain.core.suggest import LoggedSet, Suggestion, suggest
from crosstrain.core.units import DEFAULT_SYSTEM, UnitSystem
from crosstrain.gym.increments import gym_weights
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.training.models import SessionLog, SetLog

Phase = PlannedSession.Phase
# Deload, race lead-in, race recovery and the restart after a race keep last time's load (DESIGN.md 4.2, 4.4).
LIGHT_PHASES = frozenset({Phase.DELOAD, Phase.LEAD_IN, Phase.POST_RACE, Phase.RESTART})


@dataclass(frozen=True, slots=True)
class Prefill:
    """What the set form starts with: the suggestion's load and reps or seconds."""

    load_kg: float | None
    reps: int | None
    seconds: int | None


# "Last time" per exercise id: the runner's sets of it in their latest earlier session (by date, then by log),
# ranked in one pass. Written as SQL (window functions: SQLite 3.25+, PostgreSQL) because building the same query
# with the ORM (a Window over four joined tables) took most of the 2 ms it cost every session page and every
# logged set (issue 14); the query itself runs in a fraction of that. Table names come from the models.
_LAST_TIMES_SQL = """
SELECT exercise_id, reps, seconds, load_kg, rir, pain FROM (
    SELECT pe.exercise_id AS exercise_id, pe.position AS position, sl.set_number AS set_number,
           sl.reps AS reps, sl.seconds AS seconds, sl.load_kg AS load_kg, sl.rir AS rir, sl.pain AS pain,
           DENSE_RANK() OVER (PARTITION BY pe.exercise_id ORDER BY ps.date DESC, sl.session_log_id DESC) AS recency
    FROM {set_log} sl
    JOIN {session_log} lg ON lg.id = sl.session_log_id
    JOIN {session} ps ON ps.id = lg.session_id
    JOIN {exercise} pe ON pe.id = sl.exercise_id
    WHERE lg.runner_id = %s AND ps.date < %s AND pe.exercise_id IN ({ids})
) ranked
WHERE recency = 1
ORDER BY exercise_id, position, set_number
"""


def last_times(*, runner: Runner, exercise_ids: Collection[str], before: date) -> dict[str, tuple[LoggedSet, ...]]:
    """Per exercise id, the sets the runner logged of it in their latest session dated before `before` (1 query).

    Every session of every program of theirs counts, so a new program picks up where the last one left off.
    """
    if not exercise_ids:
        return {}
    ids = sorted(exercise_ids)
    sql = _LAST_TIMES_SQL.format(
        set_log=SetLog._meta.db_table,
        session_log=SessionLog._meta.db_table,
        session=PlannedSession._meta.db_table,
        exercise=PlannedExercise._meta.db_table,
        ids=", ".join(["%s"] * len(ids)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [runner.pk, connection.ops.adapt_datefield_value(before), *ids])
        rows = cursor.fetchall()
    found: dict[str, list[LoggedSet]] = {}
    for exercise_id, reps, seconds, load, rir, pain in rows:
        logged = LoggedSet(
            reps=reps, seconds=seconds, load_kg=None if load is None else float(load), rir=rir, pain=pain
        )
        found.setdefault(exercise_id, []).append(logged)
    return {exercise_id: tuple(sets) for exercise_id, sets in found.items()}


def session_suggestions(
    *, session: PlannedSession, catalogue: Catalogue | None = None, units: UnitSystem = DEFAULT_SYSTEM
) -> dict[int, Suggestion]:
    """The suggestion for each strength exercise of the session, by planned exercise id.

    The session comes with its program, runner and screen (`select_related`) and its exercises prefetched; the
    sets come in one query, the catalogue in its own one aggregate query. `units`: the reader's pounds or
    kilograms (the weights that exist and the words).
    """
    catalogue = catalogue or gym_catalogue()
    program = session.program
    exercises = [e for e in session.exercises.all() if e.block == PlannedExercise.Block.STRENGTH]
    last = last_times(runner=program.runner, exercise_ids={e.exercise_id for e in exercises}, before=session.date)
    return _suggest_each(session, exercises, last, _profile(program), catalogue, units)


def exercise_suggestion(
    *, exercise: PlannedExercise, catalogue: Catalogue | None = None, units: UnitSystem = DEFAULT_SYSTEM
) -> Suggestion | None:
    """The suggestion for one exercise of a session, as session_suggestions gives it (1 query for a strength
    exercise, none for another): the row a logged set re-renders. The exercise comes with its session, program,
    runner and screen (`select_related`)."""
    if exercise.block != PlannedExercise.Block.STRENGTH:
        return None
    session = exercise.session
    program = session.program
    last = last_times(runner=program.runner, exercise_ids={exercise.exercise_id}, before=session.date)
    found = _suggest_each(session, [exercise], last, _profile(program), catalogue or gym_catalogue(), units)
    return found.get(exercise.pk)


@dataclass(frozen=True)
class NextSession:
    """A letter's next session (today's or later, not yet finished) with a suggestion per exercise id."""

    session: PlannedSession
    suggestions: dict[str, Suggestion]


def program_suggestions(
    *,
    program: Program,
    sessions: Sequence[PlannedSession],
    today: date,
    catalogue: Catalogue | None = None,
    units: UnitSystem = DEFAULT_SYSTEM,
) -> dict[str, NextSession]:
    """For sessions A and B of the program, the next one and what its strength exercises will suggest: what the
    runner's session page will say (1 query per letter, as on that page).

    `sessions` are the program's, with their log (`select_related("log")`) and exercises prefetched. The next
    session of a letter is its first one dated today or later that is not finished yet.
    """
    catalogue = catalogue or gym_catalogue()
    upcoming: dict[str, PlannedSession] = {}
    for session in sorted(sessions, key=lambda s: s.date):
        finished = hasattr(session, "log") and session.log.finished_at is not None
        if session.date >= today and not finished:
            upcoming.setdefault(session.letter, session)
    profile = _profile(program) if upcoming else None
    result = {}
    for letter, session in sorted(upcoming.items()):
        strength = [e for e in session.exercises.all() if e.block == PlannedExercise.Block.STRENGTH]
        # Each letter reads its own "last time": both sessions may hold the same exercise (a band row), and the
        # earlier one's sets count for the later one.
        ids = {e.exercise_id for e in strength}
        last = last_times(runner=program.runner, exercise_ids=ids, before=session.date)
        by_pk = _suggest_each(session, strength, last, profile, catalogue, units)
        result[letter] = NextSession(session, {e.exercise_id: by_pk[e.pk] for e in strength if e.pk in by_pk})
    return result


def prefill(suggestion: Suggestion | None, logged: Sequence[SetLog]) -> Prefill | None:
    """The set form's starting values. Once a set of the exercise is logged today, its load is the one to keep:
    the runner chose it with the weights in hand."""
    if suggestion is None:
        return None
    loads = [s.load_kg for s in logged if s.load_kg is not None]
    load = float(loads[-1]) if loads else suggestion.load_kg
    return Prefill(load_kg=load, reps=suggestion.reps, seconds=suggestion.seconds)


def _suggest_each(
    session: PlannedSession,
    exercises: Sequence[PlannedExercise],
    last: dict[str, tuple[LoggedSet, ...]],
    profile: Profile | None,
    catalogue: Catalogue,
    units: UnitSystem = DEFAULT_SYSTEM,
) -> dict[int, Suggestion]:
    light = session.phase in LIGHT_PHASES
    weights = gym_weights()  # the gym's own list of its weights, if it gave one (cached: no query while kept)
    found = {}
    for planned in exercises:
        known = catalogue.get(planned.exercise_id)
        if known is None:  # a gym exercise deleted since the program was designed: nothing to reason from
            continue
        easier, harder = _variants(catalogue, profile, known.id) if profile is not None else (None, None)
        suggestion = suggest(
            known,
            planned.dose,
            last.get(planned.exercise_id, ()),
            easier=easier,
            harder=harder,
            light=light,
            units=units,
            weights=weights,
        )
        if suggestion is not None:
            found[planned.pk] = suggestion
    return found


def _variants(catalogue: Catalogue, profile: Profile, exercise_id: str) -> tuple[Exercise | None, Exercise | None]:
    """The easier and the harder variant of an exercise this runner may do, kept per process. Working them out
    walks the whole catalogue through the screen's gating twice per exercise (a third of the session page's
    time), and they depend only on the catalogue (one object per version of the gym's additions), the profile
    and the exercise; the key is the profile without its running calendar, which compares by identity and which
    choosing a variant does not read."""
    return _variants_for(catalogue, replace(profile, calendar=_NO_RUNS), exercise_id)


_NO_RUNS = RunningCalendar(())


@lru_cache(maxsize=4096)
def _variants_for(catalogue: Catalogue, profile: Profile, exercise_id: str) -> tuple[Exercise | None, Exercise | None]:
    known = catalogue[exercise_id]
    return previous_variant(known, profile, catalogue), next_variant(known, profile, catalogue)


def _profile(program: Program) -> Profile | None:
    """The runner's profile for the variants they may do; None (no variant named) when it cannot be built, e.g. a
    running plan on file that no longer covers the program: the load suggestion still stands."""
    try:
        return runner_profile(runner=program.runner, screen_data=program.screen.data)
    except CoreError:
        return None
