"""What the runner ran (issue 26): the runner uploads their watch files or an export zip; their coach does the
same from the runner's page, sets the runner's zones and corrects a classification in one tap."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from crosstrain.accounts.models import Runner, User
from crosstrain.activities.adapting import pending_suggestions, suggestion_accept, suggestion_dismiss
from crosstrain.activities.models import KIND_CHOICES, Activity, CheckIn, Suggestion
from crosstrain.activities.readiness import check_in_record, check_in_words
from crosstrain.activities.selectors import (
    plan_vs_done,
    recent_activities,
    recent_check_ins,
    runner_zones,
    user_suggestion,
)
from crosstrain.activities.services import (
    MAX_INLINE_FILES,
    activities_import,
    activity_correct,
    activity_import_queue,
    recent_imports,
    zones_set,
)
from crosstrain.core import activities as core
from crosstrain.core.activities import PACE_RANGE
from crosstrain.core.adapt_readiness import PAIN_FLAG_AT, WHERE_MAX
from crosstrain.core.errors import InputError
from crosstrain.core.units import UnitSystem, format_pace, seconds_per_km
from crosstrain.gym.dates import when
from crosstrain.gym.selectors import conventions_for, units_for
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.web.access import (
    _get_runner_for_coach,
    _get_runner_for_user,
    _get_runner_for_viewer,
    coach_required,
    runner_required,
    signed_in_user,
)
from crosstrain.web.activity_charts import load_chart_alt, load_chart_svg
from crosstrain.web.views.progress import allow_chart_styles

MAX_UPLOAD_MB = core.MAX_ZIP_BYTES // (1024 * 1024)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadForm(forms.Form):
    # Named `activity_files`: a form's own `files` attribute holds the request's uploads.
    activity_files = forms.FileField(
        label="Activity files",
        widget=MultipleFileInput(attrs={"accept": ".fit,.gpx,.tcx,.gz,.zip"}),
        help_text=f"FIT, GPX or TCX files from a watch, or a Strava or Garmin export zip (at most {MAX_UPLOAD_MB} MB).",
    )


class ZonesForm(forms.Form):
    """The coach's zones; the pace typed per km or per mile as the coach reads distances, kept per km."""

    hard_hr = forms.IntegerField(
        label="Hard from (average heart rate, bpm)", min_value=80, max_value=230, required=False
    )
    hard_pace = forms.CharField(required=False, max_length=5, help_text="e.g. 4:45; empty: estimated.")

    def __init__(self, *args: Any, units: UnitSystem, stored_pace: Decimal | None = None, **kwargs: Any) -> None:
        self.units, self.stored_pace = units, stored_pace
        if stored_pace:
            kwargs.setdefault("initial", {})["hard_pace"] = format_pace(stored_pace, units, unit=False)
        super().__init__(*args, **kwargs)
        per = units.distance_unit
        self.fields["hard_pace"].label = f"Hard from (pace per {per}, m:ss)"
        if units is UnitSystem.IMPERIAL:
            self.fields["hard_pace"].help_text = "e.g. 7:30; empty: estimated."

    def clean_hard_pace(self) -> Decimal | None:
        text = (self.cleaned_data.get("hard_pace") or "").strip()
        if not text:
            return None
        per = self.units.distance_unit
        if self.stored_pace and text == format_pace(self.stored_pace, self.units, unit=False):
            return self.stored_pace  # shown as it was: kept to the second per km, not rounded through miles
        minutes, colon, seconds = text.partition(":")
        if not (colon and minutes.isdigit() and seconds.isdigit() and len(seconds) == 2 and int(seconds) < 60):
            example = "7:30" if self.units is UnitSystem.IMPERIAL else "4:45"
            raise forms.ValidationError(f"Write the pace as minutes:seconds per {per}, e.g. {example}.")
        value = seconds_per_km(int(minutes) * 60 + int(seconds), self.units)
        if not PACE_RANGE[0] <= value <= PACE_RANGE[1]:
            low, high = (format_pace(bound, self.units, unit=False) for bound in PACE_RANGE)
            raise forms.ValidationError(f"A pace between {low} and {high} per {per}.")
        return value


def _zones_form(request: HttpRequest, zones: Any, **kwargs: Any) -> ZonesForm:
    stored = zones.hard_pace if zones is not None else None
    return ZonesForm(units=units_for(request), stored_pace=stored, **kwargs)


class KindForm(forms.Form):
    kind = forms.ChoiceField(choices=KIND_CHOICES)


