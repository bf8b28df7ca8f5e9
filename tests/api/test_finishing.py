"""Finishing and skipping a session through the API: the same rules as the pages (crosstrain.core.finishing), a
422 that says what is wrong and which parameter confirms it, and the state in the answer and the week."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.programs.models import PlannedSession
from crosstrain.training.models import SessionLog
from tests.web.conftest import Gym

pytestmark = pytest.mark.calendar


def _log(api: Any, session: PlannedSession, sets: int | None = None) -> int:
    """Log `sets` sets (all the planned ones by default), as planned; the number logged."""
    logged = 0
    for exercise in session.exercises.order_by("position"):
        for _ in range(exercise.sets):
            if sets is not None and logged >= sets:
                return logged
            body = {"client_id": str(uuid.uuid4()), "exercise_id": exercise.pk, "reps": exercise.reps, "pain": 0}
            if exercise.timed:
                body = {**body, "reps": None, "seconds": exercise.seconds}
            assert api.post(f"/sessions/{session.pk}/sets", body).status_code == 201
            logged += 1
    return logged


def _sessions_around(gym: Gym) -> tuple[PlannedSession, PlannedSession]:
    """The last session dated before today and the first one after it."""
    today = timezone.localdate()
    sessions = gym.program(gym.runner_a).sessions.order_by("date")
    before, ahead = sessions.filter(date__lt=today).last(), sessions.filter(date__gt=today).first()
    assert before is not None
    assert ahead is not None
    return before, ahead


@pytest.mark.today("2026-03-11T10:00")
def test_a_future_session_with_one_set_asks_for_early_then_partly_and_records_partly_done(
    gym: Gym, as_persona: Any
) -> None:
    runner = as_persona("runner_a")
    _, ahead = _sessions_around(gym)
    _log(runner, ahead, sets=1)
    refused = runner.post(f"/sessions/{ahead.pk}/finish")
    assert refused.status_code == 422
    day = f"{ahead.date:%a} {ahead.date.day} {ahead.date:%b}"
    assert refused.json()["detail"] == (
        f"This session is on {day}; you can finish it from that day, or tick 'done early'. (to confirm: early=true)"
    )
    refused = runner.post(f"/sessions/{ahead.pk}/finish?early=true")
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("You logged 1 of ")
    assert refused.json()["detail"].endswith("(to confirm: partly=true)")
    assert not SessionLog.objects.filter(session=ahead, finished_at__isnull=False).exists()
    finished = runner.post(f"/sessions/{ahead.pk}/finish?early=true&partly=true").json()
    planned = sum(e.sets for e in ahead.exercises.all())
    assert (finished["status"], finished["sets_done"], finished["sets_planned"]) == ("partly", 1, planned)
    assert finished["done_early"] is True
    week = runner.get(f"/runners/{gym.runner_a.pk}/week").json()
    shown = {s["id"]: (s["done"], s["status"]) for s in week["sessions"]}
    if ahead.pk in shown:
        assert shown[ahead.pk] == (True, "partly")


@pytest.mark.today("2026-03-11T10:00")
def test_a_past_session_with_every_set_is_done_without_asking(gym: Gym, as_persona: Any) -> None:
    runner = as_persona("runner_a")
    before, _ = _sessions_around(gym)
    _log(runner, before)
    finished = runner.post(f"/sessions/{before.pk}/finish")
    assert finished.status_code == 200
    assert (finished.json()["status"], finished.json()["done_early"]) == ("done", False)
    assert finished.json()["sets_done"] == finished.json()["sets_planned"]


def test_nothing_logged_cannot_be_finished_but_can_be_skipped_with_a_reason(gym: Gym, as_persona: Any) -> None:
    runner = as_persona("runner_a")
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    refused = runner.post(f"/sessions/{session.pk}/finish?early=true&partly=true")
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("No set of this session is logged yet")
    assert "to confirm" not in refused.json()["detail"]
    blank = runner.post(f"/sessions/{session.pk}/skip", {"reason": "   "})
    assert blank.status_code == 422
    assert blank.json()["detail"].startswith("Say why you skip this session")
    skipped = runner.post(f"/sessions/{session.pk}/skip", {"reason": "  a cold "}).json()
    assert (skipped["status"], skipped["skip_reason"]) == ("skipped", "a cold")
    assert skipped["finished_at"] is not None
    # Closed: finishing or skipping again changes nothing.
    assert runner.post(f"/sessions/{session.pk}/finish?early=true&partly=true").json()["status"] == "skipped"
    assert runner.post(f"/sessions/{session.pk}/skip", {"reason": "other"}).json()["skip_reason"] == "a cold"


def test_a_session_with_sets_is_finished_partly_not_skipped(gym: Gym, as_persona: Any) -> None:
    runner = as_persona("runner_a")
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    _log(runner, session, sets=2)
    refused = runner.post(f"/sessions/{session.pk}/skip", {"reason": "ill"})
    assert refused.status_code == 422
    assert "finish it as partly done instead of skipping it" in refused.json()["detail"]


@pytest.mark.today("2026-03-11T10:00")
def test_a_finish_queued_offline_is_judged_on_the_day_the_runner_finished(gym: Gym, as_persona: Any) -> None:
    runner = as_persona("runner_a")
    before, _ = _sessions_around(gym)
    _log(runner, before)
    # Sent today, but finished on the phone the day before the session: that was early.
    logged_at = f"{(before.date - timedelta(days=1)).isoformat()}T18:00:00Z"
    refused = runner.post(f"/sessions/{before.pk}/finish?logged_at={logged_at}")
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("This session is on ")
    done = runner.post(f"/sessions/{before.pk}/finish?logged_at={logged_at}&early=true").json()
    assert (done["status"], done["done_early"]) == ("done", True)
