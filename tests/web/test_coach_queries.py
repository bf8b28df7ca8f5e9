"""Query counts of the coach's pages and the public cohort page, with the data growing in every direction: runners
per coach, logged sets per runner, programs per runner, habits, page size, slots and registrations. The same count
whatever the size: what a page costs must not grow with the gym."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.enrollment.models import Cohort
from crosstrain.enrollment.services import registration_create
from crosstrain.gym.increments import gym_weights
from crosstrain.habits.services import habit_assign, habit_check
from crosstrain.programs.models import Program
from crosstrain.scheduling.models import Slot
from crosstrain.training.models import SetLog
from tests.web.conftest import make_coach, make_cohort
from tests.web.test_dashboard_scale import _gym

pytestmark = pytest.mark.django_db


def _count(user: User | None, url: str) -> int:
    client = Client()
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _with_habits(runner: Runner, days: int) -> None:
    """A habit ticked on each of the last `days` days (as far as its start allows)."""
    today = timezone.localdate()
    habit = habit_assign(runner=runner, text=f"Habit {days}", target_days=5, assigned_by=runner.coach, today=today)
    habit.starts_on = habit.assigned_on = today - timedelta(days=days)
    habit.save(update_fields=["starts_on", "assigned_on"])
    for back in range(days):
        habit_check(habit=habit, day=today - timedelta(days=back), today=today - timedelta(days=back))


def _cold(user: User, url: str) -> int:
    """Queries of the dashboard counting its figures, not serving them from its cache (those are counted in
    tests/web/test_dashboard_cache.py)."""
    cache.clear()
    return _count(user, url)


def test_dashboard_queries_do_not_grow_with_runners_history_programs_habits_or_page_size() -> None:
    url = reverse("coach-dashboard")
    few, (first, *_) = _gym(5, tag="few")
    many, _ = _gym(60, tag="many")
    short, _ = _gym(3, sets=10, tag="short")
    long, _ = _gym(3, sets=1000, tag="long")
    single, _ = _gym(3, programs=1, tag="one")
    several, _ = _gym(3, programs=5, tag="five")
    _with_habits(first, 30)
    assert SetLog.objects.filter(session_log__runner__coach=long).count() >= 3000
    counts = {
        "5 runners": _cold(few, url),
        "60 runners": _cold(many, url),
        "60 runners, 100 a page by name": _cold(many, url + "?per_page=100&sort=name"),
        "60 runners, page 3 of 25, lowest compliance": _cold(many, url + "?page=3&sort=compliance"),
        "60 runners searched": _cold(many, url + "?q=many01&sort=last"),
        "10 sets each": _cold(short, url),
        "1,000 sets each": _cold(long, url),
        "1 program each": _cold(single, url),
        "5 programs each": _cold(several, url),
    }
    assert len(set(counts.values())) == 1, counts


def test_coach_runner_page_queries_do_not_grow_with_history_programs_habits_or_the_coach_s_runners() -> None:
    few, (a_few, *_) = _gym(5, tag="rf")
    many, (a_many, *_) = _gym(60, tag="rm")
    short, (a_short, *_) = _gym(1, sets=10, tag="rs")
    long, (a_long, *_) = _gym(1, sets=1000, tag="rl")
    single, (a_single, *_) = _gym(1, programs=1, tag="r1")
    several, (a_several, *_) = _gym(1, programs=5, tag="r5")
    # Every runner has a habit (a runner without any skips reading ticks: one query fewer, whatever the size).
    for runner in (a_few, a_many, a_single, a_several):
        _with_habits(runner, 1)
    _with_habits(a_short, 3)
    _with_habits(a_long, 30)

    def page(coach: User, runner: Runner) -> int:
        return _count(coach, reverse("coach-runner", args=[runner.pk]))

    counts = {
        "5 runners": page(few, a_few),
        "60 runners": page(many, a_many),
        "10 sets, a habit of 3 days": page(short, a_short),
        "1,000 sets, a habit of 30 days": page(long, a_long),
        "1 program": page(single, a_single),
        "5 programs": page(several, a_several),
    }
    assert Program.objects.filter(runner=a_several).count() == 5
    assert len(set(counts.values())) == 1, counts


def test_program_page_queries_do_not_grow_with_logged_sets_or_programs() -> None:
    short, (a_short, *_) = _gym(1, sets=10, tag="ps")
    long, (a_long, *_) = _gym(1, sets=1000, tag="pl")
    several, (a_several, *_) = _gym(1, programs=5, tag="p5")
    gym_weights()  # the gym's list of its weights is kept in Django's cache, as the catalogue's version is

    def page(coach: User, runner: Runner) -> int:
        live = runner.programs.get(status=Program.Status.PUBLISHED)
        return _count(coach, reverse("coach-program", args=[live.pk]))

    counts = {
        "10 sets": page(short, a_short),
        "1,000 sets": page(long, a_long),
        "5 programs": page(several, a_several),
    }
    assert len(set(counts.values())) == 1, counts


def _cohort(slug: str, *, slots: int, registrations: int) -> Cohort:
    coach = make_coach(f"coach-{slug}")
    cohort = make_cohort(coach, seats=5, slug=slug)  # 6 slots; more registrations than seats: some wait
    for n in range(slots - cohort.slots.count()):
        Slot.objects.create(cohort=cohort, coach=coach, day=n % 7, start=time(6 + n // 7, 30), capacity=3)
    for n in range(registrations):
        registration_create(cohort=cohort, name=f"Person {n}", email=f"p{n}-{slug}@example.com")
    return cohort


def test_public_cohort_page_queries_do_not_grow_with_slots_or_registrations() -> None:
    small = _cohort("small", slots=6, registrations=1)
    large = _cohort("large", slots=30, registrations=40)
    assert large.slots.count() == 30

    def visits(cohort: Cohort) -> tuple[int, int]:
        url = reverse("cohort-public", kwargs={"slug": cohort.slug})
        # The first reads the prices and draws the slot list, the second takes both from the cache; both read the
        # gym's conventions (crosstrain.gym.middleware).
        return _count(None, url), _count(None, url)

    assert visits(small) == visits(large) == (5, 3)
