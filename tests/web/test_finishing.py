"""Finishing and skipping a session on the runner's pages (issue 22, finding 4): refused with what to do before its
day and with sets missing, recorded as done, partly done or skipped, and shown so in history and compliance."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.core.finishing import share_done
from crosstrain.programs.models import PlannedSession
from crosstrain.training.models import SessionLog
from crosstrain.training.selectors import coach_dashboard, done_share
from tests.web.conftest import Gym, log_session

pytestmark = pytest.mark.calendar


def _sessions(gym: Gym) -> tuple[PlannedSession, PlannedSession]:
    """Runner A's last session before today and first after it."""
    today = timezone.localdate()
    sessions = gym.program(gym.runner_a).sessions.order_by("date")
    before, ahead = sessions.filter(date__lt=today).last(), sessions.filter(date__gt=today).first()
    assert before is not None
    assert ahead is not None
    return before, ahead


def _day(session: PlannedSession) -> str:
    return f"{session.date:%a} {session.date.day} {session.date:%b}"


def _finish(client: Client, session: PlannedSession, **confirmed: str) -> Any:
    return client.post(reverse("runner-session-finish", kwargs={"session_id": session.pk}), confirmed)


def test_a_session_ahead_with_one_set_asks_then_is_partly_done_early(runner_client: Client, gym: Gym) -> None:
    """Finding 4: two days ahead, 1 set of many, "Finish" said "Session done. Well trained!"."""
    _, ahead = _sessions(gym)
    log_session(gym.runner_a, ahead, finish=False, exercises=1)
    planned = sum(e.sets for e in ahead.exercises.all())
    refused = _finish(runner_client, ahead)
    assert refused.status_code == 422
    page = refused.content.decode()
    assert f"This session is on {_day(ahead)}; you can finish it from that day, or tick &#x27;done early&#x27;." in page
    assert 'name="early" value="1"' in page
    assert "Well trained" not in page
    asked = _finish(runner_client, ahead, early="1")
    assert asked.status_code == 422
    page = asked.content.decode()
    assert f"You logged 1 of {planned} sets. Log the rest, or finish it as partly done (1 of {planned})." in page
    assert "Finish as partly done</button>" in page
    assert 'name="early" value="1" checked' in page  # what the runner ticked stays ticked
    assert not SessionLog.objects.filter(session=ahead, finished_at__isnull=False).exists()
    done = runner_client.post(
        reverse("runner-session-finish", kwargs={"session_id": ahead.pk}), {"early": "1", "partly": "1"}, follow=True
    )
    assert f"Session finished as partly done: 1 of {planned} sets. Marked as done early." in done.content.decode()
    log = SessionLog.objects.get(session=ahead)
    assert (log.status, log.sets_done, log.sets_planned, log.done_early) == ("partly", 1, planned, True)
    history = runner_client.get(reverse("runner-history")).content.decode()
    assert f"partly done: 1 of {planned} sets" in history
    assert "done early" in history
    session_page = runner_client.get(reverse("runner-session", kwargs={"session_id": ahead.pk})).content.decode()
    assert f"Partly done: 1 of {planned} sets" in session_page
    assert "Finish session" not in session_page


def test_a_past_session_with_every_set_is_done_at_once(runner_client: Client, gym: Gym) -> None:
    before, _ = _sessions(gym)
    log_session(gym.runner_a, before, finish=False, every_set=True)
    done = runner_client.post(reverse("runner-session-finish", kwargs={"session_id": before.pk}), follow=True)
    assert "Session done. Well trained!" in done.content.decode()
    assert SessionLog.objects.get(session=before).status == "done"


def test_nothing_logged_is_not_finished_and_the_page_offers_the_skip(runner_client: Client, gym: Gym) -> None:
    before, _ = _sessions(gym)
    refused = _finish(runner_client, before, partly="1")
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "No set of this session is logged yet: log the sets you did, or mark the session skipped" in page
    assert "Skip this session" in page
    assert not SessionLog.objects.filter(session=before).exists()


def test_skipping_needs_a_reason_and_shows_in_week_history_and_compliance(runner_client: Client, gym: Gym) -> None:
    before, _ = _sessions(gym)
    url = reverse("runner-session-skip", kwargs={"session_id": before.pk})
    blank = runner_client.post(url, {"reason": "  "})
    assert blank.status_code == 422
    assert "Say why you skip this session" in blank.content.decode()
    assert '<details class="card skip" open>' in blank.content.decode()
    skipped = runner_client.post(url, {"reason": "a cold"}, follow=True)
    assert "Session skipped (a cold). Your coach sees why, and its reminders stop." in skipped.content.decode()
    history = runner_client.get(reverse("runner-history")).content.decode()
    assert re.search(r'<span class="tag warn">skipped</span> <span class="small">a cold</span>', history)
    row = next(
        r for r in coach_dashboard(coach=gym.coach_a, today=timezone.localdate()) if r.runner_id == gym.runner_a.pk
    )
    # Planned and not done: it counts against the week, it is no "last session".
    assert row.planned_30 >= 1
    assert row.done_30 == 0
    assert row.last_session is None


def test_a_partly_done_session_counts_by_its_share_on_the_coach_dashboard(gym: Gym) -> None:
    before, _ = _sessions(gym)
    log_session(gym.runner_a, before, exercises=2)  # every set of two exercises, then finished as partly done
    log = SessionLog.objects.get(session=before)
    assert log.status == "partly"
    row = next(
        r for r in coach_dashboard(coach=gym.coach_a, today=timezone.localdate()) if r.runner_id == gym.runner_a.pk
    )
    assert row.done_30 == pytest.approx(log.sets_done / log.sets_planned)
    coach = Client()
    coach.force_login(gym.coach_a)
    page = coach.get(reverse("coach-dashboard")).content.decode()
    assert f"{round(row.done_30, 1):g}/{row.planned_30}" in page


def test_the_share_in_sql_is_the_core_s(gym: Gym) -> None:
    before, ahead = _sessions(gym)
    log_session(gym.runner_a, before, exercises=1)
    log_session(gym.runner_a, ahead)
    for log in SessionLog.objects.annotate(sql=done_share()):
        assert log.sql == pytest.approx(float(share_done(log.status, log.sets_done, log.sets_planned)))


def test_the_player_sends_a_refused_finish_back_to_its_summary(runner_client: Client, gym: Gym) -> None:
    before, _ = _sessions(gym)
    log_session(gym.runner_a, before, finish=False, exercises=1)
    refused = _finish(runner_client, before, page="player")
    assert refused.status_code == 422
    page = refused.content.decode()
    assert 'id="player" data-session="' in page
    assert 'data-start="end"' in page
    assert "Finish as partly done</button>" in page
    assert 'name="page" value="player"' in page


def test_finishing_twice_keeps_the_first_outcome(runner_client: Client, gym: Gym) -> None:
    before, _ = _sessions(gym)
    log_session(gym.runner_a, before, finish=False, exercises=1)
    _finish(runner_client, before, partly="1")
    first = SessionLog.objects.get(session=before)
    assert first.finished_at is not None
    log_session(gym.runner_a, before, finish=False, every_set=True)
    _finish(runner_client, before)
    again = SessionLog.objects.get(session=before)
    assert (again.status, again.finished_at) == ("partly", first.finished_at)
