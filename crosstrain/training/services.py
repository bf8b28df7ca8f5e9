"""Logging training: sets, finishing a session, and the coach clearing a pain flag."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.core.errors import InputError
from crosstrain.programs.models import PlannedExercise, PlannedSession
from crosstrain.training.models import PAIN_FLAG_AT, SessionLog, SetLog


class SetLogError(InputError):
    """A set that cannot be logged as given."""


# Tries at a set number when another writer takes it first; the row lock makes a second try rare already.
_NUMBERING_ATTEMPTS = 3


@transaction.atomic
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
    """Log one set; the same client_id logs it once however often it is sent. Returns (set, created)."""
    existing = SetLog.objects.filter(client_id=client_id).first()
    if existing is not None:
        return _replayed(existing, runner=runner, exercise=exercise), False
    session_log, _ = SessionLog.objects.get_or_create(session=exercise.session, defaults={"runner": runner})
    # Sets of one session are numbered one at a time: the session log's row is locked until this transaction
    # ends, so a concurrent set waits and then counts this one (PostgreSQL; on SQLite the IMMEDIATE transaction
    # already holds the database's write lock and this is a no-op).
    session_log = SessionLog.objects.select_for_update().get(pk=session_log.pk)
    for _attempt in range(_NUMBERING_ATTEMPTS):
        # Read again under the lock: the same set sent twice at once may have been logged while this one waited.
        existing = SetLog.objects.filter(client_id=client_id).first()
        if existing is not None:
            return _replayed(existing, runner=runner, exercise=exercise), False
        last = session_log.sets.filter(exercise=exercise).aggregate(last=Max("set_number"))["last"]
        number = (last or 0) + 1
        try:
            # A savepoint, so a lost race (same client_id, or a number taken by a writer that did not lock,
            # caught by the unique constraint) leaves this transaction usable for another try.
            with transaction.atomic():
                logged = SetLog.objects.create(
                    session_log=session_log,
                    exercise=exercise,
                    client_id=client_id,
                    set_number=number,
                    reps=reps,
                    seconds=seconds,
                    load_kg=load_kg,
                    rir=rir,
                    pain=pain,
                    note=note,
                )
            break
        except IntegrityError:
            taken = session_log.sets.filter(exercise=exercise, set_number=number).exists()
            if not taken and not SetLog.objects.filter(client_id=client_id).exists():
                raise  # another rule of the table: not a race this loop can win
    else:
        raise SetLogError(["the set could not be numbered: too many sets were logged at once; send it again"])
    if pain >= PAIN_FLAG_AT and not session_log.pain_flag:
        session_log.pain_flag = True
        session_log.save(update_fields=["pain_flag"])
    return logged, True


def _replayed(existing: SetLog, *, runner: Runner, exercise: PlannedExercise) -> SetLog:
    """The set a repeated client_id logged before; an id reused for another set is refused, never answered with
    that set (it may be someone else's)."""
    if existing.exercise_id != exercise.pk or existing.session_log.runner_id != runner.pk:
        raise SetLogError(["client_id: this id was used for another set; make a new id (a UUID) for each set"])
    return existing


def set_log_check(
    *, session: PlannedSession, exercise_id: int, reps: int | None, seconds: int | None
) -> PlannedExercise:
    """The session's exercise a set is logged against, checked: a hold in seconds, anything else in reps (foot
    contacts for a jump). SetLogError names the field to fix."""
    exercise = next((e for e in session.exercises.all() if e.pk == exercise_id), None)
    if exercise is None:
        raise SetLogError(["exercise: that exercise is not part of this session"])
    if exercise.timed and seconds is None:
        raise SetLogError([f"seconds: {exercise.name} is a hold: enter the seconds you held it"])
    if not exercise.timed and reps is None:
        what = "foot contacts" if exercise.power else "reps"
        raise SetLogError([f"reps: enter the {what} you did in this set of {exercise.name}"])
    return exercise


@transaction.atomic
def session_finish(*, runner: Runner, session: PlannedSession) -> SessionLog:
    session_log, _ = SessionLog.objects.get_or_create(session=session, defaults={"runner": runner})
    if session_log.finished_at is None:
        session_log.finished_at = timezone.now()
        session_log.save(update_fields=["finished_at"])
    return session_log


def pain_flag_resolve(*, session_log: SessionLog) -> None:
    SessionLog.objects.filter(pk=session_log.pk, flag_resolved_at__isnull=True).update(flag_resolved_at=timezone.now())
