"""Logging training: sets, finishing a session, and the coach clearing a pain flag."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.programs.models import PlannedExercise, PlannedSession
from crosstrain.training.models import PAIN_FLAG_AT, SessionLog, SetLog


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
        return existing, False
    session_log, _ = SessionLog.objects.get_or_create(session=exercise.session, defaults={"runner": runner})
    set_number = session_log.sets.filter(exercise=exercise).count() + 1
    try:
        # A savepoint, so a concurrent duplicate (same client_id, lost race) leaves this transaction usable.
        with transaction.atomic():
            logged = SetLog.objects.create(
                session_log=session_log,
                exercise=exercise,
                client_id=client_id,
                set_number=set_number,
                reps=reps,
                seconds=seconds,
                load_kg=load_kg,
                rir=rir,
                pain=pain,
                note=note,
            )
    except IntegrityError:
        return SetLog.objects.get(client_id=client_id), False
    if pain >= PAIN_FLAG_AT and not session_log.pain_flag:
        session_log.pain_flag = True
        session_log.save(update_fields=["pain_flag"])
    return logged, True


@transaction.atomic
def session_finish(*, runner: Runner, session: PlannedSession) -> SessionLog:
    session_log, _ = SessionLog.objects.get_or_create(session=session, defaults={"runner": runner})
    if session_log.finished_at is None:
        session_log.finished_at = timezone.now()
        session_log.save(update_fields=["finished_at"])
    return session_log


def pain_flag_resolve(*, session_log: SessionLog) -> None:
    SessionLog.objects.filter(pk=session_log.pk, flag_resolved_at__isnull=True).update(flag_resolved_at=timezone.now())
