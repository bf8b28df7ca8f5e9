"""Runner pages: this week and today, a session to log set by set, history."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from crosstrain.accounts.models import User
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedSession
from crosstrain.training.selectors import runner_history, runner_session, runner_week
from crosstrain.training.services import session_finish, set_log_record
from crosstrain.web.access import _get_runner_for_user, runner_required
from crosstrain.web.forms import SetLogForm

REST_SECONDS = {"strength": 75, "power": 90, "mobility": 15, "smr": 0}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@runner_required
def home(request: HttpRequest) -> HttpResponse:
    runner = _get_runner_for_user(_user(request))
    week = runner_week(runner=runner, today=timezone.localdate())
    return render(request, "runner/home.html", {"runner": runner, "week": week, "today": timezone.localdate()})


def _session_or_404(request: HttpRequest, session_id: int) -> PlannedSession:
    session = runner_session(session_id=session_id, user=_user(request))
    if session is None:
        raise Http404("No such session in your program.")
    return session


def _exercise_context(session: PlannedSession) -> list[dict[str, Any]]:
    catalogue = gym_catalogue()
    rows = []
    for exercise in session.exercises.all():
        known = catalogue[exercise.exercise_id] if exercise.exercise_id in catalogue else None  # noqa: SIM401
        logged = list(exercise.set_logs.all())
        rows.append(
            {
                "exercise": exercise,
                "cues": known.cues if known else (),
                "logged": logged,
                "done": len(logged) >= exercise.sets,
                "rest": REST_SECONDS.get(exercise.block, 60),
                # A fresh id per rendered form: resubmitting this form can never log the set twice.
                "client_id": uuid.uuid4(),
            }
        )
    return rows


@runner_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(request, session_id)
    return render(request, "runner/session.html", {"session": session, "rows": _exercise_context(session)})


@runner_required
@require_POST
def set_log(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(request, session_id)
    form = SetLogForm(request.POST)
    exercises = {e.pk: e for e in session.exercises.all()}
    if form.is_valid() and form.cleaned_data["exercise"] not in exercises:
        form.add_error("exercise", "That exercise is not part of this session.")
    if form.is_valid():
        c = form.cleaned_data
        exercise = exercises[c["exercise"]]
        set_log_record(
            runner=_get_runner_for_user(_user(request)),
            exercise=exercise,
            client_id=c["client_id"],
            reps=c["reps"],
            seconds=c["seconds"],
            load_kg=c["load_kg"],
            rir=c["rir"],
            pain=c["pain"],
            note=c["note"],
        )
        session = _session_or_404(request, session_id)
        if _is_htmx(request):
            return render(request, "runner/_exercise.html", {"row": _row(session, exercise.pk), "session": session})
        return redirect("runner-session", session_id=session_id)
    if _is_htmx(request) and isinstance(form.cleaned_data.get("exercise"), int):
        row = _row(session, form.cleaned_data["exercise"])
        if row is not None:
            row["form"] = form
            return render(request, "runner/_exercise.html", {"row": row, "session": session}, status=422)
    rows = _exercise_context(session)
    return render(request, "runner/session.html", {"session": session, "rows": rows, "form_errors": form}, status=422)


def _row(session: PlannedSession, exercise_pk: int) -> dict[str, Any] | None:
    return next((r for r in _exercise_context(session) if r["exercise"].pk == exercise_pk), None)


@runner_required
@require_POST
def finish(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(request, session_id)
    log = session_finish(runner=_get_runner_for_user(_user(request)), session=session)
    if log.pain_flag:
        messages.warning(request, "Session done. You reported pain, so your coach will check in with you.")
    else:
        messages.success(request, "Session done. Well trained!")
    return redirect("runner-home")


@runner_required
def history(request: HttpRequest) -> HttpResponse:
    runner = _get_runner_for_user(_user(request))
    return render(request, "runner/history.html", {"logs": runner_history(runner=runner)})


def _is_htmx(request: HttpRequest) -> bool:
    # django-htmx's middleware sets `request.htmx`; falsy for a plain form post (no JavaScript).
    return bool(getattr(request, "htmx", False))
