"""Cohorts: the public list and page (today's price, seats left), registering, and the coach's timetable run."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status

from crosstrain.api.auth import OPTIONAL_AUTH, PUBLIC_READ, PUBLIC_WRITE, WRITE, coach
from crosstrain.api.errors import responses
from crosstrain.api.schemas import (
    CohortDetailOut,
    CohortOut,
    RegistrationIn,
    RegistrationReceivedOut,
    Slug,
    TimetableOut,
)
from crosstrain.api.throttling import ApiThrottle
from crosstrain.core.running import WEEKDAYS
from crosstrain.enrollment.models import Cohort
from crosstrain.enrollment.selectors import CohortOffer, cohort_offer, open_offers
from crosstrain.enrollment.services import RegistrationInputError, registration_create
from crosstrain.scheduling.reoptimize import RunnerChange, timetable_confirm, timetable_preview
from crosstrain.scheduling.services import timetable_run
from crosstrain.web.access import _get_cohort_for_coach
from crosstrain.web.client_ip import client_ip

router = Router(tags=["cohorts"])

# The web page's time limit: CP-SAT proves most gym-sized timetables optimal well within it.
SOLVER_SECONDS = 10.0


def _cohort_out(offer: CohortOffer, *, slots: bool = False) -> dict[str, Any]:
    cohort, quote = offer.cohort, offer.quote
    out: dict[str, Any] = {
        "id": cohort.pk,
        "slug": cohort.slug,
        "name": cohort.name,
        "description": cohort.description,
        "includes": cohort.include_lines(),
        "starts_on": cohort.starts_on,
        "weeks": cohort.weeks,
        "seat_cap": cohort.seat_cap,
        "seats_left": offer.seats_left,
        "currency": cohort.currency,
        "price_today": {"amount": quote.amount, "tier": quote.tier, "until": quote.until},
    }
    if slots:
        out["slots"] = [
            {
                "id": s.pk,
                "day": WEEKDAYS[s.day],
                "start": f"{s.start:%H:%M}",
                "minutes": s.minutes,
                "coach": s.coach.first_name or s.coach.username,
            }
            for s in cohort.slots.select_related("coach")
        ]
    return out


@router.get(
    "/cohorts",
    response=responses({200: list[CohortOut]}),
    auth=PUBLIC_READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="cohorts_list",
    summary="Cohorts open for registration (starting today or later), with today's price and seats left",
)
def cohorts_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_cohort_out(offer) for offer in open_offers(today=timezone.localdate())]


@router.get(
    "/cohorts/{slug}",
    response=responses({200: CohortDetailOut}),
    auth=PUBLIC_READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="cohort_get",
    summary="A cohort's public page: what it includes, today's price and until when, seats left, its slots",
)
def cohort_get(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    cohort = get_object_or_404(Cohort, slug=slug)
    return _cohort_out(cohort_offer(cohort=cohort, today=timezone.localdate()), slots=True)


@router.post(
    "/cohorts/{slug}/registrations",
    response=responses({202: RegistrationReceivedOut}),
    auth=PUBLIC_WRITE,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="registration_create",
    summary="Register for a cohort (anyone): a seat at today's price, or the waitlist when full; confirm by the "
    "emailed link, which says which and at what price. 202 whether or not the email had registered already (that "
    "registration is left as it was and nothing is sent again): the answer tells nothing about anyone's registration",
)
def registration_create_op(request: HttpRequest, slug: Slug, payload: RegistrationIn) -> Status[dict[str, Any]]:
    cohort = get_object_or_404(Cohort, slug=slug)
    slots = {s.pk: s for s in cohort.slots.all()}
    unknown = sorted({i for i in (*payload.available_slots, *payload.preferred_slots) if i not in slots})
    if unknown:
        raise RegistrationInputError([f"available_slots: slot {unknown[0]} is not a slot of {cohort.name}"])
    result = registration_create(
        cohort=cohort,
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
        mode=payload.mode,
        availability=payload.availability,
        message=payload.message,
        available_slots=[slots[i] for i in payload.available_slots],
        preferred_slots=[slots[i] for i in payload.preferred_slots],
        today=timezone.localdate(),
        # The web form's per-network limit, counted together with it (the same address as the API's throttles).
        client_ip=client_ip(request) or "unknown",
        site_url=request.build_absolute_uri("/"),
    )
    # The same words for a new address and a known one: the answer must not say which it was.
    detail = (
        f"Received. If {result.registration.email} has not registered for {cohort.name} yet, a seat or a place on "
        "the waitlist is held for it and a link to confirm it is on its way: the email says which, at what price "
        "and until when. An address that had registered already is sent nothing new; ask the coach if you lost "
        "the email."
    )
    return Status(202, {"detail": detail})


@router.post(
    "/cohorts/{slug}/timetable-runs",
    response=responses({200: TimetableOut}),
    auth=WRITE,
    throttle=[ApiThrottle("user"), ApiThrottle("solver")],
    operation_id="timetable_run",
    summary="Run the CP-SAT timetable for your cohort (coaches): saved as its bookings, unpublished until you "
    "publish it on the cohort page. A published timetable is refused (400): preview and confirm a change instead",
)
def timetable_run_op(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    cohort = _get_cohort_for_coach(coach(request), slug)
    return timetable_run(cohort=cohort, time_limit=SOLVER_SECONDS).as_dict()


class RunnerSlotsOut(Schema):
    """A runner's slots (the ids of the cohort page's slots) before and after; why, when left without."""

    runner_id: int
    name: str
    before: list[int]
    after: list[int]
    reason: str


class TimetablePreviewOut(Schema):
    published: bool
    moved: list[RunnerSlotsOut]
    placed: list[RunnerSlotsOut]
    dropped: list[RunnerSlotsOut]
    not_placed: list[RunnerSlotsOut]
    unchanged: int
    opening: list[int]
    closing: list[int]
    report: dict[str, Any]
    plan: str  # the signed plan, for timetable-changes


class TimetableConfirmIn(Schema):
    plan: str


class TimetableChangedOut(Schema):
    published: bool
    affected: list[RunnerSlotsOut]
    opened: list[int]
    closed: list[int]
    messages: int


def _runner_slots(change: RunnerChange) -> dict[str, Any]:
    return {
        "runner_id": change.runner.pk,
        "name": change.runner.name,
        "before": [s.pk for s in change.before],
        "after": [s.pk for s in change.after],
        "reason": change.reason,
    }


@router.post(
    "/cohorts/{slug}/timetable-previews",
    response=responses({200: TimetablePreviewOut}),
    auth=WRITE,
    throttle=[ApiThrottle("user"), ApiThrottle("solver")],
    operation_id="timetable_preview",
    summary="What running the optimizer would change in your cohort's timetable (coaches), nothing saved: who moves, "
    "is placed or dropped, which slots open or close. A published timetable keeps every booking the rules allow. "
    "Send `plan` to timetable-changes to apply it",
)
def timetable_preview_op(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    cohort = _get_cohort_for_coach(coach(request), slug)
    preview = timetable_preview(cohort=cohort, time_limit=SOLVER_SECONDS)
    return {
        "published": preview.published,
        **{
            name: [_runner_slots(c) for c in getattr(preview, name)]
            for name in ("moved", "placed", "dropped", "not_placed")
        },
        "unchanged": len(preview.unchanged),
        "opening": [s.pk for s in preview.opening],
        "closing": [s.pk for s in preview.closing],
        "report": preview.report,
        "plan": preview.token,
    }


@router.post(
    "/cohorts/{slug}/timetable-changes",
    response=responses({200: TimetableChangedOut}),
    auth=WRITE,
    throttle=[ApiThrottle("user")],
    operation_id="timetable_confirm",
    summary="Apply a previewed timetable (coaches): bookings and slots change at once, a published timetable stays "
    "published and each runner whose slots changed is told. Refused (400) when anything changed since the preview",
)
def timetable_confirm_op(request: HttpRequest, slug: Slug, payload: TimetableConfirmIn) -> dict[str, Any]:
    user = coach(request)
    cohort = _get_cohort_for_coach(user, slug)
    changed = timetable_confirm(cohort=cohort, token=payload.plan, by=user)
    return {
        "published": changed.published,
        "affected": [_runner_slots(c) for c in changed.affected],
        "opened": [s.pk for s in changed.opened],
        "closed": [s.pk for s in changed.closed],
        "messages": changed.messages,
    }
