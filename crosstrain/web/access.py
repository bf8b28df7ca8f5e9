"""Who may see what. Every view goes through one of these helpers; other people's things are a 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from crosstrain.accounts.models import Runner, User
from crosstrain.enrollment.models import Cohort
from crosstrain.programs.models import PlannedExercise, Program
from crosstrain.training.models import SessionLog

View = Callable[..., HttpResponse]


def signed_in_user(request: HttpRequest) -> User:
    """The request's user as our User model; only for views behind `coach_required` or `runner_required`."""
    user = request.user
    assert isinstance(user, User)
    return user


def coach_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_coach", False):
            raise PermissionDenied("Coaches only.")
        return view(request, *args, **kwargs)

    return wrapper


# The signed-in user's runner record as found, kept in their session: a runner's pages need not look it up again
# on every request (issue 14). Signing in again starts a new session; a runner record deleted later still leaves
# their pages empty, as every runner view reads through the user's runner (a 404), and its cached pages go with
# it (crosstrain.web.page_cache reads the runner's version, deleted with the runner).
_RUNNER_CHECKED = "runner_checked"


def runner_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not isinstance(user, User) or not user.is_runner:
            raise PermissionDenied("Runners only.")
        checked = request.session.get(_RUNNER_CHECKED)
        if not isinstance(checked, list) or checked[0] != user.pk:
            runner_id = Runner.objects.filter(user=user).values_list("pk", flat=True).first()
            if runner_id is None:
                raise PermissionDenied("Runners only.")
            request.session[_RUNNER_CHECKED] = [user.pk, runner_id]
        return view(request, *args, **kwargs)

    return wrapper


def signed_in_runner_id(request: HttpRequest) -> int:
    """The signed-in runner's record id, as `runner_required` found it (no query); only behind it."""
    checked = request.session[_RUNNER_CHECKED]
    return int(checked[1])


def _get_runner_for_coach(user: User, runner_id: int) -> Runner:
    return get_object_or_404(Runner, pk=runner_id, coach=user)


def _get_program_for_coach(user: User, program_id: int) -> Program:
    return get_object_or_404(Program.objects.select_related("runner", "screen"), pk=program_id, runner__coach=user)


def _get_exercise_for_coach(user: User, exercise_id: int) -> PlannedExercise:
    return get_object_or_404(
        PlannedExercise.objects.select_related("session__program__runner", "session__program__screen"),
        pk=exercise_id,
        session__program__runner__coach=user,
    )


def _get_session_log_for_coach(user: User, log_id: int) -> SessionLog:
    return get_object_or_404(SessionLog, pk=log_id, runner__coach=user)


def _get_runner_for_user(user: User) -> Runner:
    return get_object_or_404(Runner, user=user)


def _get_cohort_for_coach(user: User, slug: str) -> Cohort:
    return get_object_or_404(Cohort, slug=slug, coach=user)


def _get_runner_for_viewer(user: User, runner_id: int) -> Runner:
    """A runner their coach or they themself may look at (their week, screens, programs)."""
    return get_object_or_404(Runner.objects.filter(Q(coach=user) | Q(user=user)), pk=runner_id)
