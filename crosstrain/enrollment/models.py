"""Cohorts people register for: seats, dated prices, registrations and the waitlist."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from crosstrain.core.pricing import PriceTier

# What one registration may hold. The public form, the service (for the API too) and the database all keep
# these: a 2 MB message or a 257-character email is refused with a message, never stored or a server error.
NAME_MAX = 120
EMAIL_MAX = 254  # RFC 5321's limit for a forward path, and the column's width
PHONE_MAX = 40
AVAILABILITY_MAX = 500
MESSAGE_MAX = 2000
# An unconfirmed registration holds its seat (or waitlist place) this long by default; coaches set it per cohort.
HOLD_HOURS_DEFAULT = 48
HOLD_HOURS_RANGE = (1, 336)  # an hour to two weeks


class Cohort(models.Model):
    """A 6-week program people register for, e.g. "Fall Back to Fitness"."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    description = models.TextField()
    includes = models.TextField(help_text="What the cohort includes, one item per line.")
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohorts")
    starts_on = models.DateField(help_text="The Monday of the first week.")
    weeks = models.PositiveSmallIntegerField(default=6)
    seat_cap = models.PositiveSmallIntegerField()
    currency = models.CharField(max_length=3, default="USD")
    timetable_published = models.BooleanField(default=False)
    # The last optimizer run, as `crosstrain timetable --json` prints it (runners left out and why, optimality).
    timetable_report = models.JSONField(null=True, blank=True)
    hold_hours = models.PositiveSmallIntegerField(
        default=HOLD_HOURS_DEFAULT,
        help_text="How long an unconfirmed registration keeps its seat before it is released to the waitlist.",
    )
    # Bumped whenever what the public page caches changes (its slots, a slot coach's name, its prices): the cached
    # slot list and price tiers are keyed by it, so every server process sees the change at once
    # (crosstrain.enrollment.signals).
    page_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(seat_cap__gte=1), name="cohort_has_seats"),
            models.CheckConstraint(
                condition=Q(hold_hours__gte=HOLD_HOURS_RANGE[0], hold_hours__lte=HOLD_HOURS_RANGE[1]),
                name="cohort_hold_hours_range",
                violation_error_message=f"The hold is {HOLD_HOURS_RANGE[0]} to {HOLD_HOURS_RANGE[1]} hours.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The page version is only ever bumped in the database (crosstrain.enrollment.signals): a cohort read before
        # a bump and saved after it (the coach's edit form) must not write its old version back, or pages cached
        # under that old version would be served again.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "page_version"
            ]
        super().save(*args, **kwargs)

    def tiers(self) -> list[PriceTier]:
        return [PriceTier(p.name, p.amount, p.until) for p in self.prices.all()]

    def include_lines(self) -> list[str]:
        return [line.strip() for line in self.includes.splitlines() if line.strip()]


class CohortPrice(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="prices")
    name = models.CharField(max_length=60)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    until = models.DateField(null=True, blank=True, help_text="Last day this price applies; empty = the regular price.")

    class Meta:
        ordering = ["until"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="price_not_negative")]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


class Registration(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Registered"
        WAITLISTED = "waitlisted", "Waitlisted"
        CANCELLED = "cancelled", "Cancelled"
        # Never confirmed their email within the cohort's hold: the seat or waitlist place went to others.
        LAPSED = "lapsed", "Unconfirmed, released"

    class Mode(models.TextChoices):
        GYM = "gym", "At the gym"
        REMOTE = "remote", "Remote"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=NAME_MAX)
    email = models.EmailField(max_length=EMAIL_MAX)
    phone = models.CharField(max_length=PHONE_MAX, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.GYM)
    availability = models.TextField(
        blank=True, max_length=AVAILABILITY_MAX, help_text="When they can train, in their words."
    )
    available_slots = models.ManyToManyField("scheduling.Slot", blank=True, related_name="available_for")
    preferred_slots = models.ManyToManyField("scheduling.Slot", blank=True, related_name="preferred_by")
    message = models.TextField(blank=True, max_length=MESSAGE_MAX)
    status = models.CharField(max_length=12, choices=Status.choices)
    # Set when they open the emailed link (or the coach confirms them). Until then the seat or waitlist place is
    # only held, until `hold_expires_at`.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    # Their place in the waitlist's line: when they registered, or when they confirmed after their hold lapsed.
    queued_at = models.DateTimeField(default=timezone.now)
    # The price is locked when they register: later tier changes never touch it.
    price = models.DecimalField(max_digits=8, decimal_places=2)
    price_tier = models.CharField(max_length=60)
    paid_at = models.DateTimeField(null=True, blank=True)
    screening_at = models.DateTimeField(null=True, blank=True)
    runner = models.OneToOneField(
        "accounts.Runner", on_delete=models.SET_NULL, null=True, blank=True, related_name="registration"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "email"], name="one_registration_per_email"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), MESSAGE_MAX),
                name="registration_message_length",
                violation_error_message=f"The message is at most {MESSAGE_MAX} characters.",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("availability"), AVAILABILITY_MAX),
                name="registration_availability_length",
                violation_error_message=f"The availability is at most {AVAILABILITY_MAX} characters.",
            ),
            # A seat or a waitlist place is confirmed or held until a known time, never held forever.
            models.CheckConstraint(
                condition=Q(status__in=["cancelled", "lapsed"])
                | Q(confirmed_at__isnull=False)
                | Q(hold_expires_at__isnull=False),
                name="registration_confirmed_or_held",
                violation_error_message="A registered or waitlisted person is confirmed (give the time) or holds "
                "their place until a time (hold expires at).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.status}) in {self.cohort}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def hold_lapsed(self) -> bool:
        """Unconfirmed past the hold: no longer counted, even before the release sweep marks it lapsed."""
        if self.status == self.Status.LAPSED:
            return True
        return (
            self.status in (self.Status.ACTIVE, self.Status.WAITLISTED)
            and self.confirmed_at is None
            and self.runner_id is None
            and self.hold_expires_at is not None
            and self.hold_expires_at <= timezone.now()
        )
