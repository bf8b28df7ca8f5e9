"""What a runner ran (issue 26): the runner's recent activities (the runner and their coach), and activities
sent as JSON (the runner, or their coach), so a watch sync can post them. Same service and rules as the uploads:
classified from the runner's own history, a second copy of an activity (same sport, same start minute) is not
counted twice, and a batch is all or nothing."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from crosstrain.accounts.models import Runner
from crosstrain.activities.models import Activity
from crosstrain.activities.selectors import recent_activities
from crosstrain.activities.services import ImportResult, activities_save
from crosstrain.api.auth import READ, WRITE, signed_in
from crosstrain.api.errors import responses
from crosstrain.api.schemas import NO_NUL, ObjectId, _Strict, caller_units
from crosstrain.core import activities as core
from crosstrain.core.units import UnitSystem, shown_distance, unit_words
from crosstrain.web.access import _get_runner_for_viewer

router = Router(tags=["activities"])

SPORTS = "run, bike, swim, hike, row, ski, elliptical or other"


class ActivityOut(Schema):
    id: int
    start: datetime
    day: str = Field(description="The gym's calendar day it started on.")
    seconds: int
    sport: str
    title: str
    metres: float | None
    distance: Decimal | None = Field(
        description="The same distance in the caller's units (distance_unit: their own choice, else the gym's), "
        "to two decimals."
    )
    distance_unit: Literal["km", "mi"]
    elevation_gain: float | None
    avg_hr: int | None
    max_hr: int | None
    kind: str = Field(description="easy, hard, long or race: the coach's correction when there is one.")
    reason: str = Field(description="Why it counted as its kind, in words (a pace per km or per mi, as distance_unit).")
    corrected: bool = Field(description="The coach corrected the kind.")


class ActivityIn(_Strict):
    start: datetime = Field(description="With its time zone, e.g. 2026-11-03T07:00:00+01:00.")
    seconds: int = Field(ge=1, le=7 * 24 * 3600, description="Moving time in seconds.")
    sport: str = Field("run", pattern=r"^(run|bike|swim|hike|row|ski|elliptical|other)$", description=SPORTS)
    title: str = Field("", max_length=200, pattern=NO_NUL)
    metres: float | None = Field(None, ge=0, le=1_000_000, allow_inf_nan=False)
    elevation_gain: float | None = Field(None, ge=0, le=20_000, allow_inf_nan=False)
    avg_hr: int | None = Field(None, ge=30, le=250)
    max_hr: int | None = Field(None, ge=30, le=250)

    @field_validator("start")
    @classmethod
    def _plausible_start(cls, value: datetime) -> datetime:
        if not 2000 <= value.year <= 2100:
            raise ValueError("an activity starts between the years 2000 and 2100")
        return value


class ActivitiesIn(_Strict):
    activities: list[ActivityIn] = Field(min_length=1, max_length=500)


class ImportOut(Schema):
    added: list[ActivityOut]
    duplicates: int = Field(description="Activities already there, left as they were.")


def _out(row: Activity, units: UnitSystem) -> dict[str, object]:
    km = None if row.metres is None else Decimal(str(row.metres)) / 1000
    return {
        "id": row.pk,
        "start": row.start,
        "day": row.day.isoformat(),
        "seconds": row.seconds,
        "sport": row.sport,
        "title": row.title,
        "metres": row.metres,
        "distance": None if km is None else shown_distance(km, units, places=2),
        "distance_unit": units.distance_unit,
        "elevation_gain": row.elevation_gain,
        "avg_hr": row.avg_hr,
        "max_hr": row.max_hr,
        "kind": str(row.effective_kind),
        "reason": unit_words(row.reason, units),
        "corrected": bool(row.corrected_kind),
    }


@router.get(
    "/runners/{runner_id}/activities",
    response=responses({200: list[ActivityOut]}),
    auth=READ,
    operation_id="activities_list",
    summary="The runner's activities of the last 8 weeks, newest first, each with its kind and why (runner, coach)",
)
def activities_list(request: HttpRequest, runner_id: ObjectId) -> list[dict[str, object]]:
    found: Runner = _get_runner_for_viewer(signed_in(request), runner_id)
    units = caller_units({"request": request})
    return [_out(a, units) for a in recent_activities(runner=found, today=timezone.localdate())]


@router.post(
    "/runners/{runner_id}/activities",
    response=responses({201: ImportOut}),
    auth=WRITE,
    operation_id="activities_add",
    summary="Add activities as JSON (a watch sync; the runner or their coach); duplicates are counted, not added",
)
def activities_add(request: HttpRequest, runner_id: ObjectId, payload: ActivitiesIn) -> Status[dict[str, object]]:
    user = signed_in(request)
    found = _get_runner_for_viewer(user, runner_id)
    read = [
        (
            core.Activity(
                start=a.start if timezone.is_aware(a.start) else timezone.make_aware(a.start),
                seconds=a.seconds,
                sport=a.sport,
                title=a.title.strip(),
                metres=a.metres,
                elevation_gain=a.elevation_gain,
                avg_hr=a.avg_hr,
                max_hr=a.max_hr,
            ),
            "api",
        )
        for a in payload.activities
    ]
    result: ImportResult = activities_save(runner=found, found=read, by=user)
    units = caller_units({"request": request})
    return Status(201, {"added": [_out(a, units) for a in result.added], "duplicates": result.duplicates})
