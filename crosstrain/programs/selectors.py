"""Reading programs: who sees which (the coach every program of their runners, a runner their live one)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from crosstrain.accounts.models import Runner, User
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program


def _visible_to(user: User) -> Q:
    # Drafts are the coach's work in progress and superseded programs history the coach reviews; a runner
    # follows only the live program, as the web app shows it.
    return Q(runner__coach=user) | Q(runner__user=user, status=Program.Status.PUBLISHED)


def programs_of_runner(*, runner: Runner, user: User) -> list[Program]:
    """The runner's programs that `user` may see, newest first."""
    return list(Program.objects.filter(_visible_to(user), runner=runner).select_related("runner"))


def program_for_user(*, program_id: int, user: User) -> Program | None:
    """One program with its sessions and their exercises (3 queries), or None when `user` may not see it."""
    sessions: QuerySet[PlannedSession] = PlannedSession.objects.order_by("date").prefetch_related(
        Prefetch("exercises", queryset=PlannedExercise.objects.order_by("position"))
    )
    return (
        Program.objects.filter(_visible_to(user), pk=program_id)
        .select_related("runner")
        .prefetch_related(Prefetch("sessions", queryset=sessions))
        .first()
    )
