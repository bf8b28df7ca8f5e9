"""Every save or delete that changes a figure of a coach's dashboard gives that dashboard a new version, and every one
that changes what a runner's pages show (crosstrain.web.page_cache) gives those pages a new version.

What the dashboard shows per runner: sessions planned and done in 7/30 days (programs, their sessions' dates,
session logs), habits and their ticks, pain flags (session logs, sets' pain), unread messages, open change
requests, and the runners themselves (name, coach). Screens are counted too: recording one starts a new program.
A runner's pages show all of that and more: every logged set, the planned exercises, block reports, their sign-in
name; so a set without pain, an edited exercise, a report or a renamed user give the runner's pages a new version
while the dashboard keeps its own.

Each receiver finds the coach through relations already loaded when it can (the services mostly pass them), else
with one query. Deletes cascading from a runner or a program are left to that runner's or program's own receiver.
Writes by `update()` or `bulk_create` send no signal: those services call `dashboard_changed` themselves.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from crosstrain.accounts.models import Runner, User
from crosstrain.dashboard.versions import dashboard_changed, runner_changed, runner_pages_changed
from crosstrain.habits.models import Habit, HabitCheck
from crosstrain.messaging.models import Message
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.results.models import BlockReport
from crosstrain.scheduling.models import ChangeRequest
from crosstrain.screening.models import Screen
from crosstrain.training.models import SessionLog, SetLog


def _loaded(instance: models.Model, name: str) -> Any:
    """The related object `name` if it is loaded already, else None (never a query)."""
    descriptor = getattr(type(instance), name)
    return getattr(instance, name) if descriptor.is_cached(instance) else None


def _bump_runner(runner: Runner | None, runners: models.QuerySet[Runner]) -> None:
    """The runner's pages and their coach's dashboard: from the loaded runner, else from `runners` (1 query more)."""
    if runner is not None:
        runner_changed(runner)
        return
    found = list(runners.values_list("pk", "coach_id"))
    dashboard_changed(coach for _, coach in found)
    runner_pages_changed(pk for pk, _ in found)


def _bump_through(instance: models.Model, parent: str, runners: models.QuerySet[Runner]) -> None:
    """The runner of `instance.<parent>` and their coach, from loaded relations when they are, else `runners`."""
    loaded = _loaded(instance, parent)
    _bump_runner(_loaded(loaded, "runner") if loaded is not None else None, runners)


def _direct(sender: type[models.Model], origin: Any) -> bool:
    """Whether a delete was of this model itself, not a cascade from a runner or a program (theirs bumps)."""
    if isinstance(origin, models.QuerySet):
        return origin.model is sender
    return isinstance(origin, sender)


def _runner_owned(instance: Habit | Program | ChangeRequest | Screen | SessionLog | BlockReport) -> None:
    _bump_runner(_loaded(instance, "runner"), Runner.objects.filter(pk=instance.runner_id))


# --- Runners: added, renamed, removed, or given to another coach (both coaches' dashboards change) ----------


@receiver(pre_save, sender=Runner, dispatch_uid="dashboard-runner-before")
def _runner_before(
    sender: type[Runner], instance: Runner, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    if instance._state.adding or (update_fields is not None and "coach" not in update_fields):
        instance._dashboard_coach_before = None  # type: ignore[attr-defined]
        return
    instance._dashboard_coach_before = (  # type: ignore[attr-defined]
        Runner.objects.filter(pk=instance.pk).values_list("coach_id", flat=True).first()
    )


@receiver(post_save, sender=Runner, dispatch_uid="dashboard-runner")
def _runner_saved(sender: type[Runner], instance: Runner, **kwargs: Any) -> None:
    dashboard_changed([instance.coach_id, getattr(instance, "_dashboard_coach_before", None)])
    runner_pages_changed([instance.pk])


@receiver(post_save, sender=User, dispatch_uid="runner-pages-user")
def _user_saved(sender: type[User], instance: User, update_fields: frozenset[str] | None = None, **kwargs: Any) -> None:
    # The coach's page of a runner names their sign-in. Signing in saves only last_login: nothing shown changes.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    if instance.role == User.Role.RUNNER:
        runner_pages_changed(Runner.objects.filter(user=instance).values_list("pk", flat=True))


@receiver(post_delete, sender=Runner, dispatch_uid="dashboard-runner-deleted")
def _runner_deleted(sender: type[Runner], instance: Runner, **kwargs: Any) -> None:
    dashboard_changed([instance.coach_id])


# --- What is counted per runner ---------------------------------------------------------------------------------


@receiver(post_save, sender=Program, dispatch_uid="dashboard-program")
@receiver(post_save, sender=Habit, dispatch_uid="dashboard-habit")
@receiver(post_save, sender=ChangeRequest, dispatch_uid="dashboard-change-request")
@receiver(post_save, sender=Screen, dispatch_uid="dashboard-screen")
@receiver(post_save, sender=BlockReport, dispatch_uid="runner-pages-report")
def _runner_owned_saved(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    _runner_owned(instance)


@receiver(post_delete, sender=Program, dispatch_uid="dashboard-program-deleted")
@receiver(post_delete, sender=Habit, dispatch_uid="dashboard-habit-deleted")
@receiver(post_delete, sender=ChangeRequest, dispatch_uid="dashboard-change-request-deleted")
@receiver(post_delete, sender=Screen, dispatch_uid="dashboard-screen-deleted")
@receiver(post_delete, sender=SessionLog, dispatch_uid="dashboard-session-log-deleted")
@receiver(post_delete, sender=BlockReport, dispatch_uid="runner-pages-report-deleted")
def _runner_owned_deleted(sender: type[models.Model], instance: Any, origin: Any = None, **kwargs: Any) -> None:
    if _direct(sender, origin):
        _runner_owned(instance)


@receiver(post_save, sender=SessionLog, dispatch_uid="dashboard-session-log")
def _session_log_saved(sender: type[SessionLog], instance: SessionLog, created: bool, **kwargs: Any) -> None:
    # A log just started (the first set of a session) changes no figure: only finishing it or a pain flag does.
    if created and instance.finished_at is None and not instance.pain_flag:
        return
    _runner_owned(instance)


def _set_log_changed(instance: SetLog) -> None:
    _bump_through(instance, "session_log", Runner.objects.filter(session_logs=instance.session_log_id))


@receiver(post_save, sender=SetLog, dispatch_uid="dashboard-set-log")
def _set_log_saved(sender: type[SetLog], instance: SetLog, created: bool, **kwargs: Any) -> None:
    # A set shows on the dashboard only as the worst pain of a flagged session: a new set without pain (the
    # common case, logged mid-session) changes nothing there, only the runner's pages (1 query: the services
    # pass the set its log). An edit may lower the worst pain.
    if not created or instance.pain:
        _set_log_changed(instance)
        return
    log = _loaded(instance, "session_log")
    if log is not None:
        runner_pages_changed([log.runner_id])
    else:
        runner_pages_changed(SessionLog.objects.filter(pk=instance.session_log_id).values_list("runner_id", flat=True))


@receiver(post_delete, sender=SetLog, dispatch_uid="dashboard-set-log-deleted")
def _set_log_deleted(sender: type[SetLog], instance: SetLog, origin: Any = None, **kwargs: Any) -> None:
    if _direct(sender, origin):
        _set_log_changed(instance)


@receiver(post_save, sender=HabitCheck, dispatch_uid="dashboard-habit-check")
@receiver(post_delete, sender=HabitCheck, dispatch_uid="dashboard-habit-check-deleted")
def _habit_ticked(sender: type[HabitCheck], instance: HabitCheck, origin: Any = None, **kwargs: Any) -> None:
    if origin is not None and not _direct(sender, origin):
        return
    _bump_through(instance, "habit", Runner.objects.filter(habits=instance.habit_id))


def _in_a_draft(program: Program | None, programs: models.QuerySet[Program]) -> bool:
    """Whether a session or exercise just made belongs to a draft program: designing one makes them by the dozen,
    and nothing shows them until it is published (whose own save bumps). The program as loaded, else `programs`
    (1 query)."""
    if program is not None:
        return program.status == Program.Status.DRAFT
    return programs.filter(status=Program.Status.DRAFT).exists()


@receiver(post_save, sender=PlannedSession, dispatch_uid="dashboard-session-moved")
@receiver(post_delete, sender=PlannedSession, dispatch_uid="dashboard-session-deleted")
def _session_changed(
    sender: type[PlannedSession], instance: PlannedSession, created: bool = False, origin: Any = None, **kwargs: Any
) -> None:
    # An edit may move a session; the admin may add one to a live program or delete one from it.
    if origin is not None and not _direct(sender, origin):
        return
    if created and _in_a_draft(_loaded(instance, "program"), Program.objects.filter(pk=instance.program_id)):
        return
    _bump_through(instance, "program", Runner.objects.filter(programs=instance.program_id))


@receiver(post_save, sender=Message, dispatch_uid="dashboard-message")
@receiver(post_delete, sender=Message, dispatch_uid="runner-pages-message-deleted")
def _message_sent(sender: type[Message], instance: Message, origin: Any = None, **kwargs: Any) -> None:
    if origin is not None and not _direct(sender, origin):
        return
    _bump_through(instance, "conversation", Runner.objects.filter(conversation=instance.conversation_id))


@receiver(post_save, sender=PlannedExercise, dispatch_uid="runner-pages-exercise")
@receiver(post_delete, sender=PlannedExercise, dispatch_uid="runner-pages-exercise-deleted")
def _exercise_changed(
    sender: type[PlannedExercise], instance: PlannedExercise, created: bool = False, origin: Any = None, **kwargs: Any
) -> None:
    # A coach may edit or remove one; the admin may add one to a live session.
    if origin is not None and not _direct(sender, origin):
        return
    if created:
        session = _loaded(instance, "session")
        program = _loaded(session, "program") if session is not None else None
        if _in_a_draft(program, Program.objects.filter(sessions=instance.session_id)):
            return
    runner_pages_changed(Runner.objects.filter(programs__sessions=instance.session_id).values_list("pk", flat=True))
