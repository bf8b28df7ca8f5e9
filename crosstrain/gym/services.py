"""Changing the gym's settings and a person's own units (issue 25)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from crosstrain.core.units import UnitSystem
from crosstrain.gym.models import GymSettings, PersonUnits


@transaction.atomic
def gym_settings_save(**fields: Any) -> GymSettings:
    """Save the gym's one row (made on the first save) with `fields`, validated whole."""
    row = GymSettings.objects.select_for_update().filter(pk=1).first() or GymSettings(pk=1)
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def own_units_set(*, user_id: int, units: UnitSystem | None) -> None:
    """A person's own units; None goes back to the gym's."""
    if units is None:
        PersonUnits.objects.filter(user_id=user_id).delete()
        return
    PersonUnits.objects.update_or_create(user_id=user_id, defaults={"units": units.value})
