"""The catalogue the web app designs with: the bundled one plus the gym's own additions."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from crosstrain.core.catalogue import Catalogue, default_catalogue, default_entries
from crosstrain.programs.models import GymExercise

# How long the version read last is trusted before the database is asked again. Reading and validating the
# bundled file with the gym's additions takes milliseconds, and even the aggregate query that tells whether
# anything changed cost every session page and set logged a query (issue 14). The version read is kept in
# Django's cache: a change saved or deleted through Django (the admin, the services) drops it there at once (the
# receivers below), so with a shared cache every process sees it at its next request, and with the default
# per-process memory cache the other processes see it within this many seconds.
RECHECK_SECONDS = 5
_VERSION_KEY = "crosstrain:gym-catalogue-version"

Stamp = tuple[int, Any, int] | None  # (rows, newest edit, sum of ids); None: no additions


@dataclass(frozen=True, slots=True)
class _Built:
    stamp: Stamp
    catalogue: Catalogue


# The validated catalogue of the version this process built last (only the current one is worth keeping).
_built: _Built | None = None
_lock = threading.Lock()


def gym_catalogue() -> Catalogue:
    """The validated catalogue: no query while the version read last is in the cache, one aggregate query when it
    is not (a row added, edited or deleted changes the count, the newest edit time or the sum of ids), and the
    rows read and validated again only when the version changed."""
    global _built
    stamp = _stamp()
    built = _built
    if built is not None and built.stamp == stamp:
        return built.catalogue
    if stamp is None:
        catalogue = default_catalogue()
    else:
        catalogue = build_catalogue(g.as_entry() for g in GymExercise.objects.all())
    with _lock:
        _built = _Built(stamp, catalogue)
    return catalogue


def _stamp() -> Stamp:
    cached: tuple[Stamp] | None = cache.get(_VERSION_KEY)
    if cached is not None:
        return cached[0]
    found = GymExercise.objects.aggregate(n=Count("id"), newest=Max("updated_at"), ids=Sum("id"))
    stamp: Stamp = (found["n"], found["newest"], found["ids"]) if found["n"] else None
    cache.set(_VERSION_KEY, (stamp,), RECHECK_SECONDS)
    return stamp


def gym_catalogue_stamp() -> str:
    """The catalogue's version as text, for cache keys of what shows its entries (no query while the version read
    last is in the cache, as `gym_catalogue`)."""
    stamp = _stamp()
    return "bundled" if stamp is None else "-".join(str(part).replace(" ", "T") for part in stamp)


def forget_gym_catalogue_version() -> None:
    """Read the version from the database again at the next call."""
    cache.delete(_VERSION_KEY)


@receiver(post_save, sender=GymExercise, dispatch_uid="gym-catalogue-saved")
@receiver(post_delete, sender=GymExercise, dispatch_uid="gym-catalogue-deleted")
def _gym_exercise_changed(**kwargs: Any) -> None:
    # Now (this request reads its own change) and after the commit (a request that read the version in between,
    # before the change was visible to it, does not keep the old one).
    forget_gym_catalogue_version()
    transaction.on_commit(forget_gym_catalogue_version)


def build_catalogue(additions: Iterable[dict[str, Any]]) -> Catalogue:
    """Validate the bundled entries with the additions; raises CatalogueError naming the entry and field."""
    return Catalogue.from_entries([*default_entries(), *additions], source="gym catalogue")
