"""Cohorts: the public page and registration, and the coach's registrations, timetable and nutrition class."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from crosstrain.accounts.models import User
from crosstrain.core.errors import CoreError, InputError
from crosstrain.core.ids import object_id
from crosstrain.core.running import WEEKDAYS
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.enrollment.selectors import cohort_offer, cohort_tiers, next_offer, public_cohort
from crosstrain.enrollment.services import (
    CohortInput,
    ConfirmationError,
    RegistrationClosed,
    RegistrationInputError,
    RegistrationRateLimited,
    RegistrationRefused,
    cohort_quote,
    cohort_save,
    cohort_set_hold_hours,
    registration_cancel,
    registration_confirm,
    registration_create,
    registration_for_token,
    registration_mark_paid,
    registration_open,
    registration_schedule_screening,
    seats_taken,
    waitlist_place,
)
from crosstrain.gym.selectors import conventions_for
from crosstrain.scheduling.models import Attendance, Booking, NutritionClass
from crosstrain.scheduling.reoptimize import timetable_confirm, timetable_preview
from crosstrain.scheduling.selectors import nutrition_class_latest_day
from crosstrain.scheduling.services import attendance_record, feed_revoke, feed_token, timetable_publish, timetable_run
from crosstrain.web.access import coach_required, signed_in_user
from crosstrain.web.client_ip import client_ip
from crosstrain.web.forms import (
    AttendanceHabitForm,
    CohortForm,
    CohortHoldForm,
    RegistrationForm,
    ScreeningForm,
    attach_core_errors,
    price_lines,
    slot_lines,
)


def _cohort_for_coach(user: User, cohort_id: int) -> Cohort:
    return get_object_or_404(Cohort, pk=cohort_id, coach=user)


ALREADY = (
    "Nothing was changed and nothing was sent: the registration made with this address stands as it was. If it "
    "is yours, the link in the first email shows it; if you lost that email, ask the coach, who can confirm you."
)


def _registration_for_coach(user: User, registration_id: int) -> Registration:
    return get_object_or_404(Registration.objects.select_related("cohort"), pk=registration_id, cohort__coach=user)


def cohort_public(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = public_cohort(slug=slug)
    if cohort is None:
        raise Http404("No cohort at this address.")
    today = timezone.localdate()
    if not registration_open(cohort=cohort, today=today):
        return _cohort_closed(request, cohort, today=today)
    form = RegistrationForm(request.POST or None, slots=cohort.slots.select_related("coach"))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = registration_create(
                    cohort=cohort,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    mode=data["mode"],
                    availability=data["availability"],
                    message=data["message"],
                    available_slots=list(data["available_slots"]),
                    preferred_slots=list(data["preferred_slots"]),
                    today=today,
                    client_ip=client_ip(request) or "unknown",
                    honeypot=data["website"],
                    site_url=request.build_absolute_uri("/"),
                )
            except RegistrationRateLimited as error:
                response = render(request, "cohorts/refused.html", {"cohort": cohort, "error": error}, status=429)
                response["Retry-After"] = str(error.retry_after)
                return response
            except RegistrationClosed:  # it started while the form was open
                return _cohort_closed(request, cohort, today=today)
            except RegistrationRefused as error:
                return render(request, "cohorts/refused.html", {"cohort": cohort, "error": error}, status=400)
            except RegistrationInputError as error:
                attach_core_errors(form, error)
            else:
                if not result.created:
                    # Anyone can type anyone's address: that registration is not shown, and nothing was sent.
                    context = {"cohort": cohort, "heading": "This email had registered already", "error": ALREADY}
                    return render(request, "cohorts/refused.html", context)
                request.session["registration"] = result.registration.pk
                return redirect("cohort-registered", slug=cohort.slug)
    offer = cohort_offer(cohort=cohort, today=today)
    return render(
        request,
        "cohorts/public.html",
        {
            "cohort": cohort,
            "form": form,
            "quote": offer.quote,
            "seats_left": offer.seats_left,
            "regular": next((tier for tier in cohort_tiers(cohort=cohort) if tier.until is None), None),
            # The slot list is the page's cost: cached for people not signed in, never with a filled-in form.
            "cache_fields": not form.is_bound and not request.user.is_authenticated,
        },
        status=status,
    )


def _cohort_closed(request: HttpRequest, cohort: Cohort, *, today: date) -> HttpResponse:
    """A running cohort's page: what it is, that it sells no more seats, and the next cohort to join instead."""
    context = {"cohort": cohort, "closed": True, "next": next_offer(after=cohort, today=today)}
    return render(request, "cohorts/public.html", context, status=409 if request.method == "POST" else 200)


