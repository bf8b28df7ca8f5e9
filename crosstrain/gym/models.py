"""The gym's own conventions (issue 25): one row of settings the gym admin edits in the app, and a person's own
choice of units. Every field has the default an existing gym had before the row existed (metric, the
CROSSTRAIN_TIME_ZONE zone, British dates), so nothing changes until the gym chooses."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from crosstrain.core.units import UnitError, UnitSystem, parse_weights, unit_system

UNIT_CHOICES = [(system.value, system.label) for system in UnitSystem]


class DateStyle(models.TextChoices):
    BRITISH = "en-GB", "Tue 8 Dec, 07:00 (day first, 24-hour clock)"
    AMERICAN = "en-US", "Tue, Dec 8, 7:00 AM (month first, 12-hour clock)"


class WeekStart(models.IntegerChoices):
    MONDAY = 0, "Monday"
    SUNDAY = 6, "Sunday"
    SATURDAY = 5, "Saturday"


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            f"{value!r} is not a time zone; give a region and city as in America/New_York or Europe/London."
        )


def default_time_zone() -> str:
    return str(settings.TIME_ZONE)


class GymSettings(models.Model):
    """The gym's settings: one row (id 1). Missing, the defaults below stand (crosstrain.gym.selectors)."""

    name = models.CharField(max_length=120, blank=True, help_text="The gym's name, as runners know it.")
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="Where the gym is, as in America/New_York; sessions keep their moment when it changes.",
    )
    currency = models.CharField(max_length=3, default="USD", help_text="Three letters, as USD, EUR or GBP.")
    units = models.CharField(
        max_length=10,
        choices=UNIT_CHOICES,
        default=UnitSystem.METRIC.value,
        help_text="How loads and distances are entered and shown; a runner may choose their own.",
    )
    weights = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Optional: the weights the gym has, in its unit, one implement a line, e.g. "
        "'dumbbells: 2.5-7.5 by 2.5, 10-50 by 5', 'kettlebells: 18, 26, 35, 44', 'barbell: bar 45, plates 2.5', "
        "'cable: 5-150 by 5'. Suggestions then step to the next weight on the list; an implement not listed "
        "keeps the standard sizes.",
    )
    week_start = models.PositiveSmallIntegerField(choices=WeekStart.choices, default=WeekStart.MONDAY)
    date_style = models.CharField(max_length=5, choices=DateStyle.choices, default=DateStyle.BRITISH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "gym settings"
        verbose_name_plural = "gym settings"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="gym_settings_one_row")]

    def __str__(self) -> str:
        return self.name or "The gym's settings"

    def clean(self) -> None:
        # The list is read in the gym's unit, so it is checked against the units saved with it.
        try:
            parse_weights(self.weights, unit_system(self.units))
        except UnitError as error:
            raise ValidationError({"weights": str(error)}) from None
        # A list written in pounds would silently read as kilograms (35 lb bells as 35 kg ones) if the units
        # changed under it: the admin rewrites it, or empties it, with the change.
        before = GymSettings.objects.filter(pk=self.pk).values_list("units", "weights").first() if self.pk else None
        if before is not None and before[1].strip() and before[0] != self.units and self.weights == before[1]:
            now = unit_system(self.units)
            raise ValidationError(
                {"weights": f"This list is in the gym's old unit: write it in {now.load_words} or empty it."}
            )


class PersonUnits(models.Model):
    """A person's own units where they differ from the gym's (a runner used to kilograms in a pound gym)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="own_units")
    units = models.CharField(max_length=10, choices=UNIT_CHOICES)

    class Meta:
        verbose_name = "person's own units"
        verbose_name_plural = "people's own units"

    def __str__(self) -> str:
        return f"{self.user}: {self.units}"
