"""The week adapts to what was run (issue 26): an import that breaks a placement rule for an upcoming session
gives a pending suggestion on the runner's week and the coach's page; one tap accepts it (the session moves, gets
lighter or is skipped) or keeps the session as planned; nothing changes by itself."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosstrain.accounts.models import Runner
from crosstrain.activities.adapting import planned_races
from crosstrain.activities.models import Activity, Suggestion
from crosstrain.activities.selectors import planned_runs
from crosstrain.activities.services import activities_save, activity_correct
from crosstrain.core import activities as core
from crosstrain.core.adapt import Ran, broken_rules
from crosstrain.programs.models import PlannedExercise, PlannedSession
from crosstrain.training.models import SessionLog
from tests.web.conftest import Gym

pytestmark = pytest.mark.calendar


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _next_open_session(gym: Gym, *, after: date) -> PlannedSession:
    found = (
        gym.program(gym.runner_a)
        .sessions.filter(date__gt=after, log__isnull=True)
        .exclude(date__gt=after + timedelta(days=20))
        .order_by("date")
        .first()
    )
    assert found is not None
    return found


def _ran(runner: Runner, day: date, title: str, minutes: int = 30, km: float | None = 5.0) -> None:
    start = timezone.make_aware(datetime.combine(day, time(8)))
    activities_save(
        runner=runner,
        found=[
            (core.Activity(start=start, seconds=minutes * 60, sport="run", title=title, metres=km and km * 1000), "api")
        ],
        by=runner.user,
    )


def _eve_of_session(gym: Gym, clock: Any) -> PlannedSession:
    """Move the clock to the evening before runner A's next open session, and return that session."""
    session = _next_open_session(gym, after=timezone.localdate())
    clock.move_to(timezone.make_aware(datetime.combine(session.date - timedelta(days=1), time(19))))
    return session


def test_an_unplanned_parkrun_moves_or_skips_the_next_session_only_when_accepted(
    gym: Gym, runner_client: Client, clock: Any
) -> None:
    session = _eve_of_session(gym, clock)
    _ran(gym.runner_a, timezone.localdate(), "Parkrun")
    suggestion = Suggestion.objects.get(runner=gym.runner_a, status="pending")
    assert suggestion.session == session
    assert suggestion.action in ("move", "skip")
    assert "no session the day after the 5 km race (C)" in suggestion.why
    session.refresh_from_db()
    assert session.date == suggestion.day  # nothing moved by itself
    week = runner_client.get(reverse("runner-home")).content.decode()
    assert "no session the day after the 5 km race (C)" in week
    coach_page = client_for(gym.coach_a).get(reverse("coach-runner", args=[gym.runner_a.pk])).content.decode()
    assert "no session the day after the 5 km race (C)" in coach_page
    response = runner_client.post(reverse("suggestion-accept", args=[suggestion.pk]), follow=True)
    session.refresh_from_db()
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    if suggestion.action == "move":
        assert session.date == suggestion.to
        assert "Moved from" in session.note
        assert f"Moved: the session is now on {suggestion.to:%A %-d %B}." in [
            str(m) for m in response.context["messages"]
        ]
    else:
        assert SessionLog.objects.get(session=session).status == "skipped"
    assert not Suggestion.objects.filter(runner=gym.runner_a, status="pending", session=session).exists()


def test_unplanned_intervals_make_the_next_session_lighter_when_the_coach_accepts(gym: Gym, clock: Any) -> None:
    session = _eve_of_session(gym, clock)
    plan_yesterday = {r.day: r.kind for r in planned_runs(runner=gym.runner_a)}.get(timezone.localdate())
    if plan_yesterday is not None and plan_yesterday.value in ("hard", "long", "race"):
        pytest.skip("the plan had a hard day before this session already")  # the sweep covers other weekdays
    before = {e.pk: (e.sets, e.rir, e.block) for e in PlannedExercise.objects.filter(session=session)}
    _ran(gym.runner_a, timezone.localdate(), "Track intervals", minutes=50, km=10)
    suggestion = Suggestion.objects.get(runner=gym.runner_a, status="pending")
    assert (suggestion.action, suggestion.session) == ("lighter", session)
    assert "no hard lifting the day after an unplanned hard effort" in suggestion.why
    coach = client_for(gym.coach_a)
    assert coach.post(reverse("suggestion-accept", args=[suggestion.pk])).status_code == 302
    after = {e.pk: (e.sets, e.rir) for e in PlannedExercise.objects.filter(session=session)}
    for pk, (sets, rir, block) in before.items():
        if block == "power":
            assert pk not in after  # no jumps
        else:
            assert after[pk] == (max(1, sets - 1), None if rir is None else min(5, rir + 1))
    session.refresh_from_db()
    assert session.note.startswith("Lighter today (no jumps, one set fewer, 1 more rep in reserve): the day before")
    # A second tap finds it decided already, in words.
    again = coach.post(reverse("suggestion-accept", args=[suggestion.pk]), follow=True)
    assert "This suggestion was accepted already." in [str(m) for m in again.context["messages"]]


def test_keeping_it_as_planned_and_correcting_the_kind(gym: Gym, runner_client: Client, clock: Any) -> None:
    _eve_of_session(gym, clock)
    _ran(gym.runner_a, timezone.localdate(), "Parkrun")
    suggestion = Suggestion.objects.get(runner=gym.runner_a, status="pending")
    other = client_for(gym.coach_b)
    assert other.post(reverse("suggestion-accept", args=[suggestion.pk])).status_code == 404
    runner_client.post(reverse("suggestion-dismiss", args=[suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.status == "dismissed"
    # The coach says the "parkrun" was a jog with friends: nothing is in breach any more.
    run = Activity.objects.get(runner=gym.runner_a)
    activity_correct(activity=run, kind="easy", by=gym.coach_a)
    assert not Suggestion.objects.filter(runner=gym.runner_a, status="pending").exists()


TITLES = st.sampled_from(["Easy", "Parkrun", "Track intervals", "10k race", "Long run", "Half marathon race"])


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(runs=st.lists(st.tuples(st.integers(0, 9), TITLES), min_size=1, max_size=6))
def test_after_any_imports_no_upcoming_session_breaks_a_rule_without_a_pending_suggestion(
    gym: Gym, runs: list[tuple[int, str]]
) -> None:
    runner = gym.runner_a
    Activity.objects.filter(runner=runner).delete()
    Suggestion.objects.filter(runner=runner).delete()
    today = timezone.localdate()
    program = gym.program(runner)
    for days_ago, title in runs:  # imported one at a time, as uploads come
        km = {"Half marathon race": 21.1, "10k race": 10.0, "Parkrun": 5.0}.get(title, 8.0)
        _ran(runner, today - timedelta(days=days_ago), title, minutes=120 if title == "Long run" else 40, km=km)
        ran = [Ran(a.day, a.effective_kind, a.sport, a.km, a.title) for a in Activity.objects.filter(runner=runner)]
        pending = set(Suggestion.objects.filter(runner=runner, status="pending").values_list("session_id", flat=True))
        planned = planned_runs(runner=runner)
        for session in program.sessions.filter(date__gte=today, log__isnull=True):
            broken = broken_rules(
                session.date, planned=planned, planned_races=planned_races(runner), ran=ran, today=today
            )
            assert bool(broken) == (session.pk in pending), (session.date, broken)
