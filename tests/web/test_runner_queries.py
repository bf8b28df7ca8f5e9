"""The runner's pages cost the same number of queries however long their history and however big the gym
(issue 14): this week, history, the session page, logging a set (htmx and plain) and finishing a session.

Two gyms: a new runner (10 logged sets, 1 program, 1 other runner) and a long-standing one (1,000 logged sets over
5 programs, the older 4 superseded, 50 other runners with history of their own). Counted with Django's
CaptureQueriesContext, session and user lookups included. SAVEPOINT/RELEASE statements are counted apart: inside
the test's transaction they stand for the BEGIN/COMMIT a request's transaction costs in production.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from itertools import cycle
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.gym.increments import gym_weights
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.training.models import SessionLog, SetLog
from crosstrain.training.services import set_log_record_by_user
from tests.web.conftest import make_coach, make_runner
from tests.web.test_set_concurrency import THREADS, in_threads

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

SET_POST_LIMIT = 8  # the aim for the set-logging POST


@dataclass(frozen=True)
class Counted:
    data: int  # statements that read or write rows
    transaction: int  # SAVEPOINT / RELEASE: the request's own transaction(s)

    @property
    def total(self) -> int:
        return self.data + self.transaction


def counted(client: Client, method: str, url: str, expect: int, **kwargs: Any) -> Counted:
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code == expect, (url, response.status_code, response.content[:300])
    statements = [q["sql"].split(None, 1)[0].upper() for q in context.captured_queries]
    control = sum(1 for s in statements if s in ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK"))
    return Counted(data=len(statements) - control, transaction=control)


def _log_history(runner: Runner, sets: int) -> None:
    """`sets` logged sets spread over the runner's past sessions, of every program (superseded ones too), each
    session finished: written in bulk, as years of logging would have left them."""
    today = timezone.localdate()
    sessions = list(
        PlannedSession.objects.filter(program__runner=runner, date__lt=today)
        .prefetch_related("exercises")
        .order_by("program_id", "date")
    )
    assert sessions, "the runner needs past sessions to log"
    per_session = -(-sets // len(sessions))  # ceiling: every past session gets its share
    rows: list[SetLog] = []
    for session in sessions:
        if len(rows) >= sets:
            break
        log = SessionLog.objects.create(session=session, runner=runner, finished_at=timezone.now(), status="done")
        exercises = list(session.exercises.all())
        numbers: dict[int, int] = {}
        for exercise in cycle(exercises):
            if len(rows) >= sets or sum(numbers.values()) >= per_session:
                break
            numbers[exercise.pk] = numbers.get(exercise.pk, 0) + 1
            rows.append(
                SetLog(
                    session_log=log,
                    exercise=exercise,
                    client_id=uuid.uuid4(),
                    set_number=numbers[exercise.pk],
                    reps=exercise.reps,
                    seconds=exercise.seconds,
                    load_kg=Decimal("20") if exercise.block == PlannedExercise.Block.STRENGTH else None,
                    rir=exercise.rir,
                    pain=len(rows) % 3,
                )
            )
    SetLog.objects.bulk_create(rows)
    assert SetLog.objects.filter(session_log__runner=runner).count() == sets


@dataclass(frozen=True)
class RunnerGym:
    user: User
    session: PlannedSession  # the live program's next session: its page, its sets, its finish
    strength: PlannedExercise


def build(tag: str, *, sets: int, programs: int, others: int) -> RunnerGym:
    coach = make_coach(f"coach-{tag}")
    today = timezone.localdate()
    # Four weeks of history before this one: on any weekday, more past sessions than a history page holds (20).
    start = today - timedelta(days=today.weekday() + 28)
    # Earlier blocks first (each six weeks before the next), then this one: superseded programs with a history.
    runner = make_runner(coach, f"Runner {tag}", start=start - timedelta(weeks=6 * (programs - 1)))
    for block in range(programs - 2, -1, -1):
        Runner.objects.filter(pk=runner.pk).update(start=start - timedelta(weeks=6 * block))
        runner.refresh_from_db()
        program_publish(program=program_generate(runner=runner, created_by=coach))
    assert Program.objects.filter(runner=runner, status=Program.Status.SUPERSEDED).count() == programs - 1
    _log_history(runner, sets)
    for i in range(others):
        other = make_runner(coach, f"Other {tag} {i}", start=start, with_user=False)
        _log_history(other, 20)
    session = (
        PlannedSession.objects.filter(program__runner=runner, program__status=Program.Status.PUBLISHED, date__gte=today)
        .filter(exercises__block=PlannedExercise.Block.STRENGTH)
        .order_by("date")
        .distinct()
        .first()
    )
    assert session is not None
    strength = session.exercises.filter(block=PlannedExercise.Block.STRENGTH).order_by("position").first()
    assert runner.user is not None
    assert strength is not None
    return RunnerGym(runner.user, session, strength)


def page_counts(gym: RunnerGym) -> dict[str, Counted]:
    client = Client()
    client.force_login(gym.user)
    session_url = reverse("runner-session", kwargs={"session_id": gym.session.pk})
    set_url = reverse("runner-set-log", kwargs={"session_id": gym.session.pk})

    def a_set() -> dict[str, Any]:
        return {"client_id": str(uuid.uuid4()), "exercise": gym.strength.pk, "reps": 6, "load_kg": "22.5", "pain": 0}

    # The first visit after signing in checks that the user is a runner and keeps that in their session (a
    # lookup and the session's update, once): every later visit is what is counted. Each page is counted when
    # rendered (the first visit since the runner's last change) and again from the cache (crosstrain.web.page_cache).
    client.get(reverse("runner-plan"))
    # The gym's list of its weights is kept in Django's cache, as the catalogue's version is (read by the first
    # page that suggests a load, then every few minutes).
    gym_weights()
    counts = {
        "week": counted(client, "get", reverse("runner-home"), 200),
        "week, cached": counted(client, "get", reverse("runner-home"), 200),
        "history": counted(client, "get", reverse("runner-history"), 200),
        "history, cached": counted(client, "get", reverse("runner-history"), 200),
        "session page": counted(client, "get", session_url, 200),
        "session page, cached": counted(client, "get", session_url, 200),
        # The session's first set (its log is made), then a second one (the log is locked and read).
        "first set, htmx": counted(client, "post", set_url, 200, data=a_set(), HTTP_HX_REQUEST="true"),
        "set, htmx": counted(client, "post", set_url, 200, data=a_set(), HTTP_HX_REQUEST="true"),
        "set, plain": counted(client, "post", set_url, 302, data=a_set()),
        "session page with sets": counted(client, "get", session_url, 200),
        "session page with sets, cached": counted(client, "get", session_url, 200),
        # Before its day and with sets missing: the runner confirmed both (crosstrain.core.finishing).
        "finish": counted(
            client,
            "post",
            reverse("runner-session-finish", kwargs={"session_id": gym.session.pk}),
            302,
            data={"early": "1", "partly": "1"},
        ),
    }
    logged = SetLog.objects.filter(exercise=gym.strength).order_by("set_number")
    assert list(logged.values_list("set_number", "load_kg")) == [(n, Decimal("22.5")) for n in (1, 2, 3)]
    return counts


@pytest.mark.django_db
def test_runner_pages_cost_the_same_queries_with_a_long_history_and_a_big_gym() -> None:
    small = page_counts(build("new", sets=10, programs=1, others=1))
    big = page_counts(build("long", sets=1000, programs=5, others=50))
    assert big == small, {page: (small[page], big[page]) for page in small if small[page] != big[page]}
    # The numbers, so a query added anywhere is a decision, not an accident. Session + user come first on every
    # page (that the user is a runner was checked at their first visit and kept in their session), then the
    # version of the runner's pages; rendered, the unread-messages badge last on every full page. From the cache,
    # nothing more. The catalogue's version is kept in Django's cache. Every page also reads the gym's conventions
    # (date style, zone and the runner's units in one query: crosstrain.gym.middleware); the pages that showed a load
    # paid for the units before, so the session pages and the htmx set rows cost what they did.
    expected = {
        "week": 10,  # + the live program with its runner, its sessions with their logs, the habits (2), this
        # week's activities beside the planned runs and the pending suggestions (crosstrain.web.templatetags.
        # running_done)
        "history": 7,  # + the count of session logs and one page of them with set counts and worst pain
        "session page": 9,  # + the session with program, runner, screen and log, its exercises, their sets,
        "session page with sets": 9,  # the last times for the suggestions, the runner's units (kg or lb)
        "week, cached": 4,
        "history, cached": 4,
        "session page, cached": 4,
        "session page with sets, cached": 4,
        "first set, htmx": 8,  # + the exercise with session, log, program, runner, screen; the log and the set
        "set, htmx": 8,  # inserted (first set) or the log locked with the exercise's sets and the set inserted;
        "set, plain": 7,  # a new version of the runner's pages; htmx renders the row: the exercise's last time
        # and the runner's units (kg or lb)
        "finish": 8,  # + the session with its log, its sets counted per exercise (crosstrain.core.finishing), the
        # update, new versions of the coach's dashboard and the runner's pages (crosstrain.dashboard)
    }
    assert {page: count.data for page, count in small.items()} == expected
    for page in ("first set, htmx", "set, htmx", "set, plain"):
        assert small[page].data <= SET_POST_LIMIT
        assert small[page].transaction == 2, "one transaction (savepoint and release) per set"


@pytest.mark.django_db
def test_logging_a_set_renders_the_exercise_s_row_with_its_sets_and_suggestion() -> None:
    gym = build("row", sets=60, programs=1, others=0)
    client = Client()
    client.force_login(gym.user)
    url = reverse("runner-set-log", kwargs={"session_id": gym.session.pk})
    page = client.get(reverse("runner-session", kwargs={"session_id": gym.session.pk})).content.decode()
    for reps in (6, 5):
        data = {"client_id": str(uuid.uuid4()), "exercise": gym.strength.pk, "reps": reps, "load_kg": "25", "pain": 0}
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    row = response.content.decode()
    assert f'id="exercise-{gym.strength.pk}"' in row
    assert "Set 1: 6 reps with 25 kg" in row
    assert "Set 2: 5 reps with 25 kg" in row
    # The same suggestion as the page showed (worked out for this exercise alone), and the load just used next.
    suggestion = f'id="suggestion-{gym.strength.pk}"'
    if suggestion in page:
        shown = page.split(suggestion, 1)[1].split("</p>", 1)[0]
        assert shown in row
    assert 'name="load" inputmode="decimal" step="0.5" min="0" max="500" value="25"' in row
    # Only that exercise's row came back, not the page.
    assert row.count('class="card exercise') == 1


@pytest.mark.django_db
def test_history_is_paginated_newest_first_with_each_session_s_sets_and_worst_pain() -> None:
    gym = build("pages", sets=600, programs=3, others=0)
    client = Client()
    client.force_login(gym.user)
    logs = list(
        SessionLog.objects.filter(runner__user=gym.user).order_by("-session__date", "-pk").select_related("session")
    )
    assert len(logs) > 20
    first = client.get(reverse("runner-history")).content.decode()
    assert first.count("<tr><td>") == 20
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first
    last_page = -(-len(logs) // 20)
    last = client.get(reverse("runner-history"), {"page": last_page}).content.decode()
    assert last.count("<tr><td>") == len(logs) - 20 * (last_page - 1)
    assert f"Page {last_page} of {last_page}" in last
    assert 'rel="next"' not in last
    # A page past the end shows the last page rather than an error.
    beyond = client.get(reverse("runner-history"), {"page": "999"})
    assert beyond.status_code == 200
    assert f"Page {last_page} of {last_page}" in beyond.content.decode()
    # The newest session's row counts its sets and shows its worst pain.
    newest = logs[0]
    sets = list(newest.sets.all())
    assert f"<td>{len(sets)}</td>" in first
    worst = max(s.pain for s in sets)
    if worst:
        assert f"{worst}/10" in first


@pytest.mark.django_db(transaction=True)
def test_sets_sent_at_once_through_the_page_get_numbers_one_to_n_and_a_repeat_logs_once() -> None:
    """The page's path (the exercise read and the session locked in one statement) keeps the numbering and the
    exactly-once rule of tests/web/test_set_concurrency.py, on SQLite and PostgreSQL."""
    gym = build("threads", sets=10, programs=1, others=0)

    def log(client_id: uuid.UUID) -> tuple[int, bool]:
        written = set_log_record_by_user(
            user=gym.user,
            session_id=gym.session.pk,
            exercise_id=gym.strength.pk,
            client_id=client_id,
            reps=5,
            seconds=None,
            load_kg=Decimal("30"),
            rir=2,
            pain=5,
        )
        assert written is not None
        return written.logged.pk, written.created

    results = in_threads(lambda i: log(uuid.uuid4()))
    assert not [r for r in results if isinstance(r, Exception)], (connection.vendor, results)
    numbers = sorted(SetLog.objects.filter(exercise=gym.strength).values_list("set_number", flat=True))
    assert numbers == list(range(1, THREADS + 1)), connection.vendor
    session_log = SessionLog.objects.get(session=gym.session)
    assert session_log.pain_flag  # pain 5 flagged the session for the coach
    repeated = uuid.uuid4()
    results = in_threads(lambda i: log(repeated))
    assert not [r for r in results if isinstance(r, Exception)], (connection.vendor, results)
    assert len({pk for pk, _ in results}) == 1
    assert sorted(created for _, created in results) == [False] * (THREADS - 1) + [True]
    assert SetLog.objects.filter(exercise=gym.strength).count() == THREADS + 1
