"""Every API operation, with every persona (coach A, coach B, runner of A, runner of B, anonymous, admin), on
coach A's runner and cohort: the owner gets through; someone else's object answers 404 (its existence does
not leak), the wrong role 403, no credentials 401, except the public operations. The walk fails when an
operation is added to the API but not here."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.activities.models import Suggestion
from crosstrain.api.api import api
from crosstrain.api.models import ApiToken
from crosstrain.habits.models import Habit
from crosstrain.habits.services import habit_assign
from crosstrain.programs.models import PlannedSession
from crosstrain.programs.services import program_generate
from crosstrain.scheduling.reoptimize import timetable_preview
from crosstrain.training.models import SessionLog, SetLog
from crosstrain.training.services import set_log_record
from tests.api.conftest import PERSONAS, Api, make_token, persona_user
from tests.web.conftest import SCREEN, Gym, log_session

ALL = set(PERSONAS)
SIGNED_IN = ALL - {"anonymous"}
COACHES = {"coach_a", "coach_b", "admin"}  # the admin is a coach without runners of their own
RUNNERS = {"runner_a", "runner_b"}


@dataclass(frozen=True)
class Target:
    method: str
    path: str
    body: Any = None


@dataclass(frozen=True)
class Rule:
    """Who gets through (and with which status), who gets a 403; everyone else signed in gets a 404."""

    target: Callable[[Gym], Target]
    ok: set[str]
    forbidden: set[str]
    status: int = 200
    public: bool = False


def _session(gym: Gym) -> Any:
    return gym.program(gym.runner_a).sessions.order_by("date").first()


def _set(gym: Gym) -> Target:
    session = _session(gym)
    exercise = session.exercises.filter(block="strength").first()
    body = {"client_id": str(uuid.uuid4()), "exercise_id": exercise.pk, "reps": exercise.reps, "pain": 0}
    return Target("post", f"/sessions/{session.pk}/sets", body)


def _finish(gym: Gym) -> Target:
    """Runner A's first session with every planned set logged: finishing it goes through (crosstrain.core.finishing)."""
    session = _session(gym)
    for exercise in session.exercises.all():
        for _ in range(exercise.sets - SetLog.objects.filter(exercise=exercise).count()):
            set_log_record(
                runner=gym.runner_a,
                exercise=exercise,
                client_id=uuid.uuid4(),
                reps=exercise.reps,
                seconds=exercise.seconds,
                load_kg=None,
                rir=None,
                pain=0,
            )
    return Target("post", f"/sessions/{session.pk}/finish")


def _skip(gym: Gym) -> Target:
    session = gym.program(gym.runner_a).sessions.order_by("-date").first()
    return Target("post", f"/sessions/{session.pk}/skip", {"reason": "travelling"})


def _habit_day(method: str) -> Callable[[Gym], Target]:
    def target(gym: Gym) -> Target:
        today = timezone.localdate()
        habit = Habit.objects.filter(runner=gym.runner_a, text="8 h in bed").first() or habit_assign(
            runner=gym.runner_a, text="8 h in bed", target_days=5, assigned_by=gym.coach_a, today=today
        )
        return Target(method, f"/habits/{habit.pk}/days/{today.isoformat()}")

    return target


def _draft(gym: Gym) -> Target:
    draft = program_generate(runner=gym.runner_a, created_by=gym.coach_a)
    return Target("post", f"/programs/{draft.pk}/publish")


def _closed_log(gym: Gym) -> int:
    """Runner A's second session, finished: a session for the coach's review of training."""
    session = gym.program(gym.runner_a).sessions.order_by("date")[1]
    log = SessionLog.objects.filter(session=session, finished_at__isnull=False).first()
    if log is None:
        log_session(gym.runner_a, session)
        log = SessionLog.objects.get(session=session)
    return log.pk


def _upcoming(gym: Gym) -> list[PlannedSession]:
    """Runner A's sessions from today on, not started, by day."""
    today = timezone.localdate()
    return list(gym.program(gym.runner_a).sessions.filter(date__gte=today, log__isnull=True).order_by("date"))


def _pending(index: int) -> Callable[[Gym], int]:
    """A pending suggestion for runner A's upcoming session `index` (as an import that broke a rule leaves one)."""

    def target(gym: Gym) -> int:
        session = _upcoming(gym)[index]
        found, _ = Suggestion.objects.get_or_create(
            session=session,
            status=Suggestion.Status.PENDING,
            defaults={"runner": gym.runner_a, "action": "lighter", "day": session.date, "why": "a test's rule"},
        )
        return found.pk

    return target


def _check_in(gym: Gym) -> Target:
    """Runner A's session today (the next one moved to today when none is), for the check-in before it."""
    today = timezone.localdate()
    session = _upcoming(gym)[0]
    if session.date != today:
        PlannedSession.objects.filter(pk=session.pk).update(date=today)
    return Target("post", f"/sessions/{session.pk}/check-in", {"sleep": "ok", "soreness": 2, "feel": "good"})


