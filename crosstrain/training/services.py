"""Logging training: sets, finishing or skipping a session (crosstrain.core.finishing's rules), a pain flag raised
before the first set (at the readiness check-in) and the coach clearing one; the coach reviewing a closed session
and commenting on it or on one of its sets."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.core.errors import InputError
from crosstrain.core.finishing import Closing, finish, skip
from crosstrain.core.loads import no_kg_words, takes_kg
from crosstrain.core.suggest import LoggedSet as DoneSet
from crosstrain.core.suggest import done_words
from crosstrain.core.units import DEFAULT_SYSTEM, UnitSystem
from crosstrain.dashboard.versions import dashboard_changed, runner_changed, runners_changed
from crosstrain.gym.dates import when
from crosstrain.gym.selectors import units_for_user_id
from crosstrain.messaging.models import Message
from crosstrain.messaging.services import message_clean, message_send
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, PlannedSession
from crosstrain.training.models import PAIN_FLAG_AT, SessionLog, SetLog
from crosstrain.training.selectors import runner_session_exercise


class SetLogError(InputError):
    """A set that cannot be logged as given."""


# Tries at a set when another writer wins a race (a session log made by a writer that did not lock, a repeat of
# the same client_id); the session's row lock makes a second try rare already.
_NUMBERING_ATTEMPTS = 3


@dataclass(frozen=True)
class SetWritten:
    """A logged set, whether this call logged it, its exercise (with session, program and runner), and the
    exercise's sets in the session so far, this one too, in set order: what the page shows for the exercise
    afterwards, without reading them again."""

    logged: SetLog
    created: bool
    exercise: PlannedExercise
    exercise_sets: list[SetLog]


@dataclass
class _Try:
    """What one attempt wrote, to tell a lost race (try again) from another broken rule (raise) afterwards."""

    exercise: PlannedExercise | None = None
    created_log: bool = False
    log_id: int | None = None
    number: int | None = None


def set_log_record(
    *,
    runner: Runner,
    exercise: PlannedExercise,
    client_id: uuid.UUID,
    reps: int | None,
    seconds: int | None,
    load_kg: Decimal | None,
    rir: int | None,
    pain: int,
    note: str = "",
) -> tuple[SetLog, bool]:
    """Log one set; the same client_id logs it once however often it is sent. Returns (set, created).

    The exercise's session row is locked first (one statement more than set_log_record_by_user)."""
    values = _values(client_id, reps, seconds, load_kg, rir, pain, note)

    def locked() -> PlannedExercise:
        session = (
            PlannedSession.objects.select_for_update(no_key=True, of=("self",))
            .select_related("log")
            .get(pk=exercise.session_id)
        )
        exercise.session = session  # with its log, as read under the lock
        return exercise

    written = _write(locked, runner=lambda e: runner, values=values)
    assert written is not None  # `locked` always finds the exercise
    return written.logged, written.created


def set_log_record_by_user(
    *,
    user: User,
    session_id: int,
    exercise_id: int,
    client_id: uuid.UUID,
    reps: int | None,
    seconds: int | None,
    load_kg: Decimal | None,
    rir: int | None,
    pain: int,
    note: str = "",
) -> SetWritten | None:
    """Log one set of an exercise of a session of the user's live program (None when there is no such exercise),
    exactly once per client_id, numbered after the exercise's sets already logged in the session.

    Three statements in one transaction: the exercise read with its session, log, program and runner, the
    session's row locked by that same read (sets of one session are numbered one writer at a time: a concurrent
    set waits here, then counts this one; on SQLite the IMMEDIATE transaction holds the database's write lock
    already); the exercise's sets so far (or, for the session's first set, its log inserted); the set inserted.
    The client_id is not looked up first: its unique constraint refuses a repeat, and only then is the earlier set
    read and answered."""
    values = _values(client_id, reps, seconds, load_kg, rir, pain, note)

    def locked() -> PlannedExercise | None:
        exercise = runner_session_exercise(session_id=session_id, exercise_id=exercise_id, user=user, lock=True)
        if exercise is not None:
            set_log_validate(exercise=exercise, reps=reps, seconds=seconds, load_kg=load_kg)
        return exercise

    return _write(locked, runner=lambda e: e.session.program.runner, values=values)


def _values(
    client_id: uuid.UUID,
    reps: int | None,
    seconds: int | None,
    load_kg: Decimal | None,
    rir: int | None,
    pain: int,
    note: str,
) -> dict[str, Any]:
    return {
        "client_id": client_id,
        "reps": reps,
        "seconds": seconds,
        "load_kg": load_kg,
        "rir": rir,
        "pain": pain,
        "note": note,
    }


