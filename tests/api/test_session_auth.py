"""The browser session works for same-origin use; a write with it needs the CSRF token, as a form post does."""

from __future__ import annotations

import uuid

from django.test import Client

from crosstrain.training.models import SetLog
from tests.api.conftest import make_token
from tests.web.conftest import SCREEN, Gym


def session_client(user: object) -> Client:
    client = Client(enforce_csrf_checks=True)  # as a browser: Django's test client skips CSRF otherwise
    client.force_login(user)  # type: ignore[arg-type]
    return client


def csrf_token(client: Client) -> str:
    client.get("/settings/")  # any page with a form sets the CSRF cookie
    return client.cookies["csrftoken"].value


def set_body(gym: Gym) -> tuple[str, dict[str, object]]:
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    exercise = session.exercises.filter(block="strength").first()
    assert exercise is not None
    body = {"client_id": str(uuid.uuid4()), "exercise_id": exercise.pk, "reps": exercise.reps, "pain": 0}
    return f"/api/v1/sessions/{session.pk}/sets", body


def test_a_signed_in_browser_reads_with_its_session(gym: Gym) -> None:
    client = session_client(gym.runner_a.user)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["token_scope"] is None


def test_a_session_write_without_the_csrf_token_is_refused_and_saves_nothing(gym: Gym) -> None:
    client = session_client(gym.runner_a.user)
    url, body = set_body(gym)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not SetLog.objects.exists()


def test_a_session_write_with_the_csrf_token_goes_through(gym: Gym) -> None:
    client = session_client(gym.runner_a.user)
    url, body = set_body(gym)
    response = client.post(url, body, content_type="application/json", headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 201
    assert SetLog.objects.count() == 1


def test_a_bearer_token_needs_no_csrf_token(gym: Gym) -> None:
    assert gym.runner_a.user is not None
    client = Client(enforce_csrf_checks=True)
    url, body = set_body(gym)
    headers = {"Authorization": f"Bearer {make_token(gym.runner_a.user)}"}
    assert client.post(url, body, content_type="application/json", headers=headers).status_code == 201


def test_anonymous_public_calls_need_no_csrf_token(gym: Gym) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/api/v1/screens/score", SCREEN, content_type="application/json").status_code == 200


def test_the_docs_page_and_the_openapi_document_are_served(gym: Gym) -> None:
    client = Client()
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html  # served by the app, no CDN
    assert "<script>" not in html  # no inline script: the strict Content-Security-Policy allows it
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["components"]["securitySchemes"]) == {"BearerToken", "SessionCookie"}
    assert schema["components"]["securitySchemes"]["BearerToken"] == {"type": "http", "scheme": "bearer"}
