"""Designed programs, stored session by session so runners can log against them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from crosstrain.core.catalogue import Dose
from crosstrain.core.dosing import contacts
from crosstrain.core.vocabulary import Intensity

INTENSITY_CHOICES = [(i.value, i.value.title()) for i in Intensity]


class Program(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="programs")
    # RESTRICT, not PROTECT: a screen a program was designed from cannot be deleted on its own, but deleting the
    # runner (which cascades to both their screens and their programs) works in one go.
    screen = models.ForeignKey("screening.Screen", on_delete=models.RESTRICT, related_name="programs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    start = models.DateField()
    session_minutes = models.PositiveSmallIntegerField()
    refer = models.BooleanField(default=False)
    notices = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    # (v3) What the runner's findings hold back, a sentence each (DESIGN.md 4.6): shown on the session page.
    held_back = models.JSONField(default=list, blank=True)
    running = models.JSONField(default=list)
    next_phase = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # A version of a block that had begun (new days, a new plan, a re-screen, a re-design): it was placed from
    # `resumes_from` on, and on publishing it takes over the sessions of the version it `continues` that are past
    # or logged, so the block stays one continuous thing and the past is never rewritten (issue 22).
    continues = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="continued_by")
    resumes_from = models.DateField(null=True, blank=True)
    # When the block this version belongs to went live: its own publication, or (for a version that continues
    # another) the first version's. Compliance counts the block's sessions from then on, whichever version holds
    # them now.
    live_since = models.DateTimeField(null=True, blank=True)
    # The coach's swaps, {"A": {"engine-exercise-id": "chosen-exercise-id"}}: a new version of the block (a moved
    # slot, new days) makes them again where they still fit, so a re-placement does not lose the coach's choices.
    swaps = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live program per runner: what "today" shows is never ambiguous.
            models.UniqueConstraint(
                fields=["runner"], condition=models.Q(status="published"), name="one_published_program_per_runner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.runner} from {self.start} ({self.status})"

    @property
    def placed_warnings(self) -> list[str]:
        """The placement warnings about the days this version placed (all of them for a whole block): what a runner
        or coach is told after a change ("2026-12-14: week 5 has 1 session instead of 2 — ...")."""
        if self.resumes_from is None:
            return list(self.warnings)
        first = self.resumes_from.isoformat()
        return [w for w in self.warnings if str(w)[:10] >= first]


class PlannedSession(models.Model):
    class Phase(models.TextChoices):
        """Where the session sits in the block (crosstrain.core.program.Session.phase), as a runner reads it."""

        BUILD = "build", "Build"
        DELOAD = "deload", "Deload"
        LEAD_IN = "lead_in", "Race lead-in"
        POST_RACE = "post_race", "Race recovery"
        RESTART = "restart", "Restart after the race"

    # No index of its own: the unique (program, date) index serves every lookup by program.
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions", db_index=False)
    date = models.DateField()
    week = models.PositiveSmallIntegerField()
    letter = models.CharField(max_length=1)
    minutes = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.BUILD)
    # The semi-private slot this session is trained in (a gym runner with a published timetable): its time and
    # coach. None for a remote runner's session, or a gym runner's without a booking that week.
    slot = models.ForeignKey(
        "scheduling.Slot", on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["program", "date"], name="one_session_per_program_day")]

    def __str__(self) -> str:
        return f"{self.program.runner}: {self.date} session {self.letter}"


class PlannedExercise(models.Model):
    class Block(models.TextChoices):
        # In session order (DESIGN.md 4.3): rolling, mobility, power while fresh, then strength.
        SMR = "smr", "Foam rolling"
        MOBILITY = "mobility", "Mobility"
        POWER = "power", "Power"
        STRENGTH = "strength", "Strength"

    # No index of its own: the unique (session, position) index serves every lookup by session.
    session = models.ForeignKey(PlannedSession, on_delete=models.CASCADE, related_name="exercises", db_index=False)
    block = models.CharField(max_length=10, choices=Block.choices)
    position = models.PositiveSmallIntegerField()
    exercise_id = models.CharField(max_length=80)
    name = models.CharField(max_length=120)
    sets = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    per_side = models.BooleanField(default=False)
    rir = models.PositiveSmallIntegerField(null=True, blank=True)
    why = models.TextField()
    # Ramp sets before the first loaded lift: counted in the session's time, not logged as work sets.
    warmup_sets = models.PositiveSmallIntegerField(default=0)
    # "A1", "A2": exercises sharing the letter are done back to back.
    superset = models.CharField(max_length=4, blank=True)
    # How to make this exercise harder next time (the core's note for this exercise and runner).
    progress = models.TextField(blank=True)
    # "left" or "right": that side goes first and gets one more set (an asymmetric screen test).
    weaker_side = models.CharField(max_length=5, blank=True)
    # The session's heavy main lift (3-6 reps), for runners who lift.
    main_lift = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="exercise_position_unique"),
            models.CheckConstraint(
                condition=models.Q(reps__isnull=True) ^ models.Q(seconds__isnull=True), name="reps_xor_seconds"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def timed(self) -> bool:
        """Dosed and logged in seconds (a hold, rolling) rather than reps."""
        return self.seconds is not None

    @property
    def power(self) -> bool:
        """A plyometric: its reps are foot contacts."""
        return self.block == self.Block.POWER

    @property
    def dose(self) -> Dose:
        return Dose(sets=self.sets, reps=self.reps, seconds=self.seconds, per_side=self.per_side, rir=self.rir)

    @property
    def contacts(self) -> int | None:
        """A plyometric's foot contacts, all sets and sides together (counted by the core)."""
        return contacts(self.dose) if self.power else None


