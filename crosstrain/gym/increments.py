"""The weights the gym has (issue 25): its settings' own list, read as `GymWeights` for the suggestions and the
set form's steppers, so a step is always to a weight on the gym's rack; without a list, the standard sizes
(crosstrain.core.units).

Read on every page that suggests a load, so kept in the cache: no query while the list read last is there, one
small query when it is not; saving the settings forgets it (now, and again after the commit, as the catalogue's
version does), so the next page steps on the new list.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from crosstrain.core.units import GymWeights, UnitError, parse_weights, unit_system
from crosstrain.gym.models import GymSettings

_KEY = "gym-weights-v1"
RECHECK_SECONDS = 300  # another process's edit made outside the app (a shell, a restore) shows within this


def gym_weights() -> GymWeights | None:
    """The gym's own list of its weights, None when it gave none (or a stored list no longer reads: the standard
    sizes stand rather than a page failing)."""
    cached: tuple[str, str] | None = cache.get(_KEY)
    if cached is None:
        row = GymSettings.objects.filter(pk=1).values_list("weights", "units").first()
        cached = (row[0], row[1]) if row is not None else ("", "")
        cache.set(_KEY, cached, RECHECK_SECONDS)
    text, units = cached
    if not text.strip():
        return None
    try:
        return parse_weights(text, unit_system(units))
    except UnitError:
        return None


def forget_gym_weights() -> None:
    cache.delete(_KEY)


@receiver(post_save, sender=GymSettings, dispatch_uid="gym-weights-saved")
@receiver(post_delete, sender=GymSettings, dispatch_uid="gym-weights-deleted")
def _gym_settings_changed(**kwargs: Any) -> None:
    forget_gym_weights()
    transaction.on_commit(forget_gym_weights)
