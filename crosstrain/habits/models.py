"""Weekly habits a coach asks of a runner ("protein at every meal", 5 days a week) and the days ticked off."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from crosstrain.core.habits import TARGET_MAX, TARGET_MIN, TEXT_MAX, Span

GROUP_MAX = 160


class Habit(models.Model):
    """One runner's habit. A habit given to a cohort or a class is one row per runner, made in one go: whoever
    joins the group later does not get it silently, and each runner's habit can be ended on its own."""

    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="habits")
    text = models.CharField(max_length=TEXT_MAX)
    target_days = models.PositiveSmallIntegerField(help_text="Days a week, 1-7.")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="The last day it counts; empty: until ended.")
    # The gym-local day it was assigned: days before the day before it could never be ticked, so never count.
    assigned_on = models.DateField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where it came from, in words ("Cohort Fall Back to Fitness"); empty when given to this runner alone.
    group = models.CharField(max_length=GROUP_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_days__gte=TARGET_MIN, target_days__lte=TARGET_MAX),
                name="habit_target_days_1_to_7",
                violation_error_message="The target is 1 to 7 days a week.",
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("text"), 1) & LessThanOrEqual(Length("text"), TEXT_MAX),
                name="habit_text_length",
                violation_error_message=f"Say what the habit is, in at most {TEXT_MAX} characters.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="habit_ends_after_it_starts",
                violation_error_message="A habit ends on or after its start.",
            ),
            # The same habit twice at once would count every tick twice; the service refuses overlapping dated
            # ones with a message, this catches two open-ended ones assigned at the same moment.
            models.UniqueConstraint(
                "runner",
                Lower("text"),
                condition=Q(ends_on__isnull=True),
                name="one_open_habit_per_text",
                violation_error_message="This runner has this habit already.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.runner}: {self.text} ({self.target_days}/week)"

    @property
    def span(self) -> Span:
        return Span.of(
            target=self.target_days, starts_on=self.starts_on, ends_on=self.ends_on, assigned_on=self.assigned_on
        )


class HabitCheck(models.Model):
    """The runner did the habit on that day (the gym's calendar day)."""

    habit = models.ForeignKey(Habit, on_delete=models.CASCADE, related_name="checks")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            # A double tap, a retry or two phones at once store one tick.
            models.UniqueConstraint(fields=["habit", "day"], name="one_check_per_habit_day")
        ]

    def __str__(self) -> str:
        return f"{self.habit.text}: {self.day}"
