"""Changing the gym's settings and a person's own units (issue 25)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from crosstrain.accounts.models import Runner
from crosstrain.core.units import UnitSystem
from crosstrain.dashboard.versions import runners_changed
from crosstrain.gym.models import GymSettings, PersonUnits


@transaction.atomic
def gym_settings_save(**fields: Any) -> GymSettings:
    """Save the gym's one row (made on the first save) with `fields`, validated whole."""
    row = GymSettings.objects.select_for_update().filter(pk=1).first() or GymSettings(pk=1)
    before = row.units
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    if row.units != before:
        # Every runner's cached pages show loads in the old unit: give them all a new version.
        runners_changed(Runner.objects.values_list("pk", flat=True))
    return row


@transaction.atomic
def own_units_set(*, user_id: int, units: UnitSystem | None) -> None:
    """A person's own units; None goes back to the gym's. The cached pages they see (a runner's own, a coach's
    of each of their runners) get a new version, so the next one shows the new unit."""
    if units is None:
        PersonUnits.objects.filter(user_id=user_id).delete()
    else:
        PersonUnits.objects.update_or_create(user_id=user_id, defaults={"units": units.value})
    runners_changed(Runner.objects.filter(Q(user_id=user_id) | Q(coach_id=user_id)).values_list("pk", flat=True))
