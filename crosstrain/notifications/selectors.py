"""Reads: a person's email choices, and which emails are due now (each kind found in one query, however many
people there are)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.apps import apps
from django.db.models import BooleanField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.notifications.models import (
    COACH_KINDS,
    DEFAULT_HOUR,
    RUNNER_KINDS,
    Kind,
    Notification,
    NotificationPreference,
)
from crosstrain.programs.models import PlannedSession, Program

# The weekly summary and the coach's digest go out on Monday (0) at the person's hour, about the week just ended.
WEEKLY_DAY = 0


def preferences_for(*, user: User) -> NotificationPreference:
    """The person's choices; the defaults (unsaved) when they never changed any."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found if found is not None else NotificationPreference(user=user)


def kinds_for(*, user: User) -> tuple[Kind, ...]:
    """The kinds of email this person can get: a runner's own, or a coach's."""
    return RUNNER_KINDS if user.is_runner else COACH_KINDS


def address_of(user: User) -> str:
    """Where a person's emails go: their account's address, else (a runner) the one their coach entered."""
    if user.email:
        return user.email
    runner: Runner | None = getattr(user, "runner", None)
    return runner.email if runner is not None else ""


@dataclass(frozen=True)
class Due:
    """An email that is due and not yet claimed."""

    key: str
    kind: Kind
    recipient_id: int
    session_id: int | None = None
    on_date: date | None = None


def _wants(path: str, kind: Kind) -> Coalesce:
    """The person's choice for `kind` (on when they have no row)."""
    return Coalesce(F(f"{path}notification_preference__{kind.value}"), Value(True), output_field=BooleanField())


def _hour(path: str) -> Coalesce:
    """The person's hour for the morning emails (07:00 when they have no row)."""
    return Coalesce(F(f"{path}notification_preference__hour"), Value(DEFAULT_HOUR), output_field=IntegerField())


def _has_address(path: str) -> Q:
    """The person has somewhere to send to: an account email, or (a runner) the email their coach entered."""
    return ~Q(**{f"{path}email": ""}) | (Q(**{f"{path}runner__isnull": False}) & ~Q(**{f"{path}runner__email": ""}))


def _runner_sessions(day: date, kind: Kind, hour: int) -> QuerySet[PlannedSession]:
    """Unfinished sessions of live programs on `day`, whose runner has an account that wants `kind` by `hour`."""
    user = "program__runner__user__"
    return (
        PlannedSession.objects.filter(
            date=day,
            program__status=Program.Status.PUBLISHED,
            program__runner__user__isnull=False,
            program__runner__user__is_active=True,
        )
        .filter(_has_address(user))
        .exclude(log__finished_at__isnull=False)
        .annotate(wants=_wants(user, kind), hour=_hour(user))
        .filter(wants=True, hour__lte=hour)
        .exclude(Exists(Notification.objects.filter(session=OuterRef("pk"), kind=kind, on_date=day)))
    )


def due_reminders(*, now: datetime) -> list[Due]:
    """Session-day reminders due at `now`: today's sessions (gym time zone) from each runner's hour until the day
    ends, so a worker that was down at 07:00 still sends them when it comes back that day. 1 query."""
    local = timezone.localtime(now)
    today = local.date()
    rows = _runner_sessions(today, Kind.REMINDER, local.hour).values_list("pk", "program__runner__user_id")
    return [Due(f"reminder:{pk}:{today.isoformat()}", Kind.REMINDER, user, pk, today) for pk, user in rows]


def due_missed(*, now: datetime) -> list[Due]:
    """Nudges due at `now`: yesterday's sessions not finished, from the runner's hour today. 1 query."""
    local = timezone.localtime(now)
    yesterday = local.date() - timedelta(days=1)
    rows = _runner_sessions(yesterday, Kind.MISSED, local.hour).values_list("pk", "program__runner__user_id")
    return [Due(f"missed:{pk}", Kind.MISSED, user, pk, yesterday) for pk, user in rows]


def _weekly_people(kind: Kind, monday: date, hour: int) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .filter(_has_address(""))
        .annotate(wants=_wants("", kind), hour=_hour(""))
        .filter(wants=True, hour__lte=hour)
        .exclude(Exists(Notification.objects.filter(recipient=OuterRef("pk"), kind=kind, on_date=monday)))
    )


def due_weekly(*, now: datetime) -> list[Due]:
    """Runners' weekly summaries, on Monday from their hour: runners with a live program that had or has
    sessions in the week just ended or the one starting. 1 query."""
    local = timezone.localtime(now)
    today = local.date()
    if today.weekday() != WEEKLY_DAY:
        return []
    window = Q(
        runner__programs__status=Program.Status.PUBLISHED,
        runner__programs__sessions__date__gte=today - timedelta(days=7),
        runner__programs__sessions__date__lt=today + timedelta(days=7),
    )
    users = _weekly_people(Kind.WEEKLY, today, local.hour).filter(role=User.Role.RUNNER).filter(window).distinct()
    return [
        Due(f"weekly:{pk}:{today.isoformat()}", Kind.WEEKLY, pk, None, today)
        for pk in users.values_list("pk", flat=True)
    ]


def due_digests(*, now: datetime) -> list[Due]:
    """Coaches' weekly digests, on Monday from their hour: every coach with runners. 1 query."""
    local = timezone.localtime(now)
    today = local.date()
    if today.weekday() != WEEKLY_DAY:
        return []
    coaches = (
        _weekly_people(Kind.DIGEST, today, local.hour)
        .filter(role=User.Role.COACH)
        .filter(Exists(Runner.objects.filter(coach=OuterRef("pk"))))
    )
    return [
        Due(f"digest:{pk}:{today.isoformat()}", Kind.DIGEST, pk, None, today)
        for pk in coaches.values_list("pk", flat=True)
    ]


def due_now(*, now: datetime) -> list[Due]:
    """Every scheduled email due at `now` and not yet claimed (messages are queued when they are sent)."""
    return [*due_reminders(now=now), *due_missed(now=now), *due_weekly(now=now), *due_digests(now=now)]


def notifications_export(*, user: User) -> dict[str, Any]:
    """Everything this app holds about a person, for their data export: every row of each of its models that
    points at them (a model added later is included without a change here)."""
    data: dict[str, Any] = {}
    for model in apps.get_app_config("notifications").get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                rows = model._base_manager.filter(**{field.name: user}).order_by("pk").values()
                data.setdefault(str(model._meta.verbose_name_plural), []).extend(rows)
    data["note"] = "No notification preferences row: your choices are the defaults (every email on, at 07:00)."
    return data
