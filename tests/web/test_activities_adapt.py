"""The week adapts to what was run (issue 26): an import that breaks a placement rule for an upcoming session
gives a pending suggestion on the runner's week and the coach's page; one tap accepts it (the session moves, gets
lighter or is skipped) or keeps the session as planned; nothing changes by itself."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosstrain.accounts.models import Runner
from crosstrain.activities.adapting import planned_races, suggestion_dismiss
from crosstrain.activities.models import Activity, Suggestion
from crosstrain.activities.selectors import planned_runs
from crosstrain.activities.services import activities_save, activity_correct
from crosstrain.core import activities as core
from crosstrain.core.adapt import Ran, broken_rules
from crosstrain.programs.models import PlannedExercise, PlannedSession
from crosstrain.programs.services import program_generate, program_publish
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
    for days_ago, title in runs:  # imported one at a time, as uploads come
        _import(runner, days_ago, title)
        _every_breach_has_its_pending_suggestion(gym)


def _import(runner: Runner, days_ago: int, title: str) -> None:
    km = {"Marathon race": 42.2, "Half marathon race": 21.1, "10k race": 10.0, "Parkrun": 5.0}.get(title, 8.0)
    day = timezone.localdate() - timedelta(days=days_ago)
    _ran(runner, day, title, minutes={"Long run": 120, "Marathon race": 200}.get(title, 40), km=km)


def _every_breach_has_its_pending_suggestion(gym: Gym) -> None:
    """The property: each upcoming session of runner A's live program breaks a placement rule on the week as run
    exactly when it has a pending suggestion, and no pending suggestion points anywhere else."""
    runner = gym.runner_a
    today = timezone.localdate()
    program = gym.program(runner)
    ran = [Ran(a.day, a.effective_kind, a.sport, a.km, a.title) for a in Activity.objects.filter(runner=runner)]
    pending = set(Suggestion.objects.filter(runner=runner, status="pending").values_list("session_id", flat=True))
    planned = planned_runs(runner=runner)
    upcoming = list(program.sessions.filter(date__gte=today, log__isnull=True))
    for session in upcoming:
        broken = broken_rules(session.date, planned=planned, planned_races=planned_races(runner), ran=ran, today=today)
        assert bool(broken) == (session.pk in pending), (session.date, broken)
    assert pending <= {s.pk for s in upcoming}


def _eve_of_a_session_ahead(gym: Gym, clock: Any) -> None:
    """As _eve_of_session, but never back in time: a draft designed before the live program was published would be
    refused (program_publish), so the clock only moves forward from the gym's making."""
    now = timezone.localtime()
    for session in gym.program(gym.runner_a).sessions.filter(date__gt=now.date(), log__isnull=True).order_by("date"):
        eve = timezone.make_aware(datetime.combine(session.date - timedelta(days=1), time(19)))
        if eve > now:
            clock.move_to(eve)
            return
    pytest.fail("no session ahead")


def test_a_draft_gets_no_suggestions_and_publishing_it_checks_what_was_run(gym: Gym, clock: Any) -> None:
    _eve_of_a_session_ahead(gym, clock)
    _ran(gym.runner_a, timezone.localdate(), "Marathon race", minutes=200, km=42.2)  # days of recovery ahead
    before = list(Suggestion.objects.filter(runner=gym.runner_a, status="pending"))
    assert before
    # The coach designs a new version of the block: while it is a draft under review, the live program keeps its
    # suggestions and the draft's sessions get none.
    draft = program_generate(runner=gym.runner_a, created_by=gym.coach_a)
    assert not Suggestion.objects.filter(session__program=draft).exists()
    assert set(Suggestion.objects.filter(runner=gym.runner_a, status="pending")) == set(before)
    program_publish(program=draft)
    # The replaced version's sessions lose theirs; the new version's sessions in the race's recovery get theirs.
    assert {s.status for s in Suggestion.objects.filter(pk__in=[s.pk for s in before])} == {"withdrawn"}
    after = Suggestion.objects.filter(runner=gym.runner_a, status="pending")
    assert after
    assert {s.session.program_id for s in after} == {draft.pk}
    assert all("race" in s.why for s in after)
    _every_breach_has_its_pending_suggestion(gym)


