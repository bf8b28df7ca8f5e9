"""What a runner does: this week, today's session, logging sets (idempotently), finishing, history."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.programs.models import PlannedSession
from crosstrain.training.models import SessionLog, SetLog
from crosstrain.web import settings as app_settings
from tests.web.conftest import Gym, make_runner


@pytest.fixture
def runner_client(gym: Gym) -> Client:
    client = Client()
    assert gym.runner_a.user is not None
    client.force_login(gym.runner_a.user)
    return client


def a_session(gym: Gym) -> PlannedSession:
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    return session


def set_form(exercise: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "client_id": str(uuid.uuid4()),
        "exercise": exercise.pk,
        "reps": exercise.reps or "",
        "seconds": exercise.seconds or "",
    }
    data.update({"load_kg": "12.5", "rir": "3", "pain": "0", "note": ""})
    data.update(changes)
    return data


def test_passwords_are_hashed_with_argon2() -> None:
    # The tests swap in a fast hasher; the app's own setting is what production uses.
    assert app_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_this_week_shows_the_week_s_sessions_and_today(runner_client: Client, gym: Gym) -> None:
    response = runner_client.get(reverse("runner-home"))
    week = response.context["week"]
    assert week.week == 3  # the program started two weeks before this week's Monday
    assert len(week.sessions) == 2
    assert all(s.week == 3 for s in week.sessions)
    today = timezone.localdate()
    assert (week.today is not None) == any(s.date == today for s in week.sessions)


def test_the_session_page_shows_blocks_cues_and_dose(runner_client: Client, gym: Gym) -> None:
    html = runner_client.get(reverse("runner-session", kwargs={"session_id": a_session(gym).pk})).content.decode()
    assert html.index("Foam rolling") < html.index("Mobility") < html.index("Strength")
    assert "How to do it" in html
    assert "Lie on your back with both legs up against a door frame or wall." in html  # a cue of Leg lowering 1
    assert 'id="rest-timer"' in html


def test_logging_a_set_twice_with_the_same_id_logs_it_once(runner_client: Client, gym: Gym) -> None:
    session = a_session(gym)
    exercise = session.exercises.filter(block="strength").first()
    url = reverse("runner-set-log", kwargs={"session_id": session.pk})
    data = set_form(exercise)
    first = runner_client.post(url, data, HTTP_HX_REQUEST="true")
    again = runner_client.post(url, data, HTTP_HX_REQUEST="true")
    assert first.status_code == again.status_code == 200
    assert SetLog.objects.filter(exercise=exercise).count() == 1
    runner_client.post(url, set_form(exercise))
    sets = list(SetLog.objects.filter(exercise=exercise).order_by("set_number"))
    assert [s.set_number for s in sets] == [1, 2]
    assert "Set 1:" in again.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pain": "11"}, "less than or equal to 10"),
        ({"reps": "", "seconds": ""}, "Enter the reps you did"),
        ({"load_kg": "heavy"}, "Enter a number"),
        ({"client_id": "not-a-uuid"}, "Enter a valid UUID"),
    ],
)
def test_bad_set_input_is_explained_and_nothing_is_saved(
    runner_client: Client, gym: Gym, changes: dict[str, Any], message: str
) -> None:
    session = a_session(gym)
    exercise = session.exercises.filter(block="strength").first()
    url = reverse("runner-set-log", kwargs={"session_id": session.pk})
    response = runner_client.post(url, set_form(exercise, **changes), HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not SetLog.objects.exists()
    assert not SessionLog.objects.exists()


def test_an_exercise_from_another_session_is_refused(runner_client: Client, gym: Gym) -> None:
    sessions = list(gym.program(gym.runner_a).sessions.order_by("date")[:2])
    other = sessions[1].exercises.first()
    url = reverse("runner-set-log", kwargs={"session_id": sessions[0].pk})
    assert runner_client.post(url, set_form(other)).status_code == 422
    assert not SetLog.objects.exists()


def test_pain_of_four_or_more_flags_the_session_for_the_coach(runner_client: Client, gym: Gym) -> None:
    session = a_session(gym)
    exercise = session.exercises.filter(block="strength").first()
    url = reverse("runner-set-log", kwargs={"session_id": session.pk})
    runner_client.post(url, set_form(exercise, pain="3"))
    assert not SessionLog.objects.get(session=session).pain_flag
    runner_client.post(url, set_form(exercise, pain="4"))
    assert SessionLog.objects.get(session=session).pain_flag
    finished = runner_client.post(reverse("runner-session-finish", kwargs={"session_id": session.pk}), follow=True)
    assert "your coach will check in" in finished.content.decode()


def test_finishing_shows_in_history(runner_client: Client, gym: Gym) -> None:
    session = a_session(gym)
    runner_client.post(reverse("runner-session-finish", kwargs={"session_id": session.pk}))
    logs = runner_client.get(reverse("runner-history")).context["logs"]
    assert [log.session_id for log in logs] == [session.pk]
    assert logs[0].finished_at is not None


def test_a_runner_without_a_published_program_is_told_to_wait(gym: Gym) -> None:
    waiting = make_runner(gym.coach_a, "Waiting Walt", publish=False, start=timezone.localdate() + timedelta(days=3))
    client = Client()
    assert waiting.user is not None
    client.force_login(waiting.user)
    assert "still designing your program" in client.get(reverse("runner-home")).content.decode()
