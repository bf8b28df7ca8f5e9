"""A person's request to erase their account, and what the gym keeps after an erasure (no name, no contact)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DeletionRequest(models.Model):
    """Erase this account when `erase_after` has passed, unless the person cancels first (the row is deleted)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deletion_request")
    requested_at = models.DateTimeField()
    erase_after = models.DateTimeField()

    class Meta:
        ordering = ["erase_after"]
        constraints = [
            models.CheckConstraint(condition=models.Q(erase_after__gt=models.F("requested_at")), name="grace_after")
        ]

    def __str__(self) -> str:
        return f"Deletion of user #{self.user_id} after {self.erase_after:%Y-%m-%d %H:%M}"


class ErasureRecord(models.Model):
    """An erased account as the gym's books keep it: counts and dates, never who it was."""

    class Kind(models.TextChoices):
        RUNNER = "runner", "Runner"
        COACH = "coach", "Coach"
        OTHER = "other", "Other account"

    class Reason(models.TextChoices):
        SELF_SERVICE = "self_service", "Asked for by the person (after the grace period)"
        ADMIN = "admin", "Deleted by the gym admin"
        COMMAND = "command", "Deleted from the command line"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField(max_length=15, choices=Reason.choices)
    # The runner's coach: the coach's own books (sessions coached) stay whole. Not personal data of the runner.
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_on = models.DateField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField()
    sessions_planned = models.PositiveIntegerField(default=0)
    sessions_done = models.PositiveIntegerField(default=0)
    nutrition_classes_attended = models.PositiveIntegerField(default=0)
    registrations_anonymised = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} erased on {self.erased_at:%Y-%m-%d}"
