"""The load test's gym, built fast: one runner's program designed and logged through the real services, then
cloned with `bulk_create` (screens, programs, sessions, exercises, session logs, set logs) for every other runner.

Some clones skip last week's sessions and a few end in pain, so the dashboard has runners needing attention.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.accounts.services import runner_create
from crosstrain.enrollment.models import Cohort, CohortPrice
from crosstrain.habits.models import Habit, HabitCheck
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.scheduling.models import NutritionClass, Slot
from crosstrain.screening.models import Screen
from crosstrain.screening.services import screen_record
from crosstrain.training.models import SessionLog, SetLog
from crosstrain.training.services import session_finish, set_log_record

M = TypeVar("M", bound=Model)
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
BATCH = 2000


@dataclass(frozen=True)
class Scale:
    coaches: int
    runners_per_coach: int
    sets_per_exercise: int  # logged per exercise of every past session of the template runner


SCALES = {
    # The dashboard aim is about a coach with 500 runners, so even the quick run gives the measured coach 500.
    "quick": Scale(coaches=2, runners_per_coach=500, sets_per_exercise=1),
    "large": Scale(coaches=20, runners_per_coach=500, sets_per_exercise=2),
}
# Signed-in runners of the measured coach the set-logging POST is spread over: a gym's runners each log their own
# sets, a few per exercise, rather than one runner piling every set of the run onto one session's rows.
SET_RUNNERS = 40


@dataclass(frozen=True)
class SetRunner:
    """A runner with a user, their next session and its exercises: what the set-logging POST logs against."""

    user: User
    session_id: int
    exercise_ids: list[int]


@dataclass(frozen=True)
class Targets:
    """What the load test signs in as and visits."""

    coach: User
    runner: Runner
    session_id: int  # the runner's next session, not finished: its page
    set_runners: list[SetRunner]  # the set-logging POST's runners (other runners of the coach)
    other_runner_id: int  # a runner of the coach, for the coach's runner page
    cohort_slug: str
    sets: int


def _clone(objects: Iterable[M], **changes: Any) -> list[M]:
    """Unsaved copies of `objects` with `changes` applied (callables get the original)."""
    copies = []
    for original in objects:
        twin = copy.copy(original)
        twin.pk = None
        twin._state = copy.copy(original._state)
        twin._state.adding = True
        for name, value in changes.items():
            setattr(twin, name, value(original) if callable(value) else value)
        copies.append(twin)
    return copies


def _save(model: type[M], objects: Sequence[M]) -> list[M]:
    return model.objects.bulk_create(objects, batch_size=BATCH)  # type: ignore[attr-defined, no-any-return]


def _template(coach: User, name: str, scale: Scale) -> Runner:
    """A runner through the real services: profile, screen, designed and published program, logged past sessions."""
    today = timezone.localdate()
    runner = runner_create(
        coach=coach,
        name=name,
        email=f"{name.lower().replace(' ', '.')}@example.com",
        start=today - timedelta(days=today.weekday() + 28),
        experience="novice",
        setting="gym",
        equipment=[],
        session_minutes=45,
        running_week=WEEK,
        races=[],
    )
    screen_record(runner=runner, recorded_by=coach, data=SCREEN, recorded_on=runner.start - timedelta(days=2))
    program = program_publish(program=program_generate(runner=runner, created_by=coach))
    for session in program.sessions.filter(date__lt=today).prefetch_related("exercises"):
        for exercise in session.exercises.all():
            for _ in range(min(scale.sets_per_exercise, exercise.sets)):
                set_log_record(
                    runner=runner,
                    exercise=exercise,
                    client_id=uuid.uuid4(),
                    reps=exercise.reps,
                    seconds=None if exercise.reps is not None else exercise.seconds or 30,
                    load_kg=Decimal("20"),
                    rir=exercise.rir,
                    pain=0,
                )
        session_finish(runner=runner, session=session)
    return runner


@transaction.atomic
def _clone_runners(template: Runner, coach: User, count: int, first_number: int) -> int:
    """`count` copies of the template runner with its screen, program, sessions, logs and sets; the sets made."""
    today = timezone.localdate()
    runners = _save(
        Runner,
        _clone(
            [template] * count,
            coach=coach,
            user=None,
        ),
    )
    for number, runner in enumerate(runners, start=first_number):
        runner.name = f"Runner {number:05d}"
        runner.email = f"runner.{number:05d}@example.com"
    Runner.objects.bulk_update(runners, ["name", "email"], batch_size=BATCH)
    screen = Screen.objects.get(runner=template)
    screens = _save(Screen, [_clone([screen], runner=r)[0] for r in runners])
    program = Program.objects.get(runner=template, status=Program.Status.PUBLISHED)
    programs = _save(Program, [_clone([program], runner=r, screen=s)[0] for r, s in zip(runners, screens, strict=True)])
    sessions = list(program.sessions.order_by("date"))
    new_sessions = _save(PlannedSession, [s for p in programs for s in _clone(sessions, program=p)])
    session_map = {
        (p.pk, original.pk): twin
        for i, p in enumerate(programs)
        for original, twin in zip(sessions, new_sessions[i * len(sessions) : (i + 1) * len(sessions)], strict=True)
    }
    exercises = list(PlannedExercise.objects.filter(session__program=program).order_by("session__date", "position"))
    new_exercises = _save(
        PlannedExercise,
        [e for p in programs for e in _clone(exercises, session=lambda o, p=p: session_map[(p.pk, o.session_id)])],
    )
    exercise_map = {
        (p.pk, original.pk): twin
        for i, p in enumerate(programs)
        for original, twin in zip(exercises, new_exercises[i * len(exercises) : (i + 1) * len(exercises)], strict=True)
    }
    logs = list(SessionLog.objects.filter(runner=template).select_related("session"))
    week_ago = today - timedelta(days=7)
    log_rows: list[tuple[int, SessionLog, SessionLog]] = []
    for n, (runner, p) in enumerate(zip(runners, programs, strict=True)):
        for log in logs:
            if n % 3 == 0 and log.session.date >= week_ago:
                continue  # a third of the runners missed last week: low compliance, a drop
            twin = _clone([log], runner=runner, session=session_map[(p.pk, log.session_id)])[0]
            twin.pain_flag = n % 17 == 0 and log.session.date >= week_ago  # a few in pain lately
            log_rows.append((p.pk, log, twin))
    _save(SessionLog, [twin for _, _, twin in log_rows])
    sets_by_log: dict[int, list[SetLog]] = {}
    for s in SetLog.objects.filter(session_log__runner=template):
        sets_by_log.setdefault(s.session_log_id, []).append(s)
    new_sets = [
        twin
        for program_id, log, log_twin in log_rows
        for twin in _clone(
            sets_by_log.get(log.pk, []),
            session_log=log_twin,
            exercise=lambda o, program_id=program_id: exercise_map[(program_id, o.exercise_id)],
            client_id=lambda o: uuid.uuid4(),
        )
    ]
    _save(SetLog, new_sets)
    _habits(runners, coach)
    return len(new_sets)


HABITS = (("Protein at every meal", 5), ("10 minutes of mobility", 3))
HABIT_DAYS = 35  # ticks over every window the dashboard counts (the last 30 days and the 14 before last week)


def _habits(runners: Sequence[Runner], coach: User) -> None:
    """Two habits per runner with ticks over the last weeks, so the dashboard counts habit adherence too: most
    runners tick most days, every fifth stopped ticking last week (a drop the dashboard flags)."""
    today = timezone.localdate()
    first = today - timedelta(days=HABIT_DAYS)
    habits = _save(
        Habit,
        [
            Habit(runner=r, text=text, target_days=target, starts_on=first, assigned_on=first, assigned_by=coach)
            for r in runners
            for text, target in HABITS
        ],
    )
    checks = [
        HabitCheck(habit=habit, day=first + timedelta(days=offset))
        for n, habit in enumerate(habits)
        for offset in range(HABIT_DAYS)
        if (offset + n) % 4 != 0 and not (n // len(HABITS) % 5 == 0 and offset >= HABIT_DAYS - 7)
    ]
    _save(HabitCheck, checks)


def _cohort(coach: User) -> Cohort:
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        name="Fall Back to Fitness",
        slug="fall-back",
        description="Six weeks of strength and mobility for runners.",
        includes="Movement screen and individual program\n2x/week semi-private training\nWeekly nutrition class",
        coach=coach,
        starts_on=today + timedelta(days=7 - today.weekday()),
        seat_cap=30,
    )
    CohortPrice.objects.create(cohort=cohort, name="regular", amount=Decimal("199.00"))
    CohortPrice.objects.create(cohort=cohort, name="early bird", amount=Decimal("99.00"), until=today + timedelta(3))
    for day in range(6):
        for hour in (7, 12, 18, 19, 20):
            Slot.objects.create(cohort=cohort, coach=coach, day=day, start=time(hour, 0), capacity=4)
    NutritionClass.objects.create(cohort=cohort, coach=coach, day=3, start=time(19, 0))
    return cohort


def _set_runners(coach: User, count: int, leave: list[int]) -> list[SetRunner]:
    """`count` of the coach's runners given a user each (the last ones, away from the other pages' targets in
    `leave`), with their next session's exercises in order."""
    today = timezone.localdate()
    runners = list(Runner.objects.filter(coach=coach, user=None).exclude(pk__in=leave).order_by("-pk")[:count])
    users: dict[int, User] = {}
    for number, runner in enumerate(runners):
        user = User.objects.create_user(f"runner-set-{number:02d}", password=None, role=User.Role.RUNNER)
        runner.user = users[runner.pk] = user
    Runner.objects.bulk_update(runners, ["user"])
    next_session: dict[int, int] = {}
    upcoming = PlannedSession.objects.filter(
        program__runner__in=runners, program__status=Program.Status.PUBLISHED, date__gte=today
    ).order_by("-date")
    for runner_id, session_id in upcoming.values_list("program__runner_id", "pk"):
        next_session[runner_id] = session_id  # the earliest date comes last
    exercises: dict[int, list[int]] = {}
    rows = PlannedExercise.objects.filter(session__in=list(next_session.values())).order_by("session_id", "position")
    for session_id, exercise_id in rows.values_list("session_id", "pk"):
        exercises.setdefault(session_id, []).append(exercise_id)
    assert len(next_session) == len(runners), "every runner's program has sessions ahead"
    return [SetRunner(users[r.pk], next_session[r.pk], exercises[next_session[r.pk]]) for r in runners]


