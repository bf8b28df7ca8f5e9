"""Cohorts people register for: seats, dated prices, registrations and the waitlist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from crosstrain.core.pricing import PriceTier


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

    class Meta:
        ordering = ["-starts_on"]
        constraints = [models.CheckConstraint(condition=Q(seat_cap__gte=1), name="cohort_has_seats")]

    def __str__(self) -> str:
        return self.name

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

    class Mode(models.TextChoices):
        GYM = "gym", "At the gym"
        REMOTE = "remote", "Remote"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=120)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.GYM)
    availability = models.TextField(blank=True, help_text="When they can train, in their words.")
    available_slots = models.ManyToManyField("scheduling.Slot", blank=True, related_name="available_for")
    preferred_slots = models.ManyToManyField("scheduling.Slot", blank=True, related_name="preferred_by")
    message = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices)
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
        constraints = [models.UniqueConstraint(fields=["cohort", "email"], name="one_registration_per_email")]

    def __str__(self) -> str:
        return f"{self.name} ({self.status}) in {self.cohort}"
