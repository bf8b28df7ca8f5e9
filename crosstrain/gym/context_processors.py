from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from crosstrain.gym.selectors import units_for


def units(request: HttpRequest) -> dict[str, object]:
    """`units` in every template: the viewer's pounds or kilograms (lazy: no work on a page without a load)."""
    return {"units": SimpleLazyObject(lambda: units_for(request))}
