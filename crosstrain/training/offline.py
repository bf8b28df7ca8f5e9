"""Reads for the runner's app when it works offline: which sessions a phone keeps, and where a queued set goes.

A phone caches the live program's current and next week (the pages a runner may open in a basement gym), and
sends sets it queued offline later. By then the coach may have published a new program: the set still belongs
to the session it was logged for, so a replay may name a session of the runner's superseded program.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch

from crosstrain.accounts.models import Runner, User
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program

WEEKS_KEPT = 2  # this week and the next


def offline_sessions(*, runner: Runner, today: date) -> list[PlannedSession]:
    """The live program's sessions of the current and the next week (1 query), oldest first."""
    program = Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).first()
    if program is None:
        return []
    # The same week number as the runner's week page (training.selectors.runner_week): 1 before the start.
    week = min(max((today - program.start).days // 7 + 1, 1), 6)
    return list(
        PlannedSession.objects.filter(program=program, week__gte=week, week__lt=week + WEEKS_KEPT).order_by("date")
    )


def superseded_session(*, session_id: int, user: User) -> PlannedSession | None:
    """A session of one of the user's superseded programs, with its exercises (for set checks), or None.

    Never a draft (the runner has not seen it) and never another runner's session.
    """
    return (
        PlannedSession.objects.filter(
            pk=session_id, program__runner__user=user, program__status=Program.Status.SUPERSEDED
        )
        .select_related("program")
        .prefetch_related(Prefetch("exercises", queryset=PlannedExercise.objects.order_by("position")))
        .first()
    )
