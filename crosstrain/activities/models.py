"""What a runner actually ran (issue 26): activities from watch files or the API, and the coach's zones."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from crosstrain.core.running import RunKind

KIND_CHOICES = [(k.value, k.value.capitalize()) for k in RunKind if k is not RunKind.REST]


class Activity(models.Model):
    """One recorded session. `fingerprint` (sport and start minute) keeps a re-upload, or the same run sent as a
    FIT and a GPX, from counting twice."""

    class Source(models.TextChoices):
        FIT = "fit", "FIT file"
        GPX = "gpx", "GPX file"
        TCX = "tcx", "TCX file"
        API = "api", "API"

    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="activities")
    fingerprint = models.CharField(max_length=32)
    start = models.DateTimeField()
    # The gym's calendar day it started on: weeks, plan vs done and the placement rules count in days.
    day = models.DateField()
    seconds = models.PositiveIntegerField()
    sport = models.CharField(max_length=12, default="run")
    title = models.CharField(max_length=200, blank=True)
    metres = models.FloatField(null=True, blank=True)
    elevation_gain = models.FloatField(null=True, blank=True)
    avg_hr = models.PositiveSmallIntegerField(null=True, blank=True)
    max_hr = models.PositiveSmallIntegerField(null=True, blank=True)
    # What the classifier said and why; the coach's correction wins where given.
    kind = models.CharField(max_length=8, choices=KIND_CHOICES)
    reason = models.CharField(max_length=300)
    corrected_kind = models.CharField(max_length=8, choices=KIND_CHOICES, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=4, choices=Source.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["runner", "day"], name="activity_runner_day")]
        constraints = [
            models.UniqueConstraint(fields=["runner", "fingerprint"], name="one_activity_per_fingerprint"),
            models.CheckConstraint(condition=Q(seconds__gt=0), name="activity_has_a_duration"),
        ]

    def __str__(self) -> str:
        return f"{self.runner}: {self.title or self.sport} on {self.day}"

    @property
    def effective_kind(self) -> RunKind:
        return RunKind(self.corrected_kind or self.kind)

    @property
    def minutes(self) -> int:
        return round(self.seconds / 60)

    @property
    def km(self) -> float | None:
        return None if self.metres is None else round(self.metres / 1000, 2)


class Zones(models.Model):
    """Where hard starts for this runner, as their coach set it; without it, zones are estimated from their runs."""

    runner = models.OneToOneField("accounts.Runner", on_delete=models.CASCADE, related_name="zones")
    hard_hr = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Average heart rate (bpm).")
    hard_pace = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Seconds per km.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(hard_hr__isnull=True) | Q(hard_hr__gte=80, hard_hr__lte=230), name="zones_hr_range"
            ),
            models.CheckConstraint(
                condition=Q(hard_pace__isnull=True) | Q(hard_pace__gte=120, hard_pace__lte=900),
                name="zones_pace_range",
            ),
        ]
