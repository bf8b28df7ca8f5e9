"""A small gym for the web tests, built through the real services and the real engine.

Personas (DESIGN.md 1.5): coach A, coach B, runner of A, runner of B, anonymous, admin.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.accounts.services import runner_create
from crosstrain.enrollment.models import Cohort, CohortPrice
from crosstrain.enrollment.services import registration_create
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.scheduling.models import Booking, NutritionClass, Slot
from crosstrain.screening.services import screen_record
from crosstrain.training.models import SessionLog
from crosstrain.training.services import session_finish, set_log_record
from crosstrain.web.log_filters import OncePerError

PASSWORD = "a-long-test-password"
EXAMPLES = Path(str(resources.files("crosstrain").joinpath("examples")))
WEEK = {"mon": "easy", "tue": "hard", "wed": "easy", "thu": "rest", "fri": "easy", "sat": "long", "sun": "rest"}
SCREEN: dict[str, Any] = {
    "deep_squat": 2,
    "hurdle_step": {"left": 2, "right": 2},
    "inline_lunge": {"left": 2, "right": 2},
    "shoulder_mobility": {"left": 2, "right": 2},
    "active_straight_leg_raise": {"left": 1, "right": 2},
    "trunk_stability_pushup": 2,
    "rotary_stability": {"left": 2, "right": 2},
}


def make_coach(username: str) -> User:
    return User.objects.create_user(username, password=PASSWORD, role=User.Role.COACH, first_name=username)


def make_runner(
    coach: User,
    name: str,
    *,
    start: date | None = None,
    with_user: bool = True,
    publish: bool = True,
    screen: dict[str, Any] | None = None,
    **details: Any,
) -> Runner:
    """A runner through the real services; `details` override the profile (experience, age, races, ...)."""
    today = timezone.localdate()
    profile: dict[str, Any] = {
        "experience": "novice",
        "setting": "gym",
        "equipment": [],
        "session_minutes": 45,
        "running_week": WEEK,
        "races": [],
        **details,
    }
    runner = runner_create(
        coach=coach,
        name=name,
        email=f"{name.lower().replace(' ', '.')}@example.com",
        start=start or today - timedelta(days=today.weekday() + 14),
        **profile,
    )
    if with_user:
        runner.user = User.objects.create_user(
            f"user-{name.lower().replace(' ', '-')}", password=PASSWORD, role=User.Role.RUNNER
        )
        runner.save(update_fields=["user"])
    screen_record(runner=runner, recorded_by=coach, data=screen or SCREEN, recorded_on=runner.start - timedelta(days=2))
    if publish:
        program_publish(program=program_generate(runner=runner, created_by=coach))
    return runner


def log_session(
    runner: Runner,
    session: Any,
    *,
    pain: int = 0,
    finish: bool = True,
    exercises: int | None = None,
    every_set: bool = False,
) -> None:
    """One set of each of the session's exercises (or of its first `exercises`); finishing (or `every_set`), every
    planned set of them. Then the finish: done when every exercise was logged, else partly done (and early when its
    day is still to come, as the runner would confirm)."""
    chosen = list(session.exercises.order_by("position"))[:exercises]
    for exercise in chosen:
        for _ in range(exercise.sets if finish or every_set else 1):
            set_log_record(
                runner=runner,
                exercise=exercise,
                client_id=uuid.uuid4(),
                reps=exercise.reps,
                seconds=exercise.seconds,
                load_kg=Decimal("10"),
                rir=exercise.rir,
                pain=pain,
            )
    if finish:
        session_finish(runner=runner, session=session, early=True, partly=exercises is not None)


def log_remaining_sets(runner: Runner, session: Any, *, but: str | None = None) -> None:
    """Every planned set of the session not logged yet (of every exercise but the one with exercise id `but`), logged
    as planned: no load, no pain."""
    for exercise in session.exercises.all():
        if exercise.exercise_id == but:
            continue
        for _ in range(exercise.sets - exercise.set_logs.count()):
            set_log_record(
                runner=runner,
                exercise=exercise,
                client_id=uuid.uuid4(),
                reps=exercise.reps,
                seconds=exercise.seconds,
                load_kg=None,
                rir=None,
                pain=0,
            )


def finish_done(runner: Runner, session: Any) -> SessionLog:
    """Every planned set of the session not logged yet logged as planned (no load, no pain), then the finish: done
    (done early when its day is still to come), as a runner who did the whole session would leave it."""
    log_remaining_sets(runner, session)
    log = session_finish(runner=runner, session=PlannedSession.objects.get(pk=session.pk), early=True)
    assert log.status == "done", log.status
    return log


@dataclass
class Gym:
    coach_a: User
    coach_b: User
    runner_a: Runner
    runner_b: Runner
    admin: User
    cohort: Cohort

    def program(self, runner: Runner) -> Program:
        return Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)


@pytest.fixture
def gym(db: Any) -> Gym:
    coach_a, coach_b = make_coach("coach-a"), make_coach("coach-b")
    runner_a = make_runner(coach_a, "Runner A")
    runner_b = make_runner(coach_b, "Runner B")
    admin = User.objects.create_superuser("admin", "admin@example.com", PASSWORD, role=User.Role.COACH)
    cohort = make_cohort(coach_a)
    registration = registration_create(cohort=cohort, name=runner_a.name, email=runner_a.email).registration
    registration.runner = runner_a
    registration.save(update_fields=["runner"])
    slot = cohort.slots.first()
    assert slot is not None
    Slot.objects.filter(pk=slot.pk).update(opened=True)
    Booking.objects.create(slot=slot, runner=runner_a)
    Cohort.objects.filter(pk=cohort.pk).update(timetable_published=True, timetable_report={})
    cohort.refresh_from_db()
    return Gym(coach_a, coach_b, runner_a, runner_b, admin, cohort)


def make_cohort(coach: User, *, seats: int = 10, early_until: date | None = None, slug: str = "fall-back") -> Cohort:
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        name="Fall Back to Fitness",
        slug=slug,
        description="Six weeks of strength and mobility for runners.",
        includes="Movement screen and individual program\n2x/week semi-private training\nWeekly nutrition class",
        coach=coach,
        starts_on=today + timedelta(days=7 - today.weekday()),
        seat_cap=seats,
    )
    CohortPrice.objects.create(cohort=cohort, name="regular", amount=Decimal("199.00"))
    CohortPrice.objects.create(
        cohort=cohort, name="early bird", amount=Decimal("99.00"), until=early_until or today + timedelta(days=3)
    )
    for day, start in (
        (0, time(7, 0)),
        (2, time(7, 0)),
        (3, time(18, 0)),
        (4, time(18, 0)),
        (5, time(9, 0)),
        (6, time(9, 0)),
    ):
        Slot.objects.create(cohort=cohort, coach=coach, day=day, start=start, capacity=3)
    NutritionClass.objects.create(cohort=cohort, coach=coach, day=3, start=time(19, 0))
    return cohort


@pytest.fixture
def runner_client(gym: Gym) -> Client:
    """Runner A of the gym, signed in."""
    client = Client()
    assert gym.runner_a.user is not None
    client.force_login(gym.runner_a.user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # Rate-limit counters live in Django's cache, which outlives a test's database rows (and their reused ids).
    cache.clear()
    # The admins' error email goes once per distinct error per 10 minutes: each test starts from none sent.
    OncePerError.forget_all()
    # The gym catalogue's version is trusted for a few seconds before it is read again: a query count must not
    # depend on how long a test takes, so within a test it is read once (test_gym_catalogue covers the expiry).
    monkeypatch.setattr("crosstrain.programs.catalogue.RECHECK_SECONDS", 3600)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; the tests create many accounts. test_security checks the real setting.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
