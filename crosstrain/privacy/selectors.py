"""Reads for the data pages: a pending deletion, what stands in the way of one, a runner's registrations."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils.translation import ngettext

from crosstrain.accounts.models import Runner, User
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.privacy.models import DeletionRequest
from crosstrain.scheduling.models import NutritionClass, Slot

ERASED_DOMAIN = "erased.invalid"  # RFC 2606: a domain that can never receive mail


def cohort_ends_on(cohort: Cohort) -> date:
    """The day after the cohort's last week: from then on it is history (the gym's books), not a running class."""
    return cohort.starts_on + timedelta(weeks=cohort.weeks)


def deletion_request_for(*, user: User) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(user=user).first()


def runner_registrations(*, runner: Runner) -> QuerySet[Registration]:
    """The cohort registration that is this runner's: the one their coach made them from ("add runner from
    registration"), the only link the app trusts.

    Never matched by email: the runner's address is typed by a coach and never verified, so a typo or someone
    else's address would hand over another person's registration (their phone, their message) in an export,
    and cancel their seat when this runner is erased.
    """
    return Registration.objects.filter(runner=runner).select_related("cohort").order_by("created_at", "id")


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:5])
    return shown + (f" and {len(items) - 5} more" if len(items) > 5 else "")


def deletion_blockers(*, user: User, today: date) -> list[str]:
    """Why this account cannot be deleted by its owner right now, one sentence each with what to do; [] = it can.

    A coach's runners, cohorts, slots and classes would be left without a coach, so they are handed over first.
    A gym admin's account is removed by another admin, so the gym is never left without one.
    """
    problems = []
    if user.is_superuser:
        problems.append(
            "You are a gym admin: another admin removes your account in the admin (/admin/, Users), "
            "so the gym is never left without one."
        )
    runners = list(Runner.objects.filter(coach=user).order_by("name").values_list("name", flat=True))
    if runners:
        problems.append(
            ngettext("You coach %(n)d runner", "You coach %(n)d runners", len(runners))
            % {"n": len(runners)}
            + f" ({_names(runners)}). Hand them over "
            "to another coach first: the gym admin changes a runner's coach in the admin (/admin/, Runners)."
        )
    running = [c for c in Cohort.objects.filter(coach=user) if cohort_ends_on(c) > today]
    if running:
        problems.append(
            f"You run {_names([c.name for c in running])}, which has not ended. The gym admin gives "
            "a cohort to another coach in the admin (/admin/, Cohorts)."
        )
    # Sessions and classes led in someone else's cohort (their own cohorts are named above).
    led: list[Slot | NutritionClass] = [
        *Slot.objects.filter(coach=user).exclude(cohort__coach=user).select_related("cohort"),
        *NutritionClass.objects.filter(coach=user).exclude(cohort__coach=user).select_related("cohort"),
    ]
    cohorts = sorted({x.cohort.name for x in led if cohort_ends_on(x.cohort) > today})
    if cohorts:
        problems.append(
            f"You lead sessions or nutrition classes in {_names(cohorts)}, which has not ended. The gym admin "
            "gives them to another coach in the admin (/admin/, Cohorts)."
        )
    return problems