class GymExercise(models.Model):
    """An exercise the gym adds to the bundled catalogue. Validated by the core's catalogue rules on save."""

    slug = models.SlugField(max_length=80, unique=True, help_text="The exercise id, e.g. 'landmine-press'.")
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=10, choices=PlannedExercise.Block.choices)
    pattern = models.CharField(max_length=20, blank=True)
    stance = models.CharField(max_length=20, blank=True)
    load = models.CharField(max_length=20, blank=True)
    areas = models.JSONField(default=list, blank=True)
    corrects = models.JSONField(default=list, blank=True)
    equipment = models.JSONField(default=list, blank=True)
    unilateral = models.BooleanField(default=False)
    setting = models.CharField(max_length=10, default="gym")
    regresses_to = models.JSONField(default=list, blank=True)
    progresses_to = models.JSONField(default=list, blank=True)
    dose = models.JSONField(default=dict, help_text='e.g. {"sets": 2, "reps": 10, "rir": 3}')
    cues = models.JSONField(default=list)
    faults = models.JSONField(default=list)
    main_lift = models.BooleanField(default=False, help_text="May be a runner's heavy main lift (3-6 reps).")
    stresses = models.JSONField(
        default=list,
        blank=True,
        help_text='What it loads, from the catalogue\'s vocabulary, e.g. ["knee_flexion", "split_stance"] '
        "(DESIGN.md 4.6): the findings table holds stresses back or asks for them.",
    )
    rehab = models.BooleanField(default=False, help_text="Picked only when a finding asks for what it loads.")
    min_reps = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Never prescribed for fewer reps (a held weight gives out first)."
    )
    needs_kg = models.FloatField(
        null=True, blank=True, help_text="As a home main lift: the kettlebell or dumbbell weight that makes it heavy."
    )
    pair = models.BooleanField(default=False, help_text="Needs two equal implements (a double front rack).")
    intensity = models.CharField(
        max_length=10, choices=INTENSITY_CHOICES, blank=True, help_text="Power exercises only: how hard it lands."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = "gym exercise"

    def __str__(self) -> str:
        return self.name

    def as_entry(self) -> dict[str, object]:
        """The entry as the catalogue file would hold it (empty optional fields left out)."""
        entry: dict[str, object] = {
            "id": self.slug,
            "name": self.name,
            "category": self.category,
            "areas": self.areas,
            "corrects": self.corrects,
            "equipment": self.equipment,
            "unilateral": self.unilateral,
            "setting": self.setting,
            "regresses_to": self.regresses_to,
            "progresses_to": self.progresses_to,
            "dose": self.dose,
            "cues": self.cues,
            "faults": self.faults,
            "main_lift": self.main_lift,
            "stresses": self.stresses,
            "rehab": self.rehab,
            "pair": self.pair,
        }
        for field in ("pattern", "stance", "load", "intensity", "min_reps", "needs_kg"):
            value = getattr(self, field)
            if value is not None and value != "":
                entry[field] = value
        return entry
