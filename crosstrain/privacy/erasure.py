"""Erasing an account: personal data deleted, what the gym keeps for its books anonymised (docs/gym/data.md).

One path for every way an account goes: a runner's own request once its grace period is over
(`manage.py erase_due_accounts`), the gym admin deleting a runner or a user, and the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.dashboard.cache_index import cache_forget, coach_scope, runner_scope
from crosstrain.enrollment.models import Registration
from crosstrain.enrollment.services import CONFIRM_LINK_MAX_AGE, registration_cancel
from crosstrain.habits.models import Habit, HabitCheck
from crosstrain.messaging.models import Conversation
from crosstrain.privacy.models import DeletionRequest, ErasureRecord
from crosstrain.privacy.selectors import ERASED_DOMAIN, cohort_ends_on, deletion_blockers, runner_registrations
from crosstrain.privacy.services import AccountDeletionError, admin_log_scrub, registration_anonymise
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.scheduling.models import Attendance, Booking
from crosstrain.screening.models import Screen
from crosstrain.training.models import TRAINED, SessionLog, SetLog

# What an erasure does to each kind of data; docs/gym/data.md's retention table says the same in prose.
RETENTION: tuple[tuple[str, str], ...] = (
    ("Your profile: name, email, age, injuries, races, running plan, body mass", "deleted"),
    ("Your sign-in account (username, password, email), calendar address, API tokens, sign-in records", "deleted"),
    ("Movement screens; programs, sessions and exercises", "deleted"),
    ("Session and set logs (loads, reps, pain, notes); bookings; nutrition class attendance", "deleted"),
    ("Weekly habits your coach gave you and the days you ticked off", "deleted"),
    ("Your messages with your coach, both sides of the conversation", "deleted"),
    ("Your email choices and the record of the emails sent to you", "deleted"),
    (
        "Cohort registrations",
        "kept for the gym's books (cohort, price paid, tier, paid and screening dates, status, dates) without your "
        "name, email, phone, availability, message or slot wishes; a place in a cohort that has not ended is "
        "cancelled first, so the seat goes to the waitlist",
    ),
    ("Sessions planned and done, classes attended", "kept as numbers, with your coach and the dates, no name"),
)

# Login-throttling records (django-axes, when installed) name the account that signed in.
AXES_MODELS = ("AccessAttempt", "AccessLog", "AccessFailureLog")


def _axes_forget(username: str) -> None:
    if not apps.is_installed("axes"):
        return
    for name in AXES_MODELS:
        try:
            model = apps.get_model("axes", name)
        except LookupError:
            continue
        model._base_manager.filter(username=username).delete()


def _scrub_runner_admin_log(runner: Runner) -> None:
    """The admin history names the runner's things in their descriptions; blank those before they go."""
    admin_log_scrub(model=Runner, object_ids=[runner.pk])
    admin_log_scrub(model=Screen, object_ids=Screen.objects.filter(runner=runner))
    admin_log_scrub(model=Program, object_ids=Program.objects.filter(runner=runner))
    admin_log_scrub(model=PlannedSession, object_ids=PlannedSession.objects.filter(program__runner=runner))
    admin_log_scrub(model=PlannedExercise, object_ids=PlannedExercise.objects.filter(session__program__runner=runner))
    admin_log_scrub(model=SessionLog, object_ids=SessionLog.objects.filter(runner=runner))
    admin_log_scrub(model=SetLog, object_ids=SetLog.objects.filter(session_log__runner=runner))
    admin_log_scrub(model=Booking, object_ids=Booking.objects.filter(runner=runner))
    admin_log_scrub(model=Attendance, object_ids=Attendance.objects.filter(runner=runner))
    admin_log_scrub(model=Habit, object_ids=Habit.objects.filter(runner=runner))
    admin_log_scrub(model=HabitCheck, object_ids=HabitCheck.objects.filter(habit__runner=runner))
    admin_log_scrub(model=Conversation, object_ids=Conversation.objects.filter(runner=runner))


def _user_erase(user: User) -> None:
    """Delete the account; when the gym's records still point at it (screens a coach recorded, programs they
    designed, past cohorts they ran), keep a nameless, disabled account for those records to point at instead."""
    admin_log_scrub(model=User, object_ids=[user.pk])
    _axes_forget(user.get_username())
    try:
        with transaction.atomic():
            user.delete()
        return
    except (ProtectedError, RestrictedError):
        pass
    # What would have gone with the account goes (calendar feed, deletion request, API tokens, ...).
    for relation in User._meta.related_objects:
        if relation.on_delete is models.CASCADE:
            relation.related_model._base_manager.filter(**{relation.field.name: user}).delete()
    user.groups.clear()
    user.user_permissions.clear()
    User.objects.filter(pk=user.pk).update(
        username=f"erased-{user.pk}",
        first_name="",
        last_name="",
        email="",
        password=make_password(None),
        is_active=False,
        is_staff=False,
        is_superuser=False,
        last_login=None,
    )