def cohort_registered(request: HttpRequest, slug: str) -> HttpResponse:
    registration_id = request.session.get("registration")
    registration = (
        Registration.objects.filter(pk=registration_id, cohort__slug=slug).first()
        if isinstance(registration_id, int)
        else None
    )
    if registration is None:
        raise Http404("No registration in this browser session.")
    context = {"registration": registration, "cohort": registration.cohort, "place": waitlist_place(registration)}
    return render(request, "cohorts/registered.html", context)


def cohort_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The emailed link. Opening it shows a button; only the POST confirms, so a mail scanner that follows
    links cannot confirm on the person's behalf."""
    try:
        registration = registration_for_token(token=token, slug=slug)
        if request.method == "POST":
            registration = registration_confirm(registration=registration, site_url=request.build_absolute_uri("/"))
            request.session["registration"] = registration.pk
            return redirect("cohort-registered", slug=slug)
    except ConfirmationError as error:
        context = {"error": error, "cohort": None, "heading": "This link does not confirm a registration"}
        return render(request, "cohorts/refused.html", context, status=400)
    return render(request, "cohorts/confirm.html", {"registration": registration, "cohort": registration.cohort})


@coach_required
def cohorts(request: HttpRequest) -> HttpResponse:
    mine = Cohort.objects.filter(coach=signed_in_user(request))
    return render(
        request,
        "coach/cohorts.html",
        {"cohorts": mine, "feed_url": (url := feed_url(request, signed_in_user(request))), "webcal_url": webcal(url)},
    )


def _cohort_form_page(request: HttpRequest, *, cohort: Cohort | None) -> HttpResponse:
    """Create or edit a cohort: its details, prices and the coach's slots, saved together or not at all."""
    coach = signed_in_user(request)
    initial: dict[str, object] = {"currency": "USD"}
    if cohort is not None:
        initial = {
            "name": cohort.name,
            "slug": cohort.slug,
            "description": cohort.description,
            "includes": cohort.includes,
            "starts_on": cohort.starts_on,
            "seat_cap": cohort.seat_cap,
            "currency": cohort.currency,
            "prices": price_lines(cohort.prices.order_by("until")),
            "slots": slot_lines(cohort.slots.filter(coach=coach)),
        }
    form = CohortForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = cohort_save(
                    coach=coach,
                    cohort=cohort,
                    data=CohortInput(
                        name=data["name"],
                        slug=data["slug"],
                        description=data["description"],
                        includes=data["includes"],
                        starts_on=data["starts_on"],
                        seat_cap=data["seat_cap"],
                        currency=data["currency"],
                        prices=data["prices"],
                        slots=data["slots"],
                    ),
                )
            except CoreError as error:
                if isinstance(error, InputError):
                    attach_core_errors(form, error)
                else:
                    form.add_error(None, str(error))
            else:
                messages.success(
                    request, "Cohort saved." if cohort else f"{saved.name} created: its public page is live."
                )
                return redirect("coach-cohort", cohort_id=saved.pk)
    return render(request, "coach/cohort_form.html", {"form": form, "cohort": cohort}, status=status)


@coach_required
def cohort_new(request: HttpRequest) -> HttpResponse:
    return _cohort_form_page(request, cohort=None)


