"""Which conventions apply: the gym's settings (or their defaults while no row exists) and "which units for this
person", the one place every page, form, export and API answer asks (issue 25).

Which units costs one small query (the person's own choice and the gym's in one statement), made only where a
load is shown and at most once per request (kept on the request). It is not kept across requests on purpose: a
change on the settings page shows on every worker's next page, and a page's query count is the same whether the
cache is warm or cold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest

from crosstrain.accounts.models import User
from crosstrain.core.units import UnitSystem, unit_system
from crosstrain.gym.models import DateStyle, GymSettings, PersonUnits, WeekStart


@dataclass(frozen=True, slots=True)
class Gym:
    """The gym's conventions as every page reads them."""

    name: str
    time_zone: str
    currency: str
    units: UnitSystem
    week_start: int  # 0 Monday ... 6 Sunday
    date_style: str  # "en-GB" or "en-US"


def defaults() -> Gym:
    """The conventions before the gym chose any: the environment's time zone, metric, British dates."""
    return Gym(
        name="",
        time_zone=str(settings.TIME_ZONE),
        currency="USD",
        units=UnitSystem.METRIC,
        week_start=WeekStart.MONDAY.value,
        date_style=DateStyle.BRITISH.value,
    )


def _from_row(row: GymSettings) -> Gym:
    return Gym(
        name=row.name,
        time_zone=row.time_zone,
        currency=row.currency,
        units=unit_system(row.units),
        week_start=row.week_start,
        date_style=row.date_style,
    )


def gym() -> Gym:
    """The gym's settings (one query)."""
    row = GymSettings.objects.filter(pk=1).first()
    return _from_row(row) if row is not None else defaults()


def own_units(user_id: int) -> UnitSystem | None:
    """A person's own choice of units, None when they go with the gym's."""
    found = PersonUnits.objects.filter(user_id=user_id).values_list("units", flat=True).first()
    return unit_system(found) if found else None


def units_for_user(user: Any) -> UnitSystem:
    """Which units for this person: their own choice, else the gym's (anyone not signed in: the gym's). One
    query."""
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    return units_for_user_id(user_id)


def units_for_user_id(user_id: int | None) -> UnitSystem:
    """The same for a user known by id (a runner's account when writing to them); None: the gym's. One query."""
    if user_id is None:
        return unit_system(GymSettings.objects.filter(pk=1).values_list("units", flat=True).first())
    gyms = GymSettings.objects.filter(pk=1).values("units")[:1]
    own = PersonUnits.objects.filter(user_id=OuterRef("pk")).values("units")[:1]
    found = (
        User.objects.filter(pk=user_id)
        .annotate(own=Subquery(own), gyms=Subquery(gyms))
        .values_list("own", "gyms")
        .first()
    )
    own_choice, gym_choice = found or (None, None)
    return unit_system(own_choice or gym_choice)


def units_for(request: HttpRequest) -> UnitSystem:
    """Which units for the person making this request, worked out once per request."""
    found: UnitSystem | None = getattr(request, "_crosstrain_units", None)
    if found is None:
        found = units_for_user(getattr(request, "user", None))
        request._crosstrain_units = found  # type: ignore[attr-defined]
    return found
