"""What the runner ran, in the reader's unit (issues 25 and 26): a pound gym reads its runs in miles and its paces
per mile, and its coach types the hard pace per mile; the pace is kept per km, and a form saved unchanged keeps it
to the second."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.activities.models import Activity, Zones
from crosstrain.core.activities import pace_words
from crosstrain.core.units import UnitSystem, format_pace, seconds_per_km, unit_words
from crosstrain.gym.services import gym_settings_save
from tests.activity_files import fit_bytes
from tests.web.conftest import Gym
from tests.web.test_activities import _upload, client_for

pytestmark = pytest.mark.calendar


def _at(days_ago: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(7)))


def _said(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("per_km", "system", "shown"),
    [
        (270, UnitSystem.METRIC, "4:30 per km"),
        (270, UnitSystem.IMPERIAL, "7:15 per mi"),
        (300, UnitSystem.IMPERIAL, "8:03 per mi"),
    ],
)
def test_a_pace_reads_per_km_or_per_mile(per_km: int, system: UnitSystem, shown: str) -> None:
    assert format_pace(per_km, system) == shown


def test_a_pace_typed_per_mile_is_kept_per_km_and_the_reasons_read_per_mile() -> None:
    assert seconds_per_km(7 * 60 + 30, UnitSystem.IMPERIAL) == Decimal("279.62")  # 7:30 a mile, 4:39.62 a km
    assert format_pace(Decimal("279.62"), UnitSystem.IMPERIAL) == "7:30 per mi"  # and back, as typed
    reason = f"pace {pace_words(266.67)} per km, hard from {pace_words(279.62)} per km (set by the coach)"
    assert reason == "pace 4:26.7 per km, hard from 4:39.6 per km (set by the coach)"
    assert unit_words(reason, UnitSystem.IMPERIAL) == "pace 7:09 per mi, hard from 7:30 per mi (set by the coach)"
    assert unit_words(reason, UnitSystem.METRIC) == "pace 4:27 per km, hard from 4:40 per km (set by the coach)"
    assert unit_words("pace 4:27 per km", UnitSystem.METRIC) == "pace 4:27 per km"  # reasons kept before, as they were


def test_a_pound_gym_reads_its_runs_in_miles_and_sets_the_hard_pace_per_mile(gym: Gym, runner_client: Client) -> None:
    gym_settings_save(units="imperial")
    coach = client_for(gym.coach_a)
    zones = reverse("coach-runner-zones", args=[gym.runner_a.pk])
    assert _said(coach.post(zones, {"hard_pace": "fast"}, follow=True)) == [
        "Write the pace as minutes:seconds per mi, e.g. 7:30."
    ]
    assert _said(coach.post(zones, {"hard_pace": "1:30"}, follow=True)) == ["A pace between 3:13 and 24:08 per mi."]
    coach.post(zones, {"hard_pace": "7:30"})
    assert Zones.objects.get(runner=gym.runner_a).hard_pace == Decimal("279.62")

    # A run of 8.05 km (5 mi) in 36 minutes (7:12 a mile): hard by the coach's pace, said per mile.
    activities = reverse("coach-runner-activities", args=[gym.runner_a.pk])
    _upload(coach, activities, ("Thursday.fit", fit_bytes(_at(2), 36, km=8.04672)))
    run = Activity.objects.get(runner=gym.runner_a)
    assert run.kind == "hard"
    page = coach.get(activities).content.decode()
    assert "5 mi" in page
    assert "pace 7:12 per mi, hard from 7:30 per mi (set by the coach)" in page
    assert 'value="7:30"' in page  # the form shows the pace per mile, as typed
    assert "Hard from (pace per mi, m:ss)" in page
    main = page.split("<main", 1)[1]
    assert " km" not in main
    week = runner_client.get(reverse("runner-activities")).content.decode()
    assert "5 mi" in week
    assert " km" not in week.split("<main", 1)[1]

    # The API gives the distance in the caller's unit beside the metres, and the reason in their words.
    found = coach.get(f"/api/v1/runners/{gym.runner_a.pk}/activities").json()[0]
    assert (Decimal(str(found["distance"])), found["distance_unit"]) == (Decimal(5), "mi")
    assert found["reason"] == "pace 7:12 per mi, hard from 7:30 per mi (set by the coach)"


def test_a_metric_gym_reads_km_as_before(gym: Gym, runner_client: Client) -> None:
    _upload(runner_client, reverse("runner-activities"), ("Easy.fit", fit_bytes(_at(2), 40, km=7)))
    page = runner_client.get(reverse("runner-activities")).content.decode()
    assert "7 km" in page
    found = runner_client.get(f"/api/v1/runners/{gym.runner_a.pk}/activities").json()[0]
    assert found["distance_unit"] == "km"


@pytest.mark.parametrize(("week_start", "style"), [(0, "en-GB"), (6, "en-US"), (5, "en-US")])
def test_the_running_weeks_start_on_the_gyms_first_day_and_read_in_its_style(
    gym: Gym, runner_client: Client, week_start: int, style: str
) -> None:
    from crosstrain.core.habits import week_first
    from crosstrain.gym.dates import when
    from crosstrain.gym.middleware import gym_conventions

    gym_settings_save(week_start=week_start, date_style=style)
    today = timezone.localdate()
    this_week = week_first(today, week_start)
    # A 40-minute run on the first day of this week: this week's, whatever weekday that is.
    first_day_run = (today - this_week).days
    _upload(runner_client, reverse("runner-activities"), ("first.fit", fit_bytes(_at(first_day_run), 40)))
    page = runner_client.get(reverse("runner-activities")).content.decode()
    with gym_conventions():
        first_label = when(this_week, "WEEKDAY_DAY_MONTH_FORMAT")
        week_label = when(this_week, "DAY_MONTH_FORMAT")
    days = page.split('id="plan-vs-done-days"', 1)[1].split("</table>", 1)[0]
    rows = days.split('<th scope="row">')[1:]
    assert len(rows) == 7
    assert rows[0].startswith(first_label), rows[0][:40]  # the day list starts on the gym's first day
    assert "40 min" in rows[0]
    weeks = page.split('id="plan-vs-done-weeks"', 1)[1].split("</table>", 1)[0]
    last = weeks.split('<th scope="row">')[-1]
    assert last.startswith(week_label), last[:40]  # the last week is this one, from the gym's first day
    assert "<td>40</td>" in last  # its minutes run
    chart = runner_client.get(reverse("activities-load-chart", args=[gym.runner_a.pk])).content.decode()
    assert f">{week_label}<" in chart  # the chart's weeks are named as the gym writes days