R = "/runners/{}"
WALK: dict[str, Rule] = {
    "me_get": Rule(lambda g: Target("get", "/me"), SIGNED_IN, set()),
    "runners_list": Rule(lambda g: Target("get", "/runners"), COACHES, RUNNERS),
    "exercises_list": Rule(lambda g: Target("get", "/exercises"), ALL, set(), public=True),
    "exercise_get": Rule(lambda g: Target("get", "/exercises/goblet-squat"), ALL, set(), public=True),
    "screen_score": Rule(lambda g: Target("post", "/screens/score", SCREEN), ALL, set(), public=True),
    "screens_list": Rule(lambda g: Target("get", R.format(g.runner_a.pk) + "/screens"), {"coach_a", "runner_a"}, set()),
    "screen_record": Rule(
        lambda g: Target(
            "post",
            R.format(g.runner_a.pk) + "/screens",
            {"recorded_on": timezone.localdate().isoformat(), "screen": SCREEN},
        ),
        {"coach_a"},
        RUNNERS,
        201,
    ),
    "runner_profile_get": Rule(
        lambda g: Target("get", R.format(g.runner_a.pk) + "/profile"), {"coach_a", "runner_a"}, set()
    ),
    "runner_profile_update": Rule(
        lambda g: Target(
            "patch",
            R.format(g.runner_a.pk) + "/profile",
            {"implements": {"kettlebells_kg": [16, 16]}, "conditions": [{"kind": "pelvic_floor_symptoms"}]},
        ),
        {"coach_a"},
        RUNNERS,
    ),
    "programs_list": Rule(
        lambda g: Target("get", R.format(g.runner_a.pk) + "/programs"), {"coach_a", "runner_a"}, set()
    ),
    "program_design": Rule(lambda g: Target("post", R.format(g.runner_a.pk) + "/programs"), {"coach_a"}, RUNNERS, 201),
    "program_get": Rule(
        lambda g: Target("get", f"/programs/{g.program(g.runner_a).pk}"), {"coach_a", "runner_a"}, set()
    ),
    "program_publish": Rule(_draft, {"coach_a"}, RUNNERS),
    "week_get": Rule(lambda g: Target("get", R.format(g.runner_a.pk) + "/week"), {"coach_a", "runner_a"}, set()),
    "session_get": Rule(lambda g: Target("get", f"/sessions/{_session(g).pk}"), {"coach_a", "runner_a"}, set()),
    "set_log": Rule(_set, {"runner_a"}, COACHES, 201),
    "session_finish": Rule(_finish, {"runner_a"}, COACHES),
    "session_skip": Rule(_skip, {"runner_a"}, COACHES),
    "cohorts_list": Rule(lambda g: Target("get", "/cohorts"), ALL, set(), public=True),
    "cohort_get": Rule(lambda g: Target("get", f"/cohorts/{g.cohort.slug}"), ALL, set(), public=True),
    "registration_create": Rule(
        lambda g: Target("post", f"/cohorts/{g.cohort.slug}/registrations", {"name": "Noor", "email": "n@example.com"}),
        ALL,
        set(),
        202,
        public=True,
    ),
    "habits_list": Rule(lambda g: Target("get", R.format(g.runner_a.pk) + "/habits"), {"coach_a", "runner_a"}, set()),
    "habit_assign": Rule(
        lambda g: Target(
            "post", R.format(g.runner_a.pk) + "/habits", {"text": "Protein at every meal", "target_days": 5}
        ),
        {"coach_a"},
        RUNNERS,
        201,
    ),
    "habit_check": Rule(_habit_day("put"), {"runner_a"}, COACHES),
    "habit_uncheck": Rule(_habit_day("delete"), {"runner_a"}, COACHES),
    # The gym's cohort is published: a run that would replace it is refused (400) once past the access checks;
    # the coach previews and confirms a change instead.
    "timetable_run": Rule(
        lambda g: Target("post", f"/cohorts/{g.cohort.slug}/timetable-runs"), {"coach_a"}, RUNNERS, 400
    ),
    "timetable_preview": Rule(
        lambda g: Target("post", f"/cohorts/{g.cohort.slug}/timetable-previews"), {"coach_a"}, RUNNERS
    ),
    "timetable_confirm": Rule(
        lambda g: Target(
            "post", f"/cohorts/{g.cohort.slug}/timetable-changes", {"plan": timetable_preview(cohort=g.cohort).token}
        ),
        {"coach_a"},
        RUNNERS,
    ),
    # Messages: runner A's conversation is runner A's and their coach's; for everyone else it does not exist.
    "messages_list": Rule(
        lambda g: Target("get", R.format(g.runner_a.pk) + "/messages"), {"coach_a", "runner_a"}, set()
    ),
    "message_send": Rule(
        lambda g: Target("post", R.format(g.runner_a.pk) + "/messages", {"body": "How did the squats feel?"}),
        {"coach_a", "runner_a"},
        set(),
        201,
    ),
    "messages_mark_read": Rule(
        lambda g: Target("post", R.format(g.runner_a.pk) + "/messages/read", {}), {"coach_a", "runner_a"}, set()
    ),
    # The coach's review of training: every coach has a feed; runner A's sessions are their coach's alone; runner A's
    # records are theirs and their coach's.
    "training_feed": Rule(lambda g: Target("get", "/training-feed"), COACHES, RUNNERS),
    "runner_training_feed": Rule(
        lambda g: Target("get", R.format(g.runner_a.pk) + "/training-feed"), {"coach_a"}, RUNNERS
    ),
    "session_log_review_get": Rule(lambda g: Target("get", f"/session-logs/{_closed_log(g)}"), {"coach_a"}, RUNNERS),
    "session_log_review": Rule(
        lambda g: Target("post", f"/session-logs/{_closed_log(g)}/review"), {"coach_a"}, RUNNERS
    ),
    "session_log_comment": Rule(
        lambda g: Target("post", f"/session-logs/{_closed_log(g)}/comments", {"body": "Strong finish."}),
        {"coach_a"},
        RUNNERS,
        201,
    ),
    "records_list": Rule(lambda g: Target("get", R.format(g.runner_a.pk) + "/records"), {"coach_a", "runner_a"}, set()),
    "activities_list": Rule(
        lambda g: Target("get", R.format(g.runner_a.pk) + "/activities"), {"coach_a", "runner_a"}, set()
    ),
    "activities_add": Rule(
        lambda g: Target(
            "post",
            R.format(g.runner_a.pk) + "/activities",
            {"activities": [{"start": "2026-03-01T07:00:00+00:00", "seconds": 1800, "title": "Easy"}]},
        ),
        {"coach_a", "runner_a"},
        set(),
        201,
    ),
    # The week adapts: runner A's suggestions are theirs and their coach's to read and decide; the check-in before
    # today's session is the runner's to post.
    "suggestions_list": Rule(
        lambda g: Target("get", R.format(g.runner_a.pk) + "/suggestions"), {"coach_a", "runner_a"}, set()
    ),
    "suggestion_accept": Rule(
        lambda g: Target("post", f"/suggestions/{_pending(0)(g)}/accept"), {"coach_a", "runner_a"}, set()
    ),
    "suggestion_dismiss": Rule(
        lambda g: Target("post", f"/suggestions/{_pending(1)(g)}/dismiss"), {"coach_a", "runner_a"}, set()
    ),
    "check_ins_list": Rule(
        lambda g: Target("get", R.format(g.runner_a.pk) + "/check-ins"), {"coach_a", "runner_a"}, set()
    ),
    "check_in_record": Rule(_check_in, {"runner_a"}, COACHES, 201),
}
# Operations that read, though sent with POST (a body too big for a query string): a read token may call them.
READING_POSTS = {"screen_score"}


