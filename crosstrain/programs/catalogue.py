"""The catalogue the web app designs with: the bundled one plus the gym's own additions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crosstrain.core.catalogue import Catalogue, default_catalogue, default_entries
from crosstrain.programs.models import GymExercise


def gym_catalogue() -> Catalogue:
    additions = [g.as_entry() for g in GymExercise.objects.all()]
    if not additions:
        return default_catalogue()
    return build_catalogue(additions)


def build_catalogue(additions: Iterable[dict[str, Any]]) -> Catalogue:
    """Validate the bundled entries with the additions; raises CatalogueError naming the entry and field."""
    return Catalogue.from_entries([*default_entries(), *additions], source="gym catalogue")
