"""Property-based tests of the live OpenAPI document (schemathesis): generated requests, valid and invalid, to
every operation as a coach and as a runner (Bearer tokens, on their own runner, program, session and cohort),
and to the public operations anonymously (on generated ids). No answer may be a server error, and every
answer must match the documented status codes, content type and schema. Seeded and bounded: repeatable, quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from crosstrain.api.api import api
from crosstrain.enrollment import limits
from crosstrain.habits.services import habit_assign
from crosstrain.training.models import SessionLog
from tests.api.conftest import make_token
from tests.web.conftest import Gym, log_session

CHECKS = [checks.not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# The coverage phase (boundary values, wrong types, missing fields) runs with the fuzzing phase; methods the
# schema does not list are left out (Django answers them 405 before the API sees them).
CONFIG = schemathesis.Config.from_dict(
    {"seed": 20261, "generation": {"mode": "all"}, "phases": {"coverage": {"enabled": False}}}
)
SETTINGS = settings(
    max_examples=20, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
PUBLIC = [
    op["operationId"]
    for ops in api.get_openapi_schema()["paths"].values()
    for op in ops.values()
    if {} in op.get("security", [])
]


@pytest.fixture(autouse=True)
def _one_connection_per_test() -> Any:
    # The WSGI handler closes the database connection after each request, which would end the test's
    # transaction; Django's own test client switches that off the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Loaded from the running app (its WSGI handler), as a client would fetch it; loading needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=CONFIG)


@dataclass
class Caller:
    headers: dict[str, str]
    path: dict[str, Any]  # path parameters: their own runner, program, session and cohort
    body: dict[str, Any]  # ids inside bodies: an exercise of that session, a slot of that cohort

    def aim(self, case: Any) -> None:
        """Point a generated request at the caller's own objects, so it reaches the domain, not just a 404."""
        for name, value in self.path.items():
            if case.path_parameters and name in case.path_parameters:
                case.path_parameters[name] = value
        if isinstance(case.body, dict):
            for name, value in self.body.items():
                if isinstance(case.body.get(name), type(value)):
                    case.body[name] = value


@pytest.fixture(params=["coach", "runner"])
def caller(request: Any, gym: Gym, monkeypatch: Any) -> Caller:
    """Coach A or their runner, with a Bearer token each."""
    program = gym.program(gym.runner_a)
    session = program.sessions.order_by("date").first()
    assert session is not None
    assert gym.runner_a.user is not None
    exercise = session.exercises.filter(block="strength", reps__isnull=False).first()
    slot = gym.cohort.slots.first()
    assert exercise is not None
    assert slot is not None
    # Every generated registration should reach the service, not stop at the per-network limit (tested apart).
    monkeypatch.setattr(limits, "REGISTRATIONS_PER_HOUR", 10_000)
    habit = habit_assign(
        runner=gym.runner_a, text="8 h in bed", target_days=5, assigned_by=gym.coach_a, today=timezone.localdate()
    )
    # A closed session for the coach's review of training.
    closed = program.sessions.order_by("date")[1]
    log_session(gym.runner_a, closed)
    user = gym.coach_a if request.param == "coach" else gym.runner_a.user
    return Caller(
        headers={"Authorization": f"Bearer {make_token(user)}"},
        path={
            "runner_id": gym.runner_a.pk,
            "program_id": program.pk,
            "session_id": session.pk,
            "slug": gym.cohort.slug,
            "habit_id": habit.pk,
            "log_id": SessionLog.objects.get(session=closed).pk,
        },
        body={"exercise_id": exercise.pk, "available_slots": [slot.pk], "preferred_slots": [slot.pk]},
    )


@schema.parametrize()
@SETTINGS
def test_signed_in_no_server_errors_and_every_answer_matches_the_schema(case: Any, caller: Caller) -> None:
    caller.aim(case)
    case.call_and_validate(headers=caller.headers, checks=CHECKS)


@schema.include(operation_id=PUBLIC).parametrize()
@SETTINGS
def test_anonymous_no_server_errors_and_every_answer_matches_the_schema(case: Any, gym: Gym) -> None:
    case.call_and_validate(checks=CHECKS)


def test_the_public_operations_are_known() -> None:
    assert set(PUBLIC) == {
        "exercises_list",
        "exercise_get",
        "screen_score",
        "cohorts_list",
        "cohort_get",
        "registration_create",
    }
