"""What a runner does: this week, today's session, logging sets (idempotently), finishing, history."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.loads import takes_kg
from crosstrain.core.vocabulary import Load
from crosstrain.programs.models import PlannedSession
from crosstrain.training.models import SessionLog, SetLog
from crosstrain.web import settings as app_settings
from tests.web.conftest import Gym, log_session, make_runner

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar


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
    # Kilograms only where weights load the exercise (crosstrain.core.loads): the form refuses them elsewhere.
    load = "12.5" if takes_kg(default_catalogue().get(exercise.exercise_id)) else ""
    data.update({"load_kg": load, "rir": "3", "pain": "0", "note": ""})
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
    url = reverse("runner-session-finish", kwargs={"session_id": session.pk})
    finished = runner_client.post(url, {"partly": "1"}, follow=True)
    assert "Session finished as partly done: 2 of " in finished.content.decode()
    assert "your coach will check in" in finished.content.decode()


def test_finishing_shows_in_history(runner_client: Client, gym: Gym) -> None:
    session = a_session(gym)
    log_session(gym.runner_a, session, finish=False, every_set=True)
    runner_client.post(reverse("runner-session-finish", kwargs={"session_id": session.pk}))
    logs = runner_client.get(reverse("runner-history")).context["logs"]
    assert [log.session_id for log in logs] == [session.pk]
    assert logs[0].finished_at is not None
    assert logs[0].status == "done"


def test_a_runner_without_a_published_program_is_told_to_wait(gym: Gym) -> None:
    waiting = make_runner(gym.coach_a, "Waiting Walt", publish=False, start=timezone.localdate() + timedelta(days=3))
    client = Client()
    assert waiting.user is not None
    client.force_login(waiting.user)
    assert "still designing your program" in client.get(reverse("runner-home")).content.decode()


LIFTER: dict[str, Any] = {"experience": "intermediate", "lifting_experience": "intermediate"}


def card(html: str, exercise_pk: int) -> str:
    """One exercise's card on the session page, up to the end of its set form."""
    start = html.index(f'id="exercise-{exercise_pk}"')
    return html[start : html.index("</form>", start)]


def test_the_session_page_logs_seconds_for_a_hold_and_foot_contacts_for_power(gym: Gym) -> None:
    lifter = make_runner(gym.coach_a, "Lifter Lou", **LIFTER)
    assert lifter.user is not None
    client = Client()
    client.force_login(lifter.user)
    session = gym.program(lifter).sessions.filter(exercises__block="power").order_by("date").first()
    assert session is not None
    power = session.exercises.get(block="power")
    hold = session.exercises.filter(block="strength", seconds__isnull=False).first()
    assert hold is not None
    html = client.get(reverse("runner-session", kwargs={"session_id": session.pk})).content.decode()
    assert html.index("<h2>Mobility</h2>") < html.index("<h2>Power</h2>") < html.index("<h2>Strength</h2>")
    hold_card, power_card = card(html, hold.pk), card(html, power.pk)
    assert 'name="seconds"' in hold_card
    assert 'name="reps"' not in hold_card
    assert 'name="load_kg"' not in hold_card  # a hold takes seconds, no kg
    assert "Foot contacts" in power_card
    assert 'name="reps"' in power_card
    assert 'name="load_kg"' not in power_card
    assert "foot contacts" in power_card  # the dose: sets x foot contacts

    url = reverse("runner-set-log", kwargs={"session_id": session.pk})
    refused = client.post(url, set_form(hold, reps="10", seconds=""), HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert "is a hold: enter the seconds you held it" in refused.content.decode()
    assert not SetLog.objects.exists()
    held = client.post(url, set_form(hold), HTTP_HX_REQUEST="true")
    assert f"Set 1: {hold.seconds} s" in held.content.decode()
    jumped = client.post(url, set_form(power, load_kg="", rir=""), HTTP_HX_REQUEST="true")
    assert f"Set 1: {power.reps} foot contacts" in jumped.content.decode()
    assert SetLog.objects.get(exercise=power).reps == power.reps


def test_this_week_shows_a_race_lead_in(gym: Gym) -> None:
    today = timezone.localdate()
    start = today - timedelta(days=today.weekday() + 21)  # this is week 4, with the race on its Saturday
    race = {"date": (start + timedelta(days=26)).isoformat(), "distance_km": 21.1, "priority": "A"}
    runner = make_runner(gym.coach_a, "Racing Rae", start=start, races=[race])
    assert runner.user is not None
    client = Client()
    client.force_login(runner.user)
    response = client.get(reverse("runner-home"))
    assert any(s.phase == "lead_in" for s in response.context["week"].sessions)
    assert '<span class="tag phase">Race lead-in</span>' in response.content.decode()


def test_a_build_week_shows_no_phase(runner_client: Client) -> None:
    response = runner_client.get(reverse("runner-home"))
    assert all(s.phase == "build" for s in response.context["week"].sessions)
    assert "tag phase" not in response.content.decode()


def test_the_kg_field_is_only_on_exercises_with_weights(gym: Gym) -> None:
    """No kg on body-weight, band or hold exercises; a band's colour goes in the note (the catalogue's load)."""
    catalogue = default_catalogue()
    runner = make_runner(gym.coach_a, "Lifter Lin", **LIFTER)
    assert runner.user is not None
    client = Client()
    client.force_login(runner.user)
    seen: set[Load] = set()
    for session in gym.program(runner).sessions.order_by("date")[:4]:
        html = client.get(reverse("runner-session", kwargs={"session_id": session.pk})).content.decode()
        for exercise in session.exercises.filter(block="strength"):
            load = catalogue[exercise.exercise_id].load
            shown = card(html, exercise.pk)
            weighed = load is Load.EXTERNAL
            assert ('name="load"' in shown) is weighed, (exercise.name, load)
            assert ("Band colour" in shown) is (load is Load.BAND), exercise.name
            seen.add(load)
    assert seen == {Load.EXTERNAL, Load.BODYWEIGHT, Load.BAND}