def _write(
    locked: Callable[[], PlannedExercise | None],
    *,
    runner: Callable[[PlannedExercise], Runner],
    values: dict[str, Any],
) -> SetWritten | None:
    """Try the write in a transaction: `locked` reads the exercise with its session and log under the session's
    row lock; a lost race (IntegrityError) rolls the try back and is answered (a repeat) or tried again."""
    for _attempt in range(_NUMBERING_ATTEMPTS):
        tried = _Try()
        try:
            with transaction.atomic():
                exercise = locked()
                if exercise is None:
                    return None
                tried.exercise = exercise
                logged, sets = _write_locked(tried, exercise=exercise, runner=runner(exercise), values=values)
            return SetWritten(logged, True, exercise, [*sets, logged])
        except IntegrityError:
            if tried.exercise is None:
                raise
            # By the unique client_id alone (no model ordering: no join to the exercises).
            found = SetLog.objects.select_related("session_log").filter(client_id=values["client_id"]).order_by()
            existing = found.first()
            if existing is not None:
                replayed = _replayed(existing, runner=runner(tried.exercise), exercise=tried.exercise)
                return SetWritten(replayed, False, tried.exercise, _exercise_sets(replayed))
            if not _lost_race(tried):
                raise  # another rule of the table: not a race another try can win
    raise SetLogError(["the set could not be numbered: too many sets were logged at once; send it again"])


def _write_locked(
    tried: _Try, *, exercise: PlannedExercise, runner: Runner, values: dict[str, Any]
) -> tuple[SetLog, list[SetLog]]:
    """The set inserted, and the exercise's sets logged before it; the session's row is locked by the caller."""
    pain = values["pain"]
    _, session_log = _cached_log(exercise.session)
    if session_log is None:
        tried.created_log = True
        # A new log starts flagged when its first set hurts, so no update follows.
        session_log = SessionLog.objects.create(
            session_id=exercise.session_id, runner=runner, pain_flag=pain >= PAIN_FLAG_AT
        )
        earlier: list[SetLog] = []
    else:
        # A statement of its own after the lock: it sees every set committed before the lock was granted.
        earlier = list(SetLog.objects.filter(session_log=session_log, exercise=exercise).order_by("set_number"))
        if session_log.runner_id == runner.pk:
            session_log.runner = runner  # loaded: the set's save signal (crosstrain.dashboard) reads no runner
    tried.log_id = session_log.pk
    tried.number = max((s.set_number for s in earlier), default=0) + 1
    logged = SetLog.objects.create(session_log=session_log, exercise=exercise, set_number=tried.number, **values)
    if pain >= PAIN_FLAG_AT and not session_log.pain_flag:
        SessionLog.objects.filter(pk=session_log.pk).update(pain_flag=True)
        session_log.pain_flag = True
        # An update() sends no signal (crosstrain.dashboard.signals). The runner's pages were given a new version
        # by the set's own save, in this same transaction.
        dashboard_changed([runner.coach_id])
    return logged, earlier


def _cached_log(session: PlannedSession) -> tuple[bool, SessionLog | None]:
    """(known, log): whether the session was read with its log (`select_related("log")`), and that log or None.
    Never a query: unknown is (False, None)."""
    if not PlannedSession.log.is_cached(session):
        return False, None
    try:
        return True, session.log
    except SessionLog.DoesNotExist:
        return True, None


def _lost_race(tried: _Try) -> bool:
    """After a failed insert: did another writer create this session's log, or take this set number, first?"""
    assert tried.exercise is not None
    if tried.created_log:
        return SessionLog.objects.filter(session_id=tried.exercise.session_id).exists()
    if tried.number is None or tried.log_id is None:
        return False
    return SetLog.objects.filter(
        session_log_id=tried.log_id, exercise_id=tried.exercise.pk, set_number=tried.number
    ).exists()


def _exercise_sets(logged: SetLog) -> list[SetLog]:
    return list(
        SetLog.objects.filter(session_log_id=logged.session_log_id, exercise_id=logged.exercise_id).order_by(
            "set_number"
        )
    )


def _replayed(existing: SetLog, *, runner: Runner, exercise: PlannedExercise) -> SetLog:
    """The set a repeated client_id logged before; an id reused for another set is refused, never answered with
    that set (it may be someone else's)."""
    if existing.exercise_id != exercise.pk or existing.session_log.runner_id != runner.pk:
        raise SetLogError(["client_id: this id was used for another set; make a new id (a UUID) for each set"])
    return existing


def set_log_check(
    *,
    session: PlannedSession,
    exercise_id: int,
    reps: int | None,
    seconds: int | None,
    load_kg: Decimal | None = None,
) -> PlannedExercise:
    """The session's exercise a set is logged against, checked: a hold in seconds, anything else in reps (foot
    contacts for a jump), kilograms only where weights load it. SetLogError names the field to fix."""
    exercise = next((e for e in session.exercises.all() if e.pk == exercise_id), None)
    if exercise is None:
        raise SetLogError(["exercise: that exercise is not part of this session"])
    set_log_validate(exercise=exercise, reps=reps, seconds=seconds, load_kg=load_kg)
    return exercise


