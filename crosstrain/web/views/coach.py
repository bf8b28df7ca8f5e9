"""Coach pages: dashboard, runners, screens, programs. Each view parses, calls one service or selector, renders."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from crosstrain.accounts.services import invite_expires_at, runner_create, runner_invite, runner_update
from crosstrain.core.catalogue import Catalogue, default_catalogue
from crosstrain.core.errors import CoreError, InputError
from crosstrain.core.ids import object_id, whole_number
from crosstrain.core.progress import screen_point
from crosstrain.core.screen import score_screen
from crosstrain.core.vocabulary import ScreenTest
from crosstrain.dashboard.figures import coach_unread, coach_unreviewed
from crosstrain.dashboard.versions import coach_runner_versions
from crosstrain.enrollment.models import Registration
from crosstrain.enrollment.services import registration_link_runner
from crosstrain.gym.selectors import conventions_for, units_for
from crosstrain.habits.selectors import adherence, habit_week
from crosstrain.notifications.invites import invite_email_queue
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.programs.selectors import program_blocks
from crosstrain.programs.services import (
    ProgramActionError,
    exercise_swap,
    program_generate,
    program_publish,
    swap_choices,
)
from crosstrain.results.selectors import reports_of_runner
from crosstrain.results.services import screen_record_with_report
from crosstrain.scheduling.selectors import open_change_requests
from crosstrain.training.progress import ALL_PARTS, SCREENS, runner_progress
from crosstrain.training.selectors import (
    DASHBOARD_PAGE_SIZES,
    DASHBOARD_SORTS,
    runner_lift_records,
    runner_unreviewed_count,
)
from crosstrain.training.services import pain_flag_resolve
from crosstrain.training.suggestions import program_suggestions
from crosstrain.web.access import (
    _get_exercise_for_coach,
    _get_program_for_coach,
    _get_runner_for_coach,
    _get_session_log_for_coach,
    coach_required,
    signed_in_user,
)
from crosstrain.web.charts import panels
from crosstrain.web.dashboard_page import DashboardQuery, dashboard_body
from crosstrain.web.forms import HabitForm, RunnerForm, ScreenForm, SwapForm, attach_core_errors
from crosstrain.web.page_cache import Body, runner_page


@coach_required
def dashboard(request: HttpRequest) -> HttpResponse:
    coach = signed_in_user(request)
    sort = request.GET.get("sort") or "attention"
    per_page = request.GET.get("per_page") or str(DASHBOARD_PAGE_SIZES[0])
    page_size = whole_number(per_page)
    if sort not in DASHBOARD_SORTS or page_size not in DASHBOARD_PAGE_SIZES:
        return HttpResponseBadRequest(
            f"Unknown order or page size: sort may be one of {', '.join(DASHBOARD_SORTS)}; "
            f"per_page one of {', '.join(map(str, DASHBOARD_PAGE_SIZES))}.",
            content_type="text/plain",
        )
    query = DashboardQuery(
        search=request.GET.get("q", "").strip()[:120],
        sort=sort,
        page=request.GET.get("page") or "1",
        per_page=page_size,
    )
    # Counted once per coach, day and change, rendered once per query, then cached (crosstrain.web.dashboard_page).
    body = dashboard_body(request, coach=coach, today=timezone.localdate(), query=query)
    # The navigation badge is the same sum: no second query for it (crosstrain.messaging.context_processors); the
    # Training badge is kept under the version just read (crosstrain.dashboard.figures.coach_unreviewed).
    return render(
        request,
        "coach/dashboard.html",
        {
            "body": body.html,
            "messages_unread": body.unread,
            "sessions_unreviewed": coach_unreviewed(coach=coach, version=body.version),
        },
    )


@coach_required
def runner_new(request: HttpRequest) -> HttpResponse:
    # Converting a cohort registration: the form starts from what they told us, and the two are linked.
    registration = None
    initial: dict[str, object] = {"start": timezone.localdate()}
    asked = request.GET.get("registration")
    if asked:
        registration_id = object_id(asked)
        if registration_id is None:
            raise Http404("No such registration in your cohorts.")
        registration = get_object_or_404(Registration, pk=registration_id, cohort__coach=signed_in_user(request))
        initial.update(
            name=registration.name,
            email=registration.email,
            setting="home" if registration.mode == Registration.Mode.REMOTE else "gym",
            start=registration.cohort.starts_on,
        )
    form = RunnerForm(request.POST or None, request.FILES or None, initial=initial, units=units_for(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = data.get("running_plan")
        try:
            runner = runner_create(
                coach=signed_in_user(request),
                name=data["name"],
                email=data["email"],
                experience=data["experience"],
                setting=data["setting"],
                equipment=data["equipment"],
                session_minutes=data["session_minutes"],
                start=data["start"],
                running_week=form.running_week(),
                running_plan_name=plan[0] if plan else "",
                running_plan_ics=plan[1] if plan else "",
                races=data["races"],
                age=data["age"],
                lifting_experience=data["lifting_experience"],
                injuries=data["injuries"],
                conditions=form.conditions(),
                implements=form.implements(),
            )
        except InputError as error:
            attach_core_errors(form, error)
        else:
            if registration is not None:
                registration_link_runner(registration=registration, runner_id=runner.pk)
            messages.success(request, f"{runner.name} added. Next: record their movement screen.")
            return redirect("coach-screen-new", runner_id=runner.pk)
    return render(request, "coach/runner_form.html", {"form": form, "registration": registration})


@coach_required
def runner_edit(request: HttpRequest, runner_id: int) -> HttpResponse:
    runner = _get_runner_for_coach(signed_in_user(request), runner_id)
    units = units_for(request)
    initial = RunnerForm.initial_for(runner, units)
    form = RunnerForm(request.POST or None, request.FILES or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            runner_update(
                runner=runner,
                name=data["name"],
                email=data["email"],
                experience=data["experience"],
                setting=data["setting"],
                equipment=data["equipment"],
                session_minutes=data["session_minutes"],
                start=data["start"],
                running_week=form.running_week(),
                running_plan=data.get("running_plan"),
                races=data["races"],
                age=data["age"],
                lifting_experience=data["lifting_experience"],
                injuries=data["injuries"],
                conditions=form.conditions(),
                implements=form.implements(),
            )
        except InputError as error:
            attach_core_errors(form, error)
        else:
            messages.success(request, "Saved. Design a new program when the change should reach their sessions.")
            return redirect("coach-runner", runner_id=runner.pk)
    return render(request, "coach/runner_form.html", {"form": form, "runner": runner})


@coach_required
def runner_detail(request: HttpRequest, runner_id: int) -> HttpResponse:
    """The coach's page of a runner, its body cached under the runner's pages version (crosstrain.web.page_cache):
    warm, 1 query (that version, read with the check that the runner is this coach's, and the coach's dashboard
    version, which keys their badge's count) and cache reads."""
    coach = signed_in_user(request)
    version, dashboard = coach_runner_versions(runner_id=runner_id, coach=coach)
    return runner_page(
        request,
        page="coach-runner",
        runner_id=runner_id,
        version=version,
        # The invite link is an absolute address: the host it was asked on is part of the key.
        key=(coach.pk, timezone.localdate(), request.get_host()),
        body=lambda: _runner_detail_body(request, runner_id),
        unread=lambda: coach_unread(coach=coach, version=dashboard),
        nav=lambda: {"sessions_unreviewed": coach_unreviewed(coach=coach, version=dashboard)},
    )


def _runner_detail_body(request: HttpRequest, runner_id: int) -> Body:
    runner = _get_runner_for_coach(signed_in_user(request), runner_id)
    # Without the raw sheets (only the scored results are shown).
    screens = list(runner.screens.order_by("recorded_on", "id").defer("data"))
    programs = list(runner.programs.all())
    rows = [
        (
            test.label,
            [s.scores["scores"][test.value] for s in screens],
            [s.scores["sides"].get(test.value) for s in screens],
        )
        for test in ScreenTest
    ]
    invite_url = (
        request.build_absolute_uri(reverse("invite-accept", args=[runner.invite_token]))
        if runner.invite_token
        else None
    )
    invite_expires = invite_expires_at(runner=runner)
    today = timezone.localdate()
    first_weekday = conventions_for(request).gym.week_start  # the grids' and charts' weeks: the gym's
    # The screens chart from the screens read above, not a second read of them.
    progress = replace(
        runner_progress(runner=runner, today=today, parts=ALL_PARTS - {SCREENS}, first_weekday=first_weekday),
        screens=tuple(screen_point(s.recorded_on, s.scores) for s in screens),
    )
    return Body(
        "coach/_runner_body.html",
        {
            "runner": runner,
            "screens": screens,
            "rows": rows,
            "programs": programs,
            "program_blocks": program_blocks(programs),
            "invite_url": invite_url,
            "invite_expires": invite_expires,
            "invite_expired": invite_expires is not None and invite_expires < timezone.now(),
            "change_requests": open_change_requests(coach=signed_in_user(request), runner=runner),
            "habit_rows": habit_week(runner=runner, week_start=today, today=today, first_weekday=first_weekday),
            "habit_adherence": adherence(runner=runner, today=today),
            "habit_form": HabitForm(),
            "today": today,
            "reports": reports_of_runner(runner=runner),
            "progress": progress,
            "panels": panels(progress, runner_id=runner.pk, units=units_for(request)),
            "records": runner_lift_records(runner_id=runner.pk),
            "to_review": runner_unreviewed_count(coach=signed_in_user(request), runner_id=runner.pk),
        },
        runner.name,
        runner_id=runner.pk,
        valid_until=invite_expires if invite_expires is not None and invite_expires > timezone.now() else None,
    )


@coach_required
@require_POST
def runner_invite_view(request: HttpRequest, runner_id: int) -> HttpResponse:
    runner = _get_runner_for_coach(signed_in_user(request), runner_id)
    try:
        runner_invite(runner=runner)
    except CoreError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Invite link created: send it to the runner to set their password.")
    return redirect(reverse("coach-runner", kwargs={"runner_id": runner.pk}) + "#account")


@coach_required
@require_POST
def runner_invite_email_view(request: HttpRequest, runner_id: int) -> HttpResponse:
    """The invite link's Email it: to the runner's address on file, sent by the task queue, not in this request."""
    runner = _get_runner_for_coach(signed_in_user(request), runner_id)
    try:
        invite_email_queue(runner=runner)
    except InputError as error:
        messages.error(request, " ".join(error.problems))
    else:
        messages.success(request, f"Queued: the invite link will be emailed to {runner.email} in a moment.")
    return redirect(reverse("coach-runner", kwargs={"runner_id": runner.pk}) + "#account")


@coach_required
def screen_new(request: HttpRequest, runner_id: int) -> HttpResponse:
    runner = _get_runner_for_coach(signed_in_user(request), runner_id)
    units = units_for(request)  # hand and tibia lengths in centimetres or inches
    form = ScreenForm(request.POST or None, initial={"recorded_on": timezone.localdate()}, units=units)
    if request.method == "POST" and form.is_valid():
        # A re-screen in the live program's last week (or later) makes the block's before/after report.
        _, report = screen_record_with_report(
            runner=runner,
            recorded_by=signed_in_user(request),
            data=form.screen_data(),
            recorded_on=form.cleaned_data["recorded_on"],
        )
        if report is not None:
            messages.success(request, "Screen saved, and the block's before/after report is ready: add your note.")
            return redirect("report", report_id=report.pk)
        messages.success(request, "Screen saved.")
        return redirect("coach-runner", runner_id=runner.pk)
    return render(
        request, "coach/screen_form.html", {"form": form, "runner": runner, "tests": list(ScreenTest), "units": units}
    )


@coach_required
@require_POST
def screen_preview(request: HttpRequest, runner_id: int) -> HttpResponse:
    """The scored result as the coach types (htmx fragment); incomplete sheets say what is still missing."""
    _get_runner_for_coach(signed_in_user(request), runner_id)
    data = request.POST.copy()
    data.setdefault("recorded_on", timezone.localdate().isoformat())  # the preview does not need the date
    form = ScreenForm(data, units=units_for(request))
    result, problems = None, []
    if form.is_valid():
        result = score_screen(form.screen_data())
    else:
        problems = [e for errors in form.errors.values() for e in errors]
    catalogue = default_catalogue()
    correctives = (
        [] if result is None or result.weak_link is None else list(catalogue.correctives_for(result.weak_link))[:3]
    )
    return render(
        request, "coach/_screen_result.html", {"result": result, "problems": problems, "correctives": correctives}
    )


@coach_required
@require_POST
def program_generate_view(request: HttpRequest, runner_id: int) -> HttpResponse:
    runner = _get_runner_for_coach(signed_in_user(request), runner_id)
    try:
        program = program_generate(runner=runner, created_by=signed_in_user(request))
    except CoreError as error:
        messages.error(request, str(error))
        return redirect("coach-runner", runner_id=runner.pk)
    messages.success(request, "Program designed. Review it, swap what you need, then publish.")
    return redirect("coach-program", program_id=program.pk)


@coach_required
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _get_program_for_coach(signed_in_user(request), program_id)
    # With each session's log: the next unfinished session of each letter carries the runner's suggestions.
    sessions = list(program.sessions.select_related("log").prefetch_related("exercises"))
    weeks = [(w, [s for s in sessions if s.week == w]) for w in range(1, 7)]
    # Swaps apply to every session of the same letter, so each exercise is offered once per letter (power
    # joins from week 2 or 3, so the first session alone does not show every exercise).
    templates = []
    if program.status != Program.Status.SUPERSEDED:
        catalogue = gym_catalogue()
        upcoming = program_suggestions(
            program=program,
            sessions=sessions,
            today=timezone.localdate(),
            catalogue=catalogue,
            units=units_for(request),
        )
        today = timezone.localdate()
        for letter in ("A", "B"):
            # A swap changes the sessions still to come (the past stays as trained): offer what those hold.
            of_letter = [s for s in sessions if s.letter == letter]
            coming = [s for s in of_letter if s.date >= today and not hasattr(s, "log")]
            exercises = _letter_exercises(coming or of_letter)
            if exercises:
                choices = swap_choices(program=program, exercises=exercises, catalogue=catalogue)
                following = upcoming.get(letter)
                said = following.suggestions if following else {}
                items = [
                    (e, options, _cues(catalogue, e.exercise_id), said.get(e.exercise_id)) for e, options in choices
                ]
                templates.append((letter, following.session if following else None, items))
    versions = [v for _, block in program_blocks(list(program.runner.programs.all())) for v in block]
    version = next((v for v in versions if v.program.pk == program.pk), None)
    return render(
        request,
        "coach/program_detail.html",
        {"program": program, "weeks": weeks, "templates": templates, "version": version},
    )


def _letter_exercises(sessions: list[PlannedSession]) -> list[PlannedExercise]:
    """Each exercise of the sessions once (its first appearance), in block order."""
    first: dict[str, PlannedExercise] = {}
    for session in sessions:
        for exercise in session.exercises.all():
            first.setdefault(exercise.exercise_id, exercise)
    order = list(PlannedExercise.Block.values)
    return sorted(first.values(), key=lambda e: (order.index(e.block), e.position))


def _cues(catalogue: Catalogue, exercise_id: str) -> tuple[str, ...]:
    known = catalogue.get(exercise_id)
    return known.cues if known else ()


@coach_required
@require_POST
def program_publish_view(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _get_program_for_coach(signed_in_user(request), program_id)
    try:
        program_publish(program=program)
    except ProgramActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Published: {program.runner.name} can see it now.")
    return redirect("coach-program", program_id=program.pk)


@coach_required
@require_POST
def exercise_swap_view(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = _get_exercise_for_coach(signed_in_user(request), exercise_id)
    form = SwapForm(request.POST)
    program_id = exercise.session.program_id
    if form.is_valid():
        try:
            count = exercise_swap(exercise=exercise, new_exercise_id=form.cleaned_data["replacement"])
        except ProgramActionError as error:
            messages.error(request, str(error))
        else:
            swapped = ngettext("Swapped in %(count)d session.", "Swapped in %(count)d sessions.", count)
            messages.success(request, swapped % {"count": count})
    else:
        messages.error(request, "Choose a replacement exercise.")
    # Back to the exercise the coach swapped, not the top of the program.
    return redirect(reverse("coach-program", kwargs={"program_id": program_id}) + f"#planned-{exercise_id}")


@coach_required
@require_POST
def flag_resolve_view(request: HttpRequest, log_id: int) -> HttpResponse:
    pain_flag_resolve(session_log=_get_session_log_for_coach(signed_in_user(request), log_id))
    messages.success(request, "Pain flag cleared.")
    return redirect("coach-dashboard")
