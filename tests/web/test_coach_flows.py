"""What a coach does: add a runner, screen them, design, review, swap, publish; the dashboard."""

from __future__ import annotations

from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.programs.models import PlannedExercise, Program
from crosstrain.programs.services import ProgramActionError, exercise_swap
from crosstrain.screening.models import Screen
from crosstrain.training.models import SessionLog
from tests.web.conftest import WEEK, Gym, log_session, make_runner

EXAMPLES = Path(str(resources.files("crosstrain").joinpath("examples")))


@pytest.fixture
def coach(gym: Gym) -> Client:
    client = Client()
    client.force_login(gym.coach_a)
    return client


def runner_form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Zoe",
        "email": "zoe@example.com",
        "experience": "novice",
        "setting": "gym",
        "session_minutes": "45",
        "start": timezone.localdate().isoformat(),
        "races": "",
        **{f"run_{day}": kind for day, kind in WEEK.items()},
    }
    data.update(changes)
    return data


def screen_form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "recorded_on": timezone.localdate().isoformat(),
        "deep_squat": "2",
        "trunk_stability_pushup": "3",
    }
    for test in ("hurdle_step", "inline_lunge", "shoulder_mobility", "active_straight_leg_raise", "rotary_stability"):
        data[f"{test}_left"] = "2"
        data[f"{test}_right"] = "2"
    data.update(changes)
    return data


def test_a_coach_adds_a_runner_and_is_sent_to_the_screen(coach: Client, gym: Gym) -> None:
    response = coach.post(reverse("coach-runner-new"), runner_form())
    runner = Runner.objects.get(name="Zoe")
    assert runner.coach == gym.coach_a
    assert runner.running_week == WEEK
    assert response["Location"] == reverse("coach-screen-new", kwargs={"runner_id": runner.pk})


def test_a_runner_with_a_running_plan_file_uses_it(coach: Client) -> None:
    upload = SimpleUploadedFile("plan.ics", (EXAMPLES / "running-plan-simple.ics").read_bytes())
    coach.post(reverse("coach-runner-new"), {**runner_form(), "running_plan": upload})
    runner = Runner.objects.get(name="Zoe")
    assert runner.running_plan_name == "plan.ics"
    assert runner.running_week is None
    assert "BEGIN:VCALENDAR" in runner.running_plan_ics


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"session_minutes": "5"}, "session_minutes", "greater than or equal to 20"),
        ({"races": "next sunday"}, "races", "'next sunday' is not a date"),
        ({"start": ""}, "start", "This field is required."),
        ({"equipment": ["rowing_machine"]}, "equipment", "Select a valid choice"),
        ({"running_plan": SimpleUploadedFile("plan.ics", b"not a calendar")}, "running_plan", "could not read it"),
    ],
)
def test_bad_runner_input_is_shown_next_to_the_field_and_nothing_is_saved(
    coach: Client, changes: dict[str, Any], field: str, message: str
) -> None:
    response = coach.post(reverse("coach-runner-new"), runner_form(**changes))
    assert response.status_code == 200
    assert not Runner.objects.filter(name="Zoe").exists()
    errors = response.context["form"].errors
    assert any(message in e for e in errors.get(field, [])), errors


