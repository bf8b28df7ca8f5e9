"""Runner pages: this week and today, a session to log set by set, history."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from crosstrain.accounts.models import User
from crosstrain.core.catalogue import Catalogue
from crosstrain.core.dosing import load_step_in_unit, rest_seconds, superset_rest_seconds
from crosstrain.core.errors import CoreError
from crosstrain.core.finishing import FinishRefused, SessionState
from crosstrain.core.ids import whole_number
from crosstrain.core.loads import takes_kg
from crosstrain.core.nutrition import carbs_per_mass, daily_targets
from crosstrain.core.suggest import Suggestion
from crosstrain.core.units import UnitSystem
from crosstrain.core.vocabulary import Category, Load
from crosstrain.dashboard.versions import runner_pages_version
from crosstrain.gym.dates import when
from crosstrain.gym.increments import gym_weights
from crosstrain.gym.selectors import conventions_for, units_for
from crosstrain.habits.selectors import habit_week
from crosstrain.messaging.selectors import unread_count
from crosstrain.programs.catalogue import gym_catalogue, gym_catalogue_stamp
from crosstrain.programs.models import PlannedExercise, PlannedSession
from crosstrain.programs.selectors import programs_of_runner
from crosstrain.results.selectors import reports_of_runner
from crosstrain.scheduling.models import Booking, CalendarFeed, NutritionClass, Slot
from crosstrain.scheduling.selectors import runner_change_requests
from crosstrain.scheduling.services import (
    RunnerChange,
    TrainingDaysRefused,
    booking_move,
    feed_ics,
    feed_revoke,
    move_options,
    runner_choose_training_days,
    runner_reimport_plan,
)
from crosstrain.training.models import SessionLog, SetLog
from crosstrain.training.selectors import (
    runner_history_page,
    runner_live_session,
    runner_session,
    runner_week_of_user,
)
from crosstrain.training.services import (
    SetLogError,
    session_finish,
    session_skip,
    set_log_check,
    set_log_record_by_user,
)
from crosstrain.training.suggestions import exercise_suggestion, prefill, session_suggestions
from crosstrain.web.access import _get_runner_for_user, runner_required, signed_in_runner_id, signed_in_user
from crosstrain.web.forms import (
    FinishForm,
    MoveForm,
    NutritionForm,
    RunningPlanForm,
    SetLogForm,
    SkipForm,
    TrainingDaysForm,
    attach_core_errors,
)
from crosstrain.web.page_cache import CLIENT_ID_PLACEHOLDER, Body, runner_page
from crosstrain.web.templatetags.exercise_text import dose, exercise_notes
from crosstrain.web.views.cohorts import feed_url, webcal


def _cached(request: HttpRequest, page: str, key: tuple[object, ...], body: Callable[[User], Body]) -> HttpResponse:
    """A runner's own page, its body cached under their pages' version (crosstrain.web.page_cache): warm, the
    version's one query and a cache read. The badge's unread count is cached with the body (reading a message or
    being sent one gives the runner's pages a new version)."""
    user = signed_in_user(request)
    runner_id = signed_in_runner_id(request)
    return runner_page(
        request,
        page=page,
        runner_id=runner_id,
        version=runner_pages_version(runner_id=runner_id),
        key=(user.pk, timezone.localdate(), *key),
        body=lambda: body(user),
    )


@runner_required
def home(request: HttpRequest) -> HttpResponse:
    def body(user: User) -> Body:
        today = timezone.localdate()
        found = runner_week_of_user(user=user, today=today)
        if found is None:
            raise Http404("You have no runner record any more: ask your coach.")
        runner, week = found
        # The habit grid runs from the gym's first day of the week (the program's weeks stay the engine's).
        first_weekday = conventions_for(request).gym.week_start
        habits = habit_week(runner=runner, week_start=today, today=today, first_weekday=first_weekday)
        context = {"runner": runner, "week": week, "today": today, "habits": habits}
        return Body("runner/_week_body.html", context, "This week", lambda: unread_count(user=user), runner.pk)

    return _cached(request, "week", (), body)


def _session_or_404(request: HttpRequest, session_id: int) -> PlannedSession:
    session = runner_session(session_id=session_id, user=signed_in_user(request))
    if session is None:
        raise Http404("No such session in your program.")
    return session


def _exercise_context(session: PlannedSession, units: UnitSystem) -> list[dict[str, Any]]:
    """The rows of a session's exercises, their loads in `units` (the runner's pounds or kilograms)."""
    catalogue = gym_catalogue()
    suggestions = session_suggestions(session=session, catalogue=catalogue, units=units)
    set_url = reverse("runner-set-log", args=[session.pk])  # once per page, not once per exercise
    rows = [
        _exercise_row(exercise, list(exercise.set_logs.all()), suggestions.get(exercise.pk), catalogue, units, set_url)
        for exercise in session.exercises.all()
    ]
    # One exercise open at a time on the session page: the first with sets still to log.
    for row in rows:
        row["open"] = False
    first = next((row for row in rows if not row["done"]), None)
    if first is not None:
        first["open"] = True
    return rows


def _exercise_row(
    exercise: PlannedExercise,
    logged: list[SetLog],
    suggestion: Suggestion | None,
    catalogue: Catalogue,
    units: UnitSystem,
    set_url: str | None = None,
) -> dict[str, Any]:
    known = catalogue.get(exercise.exercise_id)
    # The kg field only where weights resist the movement (the catalogue's load); a band's colour goes in the note.
    load = known.load if known is not None else None
    weighed = takes_kg(known, block=exercise.block, timed=exercise.timed)
    loaded = prefill(suggestion, logged)
    return {
        "exercise": exercise,
        # Built in Python once (web/templatetags/exercise_text.py, the same wording as _dose.html and
        # _exercise_notes.html): the session page shows them for every exercise.
        "dose": dose(exercise),
        "notes": exercise_notes(exercise, units),
        "set_url": set_url or reverse("runner-set-log", args=[exercise.session_id]),
        "cues": known.cues if known else (),
        "logged": logged,
        # "Last time: ... → today ...", and the set form starts from it.
        "suggestion": suggestion,
        "prefill": loaded,
        "weighed": weighed,
        "units": units,
        "band": load is Load.BAND,
        # The load's stepper moves to the next weight that exists, in the runner's unit (crosstrain.core.units).
        # (or on the gym's own list of its weights, where it gave one).
        "load_step": load_step_in_unit(known, (loaded and loaded.load_kg) or 0, units, gym_weights())
        if weighed and known
        else 1,
        "done": len(logged) >= exercise.sets,
        "open": len(logged) < exercise.sets,
        "rest": rest_seconds(Category(exercise.block), main_lift=exercise.main_lift),
        # A fresh id per rendered form: resubmitting this form can never log the set twice.
        "client_id": uuid.uuid4(),
    }


def pair_supersets(rows: list[dict[str, Any]]) -> None:
    """Each superset's two rows ("A1", "A2") learn their partner's step and the rest after a round: a set of the
    first is followed straight by a set of the second, and the rest comes after the second (crosstrain.core.dosing).
    The player walks the pair by these; the session page's rest timer follows them too."""
    by_label = {row["exercise"].superset: index for index, row in enumerate(rows) if row["exercise"].superset}
    for label, index in by_label.items():
        if not label.endswith("1"):
            continue
        partner = by_label.get(label[:-1] + "2")
        if partner is None:
            continue  # the other half was swapped out or is not in this session: rest after each set
        first, second = rows[index]["exercise"], rows[partner]["exercise"]
        round_rest = superset_rest_seconds(
            Category(first.block), Category(second.block), main_lift=first.main_lift or second.main_lift
        )
        rows[index].update(partner=partner, round=1, round_rest=round_rest)
        rows[partner].update(partner=index, round=2, round_rest=round_rest)


@runner_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    def body(user: User) -> Body:
        session = _session_or_404(request, session_id)
        rows = _exercise_context(session, units_for(request))
        pair_supersets(rows)
        for row in rows:
            row["client_id"] = CLIENT_ID_PLACEHOLDER  # a fresh one per request (crosstrain.web.page_cache)
            if "round" in row:
                # A superset: straight from the first to the second, the round's rest after the second.
                row["rest"] = 0 if row["round"] == 1 else row["round_rest"]
        context = {"session": session, "rows": rows, "today": timezone.localdate()}
        title = f"Session {session.letter}"
        return Body(
            "runner/_session_body.html", context, title, lambda: unread_count(user=user), session.program.runner_id
        )

    # The cues come from the gym's catalogue: its version is part of the key.
    return _cached(request, "session", (session_id, gym_catalogue_stamp()), body)


@runner_required
@require_POST
def set_log(request: HttpRequest, session_id: int) -> HttpResponse:
    """Log a set. The usual case reads the exercise with its session, program and runner once, writes the set
    (one locked read, one insert) and answers with that exercise's row alone: its sets come back from the write,
    its suggestion is worked out for it only."""
    form = SetLogForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        try:
            # Reps or seconds as the exercise counts them: the service's rules, the same for the API.
            written = set_log_record_by_user(
                user=signed_in_user(request),
                session_id=session_id,
                exercise_id=c["exercise"],
                client_id=c["client_id"],
                reps=c["reps"],
                seconds=c["seconds"],
                load_kg=c["load_kg"],
                rir=c["rir"],
                pain=c["pain"],
                note=c["note"],
            )
        except SetLogError as error:
            attach_core_errors(form, error)
        else:
            if written is not None and _is_htmx(request):
                exercise = written.exercise
                catalogue = gym_catalogue()
                units = units_for(request)
                suggestion = exercise_suggestion(exercise=exercise, catalogue=catalogue, units=units)
                row = _exercise_row(exercise, written.exercise_sets, suggestion, catalogue, units)
                return render(request, "runner/_exercise.html", {"row": row, "session": exercise.session})
            if written is not None:
                return redirect("runner-session", session_id=session_id)
    return _set_refused(request, session_id, form)


def _set_refused(request: HttpRequest, session_id: int, form: SetLogForm) -> HttpResponse:
    """A set that was not logged: the page again (or, from htmx, the exercise's row) with the form's errors, 422.
    A session not in the runner's live program is a 404; an exercise not in the session says so."""
    session = _session_or_404(request, session_id)
    exercise_id = form.cleaned_data.get("exercise")
    if form.is_valid() and isinstance(exercise_id, int):
        try:
            # Valid input whose exercise was not found: the service names the problem (not in this session).
            c = form.cleaned_data
            set_log_check(session=session, exercise_id=exercise_id, reps=c["reps"], seconds=c["seconds"])
        except SetLogError as error:
            attach_core_errors(form, error)
    rows = _exercise_context(session, units_for(request))
    if _is_htmx(request) and isinstance(exercise_id, int):
        row = next((r for r in rows if r["exercise"].pk == exercise_id), None)
        if row is not None:
            row["form"] = form
            return render(request, "runner/_exercise.html", {"row": row, "session": session}, status=422)
    context = {"session": session, "rows": rows, "form_errors": form, "today": timezone.localdate()}
    return render(request, "runner/session.html", context, status=422)


def _finished_words(log: SessionLog) -> str:
    if log.status == SessionState.SKIPPED:
        return f"Session skipped ({log.skip_reason}). Your coach sees why, and its reminders stop."
    if log.status == SessionState.PARTLY:
        words = f"Session finished as partly done: {log.sets_done} of {log.sets_planned} sets."
    else:
        words = "Session done. Well trained!"
    if log.done_early:
        words += " Marked as done early."
    if log.pain_flag:
        words += " You reported pain, so your coach will check in with you."
    return words


def _closed(request: HttpRequest, log: SessionLog) -> HttpResponse:
    if log.pain_flag or log.status == SessionState.SKIPPED:
        messages.warning(request, _finished_words(log))
    else:
        messages.success(request, _finished_words(log))
    return redirect("runner-home")


def _close_refused(
    request: HttpRequest, session_id: int, refused: FinishRefused, *, player: bool, **confirmed: Any
) -> HttpResponse:
    """The page the runner closed the session from again (the session page, or the player at its summary), 422,
    with what is wrong and, when confirming helps, a button to confirm."""
    session = _session_or_404(request, session_id)
    context = {
        "session": session,
        "rows": _exercise_context(session, units_for(request)),
        "today": timezone.localdate(),
        "refused": refused.problems[0],
        "confirm": refused.confirm.value if refused.confirm else "",
        **confirmed,
    }
    return render(request, "runner/player.html" if player else "runner/session.html", context, status=422)


@runner_required
@require_POST
def finish(request: HttpRequest, session_id: int) -> HttpResponse:
    session = runner_live_session(session_id=session_id, user=signed_in_user(request))
    if session is None:
        raise Http404("No such session in your program.")
    form = FinishForm(request.POST)
    form.is_valid()  # every field is optional: anything unreadable is simply not confirmed
    early, partly = bool(form.cleaned_data.get("early")), bool(form.cleaned_data.get("partly"))
    try:
        log = session_finish(
            runner=session.program.runner, session=session, today=timezone.localdate(), early=early, partly=partly
        )
    except FinishRefused as refused:
        player = form.cleaned_data.get("page") == "player"
        return _close_refused(request, session_id, refused, player=player, early=early, partly=partly)
    return _closed(request, log)


@runner_required
@require_POST
def skip(request: HttpRequest, session_id: int) -> HttpResponse:
    session = runner_live_session(session_id=session_id, user=signed_in_user(request))
    if session is None:
        raise Http404("No such session in your program.")
    form = SkipForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else str(request.POST.get("reason", ""))
    try:
        log = session_skip(runner=session.program.runner, session=session, reason=reason)
    except FinishRefused as refused:
        return _close_refused(request, session_id, refused, player=False, skip_refused=True, reason=reason)
    return _closed(request, log)


@runner_required
def history(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("page", "1")
    number = str(whole_number(asked, low=1, high=999_999) or 1)  # what Paginator.get_page makes of it

    def body(user: User) -> Body:
        page = runner_history_page(user=user, page=number)
        context = {"page": page, "logs": page.object_list}
        runner_id = page.object_list[0].runner_id if page.object_list else None
        return Body("runner/_history_body.html", context, "History", lambda: unread_count(user=user), runner_id)

    return _cached(request, "history", (number,), body)


def _is_htmx(request: HttpRequest) -> bool:
    # django-htmx's middleware sets `request.htmx`; falsy for a plain form post (no JavaScript).
    return bool(getattr(request, "htmx", False))


@runner_required
def plan(request: HttpRequest, status: int = 200) -> HttpResponse:
    """My slots, training days, running plan, changes sent to my coach, nutrition ranges and calendar link."""
    runner = _get_runner_for_user(signed_in_user(request))
    bookings = list(
        runner.bookings.select_related("slot__coach", "slot__cohort").filter(slot__cohort__timetable_published=True)
    )
    moves = [(b, move_options(booking=b)) for b in bookings]
    targets = None
    units = units_for(request)
    if runner.body_mass_kg and runner.weekly_running_hours is not None:
        targets = daily_targets(float(runner.body_mass_kg), float(runner.weekly_running_hours))
    calendar_url = feed_url(request, signed_in_user(request))
    return render(
        request,
        "runner/plan.html",
        {
            "runner": runner,
            "moves": moves,
            "targets": targets,
            # The carbohydrate range per unit of body mass: g/kg, or g/lb for someone who weighs in pounds.
            "carbs_per_mass": carbs_per_mass(targets, units) if targets is not None else None,
            "feed_url": calendar_url,
            "webcal_url": webcal(calendar_url),
            "days_form": TrainingDaysForm(initial={"days": runner.training_days}),
            "plan_form": RunningPlanForm(),
            "nutrition_form": NutritionForm(
                initial={"body_mass_kg": runner.body_mass_kg, "weekly_running_hours": runner.weekly_running_hours},
                units=units,
            ),
            "classes": NutritionClass.objects.filter(cohort__registrations__runner=runner).distinct(),
            "change_requests": runner_change_requests(runner=runner),
            # The live program (a runner sees no other) to download, and the before/after reports of their blocks.
            "programs": programs_of_runner(runner=runner, user=signed_in_user(request)),
            "reports": reports_of_runner(runner=runner),
        },
        status=status,
    )


@runner_required
@require_POST
def booking_move_view(request: HttpRequest, booking_id: int) -> HttpResponse:
    runner = _get_runner_for_user(signed_in_user(request))
    booking = get_object_or_404(Booking.objects.select_related("slot__cohort"), pk=booking_id, runner=runner)
    form = MoveForm(request.POST)
    target = (
        Slot.objects.filter(pk=form.cleaned_data["to"], cohort=booking.slot.cohort).first() if form.is_valid() else None
    )
    if target is None:
        messages.error(request, "Choose one of the open slots listed.")
        return redirect("runner-plan")
    try:
        moved = booking_move(booking=booking, to=target)
    except CoreError as error:
        messages.error(request, str(error))
    else:
        since = moved.from_day
        kept = f" Your sessions from {when(since, 'WEEKDAY_DAY_MONTH_FORMAT')} on are in it." if since else ""
        messages.success(request, f"Moved: you now train {target}.{kept}")
        for warning in moved.relaxed:
            messages.warning(request, warning)
    return redirect("runner-plan")


@runner_required
@require_POST
def training_days_view(request: HttpRequest) -> HttpResponse:
    runner = _get_runner_for_user(signed_in_user(request))
    form = TrainingDaysForm(request.POST)
    try:
        change = runner_choose_training_days(runner=runner, days=form.cleaned_data["days"] if form.is_valid() else [])
    except TrainingDaysRefused as error:
        # A gym runner: refused outright (403), the page says why and what to do instead.
        messages.error(request, str(error))
        return plan(request, status=403)
    except CoreError as error:
        messages.error(request, str(error))
    else:
        _tell_change(request, change, "Training days saved: your sessions were re-placed on them.")
    return redirect("runner-plan")


def _tell_change(request: HttpRequest, change: RunnerChange, applied: str) -> None:
    if change.request is not None:
        messages.info(
            request,
            "Sent to your coach: your program stays as it is until they review the change. "
            "You will see their answer here.",
        )
    else:
        messages.success(request, applied)
        # What the rules made of the new days or plan: a week with fewer sessions, a rule relaxed, and why.
        for warning in change.program.placed_warnings if change.program is not None else []:
            messages.warning(request, warning)


@runner_required
@require_POST
def running_plan_view(request: HttpRequest) -> HttpResponse:
    runner = _get_runner_for_user(signed_in_user(request))
    form = RunningPlanForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("runner-plan")
    name, text = form.cleaned_data["running_plan"]
    try:
        change = runner_reimport_plan(runner=runner, name=name, ics_text=text)
    except CoreError as error:
        messages.error(request, str(error))
    else:
        _tell_change(request, change, f"Running plan {name} imported: your sessions were re-placed around it.")
    return redirect("runner-plan")


@runner_required
@require_POST
def nutrition_view(request: HttpRequest) -> HttpResponse:
    runner = _get_runner_for_user(signed_in_user(request))
    form = NutritionForm(request.POST, units=units_for(request))
    if form.is_valid():
        runner.body_mass_kg = form.cleaned_data["body_mass_kg"]
        runner.weekly_running_hours = form.cleaned_data["weekly_running_hours"]
        runner.save(update_fields=["body_mass_kg", "weekly_running_hours"])
        messages.success(request, "Saved: your daily ranges are below.")
    else:
        messages.error(request, f"Body mass is {form.range_words()} and running hours 0-50 a week.")
    return redirect("runner-plan")


@runner_required
@require_POST
def feed_revoke_view(request: HttpRequest) -> HttpResponse:
    feed_revoke(user=signed_in_user(request))
    messages.success(request, "Your calendar link was replaced; the old one no longer works.")
    return redirect("runner-plan")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar a calendar app subscribes to; the token is the only key."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None:
        raise Http404("This calendar link was replaced or never existed.")
    response = HttpResponse(feed_ics(user=feed.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="crosstrain.ics"'
    return response
