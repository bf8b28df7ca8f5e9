"""Semi-private slots and who trains in them, the weekly nutrition class, and private calendar feeds."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from crosstrain.core.running import WEEKDAYS

DAY_CHOICES = [(i, d.title()) for i, d in enumerate(WEEKDAYS)]


class Slot(models.Model):
    """A candidate semi-private session: a coach, a weekday and time, room for 2-4 runners, every cohort week."""

    cohort = models.ForeignKey("enrollment.Cohort", on_delete=models.CASCADE, related_name="slots")
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="slots")
    day = models.PositiveSmallIntegerField(choices=DAY_CHOICES)
    start = models.TimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    capacity = models.PositiveSmallIntegerField(default=3)
    opened = models.BooleanField(default=False, help_text="Opened by the timetable.")

    class Meta:
        ordering = ["day", "start", "coach_id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=2, capacity__lte=4), name="slot_capacity_2_to_4"),
            models.CheckConstraint(condition=Q(day__lte=6), name="slot_day_of_week"),
        ]

    def __str__(self) -> str:
        return f"{WEEKDAYS[self.day].title()} {self.start:%H:%M} with {self.coach.first_name or self.coach.username}"

    @property
    def key(self) -> str:
        """The slot id the optimizer and the JSON interchange use."""
        return f"slot-{self.pk}"


class Booking(models.Model):
    """A runner's place in a slot, every week of the cohort."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="bookings")
    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="bookings")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["slot", "runner"], name="one_booking_per_slot_runner")]


class NutritionClass(models.Model):
    cohort = models.ForeignKey("enrollment.Cohort", on_delete=models.CASCADE, related_name="nutrition_classes")
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    day = models.PositiveSmallIntegerField(choices=DAY_CHOICES)
    start = models.TimeField()
    minutes = models.PositiveSmallIntegerField(default=45)
    capacity = models.PositiveSmallIntegerField(default=20)
    location = models.CharField(max_length=120, default="The gym")

    def __str__(self) -> str:
        return f"Nutrition class, {WEEKDAYS[self.day].title()} {self.start:%H:%M}"


class Attendance(models.Model):
    nutrition_class = models.ForeignKey(NutritionClass, on_delete=models.CASCADE, related_name="attendance")
    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="attendance")
    date = models.DateField()
    present = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nutrition_class", "runner", "date"], name="one_attendance_mark")
        ]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A private, revocable calendar URL for one person (a runner's sessions, or a coach's slots and classes)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)
