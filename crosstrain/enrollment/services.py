"""Registering for a cohort, the waitlist, payments and turning a registration into a runner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from crosstrain.core.pricing import Quote, check_tiers, price_on
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.scheduling.models import Slot


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    created: bool


def cohort_quote(*, cohort: Cohort, day: date) -> Quote:
    return price_on(check_tiers(cohort.tiers()), day)


def seats_taken(cohort: Cohort) -> int:
    return cohort.registrations.filter(status=Registration.Status.ACTIVE).count()


@transaction.atomic
def registration_create(
    *,
    cohort: Cohort,
    name: str,
    email: str,
    phone: str = "",
    mode: str = Registration.Mode.GYM,
    availability: str = "",
    message: str = "",
    available_slots: list[Slot] | None = None,
    preferred_slots: list[Slot] | None = None,
    today: date | None = None,
) -> RegistrationResult:
    """Register (or return the existing registration for this email); a full cohort puts them on the waitlist.

    The cohort row is locked for the count-and-insert, so two people taking the last seat at the same moment
    are served one after the other: one gets the seat, the other the waitlist. SQLite serializes writers the
    same way (the app opens write transactions IMMEDIATE).
    """
    email = email.strip().lower()
    existing = Registration.objects.filter(cohort=cohort, email=email).first()
    if existing is not None:
        return RegistrationResult(existing, created=False)
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    quote = cohort_quote(cohort=locked, day=today or timezone.localdate())
    full = seats_taken(locked) >= locked.seat_cap
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                cohort=locked,
                name=name.strip(),
                email=email,
                phone=phone.strip(),
                mode=mode,
                availability=availability.strip(),
                message=message.strip(),
                status=Registration.Status.WAITLISTED if full else Registration.Status.ACTIVE,
                price=quote.amount,
                price_tier=quote.tier,
            )
    except IntegrityError:  # the same email registered in a concurrent request: that one stands
        return RegistrationResult(Registration.objects.get(cohort=cohort, email=email), created=False)
    if available_slots:
        registration.available_slots.set(available_slots)
    if preferred_slots:
        registration.preferred_slots.set(preferred_slots)
    return RegistrationResult(registration, created=True)


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration | None:
    """Cancel; a freed seat goes to the first person on the waitlist, who is told by email. Returns them."""
    locked = Cohort.objects.select_for_update().get(pk=registration.cohort_id)
    registration = Registration.objects.get(pk=registration.pk)
    was_active = registration.status == Registration.Status.ACTIVE
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    if not was_active or seats_taken(locked) >= locked.seat_cap:
        return None
    first = locked.registrations.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "id").first()
    if first is None:
        return None
    first.status = Registration.Status.ACTIVE
    first.save(update_fields=["status"])
    transaction.on_commit(lambda: _tell_seat_freed(first))
    return first


def _tell_seat_freed(registration: Registration) -> None:
    cohort = registration.cohort
    send_mail(
        subject=f"A seat opened up: you're in {cohort.name}",
        message=(
            f"Hi {registration.name},\n\nA seat in {cohort.name} (starting {cohort.starts_on:%A %d %B}) opened up and "
            f"it is yours, at the price you registered with: {cohort.currency} {registration.price}.\n"
            "Your coach will be in touch to book your movement screen.\n"
        ),
        from_email=None,
        recipient_list=[registration.email],
    )


def registration_mark_paid(*, registration: Registration) -> None:
    Registration.objects.filter(pk=registration.pk, paid_at__isnull=True).update(paid_at=timezone.now())


def registration_schedule_screening(*, registration: Registration, at: datetime) -> None:
    registration.screening_at = at
    registration.save(update_fields=["screening_at"])


@transaction.atomic
def registration_link_runner(*, registration: Registration, runner_id: int) -> None:
    """Tie a registration to the runner created from it (the coach's 'convert to runner')."""
    Registration.objects.filter(pk=registration.pk, runner__isnull=True).update(runner_id=runner_id)
