"""Loads and distances in the viewer's unit, the one way: `{{ set.load_kg|load:units }}` gives "30 lb",
`{{ set.load_kg|load_number:units }}` the bare number a form field shows, `{{ units|load_unit }}` "lb"
(`units` comes from the context processor; without it, metric)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from crosstrain.core.strength import LiftRecord
from crosstrain.core.units import (
    UnitSystem,
    format_distance,
    format_load,
    load_number,
    shown_load,
    unit_system,
    unit_words,
)

register = template.Library()


def _system(units: object) -> UnitSystem:
    return unit_system(str(units)) if units else UnitSystem.METRIC


@register.filter(name="load")
def load_filter(load_kg: Decimal | float | None, units: object = None) -> str:
    return format_load(load_kg, _system(units))


@register.filter(name="load_number")
def load_number_filter(load_kg: Decimal | float | None, units: object = None) -> str:
    return load_number(load_kg, _system(units))


@register.filter(name="load_unit")
def load_unit(units: object) -> str:
    return _system(units).load_unit


@register.filter(name="load_words")
def load_words(units: object) -> str:
    return _system(units).load_words


@register.filter(name="unit_words")
def unit_words_filter(text: object, units: object = None) -> str:
    """Words the engine wrote in kilograms and kilometres (an exercise's why naming the runner's kettlebells,
    "(15.8757 kg)") in the reader's unit: "(35 lb)"."""
    return unit_words(str(text or ""), _system(units))


@register.filter(name="distance")
def distance_filter(km: Decimal | float | None, units: object = None) -> str:
    return format_distance(km, _system(units))


@register.filter(name="load_estimate")
def load_estimate(load_kg: Decimal | float | None, units: object = None) -> str:
    """An estimate (an estimated one-rep max) to a tenth of the unit: "45.3 kg", "99.8 lb"."""
    if load_kg is None:
        return ""
    system = _system(units)
    amount = shown_load(load_kg, system).quantize(Decimal("0.1"))
    return f"{amount.normalize():f} {system.load_unit}"


@register.filter(name="heaviest_set")
def heaviest_set(record: LiftRecord, units: object = None) -> str:
    """A lift record's heaviest set, "8 reps with 20 kg", in the reader's unit."""
    return record.heaviest_in(_system(units))
