"""What runners did: a log per session and a row per set, with pain flags for the coach."""

from __future__ import annotations

from django.db import models

PAIN_FLAG_AT = 4  # pain of 4/10 or more on any set flags the session for the coach


class SessionLog(models.Model):
    session = models.OneToOneField("programs.PlannedSession", on_delete=models.CASCADE, related_name="log")
    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="session_logs")
    # Indexed: the admin lists logs newest first, and history pages read the latest ones.
    started_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pain_flag = models.BooleanField(default=False)
    flag_resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

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
    load_kg = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
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
