"""Deletion requests (with their grace period) and anonymising cohort registrations.

Erasing an account and the sweep of released registrations are in `crosstrain.privacy.erasure`; this module
stays free of the enrollment services, which call `registration_anonymise` when a registration is cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from crosstrain.accounts.models import User
from crosstrain.accounts.password_checks import password_check_attempt
from crosstrain.core.errors import InputError
from crosstrain.enrollment.models import Registration
from crosstrain.privacy.models import DeletionRequest
from crosstrain.privacy.selectors import ERASED_DOMAIN, deletion_blockers

GRACE_PERIOD = timedelta(days=7)
ERASED = "(erased)"


class AccountDeletionError(InputError):
    """A deletion that cannot go ahead as asked (wrong password, runners still coached, ...)."""


class WrongPasswordError(AccountDeletionError):
    """The password given to confirm a deletion is not the account's."""


def deletion_request_create(*, user: User, password: str, now: datetime | None = None) -> DeletionRequest:
    """Schedule the account's erasure after the grace period; asking again keeps the first date.

    The password is checked a few times per account and window (TooManyPasswordChecks after that), as on the
    password change page: a signed-in session must not be a way to guess it. The check is counted before, and
    outside, the transaction that schedules the erasure: a wrong password rolls nothing back, so it still counts."""
    now = now or timezone.now()
    password_check_attempt(user=user)
    if not user.check_password(password):
        raise WrongPasswordError(["That is not your password: type the password you sign in with."])
    with transaction.atomic():
        blockers = deletion_blockers(user=user, today=timezone.localdate(now))
        if blockers:
            raise AccountDeletionError(blockers)
        request, _ = DeletionRequest.objects.get_or_create(
            user=user, defaults={"requested_at": now, "erase_after": now + GRACE_PERIOD}
        )
    return request


@transaction.atomic
def deletion_request_cancel(*, user: User) -> bool:
    """Keep the account after all. False when there was no deletion pending."""
    deleted, _ = DeletionRequest.objects.filter(user=user).delete()
    return deleted > 0


def admin_log_scrub(*, model: type[models.Model], object_ids: Iterable[int] | models.QuerySet[models.Model]) -> int:
    """Blank the admin history's description of these objects: it names them ("Ana from 2026-09-21 (draft)").

    The entries themselves stay (who changed what kind of thing, when); `object_ids` may be a queryset.
    """
    ids = (
        object_ids.annotate(text_pk=Cast("pk", models.TextField())).values("text_pk")
        if isinstance(object_ids, models.QuerySet)
        else [str(pk) for pk in object_ids]
    )
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids).update(
        object_repr=ERASED, change_message=""
    )


@transaction.atomic
def registration_anonymise(*, registration: Registration) -> None:
    """Erase who registered (name, email, phone, availability, message, slot wishes); keep what the books need.

    Price, tier, status, mode, paid and screening dates and the registration date stay. The email becomes a
    per-row placeholder because a cohort holds one registration per email; the same person can register again.
    The caller's `registration` object is left as it was (e.g. to say whose registration was cancelled).
    """
    Registration.objects.filter(pk=registration.pk).update(
        name=ERASED,
        email=f"registration-{registration.pk}@{ERASED_DOMAIN}",
        phone="",
        availability="",
        message="",
    )
    registration.available_slots.clear()
    registration.preferred_slots.clear()
    admin_log_scrub(model=Registration, object_ids=[registration.pk])
