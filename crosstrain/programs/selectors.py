"""Reading programs: who sees which (the coach every program of their runners, a runner their live one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from crosstrain.accounts.models import Runner, User
from crosstrain.gym.dates import when
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
    sessions: QuerySet[PlannedSession] = (
        PlannedSession.objects.order_by("date")
        .select_related("slot")
        .prefetch_related(Prefetch("exercises", queryset=PlannedExercise.objects.order_by("position")))
    )
    return (
        Program.objects.filter(_visible_to(user), pk=program_id)
        .select_related("runner")
        .prefetch_related(Prefetch("sessions", queryset=sessions))
        .first()
    )


@dataclass(frozen=True)
class Version:
    """A program as one version of its block: its number (1 = first designed) and what it changed."""

    program: Program
    number: int

    @property
    def summary(self) -> str:
        """In words, for the coach's list: "version 2, placed from Tue 8 Dec (earlier sessions kept)"."""
        program = self.program
        if program.resumes_from is None:
            return f"version {self.number}"
        since = when(program.resumes_from, "WEEKDAY_DAY_MONTH_FORMAT")
        return f"version {self.number}, placed from {since} (earlier sessions kept)"


def program_blocks(programs: list[Program]) -> list[tuple[date, list[Version]]]:
    """The runner's programs as blocks (one per start date, newest block first), each block's versions newest
    first: a block re-placed mid-way (new days, a moved slot, a re-screen) is one continuous thing across them."""
    by_start: dict[date, list[Program]] = {}
    for program in sorted(programs, key=lambda p: (p.created_at, p.pk)):
        by_start.setdefault(program.start, []).append(program)
    return [
        (start, [Version(p, n) for n, p in reversed(list(enumerate(versions, start=1)))])
        for start, versions in sorted(by_start.items(), reverse=True)
    ]
