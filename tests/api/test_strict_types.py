"""The API reads values as they are written (issue 24, item 10g): `0` is not `false`, "3" is not 3, and a set is
counted in reps or in seconds, never both."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from crosstrain.training.models import SetLog
from tests.api.conftest import Api
from tests.web.conftest import SCREEN, Gym


@pytest.mark.parametrize(
    "change",
    [
        {"spinal_flexion_pain": 0},
        {"spinal_extension_pain": 1},
        {"shoulder_clearing_pain": "false"},
        {"shoulder_clearing_pain": {"left": 0, "right": False}},
        {"deep_squat": "2"},
        {"deep_squat": True},
    ],
)
def test_a_screen_with_numbers_for_yes_or_no_or_text_for_scores_is_refused(as_persona: Any, change: Any) -> None:
    response = as_persona("anonymous").post("/screens/score", {**SCREEN, **change})
    assert response.status_code == 422
    field = next(iter(change))
    assert field in response.content.decode()


def test_a_screen_written_with_true_and_false_is_scored(as_persona: Any) -> None:
    response = as_persona("anonymous").post("/screens/score", {**SCREEN, "spinal_flexion_pain": False})
    assert response.status_code == 200


def _post_set(api: Api, gym: Gym, **numbers: Any) -> Any:
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    exercise = session.exercises.filter(block="strength", seconds__isnull=True).first()
    assert exercise is not None
    body = {"client_id": str(uuid.uuid4()), "exercise_id": exercise.pk, **numbers}
    return api.post(f"/sessions/{session.pk}/sets", body)


def test_a_set_with_both_reps_and_seconds_is_refused_and_nothing_is_stored(gym: Gym, as_persona: Any) -> None:
    response = _post_set(as_persona("runner_a"), gym, reps=8, seconds=30)
    assert response.status_code == 422
    assert "reps or seconds, not both" in response.content.decode()
    assert not SetLog.objects.exists()


@pytest.mark.parametrize("numbers", [{"reps": "8"}, {"reps": True}, {"reps": 8, "pain": "2"}, {"reps": 8, "rir": 2.0}])
def test_a_set_with_numbers_written_as_text_or_true_is_refused(gym: Gym, as_persona: Any, numbers: Any) -> None:
    assert _post_set(as_persona("runner_a"), gym, **numbers).status_code == 422
    assert not SetLog.objects.exists()


def test_a_set_with_whole_numbers_is_logged(gym: Gym, as_persona: Any) -> None:
    assert _post_set(as_persona("runner_a"), gym, reps=8, rir=2, pain=0).status_code == 201
