"""A shared cache (Redis) outage does not take the app down (issue 28): the runner's pages, the coach's dashboard and
the API answer, uncached, while Redis is down; the outage is logged once when it starts and once when it ends, not
per request; and pages are cached again once Redis is back."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from crosstrain.limits.models import LimitCounter
from crosstrain.web.cache_backend import ForgivingRedisCache
from tests.api.conftest import Api, make_token
from tests.redis_server import RedisServer
from tests.web.conftest import Gym


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    ForgivingRedisCache._down = False
    shared = {
        "default": {
            "BACKEND": "crosstrain.web.cache_backend.ForgivingRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=shared):
        yield server
    server.stop()


@pytest.mark.django_db
def test_pages_answer_uncached_while_redis_is_down_and_the_outage_is_logged_once(
    gym: Gym, redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    runner, coach = Client(), Client()
    runner.force_login(gym.runner_a.user)
    coach.force_login(gym.coach_a)
    pages = [(runner, "/me/"), (runner, "/me/history/"), (coach, "/coach/"), (runner, "/api/v1/me")]

    for client, path in pages:
        assert client.get(path).status_code == 200, path
    cache.set("probe", "kept", 60)
    assert cache.get("probe") == "kept"  # Redis answers: the cache is the shared one

    redis.stop()
    with caplog.at_level(logging.WARNING, logger="crosstrain.web.cache_backend"):
        for _ in range(3):
            for client, path in pages:
                assert client.get(path).status_code == 200, f"{path} while Redis is down"
        assert cache.get("probe") is None  # a miss, not an error
        redis.start()
        for client, path in pages:
            assert client.get(path).status_code == 200, f"{path} once Redis is back"
    said = [r.getMessage() for r in caplog.records if r.name == "crosstrain.web.cache_backend"]
    assert len(said) == 2, said
    assert "does not answer" in said[0]
    assert "answers again" in said[1]

    cache.set("probe", "kept again", 60)
    assert cache.get("probe") == "kept again"


@pytest.mark.django_db
def test_the_api_rate_limit_holds_while_redis_is_down(gym: Gym, redis: RedisServer, settings: Any) -> None:
    """With Redis the API's rates are counted there; while it is down they are counted in the database instead of
    letting every call through, and once it is back they go to Redis again."""
    settings.CROSSTRAIN_API_RATES = {**settings.CROSSTRAIN_API_RATES, "user": "3/min"}
    token = make_token(gym.coach_a)
    api = Api(token)
    assert api.get("/me").status_code == 200  # counted in Redis
    redis.stop()
    answers = [api.get("/me").status_code for _ in range(5)]
    # The first call meets the outage (and is let through); from then on the database counts: 3 a minute.
    assert answers == [200, 200, 200, 200, 429]
    assert LimitCounter.objects.exists()
