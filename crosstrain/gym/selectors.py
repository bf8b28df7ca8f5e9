"""Which conventions apply: the gym's settings (or their defaults while no row exists) and "which units for this
person", the one place every page, form, export and API answer asks (issue 25).

Every request pays one small query for both: the gym's row and the person's own choice of units in one statement
(`conventions_for`, asked by crosstrain.gym.middleware to activate the gym's date style and zone, and kept on the
request, so `units_for` costs nothing more). It is not kept across requests on purpose: a change on the settings
page shows on every worker's next page, and a page's query count is the same whether the cache is warm or cold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
    updated_at: datetime | None = None  # None: no row yet (the defaults)

    @property
    def stamp(self) -> str:
        """What a cached page drawn in these conventions depends on: a new one after every change of the row."""
        return self.updated_at.isoformat() if self.updated_at is not None else "defaults"


@dataclass(frozen=True, slots=True)
class Conventions:
    """What one request is drawn in: the gym's conventions and the viewer's units (their own, else the gym's)."""

    gym: Gym
    units: UnitSystem


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
        updated_at=row.updated_at,
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


_GYM_FIELDS = ("name", "time_zone", "currency", "units", "week_start", "date_style", "updated_at")


def conventions_for_user_id(user_id: int | None) -> Conventions:
    """The gym's conventions and this person's units, in one statement (None: nobody signed in, the gym's units).
    Read from the person's row with the gym's row as scalar subqueries, so a gym without a row yet (the defaults)
    still gets the person's own choice in the same statement."""
    if user_id is None:
        row = GymSettings.objects.filter(pk=1).first()
        found = _from_row(row) if row is not None else defaults()
        return Conventions(found, found.units)
    gyms = GymSettings.objects.filter(pk=1)
    own = PersonUnits.objects.filter(user_id=OuterRef("pk")).values("units")[:1]
    values = (
        User.objects.filter(pk=user_id)
        .annotate(own=Subquery(own), **{f"gym_{f}": Subquery(gyms.values(f)[:1]) for f in _GYM_FIELDS})
        .values("own", *(f"gym_{f}" for f in _GYM_FIELDS))
        .first()
    )
    if values is None or values["gym_time_zone"] is None:  # no row yet (or the account just went): the defaults
        found = defaults()
    else:
        found = _from_row(GymSettings(**{f: values[f"gym_{f}"] for f in _GYM_FIELDS}))
    own_choice = values["own"] if values is not None else None
    return Conventions(found, unit_system(own_choice) if own_choice else found.units)


def conventions_for(request: HttpRequest) -> Conventions:
    """The conventions of this request, worked out once per request (crosstrain.gym.middleware asks first)."""
    found: Conventions | None = getattr(request, "_crosstrain_conventions", None)
    if found is None:
        user = getattr(request, "user", None)
        signed_in = getattr(user, "is_authenticated", False)
        found = conventions_for_user_id(getattr(user, "pk", None) if signed_in else None)
        request._crosstrain_conventions = found  # type: ignore[attr-defined]
    return found


def units_for(request: HttpRequest) -> UnitSystem:
    """Which units for the person making this request: paid for with the gym's conventions (no query of its own
    after the middleware's)."""
    return conventions_for(request).units
