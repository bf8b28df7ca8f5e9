"""Weekly habits: the coach gives them (to a runner, a cohort, a nutrition class, or whoever came to a class)
and ends them; the runner ticks days off on the "This week" page, one tap each (htmx swaps the habit's row)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from crosstrain.core.habits import HabitError
from crosstrain.gym.dates import when
from crosstrain.gym.selectors import conventions_for
from crosstrain.habits.models import Habit
from crosstrain.habits.selectors import (
    Recipients,
    assign_choices,
    attended_runners,
    coach_current_habits,
    habit_row,
    recipients,
)
from crosstrain.habits.services import Assignment, habit_check, habit_end, habit_uncheck, habits_assign
from crosstrain.scheduling.models import NutritionClass
from crosstrain.web.access import _get_runner_for_user, coach_required, runner_required, signed_in_user
from crosstrain.web.forms import AttendanceHabitForm, HabitAssignForm, HabitTickForm, attach_core_errors


def _said(assignment: Assignment, to: str) -> str:
    """What an assignment did, in words: who got it and who had it already."""
    count = len(assignment.created)
    given = ngettext("Habit given to %(count)d runner", "Habit given to %(count)d runners", count)
    said = f"Habit given to {to}" if count == 1 and not assignment.skipped else given % {"count": count}
    if assignment.skipped:
        said += "; " + ", ".join(r.name for r in assignment.skipped) + " had it already on those days"
    return said + "."


@coach_required
def coach_habits(request: HttpRequest) -> HttpResponse:
    """The coach's habits page: give a habit to a runner, a cohort or a nutrition class; the current ones."""
    coach = signed_in_user(request)
    today = timezone.localdate()
    form = HabitAssignForm(
        request.POST or None, targets=assign_choices(coach=coach), initial={"to": request.GET.get("to")}
    )
    status = 200
    if request.method == "POST":
        status = 422
        found: Recipients | None = None
        if form.is_valid():
            found = recipients(coach=coach, key=form.cleaned_data["to"])
            if found is None:  # gone since the page was shown (a runner handed to another coach, say)
                form.add_error("to", "Choose one of your runners, cohorts or classes.")
        if found is not None:
            data = form.cleaned_data
            try:
                done = habits_assign(
                    runners=found.runners,
                    text=data["text"],
                    target_days=data["target"],
                    assigned_by=coach,
                    today=today,
                    starts_on=data["starts"],
                    ends_on=data["ends"],
                    group=found.group,
                )
            except HabitError as error:
                attach_core_errors(form, error)
            else:
                if found.runner is not None and not done.created:
                    form.add_error("text", f"{found.runner.name} has this habit already on those days: end it first.")
                else:
                    messages.success(request, _said(done, found.runner.name if found.runner else found.group))
                    # Back where the coach gave it: the runner's page, or the habits page.
                    if found.runner is not None and request.POST.get("back") == "runner":
                        return redirect(reverse("coach-runner", kwargs={"runner_id": found.runner.pk}) + "#habits")
                    return redirect("coach-habits")
    return render(
        request,
        "habits/coach.html",
        {"form": form, "habits": coach_current_habits(coach=coach, today=today)},
        status=status,
    )


@coach_required
@require_POST
def habit_end_view(request: HttpRequest, habit_id: int) -> HttpResponse:
    habit = get_object_or_404(
        Habit.objects.select_related("runner"), pk=habit_id, runner__coach=signed_in_user(request)
    )
    try:
        ended = habit_end(habit=habit, today=timezone.localdate())
    except HabitError as error:
        messages.error(request, str(error))
    else:
        if ended is None:
            messages.success(request, f"'{habit.text}' withdrawn: it had not started yet.")
        else:
            messages.success(request, f"'{habit.text}' ended today: today still counts, nothing after.")
    return redirect("coach-runner", runner_id=habit.runner_id)


@coach_required
@require_POST
def attendance_habit(request: HttpRequest, class_id: int) -> HttpResponse:
    """This week's habit for everyone marked present at the class on that day (as saved on the sheet)."""
    nclass = get_object_or_404(
        NutritionClass.objects.select_related("cohort"), pk=class_id, cohort__coach=signed_in_user(request)
    )
    form = AttendanceHabitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        day = data["day"]
        try:
            done = habits_assign(
                runners=attended_runners(nutrition_class=nclass, day=day),
                text=data["text"],
                target_days=data["target"],
                assigned_by=signed_in_user(request),
                today=timezone.localdate(),
                ends_on=data["ends"],
                group=f"{nclass}, {when(day, 'DATE_FORMAT')}: who came",
            )
        except HabitError as error:
            attach_core_errors(form, error)
        else:
            messages.success(request, _said(done, "1 runner"))
            return redirect(f"{reverse('coach-attendance', kwargs={'class_id': nclass.pk})}?date={day.isoformat()}")
    return render(request, "habits/attendance_habit.html", {"form": form, "nclass": nclass}, status=422)


@runner_required
@require_POST
def tick(request: HttpRequest, habit_id: int) -> HttpResponse:
    """Tick a day off (done=1) or undo it (done=0): today or yesterday. The same tap twice stores one tick."""
    runner = _get_runner_for_user(signed_in_user(request))
    habit = get_object_or_404(Habit, pk=habit_id, runner=runner)
    today = timezone.localdate()
    form = HabitTickForm(request.POST)
    error = ""
    if not form.is_valid():
        error = "Send the day as 2026-10-05 and done as 1 (done) or 0 (undo)."
    else:
        change = habit_check if form.cleaned_data["done"] else habit_uncheck
        try:
            change(habit=habit, day=form.cleaned_data["day"], today=today)
        except HabitError as refused:
            # The core names the field ("day: ..."); the runner only needs the sentence.
            error = " ".join(p.partition(": ")[2] or p for p in refused.problems)
    status = 422 if error else 200
    if getattr(request, "htmx", False):
        row = habit_row(habit=habit, today=today, first_weekday=conventions_for(request).gym.week_start)
        return render(request, "habits/_row.html", {"row": row, "error": error}, status=status)
    if error:
        return render(request, "habits/refused.html", {"error": error}, status=status)
    return redirect(f"{reverse('runner-home')}#habit-{habit.pk}")
