"""Semi-private slots and who trains in them, the weekly nutrition class, and private calendar feeds."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from crosstrain.core.running import WEEKDAYS
from crosstrain.gym.dates import when

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
        at = when(self.start, "TIME_FORMAT")  # 07:00 or 7:00 AM, as the gym writes times
        return f"{WEEKDAYS[self.day].title()} {at} with {self.coach.first_name or self.coach.username}"

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

    class Meta:
        verbose_name_plural = "nutrition classes"  # not Django's "nutrition classs"

    def __str__(self) -> str:
        return f"Nutrition class, {WEEKDAYS[self.day].title()} {when(self.start, 'TIME_FORMAT')}"


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


class ChangeRequest(models.Model):
    """A runner's change to what their program is designed from: their training days or their running plan.

    When the change would replace a program the coach reviewed, it waits here for the coach, who approves it
    (the change is applied and a new draft designed for them to review and publish) or declines it (with a
    note the runner reads). Otherwise it is applied at once and kept here as `applied`, with a fingerprint of
    the program it published, so a coach's later edit of that program is noticed.
    """

    class Kind(models.TextChoices):
        TRAINING_DAYS = "training_days", "Training days"
        RUNNING_PLAN = "running_plan", "Running plan"

    class Outcome(models.TextChoices):
        OPEN = "", "Waiting for the coach"
        APPLIED = "applied", "Applied at once"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="change_requests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The change as asked: {"training_days": ["mon", "thu"]} or {"name": "plan.ics", "ics": "BEGIN:VCALENDAR..."}.
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, max_length=500, help_text="The coach's word to the runner.")
    # The coach-reviewed program the change would have replaced, and the program it produced (published at once
    # when applied, a draft when approved).
    replaces = models.ForeignKey("programs.Program", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    result = models.ForeignKey("programs.Program", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # For `applied`: the published program's exercises and doses as designed; they differ once a coach edits it.
    result_fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open request per runner and kind: asking again updates it.
            models.UniqueConstraint(
                fields=["runner", "kind"], condition=Q(resolved_at__isnull=True), name="one_open_change_request"
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, outcome="")
                | Q(resolved_at__isnull=False, outcome__in=["applied", "approved", "declined"]),
                name="change_request_outcome_when_resolved",
            ),
            models.CheckConstraint(condition=Q(kind__in=["training_days", "running_plan"]), name="change_request_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.runner}: {self.get_kind_display()} ({self.get_outcome_display()})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def summary(self) -> str:
        """The change in words: "Mon, Thu" or "plan-spring.ics"."""
        if self.kind == self.Kind.TRAINING_DAYS:
            return ", ".join(str(d).title() for d in self.data.get("training_days", []))
        return str(self.data.get("name", "a running plan"))
