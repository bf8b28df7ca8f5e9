"""Reading runners' change requests: what a coach has to answer, what a runner asked and heard back."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.scheduling.models import ChangeRequest, NutritionClass

# How long a runner keeps seeing their coach's answer on their plan page.
ANSWER_SHOWN_FOR = timedelta(days=30)


def open_change_requests(*, coach: User, runner: Runner | None = None) -> list[ChangeRequest]:
    """Requests waiting for this coach (one runner's, if given), oldest first: one query."""
    requests = ChangeRequest.objects.filter(runner__coach=coach, resolved_at__isnull=True)
    if runner is not None:
        requests = requests.filter(runner=runner)
    return list(requests.select_related("runner").order_by("created_at", "id"))


def runner_change_requests(*, runner: Runner) -> list[ChangeRequest]:
    """The runner's requests still waiting, and the coach's answers of the last 30 days, newest first."""
    since = timezone.now() - ANSWER_SHOWN_FOR
    return list(
        ChangeRequest.objects.filter(runner=runner)
        .filter(
            Q(resolved_at__isnull=True)
            | Q(outcome__in=[ChangeRequest.Outcome.APPROVED, ChangeRequest.Outcome.DECLINED], resolved_at__gte=since)
        )
        .select_related("result")
        .order_by("-created_at", "-id")
    )


def nutrition_class_latest_day(*, nutrition_class: NutritionClass, today: date) -> date:
    """The class's day to take attendance for when none is asked: its latest meeting up to today, within its
    cohort's weeks (the first meeting before the cohort starts, the last one after it ended)."""
    cohort = nutrition_class.cohort
    first = cohort.starts_on + timedelta(days=(nutrition_class.day - cohort.starts_on.weekday()) % 7)
    last = first + timedelta(weeks=cohort.weeks - 1)
    latest = today - timedelta(days=(today.weekday() - nutrition_class.day) % 7)
    return min(max(latest, first), last)
