"""The web tests' gym (personas: coach A, coach B, runner of A, runner of B, anonymous, admin), each signed-in
persona with a read-write API token, and a client that calls the API as a persona."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from crosstrain.accounts.models import User
from crosstrain.api.models import ApiToken
from crosstrain.api.services import token_create
from tests.web.conftest import Gym, _fast_password_hashing, gym  # noqa: F401 (fixtures used by the API tests)

PERSONAS = ["coach_a", "coach_b", "runner_a", "runner_b", "anonymous", "admin"]
BASE = "/api/v1"


def persona_user(place: Gym, persona: str) -> User | None:
    users: dict[str, User | None] = {
        "coach_a": place.coach_a,
        "coach_b": place.coach_b,
        "runner_a": place.runner_a.user,
        "runner_b": place.runner_b.user,
        "admin": place.admin,
        "anonymous": None,
    }
    return users[persona]


@dataclass
class Api:
    """Calls the API as one persona, with their Bearer token (none for anonymous)."""

    secret: str | None = None
    client: Client = field(default_factory=Client)
    headers: dict[str, str] = field(default_factory=dict)

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        headers = dict(self.headers)
        if self.secret is not None:
            headers["Authorization"] = f"Bearer {self.secret}"
        kwargs: dict[str, Any] = {"headers": headers, **extra}
        if body is not None:
            kwargs.update(data=json.dumps(body, default=str), content_type="application/json")
        return getattr(self.client, method.lower())(BASE + path, **kwargs)

    def get(self, path: str, **extra: Any) -> Any:
        return self.call("get", path, **extra)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.call("post", path, body, **extra)


def make_token(user: User, scope: str = ApiToken.Scope.READ_WRITE, name: str = "test") -> str:
    return token_create(owner=user, name=name, scope=scope)[1]


@pytest.fixture
def as_persona(gym: Gym) -> Any:  # noqa: F811 (the fixture imported above)
    """`as_persona("coach_a")`: an Api with that persona's read-write token."""
    made: dict[str, Api] = {}

    def build(persona: str) -> Api:
        if persona not in made:
            user = persona_user(gym, persona)
            made[persona] = Api(None if user is None else make_token(user))
        return made[persona]

    return build


@pytest.fixture(autouse=True)
def _generous_rates(settings: Any) -> Any:
    # Each test starts with empty rate-limit counters and limits no test reaches; the throttling tests lower them.
    settings.CROSSTRAIN_API_RATES = {"user": "100000/min", "anon": "100000/min", "solver": "100000/min"}
    cache.clear()
    yield
    cache.clear()
