"""The gym's own exercises: added in the admin, checked by the catalogue's rules, used by the engine."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from crosstrain.programs.admin import GymExerciseForm
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import GymExercise
from tests.web.conftest import Gym

LANDMINE: dict[str, Any] = {
    "slug": "landmine-press",
    "name": "Half-kneeling landmine press",
    "category": "strength",
    "pattern": "push",
    "stance": "kneeling",
    "load": "external",
    "areas": "[]",
    "corrects": "[]",
    "equipment": '["barbell"]',
    "setting": "gym",
    "regresses_to": "[]",
    "progresses_to": "[]",
    "dose": '{"sets": 2, "reps": 10, "rir": 3}',
    "cues": '["Kneel on the side of the working arm.", "Press up and out along the bar.", "Keep the ribs down."]',
    "faults": '["Arching the lower back."]',
}


@pytest.mark.django_db
def test_a_valid_gym_exercise_joins_the_catalogue() -> None:
    form = GymExerciseForm(data=LANDMINE)
    assert form.is_valid(), form.errors
    form.save()
    catalogue = gym_catalogue()
    assert catalogue["landmine-press"].pattern is not None
    assert len(catalogue) == 44


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"setting": "home"}, "barbell is not home equipment"),
        ({"regresses_to": '["nowhere"]'}, "'nowhere' is not an exercise id in the catalogue"),
        ({"slug": "goblet-squat"}, "id is used by an earlier entry too"),
        ({"cues": '["Just one."]'}, "1 given; write 3-5"),
    ],
)
def test_a_gym_exercise_that_breaks_the_catalogue_rules_is_refused(changes: dict[str, Any], message: str) -> None:
    form = GymExerciseForm(data={**LANDMINE, **changes})
    assert not form.is_valid()
    assert any(message in e for e in form.non_field_errors()), form.errors
    assert not GymExercise.objects.exists()


def test_the_admin_lists_and_searches_runners(gym: Gym) -> None:
    client = Client()
    client.force_login(gym.admin)
    page = client.get("/admin/accounts/runner/?q=Runner+A")
    assert page.status_code == 200
    assert "Runner A" in page.content.decode()
    assert client.get(f"/admin/accounts/runner/{gym.runner_a.pk}/change/").status_code == 200
    assert client.get("/admin/programs/gymexercise/add/").status_code == 200
