"""The gym lists the weights it has (issue 25): on its settings page, read in its unit and refused in words when it
cannot be read; then the suggestions and the set form's steppers step to the next weight on that list."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from crosstrain.gym.increments import gym_weights
from crosstrain.gym.models import GymSettings
from crosstrain.gym.services import gym_settings_save
from crosstrain.programs.models import PlannedSession
from tests.web.conftest import Gym
from tests.web.test_units_pages import SQUAT, card, log_set, squat_session

# Date-sensitive (the runner's program starts from today): scripts/calendar-sweep runs it at every date.
pytestmark = pytest.mark.calendar

SETTINGS = {"name": "", "units": "imperial", "time_zone": "America/New_York", "currency": "USD", "week_start": "6"}


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_gyms_admin_lists_its_weights_and_a_list_that_cannot_be_read_is_refused(gym: Gym) -> None:
    admin = signed_in(gym.admin)
    form = {**SETTINGS, "date_style": "en-US"}
    refused = admin.post(reverse("gym-settings"), {**form, "weights": "dumbbells: 5-50 by 5\nbells: 18, 26"})
    assert refused.status_code == 200
    assert "Line 2 (bells: 18, 26): start with the implement and a colon" in refused.content.decode()
    assert not GymSettings.objects.exists()
    in_kilograms = admin.post(reverse("gym-settings"), {**form, "weights": "kettlebells: 16 kg, 24 kg"})
    assert "write the gym&#x27;s weights in pounds (lb), its unit" in in_kilograms.content.decode()

    saved = admin.post(reverse("gym-settings"), {**form, "weights": "dumbbells: 10-60 by 10"}, follow=True)
    assert "The gym&#x27;s settings are saved" in saved.content.decode()
    assert GymSettings.objects.get().weights == "dumbbells: 10-60 by 10"
    weights = gym_weights()
    assert weights is not None
    assert weights.rack_for("dumbbells", weights.system)[0].sizes[:3] == (10, 20, 30)
    assert "The weights the gym has" in admin.get(reverse("gym-settings")).content.decode()


def test_suggestions_and_steppers_step_to_the_next_weight_the_gym_has(gym: Gym) -> None:
    # A gym whose dumbbells go 10 lb apart: 30 lb filled is followed by 40, never the standard rack's 35.
    gym_settings_save(units="imperial", weights="dumbbells: 10-60 by 10")
    session, squat = squat_session(gym)
    runner = signed_in(gym.runner_a.user)
    later = (
        PlannedSession.objects.filter(program=session.program, letter=session.letter, date__gt=session.date)
        .order_by("date")
        .first()
    )
    assert later is not None
    after = later.exercises.get(exercise_id=SQUAT)
    url = reverse("runner-set-log", kwargs={"session_id": session.pk})
    for _ in range(squat.sets):  # every set filled as next time asks: one step up
        data = {"client_id": uuid.uuid4(), "exercise": squat.pk, "reps": after.reps, "load": "30", "load_unit": "lb"}
        response = runner.post(url, {**data, "rir": after.rir, "pain": 0}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        row = response.content.decode()
    assert 'data-by="10" aria-label="10 lb more"' in row  # the stepper: the next dumbbell is 10 lb heavier
    page = runner.get(reverse("runner-session", kwargs={"session_id": later.pk})).content.decode()
    found = re.search(r'<p class="suggestion"[^>]*><strong>Today:</strong> (.*?)</p>', card(page, after), re.S)
    assert found is not None
    today = found.group(1).split("→")[1]
    assert "with 40 lb" in today, today  # the standard US rack would have said 35 lb

    # Without a list, the standard US rack again (5 lb apart), on the next page.
    gym_settings_save(weights="")
    assert gym_weights() is None
    row = log_set(runner, session, squat, "30", "lb")
    assert 'data-by="5" aria-label="5 lb more"' in row


def test_changing_units_asks_for_the_list_in_the_new_unit(gym: Gym) -> None:
    gym_settings_save(units="imperial", weights="kettlebells: 18, 26, 35")
    with pytest.raises(ValidationError, match="This list is in the gym's old unit: write it in kilograms or empty"):
        gym_settings_save(units="metric")
    assert GymSettings.objects.get().units == "imperial"
    gym_settings_save(units="metric", weights="kettlebells: 8, 12, 16")
    weights = gym_weights()
    assert weights is not None
    assert weights.rack_for("kettlebell", weights.system)[0].sizes == (8, 12, 16)