def set_log_validate(
    *, exercise: PlannedExercise, reps: int | None, seconds: int | None, load_kg: Decimal | None = None
) -> None:
    """Reps or seconds as the exercise is counted, and kilograms only for an exercise weights load
    (crosstrain.core.loads, the rule the set form follows too); SetLogError names the field to fix. The same checks
    for the web form, the phone's offline queue and the API, before anything is written."""
    if exercise.timed and seconds is None:
        raise SetLogError([f"seconds: {exercise.name} is a hold: enter the seconds you held it"])
    if not exercise.timed and reps is None:
        what = "foot contacts" if exercise.power else "reps"
        raise SetLogError([f"reps: enter the {what} you did in this set of {exercise.name}"])
    if not load_kg:
        return
    known = gym_catalogue().get(exercise.exercise_id)
    if not takes_kg(known, block=exercise.block, timed=exercise.timed):
        raise SetLogError([f"load_kg: {no_kg_words(known, name=exercise.name, timed=exercise.timed)}"])


def _sets_per_exercise(session: PlannedSession) -> list[tuple[int, int]]:
    """(sets logged, sets planned) of each exercise of the session: from the prefetched exercises and sets when
    the session was read with them (the session page's selector), else one aggregate query."""
    exercises = getattr(session, "_prefetched_objects_cache", {}).get("exercises")
    if exercises is not None and all("set_logs" in getattr(e, "_prefetched_objects_cache", {}) for e in exercises):
        return [(len(e.set_logs.all()), e.sets) for e in exercises]
    rows = (
        PlannedExercise.objects.filter(session_id=session.pk)
        .order_by()
        .annotate(logged=Count("set_logs"))
        .values_list("logged", "sets")
    )
    return [(logged, sets) for logged, sets in rows]


def _close(*, runner: Runner, session: PlannedSession, session_log: SessionLog | None, closing: Closing) -> SessionLog:
    """Store how the session was closed, once: a log closed meanwhile (a finish sent twice at once) keeps the first
    outcome, and that is the log returned."""
    now = timezone.now()
    fields = {
        "finished_at": now,
        "status": closing.state.value,
        "sets_done": closing.sets_done,
        "sets_planned": closing.sets_planned,
        "done_early": closing.done_early,
        "skip_reason": closing.skip_reason,
    }
    if session_log is None:
        session_log, created = SessionLog.objects.get_or_create(session=session, defaults={"runner": runner, **fields})
        if created or session_log.finished_at is not None:
            return session_log
    # Only if still open: a finish sent twice at once keeps the first.
    if SessionLog.objects.filter(pk=session_log.pk, finished_at__isnull=True).update(**fields):
        for name, value in fields.items():
            setattr(session_log, name, value)
        runner_changed(runner)  # an update() sends no signal (crosstrain.dashboard.signals)
        return session_log
    return SessionLog.objects.get(pk=session_log.pk)


def _open_log(session: PlannedSession) -> tuple[SessionLog | None, bool]:
    """(the session's log or None, whether it is closed already)."""
    known, session_log = _cached_log(session)
    if not known:
        session_log = SessionLog.objects.filter(session_id=session.pk).first()
    return session_log, session_log is not None and session_log.finished_at is not None


@transaction.atomic
def session_finish(
    *,
    runner: Runner,
    session: PlannedSession,
    today: date | None = None,
    early: bool = False,
    partly: bool = False,
) -> SessionLog:
    """Finish the session on `today` (the gym's today by default) by the rules of crosstrain.core.finishing:
    `early` and `partly` are what the runner confirmed (done before its day, finishing with sets missing).
    FinishRefused says what is wrong and how to go ahead. A session closed already stays as it was closed (a
    double tap, a replayed queue) and is returned as it is."""
    session_log, closed = _open_log(session)
    if closed:
        assert session_log is not None
        return session_log
    closing = finish(
        day=session.date,
        today=today or timezone.localdate(),
        exercises=_sets_per_exercise(session),
        early=early,
        partly=partly,
        say_day=lambda day: when(day, "WEEKDAY_DAY_MONTH_FORMAT"),
    )
    return _close(runner=runner, session=session, session_log=session_log, closing=closing)


@transaction.atomic
def session_skip(*, runner: Runner, session: PlannedSession, reason: str) -> SessionLog:
    """Mark the session skipped with the runner's reason (crosstrain.core.finishing.skip): it counts as planned and
    not done, and its reminders stop. A session closed already stays as it was closed."""
    session_log, closed = _open_log(session)
    if closed:
        assert session_log is not None
        return session_log
    closing = skip(reason=reason, exercises=_sets_per_exercise(session))
    return _close(runner=runner, session=session, session_log=session_log, closing=closing)


