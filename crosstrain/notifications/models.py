"""Reminders and emails: each person's choices, every email by its idempotency key, and the scheduler's ticks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

DEFAULT_HOUR = 7  # reminders and weekly emails go out at 07:00 in the gym's time zone unless a person picks another


class Kind(models.TextChoices):
    """The emails the app sends on its own. The values are also the preference fields' names."""

    REMINDER = "reminder", "Reminder on the morning of a session day"
    MISSED = "missed", "A nudge the day after a missed session"
    WEEKLY = "weekly", "Your weekly summary (Monday)"
    DIGEST = "digest", "Weekly digest of your runners (Monday)"
    MESSAGE = "message", "New messages (at most one email per conversation every 30 minutes)"


RUNNER_KINDS = (Kind.REMINDER, Kind.MISSED, Kind.WEEKLY, Kind.MESSAGE)
COACH_KINDS = (Kind.DIGEST, Kind.MESSAGE)


class NotificationPreference(models.Model):
    """What one person wants emailed, and when. No row means the defaults: everything on, at 07:00."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    reminder = models.BooleanField(default=True)
    missed = models.BooleanField(default=True)
    weekly = models.BooleanField(default=True)
    digest = models.BooleanField(default=True)
    message = models.BooleanField(default=True)
    # The hour (gym time zone) the morning emails go out: the session-day reminder, the missed-session nudge and
    # the Monday summary or digest.
    hour = models.PositiveSmallIntegerField(default=DEFAULT_HOUR)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(hour__lte=23), name="notification_hour_0_to_23")]

    def __str__(self) -> str:
        return f"Email choices of user #{self.user_id}"

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, Kind(kind).value))


class Notification(models.Model):
    """One email, claimed by its idempotency key before it is sent, so it is sent at most once.

    `key` names what the email is about: `reminder:<session>:<date>`, `missed:<session>`,
    `weekly:<user>:<monday>`, `digest:<user>:<monday>`, `message:<message>:<recipient>`. A row is created
    `queued` (in the transaction that queues the task), turned `sending` by the one task run that wins it,
    then `sent`, `failed` (the mail server refused: retried later under the same key) or `obsolete` (no longer
    true when its turn came: the session was moved, done or replaced). A task run holds the rows of its batch
    under a lease it renews while it works; rows whose lease ran out (the worker was killed) are taken back and
    queued again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending (taken back when the worker stops: its lease runs out)"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will be retried"
        GAVE_UP = "gave_up", "Failed every attempt"
        OBSOLETE = "obsolete", "Not sent: no longer true"

    key = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # What the email is about: the session (reminder, nudge), the day (the session's, or the Monday of the week a
    # summary or digest covers), the message and its conversation (for the 30-minute limit).
    session = models.ForeignKey(
        "programs.PlannedSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_date = models.DateField(null=True, blank=True)
    message_id = models.PositiveBigIntegerField(null=True, blank=True)
    topic = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Why it failed (the mail server's answer) or why it was not sent (obsolete).
    detail = models.TextField(blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    # The dispatch run that queued it last: how that run finds the rows it inserted (a run that lost the race for a
    # key to another inserted nothing for it).
    batch = models.UUIDField(null=True, blank=True, db_index=True)
    # The task run holding the row (queued in its batch, or sending) and until when: the run renews it while it
    # works, so a row whose lease ran out belongs to a worker that stopped (services.notifications_recover).
    lease = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    # Set by the code, not auto_now_add: the 30-minute limit on message emails counts from here.
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["session", "kind"], name="notification_session_kind"),
            models.Index(fields=["status", "retry_at"], name="notification_status_retry"),
            models.Index(fields=["status", "lease_until"], name="notification_status_lease"),
            models.Index(fields=["recipient", "topic", "created_at"], name="notification_topic_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sending", "sent", "failed", "gave_up", "obsolete"]),
                name="notification_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in Kind]),
                name="notification_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


class ScheduledRun(models.Model):
    """A periodic job's run, claimed for its period (a minute, ten minutes, a day) before it is queued: two
    schedulers, or one restarted, queue each period's run once."""

    job = models.CharField(max_length=60)
    period = models.CharField(max_length=40)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="one_run_per_job_period")]

    def __str__(self) -> str:
        return f"{self.job} for {self.period}"
