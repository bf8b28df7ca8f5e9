"""A new password ends the account's API tokens; a signed-in session cannot guess the password (issue 24, 10a-b)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from crosstrain.accounts.password_checks import PASSWORD_CHECKS
from crosstrain.privacy.models import DeletionRequest
from tests.api.conftest import Api, make_token
from tests.web.conftest import PASSWORD, Gym

NEW_PASSWORD = "another-long-password-42"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change(client: Client, old: str) -> Any:
    data = {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    return client.post(reverse("password_change"), data, follow=True)


def test_changing_the_password_revokes_the_api_tokens_and_says_so(gym: Gym) -> None:
    tokens = [make_token(gym.coach_a, name=f"app {n}") for n in range(2)]
    others = make_token(gym.coach_b)
    assert all(Api(t).get("/me").status_code == 200 for t in tokens)
    page = _change(_client(gym.coach_a), PASSWORD)
    assert page.redirect_chain[-1][0] == reverse("password_change_done")
    assert "Your 2 API tokens were revoked with the old password" in page.content.decode()
    refused = Api(tokens[0]).get("/me")
    assert refused.status_code == 401
    assert "Unknown or revoked API token" in refused.json()["detail"]
    assert Api(tokens[1]).get("/me").status_code == 401
    assert Api(others).get("/me").status_code == 200  # another person's token is theirs


def test_resetting_the_password_by_email_revokes_the_api_tokens_and_says_so(gym: Gym) -> None:
    token = make_token(gym.coach_a)
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(gym.coach_a.pk))
    link = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(gym.coach_a)])
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("password_reset_complete")
    assert "Your API token was revoked with the old password" in done.content.decode()
    assert Api(token).get("/me").status_code == 401


def test_a_password_change_without_tokens_says_nothing_about_them(gym: Gym) -> None:
    page = _change(_client(gym.coach_a), PASSWORD)
    assert "Your password is changed" in page.content.decode()
    assert "API token" not in page.content.decode()


def test_the_password_change_page_stops_guesses_of_the_old_password(gym: Gym) -> None:
    client = _client(gym.coach_a)
    for n in range(PASSWORD_CHECKS):
        wrong = _change(client, f"guess-{n}")
        assert wrong.status_code == 200
        assert wrong.context["form"].errors["old_password"]
    # The right password now waits too: otherwise the answer would still tell a right guess from a wrong one.
    refused = _change(client, PASSWORD)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 60
    assert "Too many password attempts on this account" in refused.content.decode()
    gym.coach_a.refresh_from_db()
    assert gym.coach_a.check_password(PASSWORD)
    # Another person's session has its own count.
    assert _change(_client(gym.coach_b), PASSWORD).redirect_chain[-1][0] == reverse("password_change_done")


def test_the_delete_page_stops_guesses_and_shares_the_count_with_the_password_change(gym: Gym) -> None:
    user = gym.runner_a.user
    assert user is not None
    client = _client(user)
    for n in range(PASSWORD_CHECKS - 1):
        assert client.post(reverse("account-data-delete"), {"password": f"guess-{n}"}).status_code == 422
    assert _change(client, "one-more-guess").status_code == 200  # the last check, on the other page
    refused = client.post(reverse("account-data-delete"), {"password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many password attempts on this account" in refused.content.decode()
    assert not DeletionRequest.objects.exists()


def test_a_wrong_password_on_the_delete_page_is_counted_in_the_database_for_every_worker(gym: Gym) -> None:
    """The count is kept in the database so every gunicorn worker sees it: a wrong password there rolls nothing back
    (it was once counted inside the transaction that the wrong password then undid, so only the process knew)."""
    from crosstrain.limits.models import LimitCounter

    user = gym.runner_a.user
    assert user is not None
    client = _client(user)
    for n in range(2):
        assert client.post(reverse("account-data-delete"), {"password": f"guess-{n}"}).status_code == 422
    assert sum(len(row.hits) for row in LimitCounter.objects.all()) == 2


def test_a_password_set_by_the_gym_admin_ends_the_tokens_too(gym: Gym) -> None:
    """The admin's password form (and `manage.py changepassword`, which saves the same way) end the tokens as the
    settings page does; a save that does not change the password leaves them."""
    from crosstrain.accounts.models import User

    token = make_token(gym.coach_a)
    gym.coach_a.first_name = "Maya"
    gym.coach_a.save()
    assert Api(token).get("/me").status_code == 200
    admin = User.objects.create_superuser("gym-admin", "admin@example.com", PASSWORD)
    client = _client(admin)
    done = client.post(
        reverse("admin:auth_user_password_change", args=[gym.coach_a.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    assert Api(token).get("/me").status_code == 401