def operations() -> dict[str, str]:
    """operationId → method, for every operation of the live OpenAPI document."""
    schema = api.get_openapi_schema()
    return {op["operationId"]: method for ops in schema["paths"].values() for method, op in ops.items()}


def test_every_api_operation_is_in_the_walk() -> None:
    assert set(operations()) == set(WALK)


# Runner A's private details: none may appear in an answer that refuses someone.
def _secrets(gym: Gym) -> list[str]:
    return [gym.runner_a.name, gym.runner_a.email, "active_straight_leg_raise"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_only_what_is_theirs(gym: Gym, persona: str) -> None:
    user = persona_user(gym, persona)
    client = Api(None if user is None else make_token(user))
    for operation, rule in WALK.items():
        target = rule.target(gym)
        response = client.call(target.method, target.path, target.body)
        got = (operation, response.status_code)
        if persona in rule.ok:
            assert got == (operation, rule.status), response.content[:300]
            continue
        if persona == "anonymous":
            assert got == (operation, 401)
        elif persona in rule.forbidden:
            assert got == (operation, 403)
        else:
            assert got == (operation, 404)
        body = response.content.decode()
        assert not [s for s in _secrets(gym) if s in body], (operation, body)


def test_a_read_token_is_refused_every_writing_operation(gym: Gym) -> None:
    reader = Api(make_token(gym.coach_a, ApiToken.Scope.READ))
    writes = {op for op, method in operations().items() if method != "get"} - READING_POSTS
    assert writes  # the API has writing operations
    for operation in sorted(writes):
        target = WALK[operation].target(gym)
        response = reader.call(target.method, target.path, target.body)
        assert (operation, response.status_code) == (operation, 403)
        assert "read-only" in response.json()["detail"]
