"""Kilograms only where weights load the exercise (issue 23): a set with kg on a body-weight, band or hold exercise
is refused, in words that say what to log instead, the same through the web form, the phone's offline queue and
the API, with nothing saved; a set with kg on a loaded lift, or without kg on the others, is logged."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from crosstrain.core.loads import takes_kg
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, PlannedSession
from crosstrain.training.models import SessionLog, SetLog
from tests.api.conftest import Api
from tests.api.test_offline_sync import LOGGED_AT, phone, send
from tests.web.conftest import Gym

pytestmark = pytest.mark.django_db

# What each kind of exercise without weights says when kilograms are sent.
REFUSALS = {
    "push-up": "Push-up is done with body weight: leave the kilograms empty and log the reps",
    "band-row": "is done with a band, not weights: leave the kilograms empty and log the reps, and the band's colour",
    "side-plank": "is a hold with body weight: leave the kilograms empty and log the seconds held",
}


def _session(gym: Gym) -> PlannedSession:
    session = gym.program(gym.runner_a).sessions.filter(letter="A").order_by("date").first()
    assert session is not None
    return session


def _exercise(session: PlannedSession, exercise_id: str) -> PlannedExercise:
    return session.exercises.get(exercise_id=exercise_id)


def _body(exercise: PlannedExercise, **extra: Any) -> dict[str, Any]:
    amount = {"seconds": exercise.seconds} if exercise.timed else {"reps": exercise.reps}
    return {"client_id": str(uuid.uuid4()), "exercise_id": exercise.pk, "load_kg": "12", "pain": 0, **amount, **extra}


def test_the_rule_follows_the_catalogues_load() -> None:
    catalogue = gym_catalogue()
    loaded = {e.id for e in catalogue if takes_kg(e)}
    assert {"goblet-squat-to-box", "split-squat", "db-floor-press"} <= loaded
    assert not {"push-up", "band-row", "side-plank", "forearm-plank", "pogo-hops", "smr-hamstrings"} & loaded
    # An exercise the catalogue no longer knows keeps the field where it most likely had weights.
    assert takes_kg(None, block="strength", timed=False)
    assert not takes_kg(None, block="strength", timed=True)
    assert not takes_kg(None, block="mobility", timed=False)


@pytest.mark.parametrize("exercise_id", sorted(REFUSALS))
def test_the_api_refuses_kg_on_work_without_weights_with_a_field_message(
    gym: Gym, as_persona: Any, exercise_id: str
) -> None:
    session = _session(gym)
    exercise = _exercise(session, exercise_id)
    api: Api = as_persona("runner_a")
    refused = api.post(f"/sessions/{session.pk}/sets", _body(exercise))
    assert refused.status_code == 422
    problems = refused.json()["problems"]
    assert len(problems) == 1
    assert problems[0].startswith("load_kg: ")
    assert REFUSALS[exercise_id] in problems[0]
    assert not SetLog.objects.exists()
    assert not SessionLog.objects.exists()
    # Without kilograms (or with 0, "none") the same set is logged.
    assert api.post(f"/sessions/{session.pk}/sets", _body(exercise, load_kg=None)).status_code == 201
    assert api.post(f"/sessions/{session.pk}/sets", _body(exercise, load_kg="0")).status_code == 201


def test_the_api_logs_kg_on_a_loaded_lift(gym: Gym, as_persona: Any) -> None:
    session = _session(gym)
    exercise = _exercise(session, "goblet-squat-to-box")
    created = as_persona("runner_a").post(f"/sessions/{session.pk}/sets", _body(exercise, load_kg="14"))
    assert created.status_code == 201
    assert SetLog.objects.get().load_kg == 14


def test_the_offline_queue_gets_the_same_refusal_and_nothing_is_saved(gym: Gym) -> None:
    client, csrf = phone(gym.runner_a.user)
    session = _session(gym)
    exercise = _exercise(session, "push-up")
    refused = send(client, csrf, session, _body(exercise, logged_at=LOGGED_AT))
    assert refused.status_code == 422
    assert refused.json()["problems"] == [f"load_kg: {REFUSALS['push-up']}"]
    assert not SetLog.objects.exists()
    assert not SessionLog.objects.exists()
    assert send(client, csrf, session, _body(exercise, logged_at=LOGGED_AT, load_kg=None)).status_code == 201


def test_the_web_form_refuses_kg_on_a_hold_in_words_beside_the_field(gym: Gym) -> None:
    client = Client()
    assert gym.runner_a.user is not None
    client.force_login(gym.runner_a.user)
    session = _session(gym)
    exercise = _exercise(session, "side-plank")
    form = {
        "client_id": str(uuid.uuid4()),
        "exercise": exercise.pk,
        "seconds": exercise.seconds,
        "load_kg": "8",
        "pain": 0,
        "note": "",
    }
    url = reverse("runner-set-log", args=[session.pk])
    refused = client.post(url, form)
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Side plank is a hold with body weight: leave the kilograms empty and log the seconds held" in page
    assert "load_kg" not in page.split("<main", 1)[-1].replace('name="load_kg"', "")
    assert not SetLog.objects.exists()
    assert not SessionLog.objects.exists()
    # The page offers no kg field for it, and the same set without kilograms is logged.
    assert client.post(url, {**form, "load_kg": ""}).status_code == 302
    assert SetLog.objects.get().load_kg is None