@transaction.atomic
def runner_erase(
    *,
    runner: Runner,
    reason: ErasureRecord.Reason,
    requested_at: datetime | None = None,
    now: datetime | None = None,
) -> ErasureRecord:
    """Erase a runner and their sign-in account in one transaction (the retention table above).

    Their places in cohorts that have not ended are cancelled first, through the enrollment service, so the
    seat goes to the waitlist as any cancellation would.
    """
    now = now or timezone.now()
    # Locks the runner row only: PostgreSQL cannot lock the nullable side of the join to their account.
    runner = Runner.objects.select_for_update(of=("self",)).select_related("user").get(pk=runner.pk)
    user = runner.user
    today = timezone.localdate(now)
    registrations = list(runner_registrations(runner=runner))
    for registration in registrations:
        if registration.status != Registration.Status.CANCELLED and cohort_ends_on(registration.cohort) > today:
            registration_cancel(registration=registration)
        registration_anonymise(registration=registration)
    published = Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).first()
    record = ErasureRecord.objects.create(
        kind=ErasureRecord.Kind.RUNNER,
        reason=reason,
        coach_id=runner.coach_id,
        joined_on=timezone.localdate(runner.created_at),
        requested_at=requested_at,
        erased_at=now,
        sessions_planned=published.sessions.count() if published else 0,
        # Finished, done or partly (a skipped session was not trained): whole sessions, as the record counts them.
        sessions_done=SessionLog.objects.filter(runner=runner, status__in=TRAINED).count(),
        nutrition_classes_attended=Attendance.objects.filter(runner=runner, present=True).count(),
        registrations_anonymised=len(registrations),
    )
    _scrub_runner_admin_log(runner)
    # Screens, programs (with sessions and exercises), logs, bookings, attendance, habits (with their ticks) and
    # the conversation with its messages (both sides') cascade from the runner; the runner's account goes after,
    # so no message of theirs is left to hold it. A coach's own account, when erased, stays as a nameless row
    # their messages in other runners' conversations point at (Message.author is PROTECT, as Screen.recorded_by):
    # see _user_erase.
    # Pages naming them (their own, the coach's dashboard) leave the cache once the erasure is committed, not
    # when they would have expired a day later: a shared cache (Redis) is storage like any other.
    scopes = (runner_scope(runner.pk), coach_scope(runner.coach_id))
    transaction.on_commit(lambda: cache_forget(*scopes))
    runner.delete()
    if user is not None:
        _user_erase(user)
    return record


@transaction.atomic
def account_erase(
    *,
    user: User,
    reason: ErasureRecord.Reason,
    requested_at: datetime | None = None,
    now: datetime | None = None,
) -> ErasureRecord:
    """Erase any account: a runner's with all their data, a coach's or another's down to a nameless row.

    The owner's own request is refused while something stands in the way (`deletion_blockers`): a coach still
    coaching runners, for one. The admin's delete has its own check (Django lists what protects the account).
    """
    now = now or timezone.now()
    runner = Runner.objects.filter(user=user).first()
    if runner is not None:
        return runner_erase(runner=runner, reason=reason, requested_at=requested_at, now=now)
    if reason == ErasureRecord.Reason.SELF_SERVICE:
        blockers = deletion_blockers(user=user, today=timezone.localdate(now))
        if blockers:
            raise AccountDeletionError(blockers)
    record = ErasureRecord.objects.create(
        kind=ErasureRecord.Kind.COACH if user.is_coach else ErasureRecord.Kind.OTHER,
        reason=reason,
        joined_on=timezone.localdate(user.date_joined),
        requested_at=requested_at,
        erased_at=now,
    )
    _user_erase(user)
    return record


def registrations_anonymise_released(*, now: datetime) -> int:
    """Anonymise registrations that are over but still hold contact details; returns how many.

    Cancelled ones (cancelled before cancelling anonymised, or set to cancelled in the admin), and lapsed ones
    (never confirmed) once their confirmation link has expired and can no longer bring them back.
    """
    released = Registration.objects.filter(
        Q(status=Registration.Status.CANCELLED)
        | Q(status=Registration.Status.LAPSED, created_at__lte=now - CONFIRM_LINK_MAX_AGE)
    ).exclude(email__endswith="@" + ERASED_DOMAIN)
    count = 0
    for registration in released:
        registration_anonymise(registration=registration)
        count += 1
    return count


@dataclass
class ErasureRun:
    erased: list[ErasureRecord] = field(default_factory=list)
    # Requests that could not go ahead, one line each: who and why (they stay pending).
    skipped: list[str] = field(default_factory=list)
    registrations_anonymised: int = 0


def erase_due_accounts(*, now: datetime | None = None) -> ErasureRun:
    """Erase every account whose grace period has ended, each in its own transaction, then anonymise released
    registrations (`registrations_anonymise_released`). Safe to run at any time, and twice at once."""
    now = now or timezone.now()
    run = ErasureRun()
    for request_id in DeletionRequest.objects.filter(erase_after__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            request = (
                DeletionRequest.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(pk=request_id)
                .first()
            )
            if request is None:  # cancelled, or erased by a run at the same moment
                continue
            try:
                with transaction.atomic():
                    record = account_erase(
                        user=request.user,
                        reason=ErasureRecord.Reason.SELF_SERVICE,
                        requested_at=request.requested_at,
                        now=now,
                    )
            except AccountDeletionError as error:
                run.skipped.append(f"user #{request.user_id}: " + " ".join(error.problems))
                continue
            run.erased.append(record)
    with transaction.atomic():
        run.registrations_anonymised = registrations_anonymise_released(now=now)
    return run