def _uploads(request: HttpRequest) -> list[tuple[str, bytes]] | str:
    """The uploaded files as (name, bytes), or what is wrong with them in words (sizes checked before reading)."""
    files: list[UploadedFile[Any]] = request.FILES.getlist("activity_files")
    if not files:
        return "Choose at least one activity file or export zip."
    total = sum(f.size or 0 for f in files)
    if total > core.MAX_ZIP_BYTES:
        return f"The files add up to more than {MAX_UPLOAD_MB} MB: send them in smaller batches."
    return [(f.name or "file", f.read()) for f in files]


def _import(request: HttpRequest, runner: Runner) -> None:
    found = _uploads(request)
    if isinstance(found, str):
        messages.error(request, found)
        return
    zips = [(name, data) for name, data in found if name.lower().endswith(".zip") or core.is_zip(data)]
    if zips:
        if len(found) > 1:
            messages.error(request, "Send an export zip on its own, and the other files in another upload.")
            return
        name, data = zips[0]
        try:
            activity_import_queue(runner=runner, name=name, data=data, by=signed_in_user(request))
        except InputError as error:
            messages.error(request, str(error))
            return
        messages.success(request, f"{name} is being imported: its runs show on this page in a minute or two.")
        return
    if len(found) > MAX_INLINE_FILES:
        messages.error(request, f"At most {MAX_INLINE_FILES} files at once: put more in a zip and send that.")
        return
    try:
        result = activities_import(runner=runner, uploads=found, by=signed_in_user(request))
    except InputError as error:
        for problem in error.problems:
            messages.error(request, problem)
        return
    messages.success(request, result.text)


def _page(request: HttpRequest, runner: Runner, *, coach: bool) -> dict[str, Any]:
    today = timezone.localdate()
    zones = runner_zones(runner=runner)
    initial = {"hard_hr": zones.hard_hr} if zones is not None else {}
    load = plan_vs_done(runner=runner, today=today, first_weekday=conventions_for(request).gym.week_start)
    return {
        "runner": runner,
        "coach_view": coach,
        "load": load,
        "suggestions": pending_suggestions(runner=runner),
        "imports": recent_imports(runner=runner),
        "check_ins": recent_check_ins(runner=runner, today=today) if coach else [],
        "load_alt": load_chart_alt(load.weeks),
        "activities": recent_activities(runner=runner, today=today),
        "upload_form": UploadForm(),
        "zones_form": _zones_form(request, zones, initial=initial) if coach else None,
        "zones": zones,
        "kinds": KIND_CHOICES,
    }


@runner_required
def runner_activities(request: HttpRequest) -> HttpResponse:
    """The runner's activities: upload files, see what each run counted as and why."""
    runner = _get_runner_for_user(signed_in_user(request))
    if request.method == "POST":
        _import(request, runner)
        return redirect("runner-activities")
    return render(request, "activities/page.html", _page(request, runner, coach=False))


@coach_required
def coach_activities(request: HttpRequest, runner_id: int) -> HttpResponse:
    runner = _get_runner_for_coach(signed_in_user(request), runner_id)
    if request.method == "POST":
        _import(request, runner)
        return redirect("coach-runner-activities", runner_id=runner.pk)
    return render(request, "activities/page.html", _page(request, runner, coach=True))


