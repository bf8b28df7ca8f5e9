"""Sets and finishes sent later by a phone's offline queue (offline.js, queue.js): with the browser session and the
CSRF token, exactly once per client id, to the session they were logged for even when the coach has published a
new program meanwhile, and never to anyone else's session."""

from __future__ import annotations

import uuid
from typing import Any

from django.test import Client
from django.utils import timezone

from crosstrain.programs.models import PlannedSession, Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.training.models import SessionLog, SetLog
from tests.web.conftest import Gym

LOGGED_AT = "2026-03-03T07:15:00Z"


def phone(user: Any) -> tuple[Client, str]:
    """A signed-in browser as the queue uses it: the CSRF token comes from the runner's offline list."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client, client.get("/me/offline/").json()["csrf"]


def first_session(gym: Gym) -> PlannedSession:
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    return session


def set_body(session: PlannedSession, **extra: Any) -> dict[str, Any]:
    exercise = session.exercises.filter(block="strength").first()
    assert exercise is not None
    return {"client_id": str(uuid.uuid4()), "exercise_id": exercise.pk, "reps": 8, "load_kg": "22.5", **extra}


def send(client: Client, csrf: str, session: PlannedSession, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/sessions/{session.pk}/sets", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )


def test_a_replayed_set_is_stored_once_201_then_200_with_the_same_set(gym: Gym) -> None:
    client, csrf = phone(gym.runner_a.user)
    session = first_session(gym)
    body = set_body(session, logged_at=LOGGED_AT)
    first, again = send(client, csrf, session, body), send(client, csrf, session, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["program_live"] is True
    assert first.json()["session_date"] == session.date.isoformat()
    assert SetLog.objects.filter(client_id=body["client_id"]).count() == 1


def test_a_queued_finish_is_accepted_and_a_replay_keeps_the_first_time(gym: Gym) -> None:
    client, csrf = phone(gym.runner_a.user)
    session = first_session(gym)
    assert send(client, csrf, session, set_body(session, logged_at=LOGGED_AT)).status_code == 201
    url = f"/api/v1/sessions/{session.pk}/finish?logged_at={LOGGED_AT}&partly=true"
    first = client.post(url, headers={"X-CSRFToken": csrf})
    again = client.post(url, headers={"X-CSRFToken": csrf})
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json()["finished_at"] == again.json()["finished_at"]
    assert SessionLog.objects.filter(session=session, finished_at__isnull=False).count() == 1


def test_a_stale_csrf_token_is_refused_with_a_reason_and_a_fresh_one_from_the_list_works(gym: Gym) -> None:
    client, _ = phone(gym.runner_a.user)
    session = first_session(gym)
    body = set_body(session, logged_at=LOGGED_AT)
    refused = send(client, "stale-token-from-before-signing-in-again", session, body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]  # queue.js recognises this and fetches a fresh token once
    assert not SetLog.objects.exists()
    fresh = client.get("/me/offline/").json()["csrf"]
    assert send(client, fresh, session, body).status_code == 201


def _supersede(gym: Gym) -> PlannedSession:
    """The coach publishes a new program; the runner's phone still holds a set for a session the old program
    planned after today (the sessions up to today go on in the new version of the block)."""
    old = first_session(gym).program.sessions.filter(date__gt=timezone.localdate()).order_by("date").first()
    assert old is not None
    program_publish(program=program_generate(runner=gym.runner_a, created_by=gym.coach_a))
    old.program.refresh_from_db()
    assert old.program.status == Program.Status.SUPERSEDED
    return old


def test_a_set_queued_before_a_new_program_is_stored_against_the_session_it_was_logged_for(gym: Gym) -> None:
    client, csrf = phone(gym.runner_a.user)
    old = _supersede(gym)
    body = set_body(old, logged_at=LOGGED_AT)
    response = send(client, csrf, old, body)
    assert response.status_code == 201
    assert response.json()["program_live"] is False  # the phone tells the runner where it went
    assert response.json()["session_date"] == old.date.isoformat()
    assert SetLog.objects.get(client_id=body["client_id"]).session_log.session == old
    # Its day was still to come and most sets are missing: the phone sends what the runner confirmed.
    url = f"/api/v1/sessions/{old.pk}/finish?logged_at={LOGGED_AT}&early=true&partly=true"
    finish = client.post(url, headers={"X-CSRFToken": csrf})
    assert finish.status_code == 200
    assert SessionLog.objects.get(session=old).finished_at is not None


def test_outside_the_queue_a_superseded_program_takes_no_new_sets(gym: Gym) -> None:
    client, csrf = phone(gym.runner_a.user)
    old = _supersede(gym)
    response = send(client, csrf, old, set_body(old))  # no logged_at: not a replay of something logged before
    assert response.status_code == 404
    assert client.post(f"/api/v1/sessions/{old.pk}/finish", headers={"X-CSRFToken": csrf}).status_code == 404
    assert not SetLog.objects.exists()


def test_a_draft_program_s_session_takes_no_queued_set(gym: Gym) -> None:
    client, csrf = phone(gym.runner_a.user)
    draft = program_generate(runner=gym.runner_a, created_by=gym.coach_a)
    session = draft.sessions.order_by("date").first()
    assert session is not None
    assert send(client, csrf, session, set_body(session, logged_at=LOGGED_AT)).status_code == 404


def test_another_runner_s_session_is_not_found_even_from_the_queue(gym: Gym) -> None:
    client, csrf = phone(gym.runner_b.user)
    session = first_session(gym)  # runner A's
    response = send(client, csrf, session, set_body(session, logged_at=LOGGED_AT))
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Not found")
    assert not SetLog.objects.exists()


def test_a_signed_out_phone_is_told_to_sign_in_and_nothing_is_stored(gym: Gym) -> None:
    client = Client(enforce_csrf_checks=True)
    session = first_session(gym)
    response = client.post(
        f"/api/v1/sessions/{session.pk}/sets", set_body(session, logged_at=LOGGED_AT), content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Sign in")
    assert not SetLog.objects.exists()


def test_a_set_for_an_exercise_no_longer_in_the_session_is_refused_with_the_reason(gym: Gym) -> None:
    client, csrf = phone(gym.runner_a.user)
    session = first_session(gym)
    other = gym.program(gym.runner_a).sessions.order_by("date")[1]
    body = set_body(other, logged_at=LOGGED_AT)  # an exercise of another session: as if swapped out meanwhile
    response = send(client, csrf, session, body)
    assert response.status_code == 422
    assert "exercise: that exercise is not part of this session" in response.json()["problems"]
    assert not SetLog.objects.exists()
