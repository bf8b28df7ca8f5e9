"""The readiness check-in before today's session (issue 26): three taps; a poor one makes the session lighter by
the same rule as the week's adaptation and says why; the coach sees every check-in."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.activities.models import CheckIn
from crosstrain.programs.models import PlannedExercise, PlannedSession
from tests.web.conftest import Gym

pytestmark = pytest.mark.calendar


def _morning_of_next_session(gym: Gym, clock: Any) -> PlannedSession:
    session = (
        gym.program(gym.runner_a)
        .sessions.filter(date__gt=timezone.localdate(), log__isnull=True)
        .order_by("date")
        .first()
    )
    assert session is not None
    clock.move_to(timezone.make_aware(datetime.combine(session.date, time(7))))
    return session


def _said(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_poor_readiness_makes_todays_session_lighter_and_says_why(gym: Gym, runner_client: Client, clock: Any) -> None:
    session = _morning_of_next_session(gym, clock)
    week = runner_client.get(reverse("runner-home")).content.decode()
    assert "How did you sleep?" in week
    before = {e.pk: (e.sets, e.rir, e.block) for e in PlannedExercise.objects.filter(session=session)}
    url = reverse("runner-check-in", args=[session.pk])
    response = runner_client.post(url, {"sleep": "poor", "soreness": "7", "feel": "ok"}, follow=True)
    why = "you slept poorly and your legs are sore (7/10)"
    assert _said(response) == [f"Today's session is lighter (no jumps, one set fewer, 1 more rep in reserve): {why}."]
    after = {e.pk: (e.sets, e.rir) for e in PlannedExercise.objects.filter(session=session)}
    for pk, (sets, rir, block) in before.items():
        assert (
            pk not in after
            if block == "power"
            else after[pk] == (max(1, sets - 1), None if rir is None else min(5, rir + 1))
        )
    session.refresh_from_db()
    assert f"your check-in says {why}" in session.note
    assert "Checked in: sleep poor, legs 7/10" in response.content.decode()
    again = runner_client.post(url, {"sleep": "good", "soreness": "0", "feel": "good"}, follow=True)
    assert _said(again) == ["You checked in for this session already."]
    coach = Client()
    coach.force_login(gym.coach_a)
    page = coach.get(reverse("coach-runner-activities", args=[gym.runner_a.pk])).content.decode()
    assert f"made lighter</strong>: {why}" in page
    runner_page = coach.get(reverse("coach-runner", args=[gym.runner_a.pk])).content.decode()
    assert "legs 7/10, feeling ok (made lighter)" in runner_page


def test_a_good_check_in_leaves_the_session_as_planned(gym: Gym, runner_client: Client, clock: Any) -> None:
    session = _morning_of_next_session(gym, clock)
    before = list(PlannedExercise.objects.filter(session=session).values_list("sets", "rir"))
    url = reverse("runner-check-in", args=[session.pk])
    response = runner_client.post(url, {"sleep": "poor", "soreness": "3", "feel": "good"}, follow=True)
    assert _said(response) == ["Thanks: today's session stays as planned."]
    assert list(PlannedExercise.objects.filter(session=session).values_list("sets", "rir")) == before
    assert CheckIn.objects.get(session=session).lighter is False


def test_a_check_in_in_words_when_wrong_early_or_not_yours(gym: Gym, runner_client: Client) -> None:
    later = gym.program(gym.runner_a).sessions.filter(date__gt=timezone.localdate()).order_by("date").last()
    assert later is not None
    url = reverse("runner-check-in", args=[later.pk])
    wrong = runner_client.post(url, {"sleep": "meh", "soreness": "12", "feel": "ok"}, follow=True)
    assert _said(wrong) == ["Answer the three questions: sleep, leg soreness and how you feel."]
    early = runner_client.post(url, {"sleep": "ok", "soreness": "2", "feel": "ok"}, follow=True)
    assert _said(early) == ["The check-in is for today's session, on its day."]
    other = gym.program(gym.runner_b).sessions.first()
    assert other is not None
    assert runner_client.post(reverse("runner-check-in", args=[other.pk]), {}).status_code == 404
    assert not CheckIn.objects.exists()
