"""The catalogue the web app designs with: the bundled one plus the gym's own additions."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max, Sum

from crosstrain.core.catalogue import Catalogue, default_catalogue, default_entries
from crosstrain.programs.models import GymExercise

# The validated catalogue per version of the gym's additions, in this process. Reading and validating the
# bundled file with the additions takes milliseconds, on every session page and set logged; one aggregate query
# tells whether anything changed (a row added, edited or deleted changes the count, the newest edit time or the
# sum of ids), so every worker process sees an admin's change at its next request.
_built: dict[tuple[int, Any, int], Catalogue] = {}
_lock = threading.Lock()


def gym_catalogue() -> Catalogue:
    stamp = GymExercise.objects.aggregate(n=Count("id"), newest=Max("updated_at"), ids=Sum("id"))
    if not stamp["n"]:
        return default_catalogue()
    key = (stamp["n"], stamp["newest"], stamp["ids"])
    found = _built.get(key)
    if found is None:
        found = build_catalogue(g.as_entry() for g in GymExercise.objects.all())
        with _lock:
            _built.clear()  # only the current version is worth keeping
            _built[key] = found
    return found


def build_catalogue(additions: Iterable[dict[str, Any]]) -> Catalogue:
    """Validate the bundled entries with the additions; raises CatalogueError naming the entry and field."""
    return Catalogue.from_entries([*default_entries(), *additions], source="gym catalogue")
