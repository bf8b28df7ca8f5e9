"""The coach dashboard's habit adherence beside training compliance, and "needs attention" when either drops by
20 points or more against the two weeks before (last 7 days vs the 14 before), said in words. Hand-computed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.habits.models import Habit, HabitCheck
from crosstrain.habits.selectors import Adherence, adherence
from crosstrain.programs.models import PlannedSession
from crosstrain.training.selectors import attention_reasons, coach_dashboard
from tests.web.conftest import Gym, log_session, make_runner

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar


def today() -> date:
    return timezone.localdate()


def ago(days: int) -> date:
    return today() - timedelta(days=days)


def habit_with_ticks(
    runner: Runner, *, target: int, since: int, ticked: list[int], assigned: int | None = None
) -> Habit:
    """A habit started `since` days ago (assigned `assigned` days ago, default the same day), ticked on the given
    days ago."""
    habit = Habit.objects.create(
        runner=runner,
        text=f"habit {Habit.objects.count()}",
        target_days=target,
        starts_on=ago(since),
        assigned_on=ago(since if assigned is None else assigned),
    )
    HabitCheck.objects.bulk_create(HabitCheck(habit=habit, day=ago(d)) for d in ticked)
    return habit


def row_of(gym: Gym, runner: Runner) -> Any:
    return next(r for r in coach_dashboard(coach=gym.coach_a, today=today()) if r.runner == runner)


def test_daily_habit_adherence_by_hand(gym: Gym) -> None:
    # Every day for 40 days. Ticked all of the 14 days before last week (8-21 days ago) and 3 of the last 7:
    # 7 days: 3/7 = 42.9% → 43%; 30 days: (3 + 14) / 30 = 56.7% → 57%; the 14 before: 14/14 = 100%.
    habit_with_ticks(gym.runner_a, target=7, since=40, assigned=41, ticked=[1, 3, 5, *range(8, 22)])
    row = row_of(gym, gym.runner_a)
    assert (row.habits_7_percent, row.habits_30_percent) == (43, 57)
    assert row.habits_7 == 3 / 7
    assert "habits 100% → 43%" in row.attention_reasons
    assert row.needs_attention
    assert adherence(runner=gym.runner_a, today=today()) == Adherence(3 / 7, 17 / 30)


def test_a_new_three_a_week_habit_is_prorated(gym: Gym) -> None:
    # 3 a week from 10 days ago. Last 7 days: expected 3, ticked once (2 days ago) → 1/3 = 33%.
    # Last 30 days: 10 days active → expected 30/7; ticked twice → 2 / (30/7) = 14/30 = 47%.
    # The 14 days before last week: active 8-10 days ago (3 days) → expected 9/7, ticked once → 7/9 = 78%.
    habit_with_ticks(gym.runner_a, target=3, since=10, ticked=[2, 9])
    row = row_of(gym, gym.runner_a)
    assert (row.habits_7_percent, row.habits_30_percent) == (33, 47)
    assert "habits 78% → 33%" in row.attention_reasons


def test_extra_ticks_on_one_habit_do_not_hide_another(gym: Gym) -> None:
    # A 2-a-week habit ticked every day (7 ticks, credited 2) and a daily one never ticked (0 of 7): 2/9 = 22%.
    habit_with_ticks(gym.runner_a, target=2, since=7, ticked=list(range(1, 8)))
    habit_with_ticks(gym.runner_a, target=7, since=7, ticked=[])
    assert row_of(gym, gym.runner_a).habits_7_percent == 22


def test_days_before_the_day_before_assignment_do_not_count_against_the_runner(gym: Gym) -> None:
    # From 6 days ago but assigned 2 days ago: countable from 3 days ago (yesterday, when it was given), so the last
    # 7 days expect 3 of a daily habit; all 3 ticked → 100%.
    habit_with_ticks(gym.runner_a, target=7, since=6, assigned=2, ticked=[1, 2, 3])
    assert row_of(gym, gym.runner_a).habits_7_percent == 100


def test_a_drop_under_20_points_is_not_a_reason(gym: Gym) -> None:
    # 14/14 before, 6/7 = 86% now: 14 points.
    habit_with_ticks(gym.runner_a, target=7, since=30, ticked=[*range(1, 7), *range(8, 22)])
    row = row_of(gym, gym.runner_a)
    assert not [r for r in row.attention_reasons if r.startswith("habits")]


def test_the_dashboard_shows_habits_beside_training_and_says_why(gym: Gym) -> None:
    habit_with_ticks(gym.runner_a, target=7, since=40, ticked=[1, 3, 5, *range(8, 22)])
    client = Client()
    client.force_login(gym.coach_a)
    page = client.get(reverse("coach-dashboard")).content.decode()
    assert "<th>Habits 7 / 30 days</th>" in page
    assert "43% / 57%" in page
    assert "habits 100% → 43%" in page
    # A runner without habits says so instead of 0%.
    other = make_runner(gym.coach_a, "No Habits", publish=False)
    page = client.get(reverse("coach-dashboard")).content.decode()
    assert other.name in page
    assert "nothing due" in page


def test_a_training_drop_of_20_points_needs_attention(gym: Gym) -> None:
    start = today() - timedelta(days=today().weekday() + 21)
    runner = make_runner(gym.coach_a, "Dropping Runner", start=start)
    sessions = PlannedSession.objects.filter(program__runner=runner, program__status="published")
    before = list(sessions.filter(date__range=(ago(21), ago(8))))
    recent = list(sessions.filter(date__range=(ago(7), ago(1))))
    assert before
    assert recent
    for session in before:
        log_session(runner, session)
    row = row_of(gym, runner)
    assert row.compliance_7 == 0
    assert "training 100% → 0%" in row.attention_reasons
    assert "training 0% in the last 7 days" in row.attention_reasons
    # Everyone who needs attention comes before those who do not; the digest reads the same reasons.
    rows = coach_dashboard(coach=gym.coach_a, today=today())
    flags = [r.needs_attention for r in rows]
    assert flags == sorted(flags, reverse=True)
    assert (runner, row.attention_reasons) in attention_reasons(coach=gym.coach_a, today=today())


def test_steady_training_and_habits_need_no_attention(gym: Gym) -> None:
    start = today() - timedelta(days=today().weekday() + 21)
    runner = make_runner(gym.coach_a, "Steady Runner", start=start)
    for session in PlannedSession.objects.filter(program__runner=runner, date__lt=today()):
        log_session(runner, session)
    habit_with_ticks(runner, target=7, since=30, ticked=list(range(1, 31)))
    row = row_of(gym, runner)
    assert row.attention_reasons == []
    assert not row.needs_attention
    assert (row.habits_7_percent, row.habits_30_percent) == (100, 100)


def test_a_year_of_ticks_is_not_read_to_count_the_last_30_days(gym: Gym) -> None:
    # The same figures with 30 or 365 days of history, and the query reads ticks through per-window subqueries
    # (the (habit, day) index), never a join of every tick of the habit.
    habit_with_ticks(gym.runner_a, target=7, since=400, ticked=list(range(1, 366)))
    with CaptureQueriesContext(connection) as queries:
        figures = adherence(runner=gym.runner_a, today=today())
    assert figures == Adherence(1.0, 1.0)
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert 'JOIN "habits_habitcheck"' not in sql
    assert sql.count('"habits_habitcheck"') >= 2  # a subquery per window