def test_a_suggestion_dismissed_is_not_raised_again_by_a_new_version(gym: Gym, clock: Any) -> None:
    _eve_of_a_session_ahead(gym, clock)
    plan_today = {r.day: r.kind for r in planned_runs(runner=gym.runner_a)}.get(timezone.localdate())
    if plan_today is not None and plan_today.value in ("hard", "long", "race"):
        pytest.skip("the plan had a hard day before this session already")  # the sweep covers other weekdays
    _ran(gym.runner_a, timezone.localdate(), "Track intervals", minutes=50, km=10)
    dismissed = Suggestion.objects.get(runner=gym.runner_a, status="pending")
    assert dismissed.action == "lighter"
    suggestion_dismiss(suggestion=dismissed, by=gym.runner_a.user)
    # A new version with its own session on that day (as a moved slot or new training days make one).
    draft = program_generate(runner=gym.runner_a, created_by=gym.coach_a)
    if not draft.sessions.filter(date=dismissed.day).exists():
        first = draft.sessions.filter(date__gt=dismissed.day).order_by("date").first()
        assert first is not None
        PlannedSession.objects.filter(pk=first.pk).update(date=dismissed.day)
    program_publish(program=draft)
    same_day = draft.sessions.get(date=dismissed.day)
    ran = [Ran(a.day, a.effective_kind, a.sport, a.km, a.title) for a in Activity.objects.filter(runner=gym.runner_a)]
    planned = planned_runs(runner=gym.runner_a)
    # The rule is still broken on that day, saying the same: only the dismissal keeps it quiet.
    assert broken_rules(same_day.date, planned=planned, planned_races=[], ran=ran, today=timezone.localdate())
    assert not Suggestion.objects.filter(runner=gym.runner_a, status="pending").exists()


WITH_A_MARATHON = st.sampled_from(["Easy", "Parkrun", "Track intervals", "Long run", "Marathon race"])


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    runs=st.lists(st.tuples(st.integers(0, 9), WITH_A_MARATHON), min_size=1, max_size=4),
    later=st.lists(st.tuples(st.integers(0, 9), WITH_A_MARATHON), max_size=2),
)
def test_the_property_holds_across_publishing_a_new_version(
    gym: Gym, runs: list[tuple[int, str]], later: list[tuple[int, str]]
) -> None:
    """Runs imported, a new version of the program published, more runs imported: at every step, no upcoming
    session breaks a rule without a pending suggestion saying so."""
    runner = gym.runner_a
    Activity.objects.filter(runner=runner).delete()
    Suggestion.objects.filter(runner=runner).delete()
    for days_ago, title in runs:
        _import(runner, days_ago, title)
    program_publish(program=program_generate(runner=runner, created_by=gym.coach_a))
    _every_breach_has_its_pending_suggestion(gym)
    for days_ago, title in later:
        _import(runner, days_ago, title)
        _every_breach_has_its_pending_suggestion(gym)


@pytest.mark.not_swept
def test_publishing_for_a_runner_who_never_sent_a_run_asks_one_question_of_the_activities(gym: Gym) -> None:
    draft = program_generate(runner=gym.runner_b, created_by=gym.coach_b)
    with CaptureQueriesContext(connection) as context:
        program_publish(program=draft)
    asked = [q["sql"] for q in context.captured_queries if "activities_" in q["sql"]]
    assert len(asked) == 1, asked


def test_an_american_gym_is_told_the_days_of_a_suggestion_its_way(gym: Gym, runner_client: Client, clock: Any) -> None:
    import re

    from crosstrain.gym.services import gym_settings_save

    gym_settings_save(date_style="en-US")
    _eve_of_session(gym, clock)
    _ran(gym.runner_a, timezone.localdate(), "Parkrun")
    suggestion = Suggestion.objects.get(runner=gym.runner_a, status="pending")
    response = runner_client.post(reverse("suggestion-accept", args=[suggestion.pk]), follow=True)
    said = " ".join(str(m) for m in response.context["messages"])
    days = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    months = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    assert re.search(rf"\b{days}, {months} \d{{1,2}}\b", said), said  # "Thursday, March 12"
    assert not re.search(rf"\b{days} \d{{1,2}} {months}\b", said), said  # not "Thursday 12 March"
    if suggestion.action == "move":
        suggestion.session.refresh_from_db()
        assert re.match(rf"Moved from {days}, {months} \d{{1,2}}: ", suggestion.session.note)