@coach_required
@require_POST
def coach_zones(request: HttpRequest, runner_id: int) -> HttpResponse:
    runner = _get_runner_for_coach(signed_in_user(request), runner_id)
    form = _zones_form(request, runner_zones(runner=runner), data=request.POST)
    if form.is_valid():
        zones_set(runner=runner, hard_hr=form.cleaned_data["hard_hr"], hard_pace=form.cleaned_data["hard_pace"])
        messages.success(request, "Zones saved: activities imported from now on are classified with them.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("coach-runner-activities", runner_id=runner.pk)


@coach_required
@require_POST
def coach_activity_kind(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The coach's one-tap correction of what an activity counted as."""
    coach = signed_in_user(request)
    activity = get_object_or_404(Activity.objects.select_related("runner"), pk=activity_id, runner__coach=coach)
    form = KindForm(request.POST)
    if form.is_valid():
        activity_correct(activity=activity, kind=form.cleaned_data["kind"], by=coach)
        messages.success(request, f"{activity.title or 'The activity'} now counts as {activity.effective_kind}.")
    else:
        messages.error(request, "Choose easy, hard, long or race.")
    return redirect("coach-runner-activities", runner_id=activity.runner_id)


@login_required
@require_GET
@allow_chart_styles
@cache_control(private=True, no_cache=True)
def load_chart(request: HttpRequest, runner_id: int) -> HttpResponse:
    """Weekly running minutes, planned and run, as an SVG image (the runner and their coach)."""
    runner = _get_runner_for_viewer(signed_in_user(request), runner_id)
    week_start = conventions_for(request).gym.week_start
    found = plan_vs_done(runner=runner, today=timezone.localdate(), first_weekday=week_start)
    return HttpResponse(load_chart_svg(found.weeks), content_type="image/svg+xml; charset=utf-8")


def _get_suggestion_for_user(user: User, suggestion_id: int) -> Suggestion:
    """A suggestion for the signed-in runner, or for one of the signed-in coach's runners (else a 404)."""
    found = user_suggestion(user=user, suggestion_id=suggestion_id)
    if found is None:
        raise Http404
    return found


def _back(user: User, suggestion: Suggestion) -> HttpResponse:
    if suggestion.runner.user_id == user.pk:
        return redirect("runner-home")
    return redirect("coach-runner-activities", runner_id=suggestion.runner_id)


@login_required
@require_POST
def suggestion_accept_view(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """One tap: do what the suggestion says (the runner, or their coach)."""
    user = signed_in_user(request)
    suggestion = _get_suggestion_for_user(user, suggestion_id)
    try:
        done = suggestion_accept(suggestion=suggestion, by=user)
    except InputError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _accepted_words(done))
    return _back(user, suggestion)


@login_required
@require_POST
def suggestion_dismiss_view(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    user = signed_in_user(request)
    suggestion = _get_suggestion_for_user(user, suggestion_id)
    try:
        suggestion_dismiss(suggestion=suggestion, by=user)
    except InputError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Dismissed: the session stays as planned.")
    return _back(user, suggestion)


def _accepted_words(suggestion: Suggestion) -> str:
    if suggestion.action == Suggestion.Action.MOVE and suggestion.to is not None:
        return f"Moved: the session is now on {when(suggestion.to, 'LONG_DAY_FORMAT')}."
    day = when(suggestion.day, "LONG_DAY_FORMAT")
    if suggestion.action == Suggestion.Action.LIGHTER:
        return f"The session of {day} is lighter now: no jumps, one set fewer, 1 more rep in reserve."
    return f"The session of {day} is skipped."


class CheckInForm(forms.Form):
    sleep = forms.ChoiceField(label="How did you sleep?", choices=CheckIn.LEVELS, widget=forms.RadioSelect)
    soreness = forms.TypedChoiceField(
        label="Leg soreness (0 none, 10 the worst)",
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    feel = forms.ChoiceField(label="How do you feel overall?", choices=CheckIn.LEVELS, widget=forms.RadioSelect)
    # Pain is asked apart from soreness: from PAIN_FLAG_AT it flags the session for the coach. None unless said.
    pain = forms.TypedChoiceField(
        label="Any pain? (0 none, 10 the worst)",
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        required=False,
        initial=0,
        widget=forms.RadioSelect,
    )
    where = forms.CharField(
        label="Where does it hurt?",
        required=False,
        max_length=WHERE_MAX,
        widget=forms.TextInput(attrs={"placeholder": "e.g. left knee", "autocomplete": "off"}),
    )

    def clean_pain(self) -> int:
        return self.cleaned_data.get("pain") or 0  # not answered: no pain


@runner_required
@require_POST
def check_in_view(request: HttpRequest, session_id: int) -> HttpResponse:
    """The three-tap readiness check-in before today's session."""
    runner = _get_runner_for_user(signed_in_user(request))
    session = get_object_or_404(
        PlannedSession, pk=session_id, program__runner=runner, program__status=Program.Status.PUBLISHED
    )
    form = CheckInForm(request.POST)
    if not form.is_valid():
        if {"sleep", "soreness", "feel"} & set(form.errors):
            messages.error(request, "Answer the three questions: sleep, leg soreness and how you feel.")
        if "pain" in form.errors:
            messages.error(request, "Rate any pain from 0 (none) to 10 (the worst).")
        if "where" in form.errors:
            messages.error(request, f"Say where it hurts in at most {WHERE_MAX} characters (e.g. left knee).")
        return redirect("runner-home")
    try:
        done = check_in_record(runner=runner, session=session, **form.cleaned_data)
    except InputError as error:
        for problem in error.problems:
            messages.error(request, problem)
        return redirect("runner-home")
    if done.lighter or done.pain >= PAIN_FLAG_AT:
        messages.warning(request, check_in_words(done))
    else:
        messages.success(request, check_in_words(done))
    return redirect("runner-home")
