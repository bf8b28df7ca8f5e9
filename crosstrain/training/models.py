"""What runners did: a log per session and a row per set, with pain flags for the coach."""

from __future__ import annotations

from django.db import models

# PAIN_FLAG_AT: pain of 4/10 or more on any set, or at the readiness check-in before the session, flags the session
# for the coach (one number, in the core, which also holds back load after such pain).
from crosstrain.core.adapt_readiness import PAIN_FLAG_AT as PAIN_FLAG_AT
from crosstrain.core.finishing import SKIP_REASON_MAX, SessionState, share_done, state_words

# Closed by finishing it (done or partly done), not by skipping: what "last session" and "sessions done" count.
TRAINED = (SessionState.DONE.value, SessionState.PARTLY.value)
STATE_LABELS = {SessionState.DONE: "done", SessionState.PARTLY: "partly done", SessionState.SKIPPED: "skipped"}


class SessionLog(models.Model):
    session = models.OneToOneField("programs.PlannedSession", on_delete=models.CASCADE, related_name="log")
    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="session_logs")
    # Indexed: the admin lists logs newest first, and history pages read the latest ones.
    started_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # When the session was closed: finished (done or partly done) or skipped. Set with `status`, never alone.
    finished_at = models.DateTimeField(null=True, blank=True)
    pain_flag = models.BooleanField(default=False)
    flag_resolved_at = models.DateTimeField(null=True, blank=True)
    # How it was closed (crosstrain.core.finishing decides): "" while open.
    status = models.CharField(
        max_length=8, blank=True, default="", choices=[(s.value, STATE_LABELS[s]) for s in SessionState]
    )
    # Sets done (each exercise counted up to its planned sets) and planned, when it was closed.
    sets_done = models.PositiveSmallIntegerField(null=True, blank=True)
    sets_planned = models.PositiveSmallIntegerField(null=True, blank=True)
    done_early = models.BooleanField(default=False)  # finished before the session's day, as the runner confirmed
    skip_reason = models.CharField(max_length=SKIP_REASON_MAX, blank=True)
    # When the coach marked the closed session reviewed in their training feed; None: still to review.
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            # The coach's training feed and its unreviewed count: a runner's closed sessions, newest first.
            models.Index(fields=["runner", "-finished_at"], name="session_log_feed"),
        ]
        constraints = [
            # Closed means a state, and a state means closed: every query that reads `finished_at` stays right.
            models.CheckConstraint(
                condition=(models.Q(finished_at__isnull=True) & models.Q(status=""))
                | (models.Q(finished_at__isnull=False) & models.Q(status__in=[s.value for s in SessionState])),
                name="session_log_closed_has_state",
            ),
        ]

    @property
    def share(self) -> float:
        """What it counts for in compliance (crosstrain.core.finishing.share_done)."""
        return float(share_done(self.status, self.sets_done, self.sets_planned))

    @property
    def state_text(self) -> str:
        return state_words(self.status, self.sets_done, self.sets_planned)

    def __str__(self) -> str:
        return f"{self.runner}: {self.session.date}"


class SetLog(models.Model):
    # No index of its own: the unique (session_log, exercise, set_number) index serves every lookup by session log,
    # and one index fewer to update makes logging a set cheaper.
    session_log = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="sets", db_index=False)
    exercise = models.ForeignKey("programs.PlannedExercise", on_delete=models.CASCADE, related_name="set_logs")
    # Made by the page that shows the form: a double tap or a retry sends the same id and logs nothing new.
    client_id = models.UUIDField(unique=True)
    set_number = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    # Kilograms to 0.0001 (issue 25): a load entered in pounds comes back as the same pounds, edit after edit.
    load_kg = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    rir = models.PositiveSmallIntegerField(null=True, blank=True)
    pain = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exercise__position", "set_number"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pain__lte=10), name="set_pain_0_to_10"),
            models.CheckConstraint(condition=models.Q(rir__lte=10), name="set_rir_0_to_10"),
            # Set 1, 2, 3 of an exercise in a session, each once, however many phones log at the same moment.
            models.UniqueConstraint(
                fields=["session_log", "exercise", "set_number"], name="set_number_unique_per_exercise"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise.name} set {self.set_number}"