def build(scale: Scale, progress: Any = None) -> Targets:
    """The whole gym; `progress(done, total, text)` is told how many coaches' runners are built and what is next."""
    say = progress or (lambda done, total, text: None)
    coaches = [
        User.objects.create_user(f"coach-{c:02d}", password=None, role=User.Role.COACH, first_name=f"Coach {c}")
        for c in range(scale.coaches)
    ]
    templates = [
        _template(coach, f"Runner {c * scale.runners_per_coach:05d}", scale) for c, coach in enumerate(coaches)
    ]
    sets = SetLog.objects.count()
    for c, (coach, template) in enumerate(zip(coaches, templates, strict=True)):
        say(c, scale.coaches, f"coach {c + 1}/{scale.coaches}: cloning {scale.runners_per_coach - 1} runners")
        sets += _clone_runners(template, coach, scale.runners_per_coach - 1, c * scale.runners_per_coach + 1)
    say(scale.coaches, scale.coaches, "the cohort and the targets")
    runner = templates[0]
    runner.user = User.objects.create_user("runner-bench", password=None, role=User.Role.RUNNER)
    runner.save(update_fields=["user"])
    today = timezone.localdate()
    session = (
        PlannedSession.objects.filter(program__runner=runner, program__status="published", date__gte=today)
        .order_by("date")
        .first()
    )
    assert session is not None, "the template program has sessions ahead"
    other = Runner.objects.filter(coach=coaches[0]).exclude(pk=runner.pk).order_by("pk").first()
    assert other is not None
    return Targets(
        coach=coaches[0],
        runner=runner,
        session_id=session.pk,
        set_runners=_set_runners(coaches[0], SET_RUNNERS, leave=[runner.pk, other.pk]),
        other_runner_id=other.pk,
        cohort_slug=_cohort(coaches[0]).slug,
        sets=sets,
    )
