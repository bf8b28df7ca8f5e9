"""Rate limits: per person (all their tokens and sessions together), per IP address when anonymous, tighter for the
solver."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import run_checks
from django.test import Client

from crosstrain.api.throttling import parse_rate
from crosstrain.enrollment.models import Cohort
from tests.api.conftest import Api, make_token
from tests.web.conftest import Gym


@pytest.fixture
def rates(settings: Any) -> dict[str, str]:
    settings.CROSSTRAIN_API_RATES = {"user": "3/min", "anon": "2/min", "solver": "1/hour"}
    return settings.CROSSTRAIN_API_RATES  # type: ignore[no-any-return]


def test_a_token_over_its_rate_gets_429_with_retry_after(gym: Gym, rates: dict[str, str]) -> None:
    api = Api(make_token(gym.coach_a))
    assert [api.get("/me").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/me")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Too many requests.")
    # Another person has their own count.
    assert Api(make_token(gym.coach_b)).get("/me").status_code == 200


def test_more_tokens_do_not_buy_a_higher_rate(gym: Gym, rates: dict[str, str]) -> None:
    """20 tokens are not 20 times the rate: one person's tokens and browser session share one count."""
    tokens = [Api(make_token(gym.coach_a, name=f"token {n}")) for n in range(4)]
    assert [api.get("/me").status_code for api in tokens] == [200, 200, 200, 429]
    session = Client()
    session.force_login(gym.coach_a)
    assert session.get("/api/v1/me").status_code == 429


def test_anonymous_calls_are_counted_per_ip_address(gym: Gym, rates: dict[str, str]) -> None:
    client = Client()
    here = [client.get("/api/v1/exercises", REMOTE_ADDR="198.51.100.1").status_code for _ in range(3)]
    assert here == [200, 200, 429]
    assert client.get("/api/v1/exercises", REMOTE_ADDR="198.51.100.2").status_code == 200
    # A made-up X-Forwarded-For does not buy a fresh count: without a proxy configured, it is not believed.
    spoofed = client.get("/api/v1/exercises", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert spoofed.status_code == 429


def test_a_session_is_counted_per_user(gym: Gym, rates: dict[str, str]) -> None:
    client = Client()
    client.force_login(gym.coach_a)
    assert [client.get("/api/v1/me").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_solver_has_its_own_tighter_limit(gym: Gym, rates: dict[str, str]) -> None:
    api = Api(make_token(gym.coach_a))
    # A fresh run is for a timetable not published yet (a published one is re-optimized through a preview).
    Cohort.objects.filter(pk=gym.cohort.pk).update(timetable_published=False)
    url = f"/cohorts/{gym.cohort.slug}/timetable-runs"
    assert api.post(url).status_code == 200
    again = api.post(url)
    assert again.status_code == 429
    assert int(again["Retry-After"]) > 60  # an hour's window
    assert api.get("/me").status_code == 200  # the other operations still answer


@pytest.mark.parametrize("rate", ["lots", "10/fortnight", "0/min", "", None])
def test_a_rate_that_cannot_be_read_is_a_system_check_error(settings: Any, rate: str | None) -> None:
    settings.CROSSTRAIN_API_RATES = {"user": rate, "anon": "30/min", "solver": "10/hour"}
    errors = [e for e in run_checks() if e.id == "crosstrain.api.E001"]
    assert len(errors) == 1
    assert "CROSSTRAIN_API_RATES['user']" in errors[0].msg


def test_rates_read_as_requests_per_seconds() -> None:
    assert parse_rate("120/min") == (120, 60)
    assert parse_rate("10/hour") == (10, 3600)
    assert parse_rate("100/5m") == (100, 300)
