"""Sets logged at the same moment get their own numbers, 1..N, on SQLite and on PostgreSQL.

Real threads against the live test database, each with its own connection (as two phones, or a phone and its
retry, would be), started together by a barrier. Run on PostgreSQL too:
    scripts/with-postgres env CROSSTRAIN_TEST_DB_TAG=input .venv/bin/pytest tests/web/test_set_concurrency.py
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from crosstrain.programs.models import PlannedExercise
from crosstrain.training.models import SessionLog, SetLog
from crosstrain.training.services import set_log_record
from tests.web.conftest import Gym

THREADS = 8


def in_threads(work: Callable[[int], Any], count: int = THREADS) -> list[Any]:
    """Run `work(i)` in `count` threads that start together; their results, or the exception each raised."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as error:  # reported by the test, not lost in the thread
            results[i] = error
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def log(gym: Gym, exercise: PlannedExercise, client_id: uuid.UUID) -> tuple[int, bool]:
    logged, created = set_log_record(
        runner=gym.runner_a,
        exercise=exercise,
        client_id=client_id,
        reps=8,
        seconds=None,
        load_kg=Decimal("20"),
        rir=2,
        pain=0,
    )
    return logged.pk, created


def strength_exercises(gym: Gym) -> list[PlannedExercise]:
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    return list(session.exercises.filter(block="strength").order_by("position")[:2])


@pytest.mark.django_db(transaction=True)
def test_sets_logged_at_the_same_moment_get_numbers_one_to_n(gym: Gym) -> None:
    exercise = strength_exercises(gym)[0]
    results = in_threads(lambda i: log(gym, exercise, uuid.uuid4()))
    assert not [r for r in results if isinstance(r, Exception)], (connection.vendor, results)
    numbers = sorted(SetLog.objects.filter(exercise=exercise).values_list("set_number", flat=True))
    assert numbers == list(range(1, THREADS + 1)), connection.vendor
    assert SessionLog.objects.filter(session=exercise.session).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_exercises_logged_at_once_are_numbered_each_on_their_own(gym: Gym) -> None:
    first, second = strength_exercises(gym)
    results = in_threads(lambda i: log(gym, first if i % 2 else second, uuid.uuid4()))
    assert not [r for r in results if isinstance(r, Exception)], results
    for exercise in (first, second):
        numbers = sorted(SetLog.objects.filter(exercise=exercise).values_list("set_number", flat=True))
        assert numbers == list(range(1, THREADS // 2 + 1)), (connection.vendor, exercise.name)


@pytest.mark.django_db(transaction=True)
def test_one_set_sent_many_times_at_once_is_logged_once(gym: Gym) -> None:
    exercise = strength_exercises(gym)[0]
    client_id = uuid.uuid4()
    results = in_threads(lambda i: log(gym, exercise, client_id))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({pk for pk, _ in results}) == 1  # every sender is answered with the same set
    assert [created for _, created in results].count(True) == 1
    assert list(SetLog.objects.values_list("set_number", flat=True)) == [1]


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_set_with_the_same_number(gym: Gym) -> None:
    exercise = strength_exercises(gym)[0]
    log(gym, exercise, uuid.uuid4())
    first = SetLog.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        SetLog.objects.create(
            session_log=first.session_log, exercise=exercise, client_id=uuid.uuid4(), set_number=1, reps=5
        )


@pytest.mark.django_db(transaction=True)
def test_the_migration_renumbers_duplicates_left_by_earlier_concurrent_logging(gym: Gym) -> None:
    first, second = strength_exercises(gym)
    executor = MigrationExecutor(connection)
    executor.migrate([("training", "0001_initial")])  # before the unique constraint
    old = executor.loader.project_state([("training", "0001_initial")]).apps
    OldSetLog, OldSessionLog = old.get_model("training", "SetLog"), old.get_model("training", "SessionLog")
    session_log = OldSessionLog.objects.create(session_id=first.session_id, runner_id=gym.runner_a.pk)
    # What the probe found: 9 sets, 7 distinct numbers; and an exercise without duplicates, left alone.
    for number in (1, 2, 2, 3, 4, 4, 5, 6, 7):
        OldSetLog.objects.create(
            session_log=session_log, exercise_id=first.pk, client_id=uuid.uuid4(), set_number=number, reps=number
        )
    for number in (1, 3):
        OldSetLog.objects.create(
            session_log=session_log, exercise_id=second.pk, client_id=uuid.uuid4(), set_number=number, reps=9
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    renumbered = list(SetLog.objects.filter(exercise=first).order_by("created_at", "id"))
    assert [s.set_number for s in renumbered] == list(range(1, 10))
    assert [s.reps for s in renumbered] == [1, 2, 2, 3, 4, 4, 5, 6, 7]  # every set kept, in the order logged
    assert sorted(SetLog.objects.filter(exercise=second).values_list("set_number", flat=True)) == [1, 3]
