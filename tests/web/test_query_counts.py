"""The runner's today page and the coach dashboard cost a fixed number of queries, whatever the data size."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crosstrain.gym.increments import gym_weights
from crosstrain.habits.models import Habit, HabitCheck
from tests.web.conftest import Gym, log_session, make_coach, make_runner


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def build_gym(runners: int) -> tuple[Any, Any]:
    coach = make_coach(f"coach-{runners}")
    today = timezone.localdate()
    people = [
        make_runner(coach, f"R{runners}-{i}", start=today - timedelta(days=today.weekday() + 14))
        for i in range(runners)
    ]
    # Every runner has logged history, a few with pain, so every annotation has rows to count.
    for i, runner in enumerate(people):
        sessions = runner.programs.get(status="published").sessions.filter(date__lt=today).order_by("date")
        for session in sessions[: 1 + i % 3]:
            log_session(runner, session, pain=5 if i % 7 == 0 else 0)
    # Habits with four weeks of ticks for everyone; the first runner (whose page is counted) has more habits in the
    # bigger gym, so habit rows and ticks grow with the gym and the counts must not follow.
    since = today - timedelta(days=today.weekday() + 28)
    for i, runner in enumerate(people):
        for h in range(1 + (runners // 50 if i == 0 else i % 2)):
            habit = Habit.objects.create(
                runner=runner, text=f"habit {h}", target_days=1 + (i + h) % 7, starts_on=since, assigned_on=since
            )
            ticks = range(0, (today - since).days + 1, 1 + (i + h) % 3)
            HabitCheck.objects.bulk_create(HabitCheck(habit=habit, day=today - timedelta(days=d)) for d in ticks)
    return coach, people[0]


@pytest.mark.django_db
def test_dashboard_and_today_page_queries_do_not_grow_with_runners() -> None:
    counts = {}
    for size in (5, 200):
        coach, runner = build_gym(size)
        coach_client, runner_client = Client(), Client()
        coach_client.force_login(coach)
        runner_client.force_login(runner.user)
        runner_client.get(reverse("runner-home"))  # the first visit checks once that the user is a runner
        counts[size] = (
            count_queries(coach_client, reverse("coach-dashboard")),
            count_queries(runner_client, reverse("runner-home")),
        )
    assert counts[5] == counts[200]
    dashboard, today = counts[5]
    # Session + user, the dashboard's version (crosstrain.dashboard), the runners, their sessions counted, the habit
    # ticks, the pain flags, the change requests, unread messages, the sessions to review (the Training badge) and
    # the page's runners' sessions to review, by runner (their rows) (counted cold: the cache is empty at first), and
    # the gym's conventions (crosstrain.gym.middleware).
    assert dashboard <= 12
    # Session + user, the runner (twice), the program and its sessions, the habits and their ticks, unread messages.
    assert today <= 9


@pytest.mark.django_db
def test_session_page_queries_do_not_grow_with_logged_sets(gym: Gym) -> None:
    runner = gym.runner_a
    client = Client()
    client.force_login(runner.user)
    sessions = list(gym.program(runner).sessions.order_by("date")[:2])
    log_session(runner, sessions[1], finish=False)
    # The first visit checks once that the user is a runner and reads the catalogue's version (both kept a while).
    client.get(reverse("runner-plan"))
    gym_weights()  # the gym's list of its weights, kept in the cache as the catalogue's version is
    empty = count_queries(client, reverse("runner-session", kwargs={"session_id": sessions[0].pk}))
    full = count_queries(client, reverse("runner-session", kwargs={"session_id": sessions[1].pk}))
    assert empty == full
    # Again, from the cache (crosstrain.web.page_cache): session, user, the gym's conventions, the runner's pages
    # version.
    assert count_queries(client, reverse("runner-session", kwargs={"session_id": sessions[1].pk})) == 4
