"""Signing in: 5 failures for one username from one address lock that pair out for 15 minutes (django-axes),
the lockout page says why and what to do, it ends by itself or by the admin's hand, the admin's sign-in is
throttled alike, and the client's address is read correctly behind reverse proxies."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse
from ninja.throttling import BaseThrottle

from crosstrain.web.client_ip import client_ip
from tests.web.conftest import PASSWORD, Gym

LOCKED = "Too many failed sign-ins for this account from this network."


def sign_in(client: Client, username: str, password: str, *, url: str = "/login/", **extra: Any) -> Any:
    return client.post(url, {"username": username, "password": password}, **extra)


def fail(client: Client, username: str, times: int, **extra: Any) -> Any:
    response = None
    for _ in range(times):
        response = sign_in(client, username, "not-the-password", **extra)
    return response


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_four_failures_still_let_the_right_password_in(gym: Gym) -> None:
    client = Client()
    response = fail(client, "coach-a", 4)
    assert response.status_code == 200
    assert "Your username and password didn't match." in response.content.decode()
    assert sign_in(client, "coach-a", PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_fifth_failure_locks_out_even_the_right_password(gym: Gym) -> None:
    client = Client()
    response = fail(client, "coach-a", 5)
    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert LOCKED in page
    assert "Try again in 15 minutes, or ask your coach or the gym's admin to unlock it." in page
    assert 'name="password"' in page  # the sign-in form is still there for later
    right = sign_in(client, "coach-a", PASSWORD)
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert not signed_in(client)


def test_the_lockout_is_per_username_and_address(gym: Gym) -> None:
    fail(Client(), "coach-a", 5)
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_in(elsewhere, "coach-a", PASSWORD).status_code == 302  # the runner at home is not locked out
    colleague = Client()
    assert sign_in(colleague, "coach-b", PASSWORD).status_code == 302  # nor the rest of the gym's wifi


def test_the_lockout_ends_after_15_minutes(gym: Gym) -> None:
    client = Client()
    fail(client, "coach-a", 5)
    attempt = AccessAttempt.objects.get(username="coach-a")
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - timedelta(minutes=14))
    assert sign_in(client, "coach-a", PASSWORD).status_code == 429
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - timedelta(minutes=16))
    assert sign_in(client, "coach-a", PASSWORD).status_code == 302
    assert signed_in(client)


def test_trying_during_the_lockout_does_not_prolong_it(gym: Gym) -> None:
    client = Client()
    fail(client, "coach-a", 5)
    first = AccessAttempt.objects.get(username="coach-a")
    fail(client, "coach-a", 3)
    sign_in(client, "coach-a", PASSWORD)
    again = AccessAttempt.objects.get(username="coach-a")
    assert (again.attempt_time, again.failures_since_start) == (first.attempt_time, 5)


def test_failures_far_apart_do_not_add_up(gym: Gym) -> None:
    client = Client()
    fail(client, "coach-a", 4)
    AccessAttempt.objects.filter(username="coach-a").update(
        attempt_time=AccessAttempt.objects.get(username="coach-a").attempt_time - timedelta(minutes=16)
    )
    assert fail(client, "coach-a", 1).status_code == 200  # a fresh count: 1, not 5
    assert sign_in(client, "coach-a", PASSWORD).status_code == 302


def test_the_admin_sees_and_deletes_a_lockout_to_unlock(gym: Gym) -> None:
    runner_client = Client()
    fail(runner_client, "user-runner-a", 5)
    admin = Client()
    admin.force_login(gym.admin)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "user-runner-a" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="user-runner-a")
    admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert sign_in(runner_client, "user-runner-a", PASSWORD).status_code == 302


def test_axes_reset_username_unlocks_from_the_command_line(gym: Gym, capsys: Any) -> None:
    client = Client()
    fail(client, "coach-a", 5)
    call_command("axes_reset_username", "coach-a")
    assert "1 attempts removed" in capsys.readouterr().out
    assert sign_in(client, "coach-a", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(gym: Gym) -> None:
    client = Client()
    response = fail(client, "admin", 5, url="/admin/login/")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert sign_in(client, "admin", PASSWORD, url="/admin/login/").status_code == 429
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_the_admin_and_the_app_count_failures_together(gym: Gym) -> None:
    client = Client()
    fail(client, "admin", 3, url="/admin/login/")
    fail(client, "admin", 2)
    assert sign_in(client, "admin", PASSWORD).status_code == 429


def test_a_successful_sign_in_forgets_earlier_typos(gym: Gym) -> None:
    client = Client()
    fail(client, "coach-a", 4)
    assert sign_in(client, "coach-a", PASSWORD).status_code == 302
    client.post("/logout/")
    assert fail(client, "coach-a", 4).status_code == 200  # 4 new typos, not 8
    assert sign_in(client, "coach-a", PASSWORD).status_code == 302


def test_client_login_in_tests_needs_a_request_with_axes(gym: Gym) -> None:
    # How a test signs in with a password under django-axes (force_login needs nothing): pass a request.
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    client = Client()
    assert client.login(request=request, username="coach-a", password=PASSWORD)
    assert client.get(reverse("coach-dashboard")).status_code == 200


def test_behind_a_proxy_the_forwarded_address_is_counted(gym: Gym, settings: Any) -> None:
    settings.CROSSTRAIN_NUM_PROXIES = 1
    # Every request reaches the app from the proxy (127.0.0.1); the proxy appends the address it saw.
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.9")
    fail(attacker, "coach-a", 5)
    # Writing another address in front does not give the attacker a fresh count...
    spoofing = Client(HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9")
    assert sign_in(spoofing, "coach-a", PASSWORD).status_code == 429
    # ...and the coach, behind the same proxy but at another address, is not locked out.
    coach = Client(HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert sign_in(coach, "coach-a", PASSWORD).status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.1"),
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy: a client-written header means nothing
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.1, 203.0.113.9", "203.0.113.9"),
        (2, "192.0.2.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "203.0.113.9"),  # fewer entries than proxies: the left-most there is
        (1, "", "10.0.0.1"),  # reached directly, not through the proxy
    ],
)
def test_client_ip_counts_proxies_from_the_right(settings: Any, proxies: int, forwarded: str, expected: str) -> None:
    settings.CROSSTRAIN_NUM_PROXIES = proxies
    meta = {"REMOTE_ADDR": "10.0.0.1", **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected
    # The API's throttles (django-ninja) count the same client as the same address.
    settings.NINJA_NUM_PROXIES = proxies
    assert BaseThrottle().get_ident(request) == expected