@transaction.atomic
def pain_flag_raise(*, runner: Runner, session: PlannedSession) -> SessionLog:
    """Flag the session for the coach for pain reported before its first set (the readiness check-in,
    crosstrain.activities.readiness): its log starts flagged, as it does when a first set hurts, so the coach sees,
    answers and clears it like any pain flag. A session flagged already stays as it is."""
    log, created = SessionLog.objects.get_or_create(session=session, defaults={"runner": runner, "pain_flag": True})
    if not created and not log.pain_flag:
        SessionLog.objects.filter(pk=log.pk).update(pain_flag=True)
        log.pain_flag = True
        runner_changed(runner)  # an update() sends no signal (crosstrain.dashboard.signals)
    return log


def pain_flag_resolve(*, session_log: SessionLog) -> None:
    SessionLog.objects.filter(pk=session_log.pk, flag_resolved_at__isnull=True).update(flag_resolved_at=timezone.now())
    runners_changed([session_log.runner_id])  # an update() sends no signal (crosstrain.dashboard.signals)


# --- The coach's review of training (issue 23) ---------------------------------------------------------------


class ReviewError(InputError):
    """A review or comment that cannot be made as asked; nothing was saved."""


def _check_coach(*, coach: User, session_log: SessionLog) -> None:
    if not Runner.objects.filter(pk=session_log.runner_id, coach=coach).exists():
        raise ReviewError(["Only the runner's coach reviews their sessions."])
    if session_log.finished_at is None:
        raise ReviewError(["This session is still open: review it once the runner has finished or skipped it."])


@transaction.atomic
def session_log_review(*, coach: User, session_log: SessionLog) -> SessionLog:
    """Mark a closed session of one of the coach's runners reviewed (now; a session reviewed already keeps its
    first review). Raises ReviewError for someone else's runner or a session still open."""
    _check_coach(coach=coach, session_log=session_log)
    if SessionLog.objects.filter(pk=session_log.pk, reviewed_at__isnull=True).update(reviewed_at=timezone.now()):
        # An update() sends no signal: the coach's unreviewed count (the dashboard's version) and the coach's page of
        # the runner change with it.
        runners_changed([session_log.runner_id])
    session_log.refresh_from_db(fields=["reviewed_at"])
    return session_log


def done_set_words(set_log: SetLog, exercise: PlannedExercise | None = None, units: UnitSystem = DEFAULT_SYSTEM) -> str:
    """A logged set as every set done is written (crosstrain.core.suggest.done_words): "10 reps with 14 kg at RIR
    2", "30 s", "8 foot contacts". `exercise`: the set's planned exercise when the caller has it at hand."""
    planned = exercise or set_log.exercise
    return done_words(
        [
            DoneSet(
                reps=set_log.reps,
                seconds=set_log.seconds,
                load_kg=None if set_log.load_kg is None else float(set_log.load_kg),
                rir=set_log.rir,
            )
        ],
        unit="foot contacts" if planned.power else "reps",
        units=units,
    )


def set_words(set_log: SetLog, units: UnitSystem = DEFAULT_SYSTEM) -> str:
    """A logged set as the coach's comment names it: "set 2 of Goblet squat (10 reps with 14 kg at RIR 2)", in
    `units` (the kg or lb of the runner it is written to)."""
    done = done_set_words(set_log, units=units)
    if set_log.pain:
        done += f", pain {set_log.pain}/10"
    return f"set {set_log.set_number} of {set_log.exercise.name} ({done})"


@transaction.atomic
def session_log_comment(*, coach: User, session_log: SessionLog, body: str, set_log_id: int | None = None) -> Message:
    """The coach's comment on a closed session, or on one of its sets (`set_log_id`), sent to the runner's
    conversation as a message about that session (crosstrain.messaging.services.message_send); a comment on a set
    starts by naming it. Commenting marks the session reviewed. Raises ReviewError, or MessageError for the text,
    with nothing saved."""
    _check_coach(coach=coach, session_log=session_log)
    text = message_clean(body)  # the coach's own text is checked first, so its length is the one they typed
    set_log = None
    if set_log_id is not None:
        set_log = SetLog.objects.select_related("exercise").filter(pk=set_log_id, session_log=session_log).first()
        if set_log is None:
            raise ReviewError(["That set is not one of this session's: comment on the session, or on one of its sets."])
        # Written to the runner: in their kg or lb (crosstrain.gym.selectors).
        text = f"About {set_words(set_log, units_for_user_id(session_log.runner.user_id))}: {text}"
    # The message links to the set (on the runner's session page and the coach's feed), which shows it was commented.
    message = message_send(runner=session_log.runner, author=coach, body=text, session_log=session_log, set_log=set_log)
    session_log_review(coach=coach, session_log=session_log)
    return message
