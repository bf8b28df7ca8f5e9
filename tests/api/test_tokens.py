"""Personal access tokens: made and revoked on the settings page, stored hashed, scoped, and noted when used."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.api.models import ApiToken
from crosstrain.api.services import MAX_ACTIVE_TOKENS, TokenError, token_authenticate, token_create, token_revoke
from tests.api.conftest import Api, make_token
from tests.web.conftest import Gym


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_secret_is_stored_only_as_its_sha256_digest(gym: Gym) -> None:
    token, secret = token_create(owner=gym.coach_a, name="sheet", scope="read")
    assert secret.startswith("ct_")
    assert len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(v) for v in ApiToken.objects.values().get(pk=token.pk).values()}
    assert secret.startswith(stored.prefix)
    assert len(stored.prefix) == 10


def test_the_settings_page_creates_a_token_and_shows_it_exactly_once(gym: Gym) -> None:
    client = signed_in(gym.runner_a.user)
    settings_page = client.get(reverse("account-settings")).content.decode()
    assert reverse("account-tokens") in settings_page
    created = client.post(reverse("account-tokens"), {"name": "watch app", "scope": "read-write"})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    token = ApiToken.objects.get(owner=gym.runner_a.user)
    secret = created.context["secret"]
    assert token_authenticate(secret=secret) == token
    assert secret in created.content.decode()
    assert token.scope == "read-write"
    later = client.get(reverse("account-tokens")).content.decode()
    assert secret not in later
    assert f"{token.prefix}…" in later
    assert "watch app" in later
    # The secret works for the API at once.
    assert Api(secret).get("/me").json()["username"] == "user-runner-a"


@pytest.mark.parametrize(
    ("data", "message"),
    [({"name": "", "scope": "read"}, "This field is required"), ({"name": "x", "scope": "admin"}, "Select a valid")],
)
def test_a_token_form_with_bad_input_says_what_to_fix(gym: Gym, data: dict[str, str], message: str) -> None:
    response = signed_in(gym.coach_a).post(reverse("account-tokens"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_person_has_at_most_twenty_active_tokens(gym: Gym) -> None:
    for i in range(MAX_ACTIVE_TOKENS):
        token_create(owner=gym.coach_a, name=f"t{i}", scope="read")
    response = signed_in(gym.coach_a).post(reverse("account-tokens"), {"name": "one more", "scope": "read"})
    assert response.status_code == 422
    assert "revoke one you no longer use first" in response.content.decode()
    token_revoke(token=ApiToken.objects.filter(owner=gym.coach_a).first())  # type: ignore[arg-type]
    token_create(owner=gym.coach_a, name="now there is room", scope="read")
    with pytest.raises(TokenError, match="scope"):
        token_create(owner=gym.coach_a, name="bad", scope="everything")


def test_a_revoked_token_is_refused_with_401_and_stays_listed_as_revoked(gym: Gym) -> None:
    secret = make_token(gym.coach_a)
    token = ApiToken.objects.get(owner=gym.coach_a)
    api = Api(secret)
    assert api.get("/me").status_code == 200
    client = signed_in(gym.coach_a)
    response = client.post(reverse("account-token-revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 302
    refused = api.get("/me")
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]
    # Even where anonymous calls are welcome, a dead token is an error, never silently anonymous.
    assert api.get("/exercises").status_code == 401
    assert "revoked" in client.get(reverse("account-tokens")).content.decode()


def test_nobody_revokes_someone_else_s_token(gym: Gym) -> None:
    make_token(gym.coach_a)
    token = ApiToken.objects.get(owner=gym.coach_a)
    response = signed_in(gym.coach_b).post(reverse("account-token-revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.active
    assert signed_in(gym.coach_a).get(reverse("account-token-revoke", kwargs={"token_id": token.pk})).status_code == 405


@pytest.mark.parametrize(
    "header", ["Bearer ct_guessed-token", "Bearer ", "Bearer something-else", "Bearer " + "x" * 500]
)
def test_an_unknown_token_is_a_401(gym: Gym, header: str) -> None:
    response = Client().get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401


def test_a_read_token_reads_and_is_refused_every_write_with_a_clear_403(gym: Gym) -> None:
    reader = Api(make_token(gym.coach_a, ApiToken.Scope.READ))
    assert reader.get(f"/runners/{gym.runner_a.pk}/programs").status_code == 200
    response = reader.post(f"/runners/{gym.runner_a.pk}/programs")
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert "read-write token" in response.json()["detail"]
    assert gym.runner_a.programs.count() == 1
    # Scoring a screen writes nothing: a read token may do it.
    assert reader.post("/screens/score", {"deep_squat": 2}).status_code == 422


def test_a_deactivated_owner_s_token_stops_working(gym: Gym) -> None:
    api = Api(make_token(gym.coach_a))
    gym.coach_a.is_active = False
    gym.coach_a.save(update_fields=["is_active"])
    assert api.get("/me").status_code == 401


def test_last_used_is_noted_at_most_once_a_minute(gym: Gym) -> None:
    api = Api(make_token(gym.coach_a))
    token = ApiToken.objects.get(owner=gym.coach_a)
    assert token.last_used_at is None
    api.get("/me")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert timezone.now() - first < timedelta(seconds=5)
    api.get("/me")
    token.refresh_from_db()
    assert token.last_used_at == first  # a second call within the minute writes nothing
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(seconds=61))
    api.get("/me")
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > first - timedelta(seconds=61)


def test_the_admin_lists_and_revokes_tokens_but_never_makes_one(gym: Gym) -> None:
    make_token(gym.coach_a)
    token = ApiToken.objects.get(owner=gym.coach_a)
    admin = signed_in(gym.admin)
    listing = admin.get("/admin/api/apitoken/")
    assert listing.status_code == 200
    assert token.prefix in listing.content.decode()
    assert admin.get("/admin/api/apitoken/add/").status_code == 403
    admin.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert not token.active