@coach_required
def cohort_edit(request: HttpRequest, cohort_id: int) -> HttpResponse:
    return _cohort_form_page(request, cohort=_cohort_for_coach(signed_in_user(request), cohort_id))


def webcal(url: str) -> str:
    """The feed's address for a calendar app's Subscribe: webcal:// is http(s):// that a phone hands to its calendar."""
    return "webcal://" + url.split("://", 1)[1]


def feed_url(request: HttpRequest, user: User) -> str:
    """The absolute private calendar URL of a coach or runner."""
    return request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": feed_token(user=user)}))


@coach_required
def cohort_detail(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort_for_coach(signed_in_user(request), cohort_id)
    registrations = list(cohort.registrations.select_related("runner").order_by("status", "created_at"))
    slots = list(cohort.slots.select_related("coach").prefetch_related("bookings__runner"))
    # The week's columns from the gym's first day of the week (a Sunday gym's grid starts on Sunday).
    first = conventions_for(request).gym.week_start
    days = [(first + offset) % 7 for offset in range(7)]
    grid = [(WEEKDAYS[d].title(), [s for s in slots if s.day == d and s.opened]) for d in days]
    return render(
        request,
        "coach/cohort_detail.html",
        {
            "cohort": cohort,
            "registrations": registrations,
            "grid": grid,
            "report": cohort.timetable_report,
            "quote": cohort_quote(cohort=cohort, day=timezone.localdate()),
            "taken": seats_taken(cohort),
            "classes": cohort.nutrition_classes.all(),
            # No id: the field repeats on every registration's row, each wrapped in its own label.
            "screening_form": ScreeningForm(auto_id=False),
            "hold_form": CohortHoldForm(initial={"hold_hours": cohort.hold_hours}),
        },
    )


@coach_required
@require_POST
def cohort_hold(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort_for_coach(signed_in_user(request), cohort_id)
    form = CohortHoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the hold in whole hours, from 1 to 336 (two weeks).")
        return redirect("coach-cohort", cohort_id=cohort.pk)
    try:
        cohort_set_hold_hours(cohort=cohort, hours=form.cleaned_data["hold_hours"])
    except CoreError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"New registrations now hold their seat {form.cleaned_data['hold_hours']} hours unconfirmed; "
            "holds already running keep their deadline.",
        )
    return redirect("coach-cohort", cohort_id=cohort.pk)


@coach_required
@require_POST
def cohort_optimize(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Run the optimizer. A first run is saved at once (unpublished, to review); once runners have bookings, and
    always on a published timetable, the coach first sees what would change and confirms it."""
    cohort = _cohort_for_coach(signed_in_user(request), cohort_id)
    if cohort.timetable_published or Booking.objects.filter(slot__cohort=cohort).exists():
        try:
            preview = timetable_preview(cohort=cohort, time_limit=10)
        except CoreError as error:
            messages.error(request, str(error))
            return redirect("coach-cohort", cohort_id=cohort.pk)
        return render(request, "coach/timetable_preview.html", {"cohort": cohort, "preview": preview})
    try:
        result = timetable_run(cohort=cohort, time_limit=10)
    except CoreError as error:
        messages.error(request, str(error))
    else:
        o = result.objective
        verdict = "proven optimal" if result.optimal else "the best found in 10 s"
        messages.success(
            request,
            ngettext("%(runners)d runner placed", "%(runners)d runners placed", o.runners_placed)
            % {"runners": o.runners_placed}
            + " "
            + ngettext("in %(slots)d slot", "in %(slots)d slots", o.slots_opened) % {"slots": o.slots_opened}
            + f" ({verdict}). Review, then publish.",
        )
    return redirect("coach-cohort", cohort_id=cohort.pk)


@coach_required
@require_POST
def cohort_timetable_confirm(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Apply the previewed timetable, if nothing changed since the preview."""
    cohort = _cohort_for_coach(signed_in_user(request), cohort_id)
    try:
        changed = timetable_confirm(cohort=cohort, token=request.POST.get("plan", ""), by=signed_in_user(request))
    except CoreError as error:  # StalePreview among them: the message asks to preview again
        messages.error(request, str(error))
    else:
        count = len(changed.affected)
        runners = ngettext("%(count)d runner", "%(count)d runners", count) % {"count": count}
        if changed.published:
            messages.success(
                request,
                f"Timetable updated and still published: slots changed for {runners}, each told in their messages.",
            )
        else:
            messages.success(request, f"Timetable replaced: slots changed for {runners}. Review, then publish.")
    return redirect("coach-cohort", cohort_id=cohort.pk)


@coach_required
@require_POST
def cohort_publish(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort_for_coach(signed_in_user(request), cohort_id)
    try:
        timetable_publish(cohort=cohort)
    except CoreError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Timetable published: runners see their slots and calendar feeds update.")
    return redirect("coach-cohort", cohort_id=cohort.pk)


@coach_required
@require_POST
def registration_action(request: HttpRequest, registration_id: int, action: str) -> HttpResponse:
    registration = _registration_for_coach(signed_in_user(request), registration_id)
    if action == "paid":
        registration_mark_paid(registration=registration)
        messages.success(request, f"Payment from {registration.name} recorded.")
    elif action == "confirm":
        try:
            confirmed = registration_confirm(registration=registration, site_url=request.build_absolute_uri("/"))
        except CoreError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{confirmed.name}'s registration confirmed ({confirmed.get_status_display()}).")
    elif action == "cancel":
        promoted = registration_cancel(registration=registration, site_url=request.build_absolute_uri("/"))
        note = f" {promoted.name} moved up from the waitlist and was emailed." if promoted else ""
        messages.success(request, f"{registration.name}'s registration cancelled.{note}")
    elif action == "screening":
        form = ScreeningForm(request.POST)
        if form.is_valid():
            registration_schedule_screening(registration=registration, at=form.cleaned_data["at"])
            messages.success(request, f"Screening for {registration.name} booked.")
        else:
            messages.error(request, "Give the screening's date and time.")
    elif action == "convert":
        return redirect(f"{reverse('coach-runner-new')}?registration={registration.pk}")
    else:
        raise Http404("Unknown action.")
    return redirect("coach-cohort", cohort_id=registration.cohort_id)


@coach_required
def attendance(request: HttpRequest, class_id: int) -> HttpResponse:
    nclass = get_object_or_404(
        NutritionClass.objects.select_related("cohort"), pk=class_id, cohort__coach=signed_in_user(request)
    )
    latest = nutrition_class_latest_day(nutrition_class=nclass, today=timezone.localdate())
    day_text = request.GET.get("date") or request.POST.get("date") or latest.isoformat()
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise Http404("Dates look like 2026-10-05.") from None
    runners = [
        r.runner
        for r in nclass.cohort.registrations.filter(status="active", runner__isnull=False).select_related("runner")
    ]
    if request.method == "POST":
        present = {number for v in request.POST.getlist("present") if (number := object_id(v)) is not None}
        count = attendance_record(nutrition_class=nclass, day=day, present=present)
        messages.success(request, f"Attendance saved: {count} present.")
        return redirect(f"{reverse('coach-attendance', kwargs={'class_id': nclass.pk})}?date={day.isoformat()}")
    marked = set(
        Attendance.objects.filter(nutrition_class=nclass, date=day, present=True).values_list("runner_id", flat=True)
    )
    habit_form = AttendanceHabitForm(initial={"day": day})
    return render(
        request,
        "coach/attendance.html",
        {"nclass": nclass, "day": day, "runners": runners, "marked": marked, "habit_form": habit_form},
    )


@coach_required
@require_POST
def coach_feed_revoke(request: HttpRequest) -> HttpResponse:
    feed_revoke(user=signed_in_user(request))
    messages.success(request, "Your calendar link was replaced; the old one no longer works.")
    return redirect("coach-cohorts")
