"""The gym's settings in the app and a person's own units (issue 25): defaults until the gym chooses, edited by
the gym's admin on a page and in the admin, a runner's own units winning over the gym's, asked once per request."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from crosstrain.core.units import UnitSystem
from crosstrain.gym.models import GymSettings
from crosstrain.gym.selectors import gym as gym_settings
from crosstrain.gym.selectors import units_for, units_for_user
from tests.web.conftest import Gym

pytestmark = pytest.mark.django_db


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_without_settings_the_gym_is_metric_in_the_environments_zone(gym: Gym) -> None:
    assert not GymSettings.objects.exists()
    found = gym_settings()
    assert found.units is UnitSystem.METRIC
    assert found.time_zone == settings.TIME_ZONE
    assert (found.week_start, found.date_style, found.currency) == (0, "en-GB", "USD")
    assert units_for_user(gym.runner_a.user) is UnitSystem.METRIC


def test_the_gyms_admin_chooses_pounds_and_every_person_follows(gym: Gym) -> None:
    admin = signed_in(gym.admin)
    page = admin.get(reverse("gym-settings"))
    assert page.status_code == 200
    assert "Pounds and miles (US)" in page.content.decode()
    response = admin.post(
        reverse("gym-settings"),
        {
            "name": "Fall Back Running Club",
            "units": "imperial",
            "time_zone": "America/New_York",
            "currency": "usd",
            "week_start": "6",
            "date_style": "en-US",
        },
        follow=True,
    )
    assert "The gym&#x27;s settings are saved" in response.content.decode()
    row = GymSettings.objects.get()
    assert (row.name, row.units, row.time_zone, row.currency, row.week_start) == (
        "Fall Back Running Club",
        "imperial",
        "America/New_York",
        "USD",
        6,
    )
    assert gym_settings().units is UnitSystem.IMPERIAL
    assert units_for_user(gym.runner_a.user) is UnitSystem.IMPERIAL
    assert units_for_user(gym.coach_a) is UnitSystem.IMPERIAL


def test_a_bad_time_zone_or_currency_is_refused_in_words_and_nothing_saved(gym: Gym) -> None:
    admin = signed_in(gym.admin)
    form = {"units": "imperial", "time_zone": "New York", "currency": "dollars", "week_start": "0"}
    response = admin.post(reverse("gym-settings"), {**form, "date_style": "en-US"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "is not a time zone; give a region and city as in America/New_York" in text
    assert "Give the currency as three letters" in text
    assert not GymSettings.objects.exists()
    assert gym_settings().units is UnitSystem.METRIC


def test_only_the_gyms_admin_sees_the_gyms_settings(gym: Gym) -> None:
    assert signed_in(gym.coach_a).get(reverse("gym-settings")).status_code == 403
    assert signed_in(gym.runner_a.user).get(reverse("gym-settings")).status_code == 403
    assert Client().get(reverse("gym-settings")).status_code == 302  # to sign in


def test_the_admin_edits_the_one_row(gym: Gym) -> None:
    admin = signed_in(gym.admin)
    add = reverse("admin:gym_gymsettings_add")
    fields = {"name": "", "units": "imperial", "time_zone": "UTC", "currency": "USD", "week_start": "0"}
    response = admin.post(add, {**fields, "date_style": "en-GB"})
    assert response.status_code == 302
    assert GymSettings.objects.get().pk == 1
    assert gym_settings().units is UnitSystem.IMPERIAL
    assert admin.get(add).status_code == 403  # one row: no second


def test_a_runner_keeps_kilograms_in_a_pound_gym_and_can_go_back(gym: Gym) -> None:
    GymSettings.objects.create(pk=1, units="imperial")
    runner = signed_in(gym.runner_a.user)
    page = runner.get(reverse("account-units")).content.decode()
    assert "The gym&#x27;s: pounds and miles (us)" in page
    response = runner.post(reverse("account-units"), {"units": "metric"}, follow=True)
    assert "Loads are shown in kilograms from now on." in response.content.decode()
    assert units_for_user(gym.runner_a.user) is UnitSystem.METRIC
    assert units_for_user(gym.runner_b.user) is UnitSystem.IMPERIAL
    assert "Weights in kilograms" in runner.get(reverse("account-settings")).content.decode()
    runner.post(reverse("account-units"), {"units": ""})
    assert units_for_user(gym.runner_a.user) is UnitSystem.IMPERIAL


def test_which_units_is_one_query_once_per_request(gym: Gym, django_assert_num_queries: object) -> None:
    GymSettings.objects.create(pk=1, units="imperial")
    request = RequestFactory().get("/")
    request.user = gym.runner_a.user
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert units_for(request) is UnitSystem.IMPERIAL  # the person's own choice and the gym's, together
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert units_for(request) is UnitSystem.IMPERIAL