def test_the_screen_is_scored_as_the_coach_types(coach: Client, gym: Gym) -> None:
    url = reverse("coach-screen-preview", kwargs={"runner_id": gym.runner_a.pk})
    response = coach.post(url, screen_form(active_straight_leg_raise_left="1"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<strong>14</strong>/21" in html
    assert "Weak link:" in html
    assert "Active straight-leg raise scored 1" in html
    partial = coach.post(url, {"deep_squat": "2"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Still to fill in" in partial
    assert "hurdle_step.left is missing" in partial


def test_a_screen_with_a_painful_clearing_test_is_saved_with_a_referral(coach: Client, gym: Gym) -> None:
    url = reverse("coach-screen-new", kwargs={"runner_id": gym.runner_a.pk})
    coach.post(url, screen_form(spinal_flexion_pain="on"))
    screen = Screen.objects.filter(runner=gym.runner_a).order_by("-id").first()
    assert screen is not None
    assert screen.refer
    assert screen.scores["scores"]["rotary_stability"] == 0


def test_a_measured_shoulder_replaces_the_scores(coach: Client, gym: Gym) -> None:
    url = reverse("coach-screen-new", kwargs={"runner_id": gym.runner_a.pk})
    data = screen_form(hand_length_cm="18", left_distance_cm="20", right_distance_cm="29")
    data.pop("shoulder_mobility_left")
    data.pop("shoulder_mobility_right")
    coach.post(url, data)
    screen = Screen.objects.filter(runner=gym.runner_a).order_by("-id").first()
    assert screen is not None
    assert screen.scores["sides"]["shoulder_mobility"] == {"left": 2, "right": 1}


def test_an_incomplete_screen_names_the_missing_side_and_saves_nothing(coach: Client, gym: Gym) -> None:
    before = Screen.objects.count()
    data = screen_form()
    data.pop("inline_lunge_right")
    response = coach.post(reverse("coach-screen-new", kwargs={"runner_id": gym.runner_a.pk}), data)
    assert Screen.objects.count() == before
    assert "inline_lunge.right is missing" in str(response.context["form"].errors["inline_lunge_right"])


def test_design_review_and_publish_replaces_the_live_program(coach: Client, gym: Gym) -> None:
    old = gym.program(gym.runner_a)
    response = coach.post(reverse("coach-program-new", kwargs={"runner_id": gym.runner_a.pk}))
    draft = Program.objects.filter(runner=gym.runner_a, status=Program.Status.DRAFT).get()
    assert response["Location"] == reverse("coach-program", kwargs={"program_id": draft.pk})
    page = coach.get(response["Location"]).content.decode()
    assert "Your left active straight-leg raise scored 1" in page
    coach.post(reverse("coach-program-publish", kwargs={"program_id": draft.pk}))
    old.refresh_from_db()
    draft.refresh_from_db()
    assert (old.status, draft.status) == (Program.Status.SUPERSEDED, Program.Status.PUBLISHED)


def test_a_swap_is_only_to_a_variant_the_engine_allows(coach: Client, gym: Gym) -> None:
    program = gym.program(gym.runner_a)
    squat = PlannedExercise.objects.filter(session__program=program, session__letter="A", block="strength").first()
    assert squat is not None
    original = squat.exercise_id
    # The runner's ASLR scored 1: a loaded hinge is not an allowed swap for anything.
    with pytest.raises(ProgramActionError, match="cannot replace"):
        exercise_swap(exercise=squat, new_exercise_id="db-romanian-deadlift")
    coach.post(
        reverse("coach-exercise-swap", kwargs={"exercise_id": squat.pk}), {"replacement": "bodyweight-box-squat"}
    )
    swapped = PlannedExercise.objects.filter(
        session__program=program, session__letter="A", exercise_id="bodyweight-box-squat"
    )
    assert swapped.count() == program.sessions.filter(letter="A").count()
    assert not PlannedExercise.objects.filter(
        session__program=program, session__letter="A", exercise_id=original
    ).exists()


def test_the_dashboard_shows_compliance_and_pain_flags_first(coach: Client, gym: Gym) -> None:
    today = timezone.localdate()
    steady = make_runner(gym.coach_a, "Steady Sam", start=today - timedelta(days=today.weekday() + 14))
    for session in gym.program(steady).sessions.filter(date__lt=today):
        log_session(steady, session)
    sore = gym.runner_a
    last = gym.program(sore).sessions.filter(date__lt=today).order_by("-date").first()
    assert last is not None
    log_session(sore, last, pain=6)
    response = coach.get(reverse("coach-dashboard"))
    rows = response.context["rows"]
    assert next(r.runner.name for r in rows) == "Runner A"
    sam = next(r for r in rows if r.runner.name == "Steady Sam")
    assert sam.done_30 == sam.planned_30 > 0
    assert rows[0].open_flags == 1
    html = response.content.decode()
    assert "reported pain 6/10" in html
    log = SessionLog.objects.get(session=last)
    coach.post(reverse("coach-flag-resolve", kwargs={"log_id": log.pk}))
    assert coach.get(reverse("coach-dashboard")).context["rows"][0].open_flags == 0


def test_runners_and_screens_side_by_side(coach: Client, gym: Gym) -> None:
    url = reverse("coach-screen-new", kwargs={"runner_id": gym.runner_a.pk})
    coach.post(url, screen_form(active_straight_leg_raise_left="3", active_straight_leg_raise_right="3"))
    page = coach.get(reverse("coach-runner", kwargs={"runner_id": gym.runner_a.pk}))
    assert len(page.context["screens"]) == 2
    aslr = next(r for r in page.context["rows"] if r[0] == "Active straight-leg raise")
    assert aslr[1] == [1, 3]


def test_an_invite_lets_the_runner_set_a_password_once(coach: Client, gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "New Runner", with_user=False)
    coach.post(reverse("coach-runner-invite", kwargs={"runner_id": runner.pk}))
    runner.refresh_from_db()
    assert runner.invite_token
    url = reverse("invite-accept", kwargs={"token": runner.invite_token})
    weak = Client().post(url, {"username": "newbie", "password": "password1", "password_again": "password1"})
    assert weak.status_code == 200
    assert "password" in weak.context["form"].errors
    guest = Client()
    done = guest.post(url, {"username": "newbie", "password": "tempo-tuesday-42", "password_again": "tempo-tuesday-42"})
    assert done["Location"] == reverse("runner-home")
    runner.refresh_from_db()
    assert runner.user is not None
    assert runner.user.check_password("tempo-tuesday-42")
    assert guest.get(reverse("runner-home")).status_code == 200
    assert Client().get(url).status_code == 404


def test_a_coach_edits_a_runner_and_bad_changes_save_nothing(coach: Client, gym: Gym) -> None:
    url = reverse("coach-runner-edit", kwargs={"runner_id": gym.runner_a.pk})
    page = coach.get(url)
    assert page.context["form"].initial["run_tue"] == "hard"
    coach.post(url, runner_form(name="Runner A", session_minutes="60", races="2027-04-18"))
    gym.runner_a.refresh_from_db()
    assert (gym.runner_a.session_minutes, gym.runner_a.races) == (60, ["2027-04-18"])
    response = coach.post(url, runner_form(name="Runner A", session_minutes="5"))
    assert response.status_code == 200
    gym.runner_a.refresh_from_db()
    assert gym.runner_a.session_minutes == 60
