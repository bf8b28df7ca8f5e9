"""What a runner actually ran (issue 26): activities from watch files or the API, and the coach's zones."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from crosstrain.core.activities import PACE_RANGE
from crosstrain.core.adapt_readiness import WHERE_MAX
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
    # To a hundredth of a second: a pace typed per mile (7:30) reads back per mile as typed.
    hard_pace = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True, help_text="Seconds per km.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(hard_hr__isnull=True) | Q(hard_hr__gte=80, hard_hr__lte=230), name="zones_hr_range"
            ),
            models.CheckConstraint(
                condition=Q(hard_pace__isnull=True) | Q(hard_pace__gte=PACE_RANGE[0], hard_pace__lte=PACE_RANGE[1]),
                name="zones_pace_range",
            ),
        ]


class Suggestion(models.Model):
    """What the engine's rules suggest for an upcoming session after what was run (crosstrain.core.adapt).
    Never applied by itself: the runner or their coach accepts or dismisses it."""

    class Action(models.TextChoices):
        MOVE = "move", "Move it"
        LIGHTER = "lighter", "Keep it lighter"
        SKIP = "skip", "Skip it"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"
        # The rule no longer applies (a correction, another import): it went without anyone deciding.
        WITHDRAWN = "withdrawn", "No longer needed"

    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="activity_suggestions")
    session = models.ForeignKey("programs.PlannedSession", on_delete=models.CASCADE, related_name="suggestions")
    action = models.CharField(max_length=8, choices=Action.choices)
    # The day it was planned on when suggested, and the day to move it to (a move only).
    day = models.DateField()
    to = models.DateField(null=True, blank=True)
    why = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"], condition=Q(status="pending"), name="one_pending_suggestion_per_session"
            ),
            models.CheckConstraint(
                condition=Q(action="move", to__isnull=False) | (~Q(action="move") & Q(to__isnull=True)),
                name="suggestion_move_has_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.runner}: {self.action} the session of {self.day}"


class CheckIn(models.Model):
    """The runner's readiness before a session: sleep, leg soreness 0-10, overall feel, and any pain 0-10 with where
    (crosstrain.core.adapt_readiness). When it says not ready, the session was made lighter and `why` says so; pain
    from PAIN_FLAG_AT flagged the session for the coach, as a set's pain does (crosstrain.activities.readiness)."""

    LEVELS = [("poor", "Poor"), ("ok", "OK"), ("good", "Good")]

    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="check_ins")
    session = models.OneToOneField("programs.PlannedSession", on_delete=models.CASCADE, related_name="check_in")
    sleep = models.CharField(max_length=4, choices=LEVELS)
    soreness = models.PositiveSmallIntegerField()
    feel = models.CharField(max_length=4, choices=LEVELS)
    pain = models.PositiveSmallIntegerField(default=0)
    pain_where = models.CharField(max_length=WHERE_MAX, blank=True)
    lighter = models.BooleanField(default=False)
    why = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(soreness__lte=10), name="check_in_soreness_0_to_10"),
            models.CheckConstraint(condition=Q(pain__lte=10), name="check_in_pain_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.runner}: check-in before {self.session.date}"


class ActivityImport(models.Model):
    """An export zip for the task queue (crosstrain.activities.tasks): a year of files takes seconds to read, so it
    is never read in the request. Its bytes wait in `ActivityImportFile` and are deleted once it has been imported
    or refused."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Refused"

    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="activity_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    result = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.runner}: {self.name} ({self.status})"


class ActivityImportFile(models.Model):
    """The uploaded zip's bytes, apart from the import: the runner's data export lists the import (what, when,
    what came of it) and never needs the blob, which is deleted once read."""

    upload = models.OneToOneField(ActivityImport, on_delete=models.CASCADE, related_name="file")
    data = models.BinaryField()
