"""Runner-side changes to what a program is designed from, and the coach's say over them.

A runner may change their training days (remote runners only) or re-import their running plan. Such a change
used to re-design and publish their program at once, which silently replaced a program the coach had reviewed
and lost the coach's swaps. Now a change waits for the coach when there is something coach-reviewed to lose:

- the runner's live program was published by the coach (every program is, except the ones a runner's own
  change published at once), or
- the live program came from a runner's change but the coach edited it since (a swap, or a dose changed in the
  admin: its exercises no longer match the fingerprint taken when it was published), or
- the coach is reviewing a newer draft (publishing it would otherwise undo the runner's change), or
- a request of the same kind is already waiting (the newer one replaces it there).

Programs published at once by a runner's change before this module existed have no record here, so they count
as the coach's: the safe side. Anything else is applied at once, as before, and recorded as `applied`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.core.errors import CoreError, InputError
from crosstrain.core.ics_import import runs_from_ics
from crosstrain.core.vocabulary import Setting
from crosstrain.gym.dates import when
from crosstrain.programs.models import PlannedExercise, Program
from crosstrain.programs.services import program_generate
from crosstrain.scheduling.models import ChangeRequest

NOTE_MAX = 500


class ChangeRequestError(CoreError):
    """An action the request's state does not allow (already resolved, no longer fits the runner)."""


def program_fingerprint(program: Program) -> str:
    """The program's exercises and doses, session by session, as one hash: a coach's edit changes it."""
    rows = (
        PlannedExercise.objects.filter(session__program=program)
        .order_by("session__date", "position")
        .values_list("session__date", "position", "exercise_id", "sets", "reps", "seconds", "rir", "per_side")
    )
    return hashlib.sha256(json.dumps([list(r) for r in rows], default=str).encode()).hexdigest()


def coach_reviewed_program(runner: Runner) -> Program | None:
    """The program of the coach's that a runner-side change would replace, or None (see the module docstring)."""
    live = Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).first()
    drafts = Program.objects.filter(runner=runner, status=Program.Status.DRAFT)
    if live is not None:
        drafts = drafts.filter(created_at__gt=live.created_at)
    draft = drafts.first()
    if draft is not None:
        return draft
    if live is None:
        return None
    made = ChangeRequest.objects.filter(result=live, outcome=ChangeRequest.Outcome.APPLIED).first()
    if made is None or made.result_fingerprint != program_fingerprint(live):
        return live
    return None


def change_request_submit(*, runner: Runner, kind: str, data: dict[str, Any]) -> ChangeRequest | None:
    """Put the change before the coach when it must wait (the request), else None: apply it now.

    The caller holds the runner's row lock, so two changes of one runner are decided one after the other."""
    waiting = ChangeRequest.objects.filter(runner=runner, kind=kind, resolved_at__isnull=True).first()
    reviewed = coach_reviewed_program(runner)
    if waiting is None and reviewed is None:
        return None
    if waiting is not None:
        waiting.data = data
        waiting.created_at = timezone.now()
        waiting.replaces = reviewed or waiting.replaces
        waiting.save(update_fields=["data", "created_at", "replaces"])
        return waiting
    return ChangeRequest.objects.create(runner=runner, kind=kind, data=data, replaces=reviewed)


def change_apply(*, runner: Runner, kind: str, data: dict[str, Any]) -> None:
    """Write the change to the runner's profile (the caller re-designs the program)."""
    if kind == ChangeRequest.Kind.TRAINING_DAYS:
        runner.training_days = list(data["training_days"])
        runner.save(update_fields=["training_days"])
    else:
        runner.running_plan_name = data["name"]
        runner.running_plan_ics = data["ics"]
        runner.running_week = None
        runner.save(update_fields=["running_plan_name", "running_plan_ics", "running_week"])


def change_record_applied(*, runner: Runner, kind: str, data: dict[str, Any], program: Program | None) -> ChangeRequest:
    """Keep an applied change, with the fingerprint of the program it published (None without a screen)."""
    now = timezone.now()
    # The plan's text is on the runner already; the record keeps its name.
    kept = {"name": data["name"]} if kind == ChangeRequest.Kind.RUNNING_PLAN else data
    return ChangeRequest.objects.create(
        runner=runner,
        kind=kind,
        data=kept,
        created_at=now,
        resolved_at=now,
        outcome=ChangeRequest.Outcome.APPLIED,
        result=program,
        result_fingerprint=program_fingerprint(program) if program is not None else "",
    )


def _lock_open(change_request: ChangeRequest) -> tuple[ChangeRequest, Runner]:
    runner = Runner.objects.select_for_update().get(pk=change_request.runner_id)
    locked = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if locked.resolved_at is not None:
        resolved = when(locked.resolved_at, "LONG_DAY_MONTH_TIME_FORMAT")
        raise ChangeRequestError(
            f"This request was already {locked.get_outcome_display().lower()} on {resolved}; nothing was changed."
        )
    return locked, runner


@transaction.atomic
def change_request_approve(*, change_request: ChangeRequest, coach: User) -> Program | None:
    """Apply the runner's change and design a new program as a draft for the coach to review and publish.

    The live program (with the coach's swaps) stays what the runner sees until the coach publishes the draft.
    Returns the draft (None when the runner has no screen yet: the change is applied, nothing to design)."""
    request, runner = _lock_open(change_request)
    if request.kind == ChangeRequest.Kind.TRAINING_DAYS and runner.setting != Setting.HOME.value:
        raise ChangeRequestError(
            f"{runner.name} trains in the gym now, so their training days follow their booked slots: "
            "decline this request instead."
        )
    if request.kind == ChangeRequest.Kind.RUNNING_PLAN:
        runs_from_ics(request.data["ics"], source=request.data["name"])  # still readable by today's engine
    change_apply(runner=runner, kind=request.kind, data=request.data)
    draft = program_generate(runner=runner, created_by=coach) if runner.screens.exists() else None
    request.resolved_at = timezone.now()
    request.outcome = ChangeRequest.Outcome.APPROVED
    request.resolved_by = coach
    request.result = draft
    request.save(update_fields=["resolved_at", "outcome", "resolved_by", "result"])
    return draft


@transaction.atomic
def change_request_decline(*, change_request: ChangeRequest, coach: User, note: str = "") -> ChangeRequest:
    """Keep the runner's program and profile as they are; the note (optional) is shown to the runner."""
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InputError([f"note: at most {NOTE_MAX} characters (this one has {len(note)}); shorten it"])
    request, _ = _lock_open(change_request)
    request.resolved_at = timezone.now()
    request.outcome = ChangeRequest.Outcome.DECLINED
    request.resolved_by = coach
    request.note = note
    request.save(update_fields=["resolved_at", "outcome", "resolved_by", "note"])
    return request
