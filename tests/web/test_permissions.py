"""Every URL, with every persona: who may see and do what (issue 4: a coach only their runners, a runner only
themself). Other people's things answer 404, so their existence does not leak; the wrong role gets 403."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from crosstrain.accounts.models import User
from crosstrain.activities.models import Suggestion
from crosstrain.activities.services import activities_save
from crosstrain.api.services import token_create
from crosstrain.core.activities import Activity
from crosstrain.habits.services import habit_assign
from crosstrain.programs.models import PlannedExercise
from crosstrain.results.services import block_report_create
from crosstrain.scheduling.services import runner_reimport_plan
from crosstrain.screening.services import screen_record
from crosstrain.training.models import SessionLog
from tests.web.conftest import EXAMPLES, SCREEN, Gym, log_session

PUBLIC = {"login", "logout", "invite-accept", "cohort-public", "cohort-registered", "calendar-feed"}
# Password reset by email: for people who cannot sign in (the emailed token is the key).
PUBLIC |= {"password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}
PUBLIC |= {"admin_password_reset"}
# Confirming a cohort registration: the emailed, signed link is the key (tests/web/test_registration_limits.py).
PUBLIC |= {"cohort-confirm"}
# Unsubscribing from an email kind: the signed link in the email is the key, no sign-in (RFC 8058 one-click);
# tests/web/test_notifications_unsubscribe.py checks tokens, GET/POST and errors.
PUBLIC |= {"notifications-unsubscribe"}
# A shared block report (the revocable link is the key) and a cohort's anonymised results (switched on by its
# coach): tests/web/test_reports.py and tests/web/test_reports_cohort.py check both, without sign-in.
PUBLIC |= {"report-shared", "cohort-results"}
# The installable app's manifest and service worker: the same files for everyone, nothing personal in them
# (tests/web/test_pwa.py); the pages a phone keeps offline are the runner's own (runner-offline below).
PUBLIC |= {"pwa-manifest", "pwa-service-worker", "favicon"}
PERSONAS = ["coach_a", "coach_b", "runner_a", "runner_b", "anonymous", "admin"]
ALLOWED = (200, 302, 422)  # 422: reached, and an empty form was refused


def _targets(gym: Gym) -> list[tuple[str, dict[str, Any], str, set[str]]]:
    """(url name, kwargs, method, personas allowed) for every URL of the app, on objects of coach A's runner."""
    program = gym.program(gym.runner_a)
    session = program.sessions.order_by("date").first()
    assert session is not None
    log_session(gym.runner_a, session, pain=5, finish=False)
    exercise = PlannedExercise.objects.filter(session=session).order_by("position").first()
    assert exercise is not None
    log = SessionLog.objects.get(session=session)
    # A closed session, for the coach's review of training (an open one is not reviewed).
    later = program.sessions.order_by("date")[1]
    log_session(gym.runner_a, later)
    closed = {"log_id": SessionLog.objects.get(session=later).pk}
    runner_id = {"runner_id": gym.runner_a.pk}
    coach_only = {"coach_a"}
    coaches = {"coach_a", "coach_b", "admin"}
    runners = {"runner_a", "runner_b"}
    cohort = {"cohort_id": gym.cohort.pk}
    registration = gym.cohort.registrations.get()
    booking = gym.runner_a.bookings.get()
    nutrition = gym.cohort.nutrition_classes.get()
    token, _ = token_create(owner=gym.coach_a, name="walk", scope="read")
    # Runner A's program was published by their coach, so a new running plan waits for the coach as a request.
    plan = (EXAMPLES / "running-plan-simple.ics").read_text()
    asked = runner_reimport_plan(runner=gym.runner_a, name="new.ics", ics_text=plan).request
    assert asked is not None
    change = {"request_id": asked.pk}
    today = timezone.localdate()
    habit = habit_assign(runner=gym.runner_a, text="8 h in bed", target_days=5, assigned_by=gym.coach_a, today=today)
    screen_record(runner=gym.runner_a, recorded_by=gym.coach_a, data=SCREEN, recorded_on=today)
    report = {"report_id": block_report_create(runner=gym.runner_a).pk}
    ran = activities_save(
        runner=gym.runner_a,
        found=[(Activity(start=timezone.now() - timedelta(days=1), seconds=1800, sport="run"), "api")],
        by=gym.coach_a,
    ).added[0]
    upcoming = program.sessions.filter(date__gt=today).order_by("date").last()
    assert upcoming is not None
    suggested = Suggestion.objects.create(
        runner=gym.runner_a, session=upcoming, action="lighter", day=upcoming.date, why="a test"
    )
    return [
        ("runner-activities", {}, "get", runners),
        ("runner-activities", {}, "post", runners),
        ("coach-runner-activities", runner_id, "get", coach_only),
        ("coach-runner-activities", runner_id, "post", coach_only),
        ("coach-runner-zones", runner_id, "post", coach_only),
        ("coach-activity-kind", {"activity_id": ran.pk}, "post", coach_only),
        ("activities-load-chart", runner_id, "get", {"coach_a", "runner_a"}),
        ("suggestion-accept", {"suggestion_id": suggested.pk}, "post", {"coach_a", "runner_a"}),
        ("runner-check-in", {"session_id": upcoming.pk}, "post", {"runner_a"}),
        ("suggestion-dismiss", {"suggestion_id": suggested.pk}, "post", {"coach_a", "runner_a"}),
        ("coach-cohorts", {}, "get", coaches),
        ("coach-feed-revoke", {}, "post", coaches),
        ("coach-cohort", cohort, "get", coach_only),
        ("coach-cohort-new", {}, "get", coaches),
        ("coach-cohort-edit", cohort, "get", coach_only),
        ("coach-cohort-edit", cohort, "post", coach_only),
        ("coach-cohort-optimize", cohort, "post", coach_only),
        ("coach-cohort-timetable-confirm", cohort, "post", coach_only),
        ("coach-cohort-publish", cohort, "post", coach_only),
        ("coach-cohort-hold", cohort, "post", coach_only),
        ("coach-change-request-approve", change, "post", coach_only),
        ("coach-change-request-decline", change, "post", coach_only),
        ("coach-registration-action", {"registration_id": registration.pk, "action": "paid"}, "post", coach_only),
        ("coach-attendance", {"class_id": nutrition.pk}, "get", coach_only),
        ("runner-plan", {}, "get", runners),
        # Both walk runners train in the gym, where training days follow the booked slots: refused (403) for
        # them too; remote runners choose days in tests/web/test_change_requests.py.
        ("runner-training-days", {}, "post", set()),
        ("runner-running-plan", {}, "post", runners),
        ("runner-nutrition", {}, "post", runners),
        ("runner-feed-revoke", {}, "post", runners),
        ("runner-booking-move", {"booking_id": booking.pk}, "post", {"runner_a"}),
        ("home", {}, "get", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("coach-dashboard", {}, "get", {"coach_a", "coach_b", "admin"}),
        ("coach-runner-new", {}, "get", {"coach_a", "coach_b", "admin"}),
        ("coach-runner", runner_id, "get", coach_only),
        ("coach-runner-invite", runner_id, "post", coach_only),
        ("coach-runner-invite-email", runner_id, "post", coach_only),
        ("coach-runner-edit", runner_id, "get", coach_only),
        ("coach-screen-new", runner_id, "get", coach_only),
        ("coach-screen-preview", runner_id, "post", coach_only),
        ("coach-program-new", runner_id, "post", coach_only),
        ("coach-program", {"program_id": program.pk}, "get", coach_only),
        ("coach-program-publish", {"program_id": program.pk}, "post", coach_only),
        ("coach-exercise-swap", {"exercise_id": exercise.pk}, "post", coach_only),
        ("coach-flag-resolve", {"log_id": log.pk}, "post", coach_only),
        # The review of training: every coach has a feed; runner A's sessions are their coach's alone.
        ("coach-training", {}, "get", coaches),
        ("coach-runner-training", runner_id, "get", coach_only),
        ("coach-session-review", closed, "get", coach_only),
        ("coach-session-reviewed", closed, "post", coach_only),
        ("coach-session-comment", closed, "post", coach_only),
        ("runner-home", {}, "get", {"runner_a", "runner_b"}),
        ("runner-session", {"session_id": session.pk}, "get", {"runner_a"}),
        ("runner-set-log", {"session_id": session.pk}, "post", {"runner_a"}),
        ("runner-session-finish", {"session_id": session.pk}, "post", {"runner_a"}),
        ("runner-session-skip", {"session_id": session.pk}, "post", {"runner_a"}),
        ("runner-session-play", {"session_id": session.pk}, "get", {"runner_a"}),
        ("runner-offline", {}, "get", runners),
        ("runner-history", {}, "get", {"runner_a", "runner_b"}),
        # Progress: every runner has their own page; runner A's charts are theirs and their coach's only
        # (each chart, and an unknown one, in tests/web/test_progress_access.py).
        ("runner-progress", {}, "get", runners),
        ("progress-chart", {"runner_id": gym.runner_a.pk, "chart": "compliance"}, "get", {"coach_a", "runner_a"}),
        # Messages: only runner A and their coach take part in runner A's conversation; anyone else gets a 404.
        ("runner-messages", {}, "get", runners),
        ("conversation", runner_id, "get", {"coach_a", "runner_a"}),
        ("conversation-send", runner_id, "post", {"coach_a", "runner_a"}),
        ("conversation-poll", runner_id, "get", {"coach_a", "runner_a"}),
        ("account-settings", {}, "get", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("account-notifications", {}, "get", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("account-notifications", {}, "post", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("account-units", {}, "get", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("account-units", {}, "post", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("gym-settings", {}, "get", {"admin"}),
        ("gym-settings", {}, "post", {"admin"}),
        ("account-tokens", {}, "get", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("account-tokens", {}, "post", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("account-token-revoke", {"token_id": token.pk}, "post", coach_only),  # coach A's token
        ("password_change", {}, "get", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("password_change_done", {}, "get", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("account-data-export", {}, "get", runners),
        ("account-data-delete", {}, "get", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("account-data-delete", {}, "post", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("account-data-delete-cancel", {}, "post", {"coach_a", "coach_b", "runner_a", "runner_b", "admin"}),
        ("coach-runner-export", runner_id, "get", coach_only),
        ("runner-habit-tick", {"habit_id": habit.pk}, "post", {"runner_a"}),
        ("coach-habits", {}, "get", coaches),
        ("coach-habits", {}, "post", coaches),
        ("coach-habit-end", {"habit_id": habit.pk}, "post", coach_only),
        ("coach-attendance-habit", {"class_id": nutrition.pk}, "post", coach_only),
        # Block results: runner A's report (a re-screen today against their program's screen) is theirs and their
        # coach's; the note and a cohort's results are the coach's; a program's PDF is the coach's, and the
        # runner's while it is their live program.
        ("coach-report-new", runner_id, "post", coach_only),
        ("report", report, "get", {"coach_a", "runner_a"}),
        ("report-pdf", report, "get", {"coach_a", "runner_a"}),
        ("report-share", report, "post", {"coach_a", "runner_a"}),
        ("report-unshare", report, "post", {"coach_a", "runner_a"}),
        ("coach-report-note", report, "post", coach_only),
        ("program-pdf", {"program_id": program.pk}, "get", {"coach_a", "runner_a"}),
        ("coach-cohort-results", cohort, "get", coach_only),
        ("coach-cohort-results-publish", cohort, "post", coach_only),
    ]


def _client(gym: Gym, persona: str) -> Client:
    client = Client()
    users: dict[str, User | None] = {
        "coach_a": gym.coach_a,
        "coach_b": gym.coach_b,
        "runner_a": gym.runner_a.user,
        "runner_b": gym.runner_b.user,
        "admin": gym.admin,
        "anonymous": None,
    }
    user = users[persona]
    if user is not None:
        client.force_login(user)
    return client


def test_every_app_url_is_in_the_walk(gym: Gym) -> None:
    walked = {name for name, *_ in _targets(gym)}
    named = {p.name for p in get_resolver().url_patterns if getattr(p, "name", None)}
    # Public by design: sign-in, invites (the token is the key), the cohort pages, calendar feeds (ditto).
    assert named - walked == PUBLIC


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_only_what_is_theirs(gym: Gym, persona: str) -> None:
    client = _client(gym, persona)
    for name, kwargs, method, allowed in _targets(gym):
        url = reverse(name, kwargs=kwargs)
        response = client.post(url) if method == "post" else client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
        elif persona in allowed:
            assert response.status_code in ALLOWED, (persona, url, response.status_code)
        else:
            assert response.status_code in (403, 404), (persona, url, response.status_code)


def test_a_coach_gets_404_for_another_coach_s_runner(gym: Gym) -> None:
    client = _client(gym, "coach_b")
    assert client.get(reverse("coach-runner", kwargs={"runner_id": gym.runner_a.pk})).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_admin_gets_into_the_admin(gym: Gym, persona: str) -> None:
    response = _client(gym, persona).get("/admin/")
    if persona == "admin":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_pages_answer_everyone_and_feeds_need_the_right_token(gym: Gym, persona: str) -> None:
    client = _client(gym, persona)
    assert client.get(reverse("cohort-public", kwargs={"slug": gym.cohort.slug})).status_code == 200
    assert client.get(reverse("cohort-registered", kwargs={"slug": gym.cohort.slug})).status_code == 404
    assert client.get(reverse("calendar-feed", kwargs={"token": "guess"})).status_code == 404
