"""People: users (coaches and runners) and each runner's profile, the engine's input."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from crosstrain.core.dosing import Experience
from crosstrain.core.profile import AGE, SESSION_MINUTES
from crosstrain.core.running import entry_label
from crosstrain.core.vocabulary import Setting


class User(AbstractUser):
    class Role(models.TextChoices):
        COACH = "coach", "Coach"
        RUNNER = "runner", "Runner"

    role = models.CharField(max_length=10, choices=Role.choices, default=Role.RUNNER)

    @property
    def is_coach(self) -> bool:
        return self.role == self.Role.COACH

    @property
    def is_runner(self) -> bool:
        return self.role == self.Role.RUNNER

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=["coach", "runner"]), name="user_role_valid"),
            # "Ana" and "ana" would be two people a coach cannot tell apart: one username whatever the case.
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_case_insensitive_unique",
                violation_error_message="A user with that username already exists (upper and lower case count as "
                "the same): choose another.",
            ),
        ]


EXPERIENCE_CHOICES = [(e.value, e.value.title()) for e in Experience]
# Lifting experience is separate from running experience (DESIGN.md 4.3 v2); blank means "same as running".
LIFTING_CHOICES = [("", "Same as running experience"), *EXPERIENCE_CHOICES]
SETTING_CHOICES = [(Setting.GYM.value, "In the gym"), (Setting.HOME.value, "Remote, at home")]


class Runner(models.Model):
    """A runner a coach trains: the profile the engine designs from (crosstrain.core.profile)."""

    coach = models.ForeignKey(User, on_delete=models.PROTECT, related_name="runners")
    user = models.OneToOneField(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="runner")
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    experience = models.CharField(max_length=20, choices=EXPERIENCE_CHOICES, default=Experience.NOVICE.value)
    setting = models.CharField(max_length=10, choices=SETTING_CHOICES, default=Setting.GYM.value)
    equipment = models.JSONField(default=list, blank=True, help_text="Home equipment; a gym has everything.")
    session_minutes = models.PositiveSmallIntegerField(default=45)
    start = models.DateField(help_text="First day of the 6-week program.")
    running_week = models.JSONField(null=True, blank=True, help_text='{"mon": "easy", ...}; or a running plan.')
    running_plan_name = models.CharField(max_length=200, blank=True)
    running_plan_ics = models.TextField(blank=True, help_text="The runner's running plan as iCalendar text.")
    # The engine's race objects {"date", "distance_km", "priority"}; older rows hold bare "YYYY-MM-DD" strings,
    # which the engine still reads as races of unknown distance (DESIGN.md 4.2 v2).
    races = models.JSONField(default=list, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    lifting_experience = models.CharField(max_length=20, choices=LIFTING_CHOICES, blank=True)
    # Past injuries as the engine reads them: [{"area": "tibia", "kind": "bone_stress", "date": "2026-05-01"}].
    injuries = models.JSONField(default=list, blank=True)
    # (v3) Conditions as the engine reads them: [{"kind": "postpartum", "birth_date": "2026-08-01",
    # "pelvic_floor_cleared": false}] or [{"kind": "pelvic_floor_symptoms"}].
    conditions = models.JSONField(default=list, blank=True)
    # (v3) The weights a home runner owns: {"kettlebells_kg": [12, 16, 16], "dumbbells_max_kg": 20}.
    implements = models.JSONField(default=dict, blank=True)
    invite_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # When the current invite link was made: links expire (accounts.services.INVITE_VALID_FOR) and work once.
    invite_created_at = models.DateTimeField(null=True, blank=True)
    # Remote runners choose their own training weekdays (mon..sun); empty = any day the engine picks.
    training_days = models.JSONField(default=list, blank=True)
    # For the nutrition class's personal ranges (DESIGN.md 4.5); optional.
    # To 0.0001 kg, so a body mass typed in pounds reads back as the same pounds (150 lb is 68.0389 kg).
    body_mass_kg = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    weekly_running_hours = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(session_minutes__gte=SESSION_MINUTES[0], session_minutes__lte=SESSION_MINUTES[1]),
                name="runner_session_minutes_range",
            ),
            models.CheckConstraint(condition=Q(setting__in=["gym", "home"]), name="runner_setting_valid"),
            models.CheckConstraint(
                condition=Q(experience__in=[e.value for e in Experience]), name="runner_experience_valid"
            ),
            models.CheckConstraint(
                condition=Q(lifting_experience__in=["", *(e.value for e in Experience)]),
                name="runner_lifting_experience_valid",
            ),
            models.CheckConstraint(
                condition=Q(age__isnull=True) | Q(age__gte=AGE[0], age__lte=AGE[1]), name="runner_age_range"
            ),
            # An invite link always knows its age, so it can expire.
            models.CheckConstraint(
                condition=Q(invite_token__isnull=True) | Q(invite_created_at__isnull=False),
                name="runner_invite_has_created_at",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def profile_data(self, screen: dict[str, Any]) -> dict[str, Any]:
        """The engine's profile JSON for this runner with the given screen (crosstrain.core.profile)."""
        data: dict[str, Any] = {
            "name": self.name,
            "experience": self.experience,
            "setting": self.setting,
            "session_minutes": self.session_minutes,
            "start": self.start.isoformat(),
            "races": list(self.races),
            "screen": screen,
        }
        if self.setting == Setting.HOME.value:
            data["equipment"] = list(self.equipment)
        if not self.running_plan_ics:
            data["running_week"] = self.running_week
        if self.training_days:
            data["training_days"] = list(self.training_days)
        if self.age is not None:
            data["age"] = self.age
        if self.lifting_experience:
            data["lifting_experience"] = self.lifting_experience
        if self.injuries:
            data["injuries"] = list(self.injuries)
        if self.conditions:
            data["conditions"] = list(self.conditions)
        if self.implements:
            data["implements"] = dict(self.implements)
        return data

    @property
    def running_days(self) -> list[tuple[str, str]]:
        """The weekly running template for display: ("tue", "easy + hard") for a day with two runs, ("thu",
        "hard bike") for cross-training."""
        return [(day, entry_label(kind)) for day, kind in (self.running_week or {}).items()]

    @property
    def race_list(self) -> list[dict[str, Any]]:
        """The races for display, old bare dates included: {"date", "distance" ("21.1 km" or None), "distance_km"
        (for the reader's unit: `{{ r.distance_km|distance:units }}`), "priority"}."""
        races: list[dict[str, Any]] = []
        for race in self.races:
            if isinstance(race, str):
                races.append({"date": race, "distance": None, "distance_km": None, "priority": None})
                continue
            km = race.get("distance_km")
            known = km if isinstance(km, int | float) else None
            distance = f"{km:g} km" if known is not None else None
            races.append(
                {"date": race.get("date"), "distance": distance, "distance_km": known, "priority": race.get("priority")}
            )
        return races

    @property
    def injury_list(self) -> list[dict[str, str]]:
        """The injuries for display, in words ("lower back", "bone stress")."""
        return [
            {k: str(i.get(k, "")).replace("_", " ") for k in ("area", "kind", "date")}
            for i in self.injuries
            if isinstance(i, dict)
        ]
