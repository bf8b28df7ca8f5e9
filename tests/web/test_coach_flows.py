"""What a coach does: add a runner, screen them, design, review, swap, publish; the dashboard."""

from __future__ import annotations

import re
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
from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.screen import NEUTRAL_SCREEN
from crosstrain.programs.models import PlannedExercise, Program
from crosstrain.programs.services import ProgramActionError, exercise_swap, swap_choices
from crosstrain.screening.models import Screen
from crosstrain.training.models import SessionLog
from tests.web.conftest import WEEK, Gym, log_session, make_runner

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

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
        ({"session_minutes": "5"}, "session_minutes", "greater than or equal to 15"),
        ({"races": "next sunday"}, "races", "Line 1 (next sunday): next sunday is not a date"),
        (
            {"races": "2027-04-18, 10 km, A\n2027-05-02, 10 leagues, A"},
            "races",
            "Line 2 (2027-05-02, 10 leagues, A): '10 leagues'",
        ),
        ({"races": "2027-04-18, 2027-05-02"}, "races", "Line 1 (2027-04-18, 2027-05-02): put each race on its own"),
        ({"races": "2027-04-18\n2027-05-02, -5 km"}, "races", "Line 2 (2027-05-02, -5 km), distance: "),
        ({"races": "2027-04-18, 10 km, D"}, "races", "Line 1 (2027-04-18, 10 km, D), priority: D is not one of"),
        (
            {"injuries": "shin, bone stress, 2025-05-01"},
            "injuries",
            "Line 1 (shin, bone stress, 2025-05-01), area: shin is not one of",
        ),
        ({"injuries": "tibia bone stress 2025-05-01"}, "injuries", "write the area, the kind and the date"),
        (
            {"injuries": "tibia, broken, 2025-05-01"},
            "injuries",
            "Line 1 (tibia, broken, 2025-05-01), kind: broken is not one of",
        ),
        ({"age": "7"}, "age", "Age: 7 is not an age"),
        ({"lifting_experience": "expert"}, "lifting_experience", "Select a valid choice"),
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
    assert "Hurdle step, left side: missing" in partial


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
    assert "Inline lunge, right side: missing" in str(response.context["form"].errors["inline_lunge_right"])


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
    today = timezone.localdate()
    swapped = PlannedExercise.objects.filter(
        session__program=program, session__letter="A", exercise_id="bodyweight-box-squat"
    )
    # From today on every A session has the swap; the sessions before today stay as they were planned.
    assert swapped.count() == program.sessions.filter(letter="A", date__gte=today).count()
    assert not swapped.filter(session__date__lt=today).exists()
    assert not PlannedExercise.objects.filter(
        session__program=program, session__letter="A", exercise_id=original, session__date__gte=today
    ).exists()
    assert PlannedExercise.objects.filter(
        session__program=program, session__letter="A", exercise_id=original, session__date__lt=today
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
    rows = response.context["page"].object_list  # the first page of the dashboard, attention first
    assert next(r.runner_name for r in rows) == "Runner A"
    sam = next(r for r in rows if r.runner_name == "Steady Sam")
    assert sam.done_30 == sam.planned_30 > 0
    assert rows[0].open_flags == 1
    html = response.content.decode()
    assert "reported pain 6/10" in html
    log = SessionLog.objects.get(session=last)
    coach.post(reverse("coach-flag-resolve", kwargs={"log_id": log.pk}))
    assert coach.get(reverse("coach-dashboard")).context["page"].object_list[0].open_flags == 0


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


def test_the_runner_form_takes_age_lifting_experience_injuries_and_races(coach: Client) -> None:
    today = timezone.localdate()
    goal, tune_up, later = today + timedelta(days=40), today + timedelta(days=19), today + timedelta(days=70)
    hurt = today - timedelta(days=400)
    response = coach.post(
        reverse("coach-runner-new"),
        runner_form(
            age="56",
            lifting_experience="intermediate",
            races=f"{goal}, 21.1 km, A\n\n{tune_up}, 5k, c\n{later}",
            injuries=f"Tibia, bone stress, {hurt}",
            run_tue="easy,hard",
        ),
    )
    runner = Runner.objects.get(name="Zoe")
    assert response["Location"] == reverse("coach-screen-new", kwargs={"runner_id": runner.pk})
    assert (runner.age, runner.lifting_experience) == (56, "intermediate")
    assert runner.races == [
        {"date": goal.isoformat(), "distance_km": 21.1, "priority": "A"},
        {"date": tune_up.isoformat(), "distance_km": 5, "priority": "C"},
        later.isoformat(),  # a date alone: the distance is not known yet
    ]
    assert runner.injuries == [{"area": "tibia", "kind": "bone_stress", "date": hurt.isoformat()}]
    assert runner.running_week is not None
    assert runner.running_week["tue"] == ["easy", "hard"]
    profile = runner.profile_data({})
    assert (profile["age"], profile["lifting_experience"], profile["injuries"]) == (56, "intermediate", runner.injuries)

    page = coach.get(reverse("coach-runner", kwargs={"runner_id": runner.pk})).content.decode()
    assert "56 years" in page
    assert "lifting: intermediate" in page
    assert f"{goal} (21.1 km, A)" in page
    assert f"{tune_up} (5 km, C)" in page
    assert f"{later} (distance not given)" in page
    assert f"tibia (bone stress) from {hurt}" in page
    assert "Tue easy + hard" in page

    form = coach.get(reverse("coach-runner-edit", kwargs={"runner_id": runner.pk})).context["form"]
    assert form.initial["races"] == f"{goal}, 21.1 km, A\n{tune_up}, 5 km, C\n{later}"
    assert form.initial["injuries"] == f"tibia, bone stress, {hurt}"
    assert form.initial["run_tue"] == "easy,hard"
    # Saving the form as shown changes nothing.
    before = (runner.races, runner.injuries, runner.running_week)
    unchanged = {k: form.initial[k] for k in ("races", "injuries", "age", "lifting_experience", "run_tue")}
    coach.post(reverse("coach-runner-edit", kwargs={"runner_id": runner.pk}), runner_form(**unchanged))
    runner.refresh_from_db()
    assert (runner.races, runner.injuries, runner.running_week) == before


def test_a_runner_without_the_new_details_sends_none_of_them_to_the_engine(gym: Gym) -> None:
    profile = gym.runner_a.profile_data({})
    assert not {"age", "lifting_experience", "injuries"} & set(profile)


def test_races_stored_as_bare_dates_are_still_read(coach: Client, gym: Gym) -> None:
    race = (timezone.localdate() + timedelta(days=30)).isoformat()
    Runner.objects.filter(pk=gym.runner_a.pk).update(races=[race])
    page = coach.get(reverse("coach-runner", kwargs={"runner_id": gym.runner_a.pk})).content.decode()
    assert f"{race} (distance not given)" in page
    response = coach.post(reverse("coach-program-new", kwargs={"runner_id": gym.runner_a.pk}))
    assert response.status_code == 302
    assert Program.objects.filter(runner=gym.runner_a, status=Program.Status.DRAFT).exists()


def test_a_bad_race_line_in_an_edit_names_the_line_and_changes_nothing(coach: Client, gym: Gym) -> None:
    url = reverse("coach-runner-edit", kwargs={"runner_id": gym.runner_a.pk})
    response = coach.post(
        url,
        runner_form(name="Runner A", age="40", session_minutes="60", races="2027-04-18, 10 km, A\n2027-05-02, 0 km"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["races"]
    assert any(e.startswith("Line 2 (2027-05-02, 0 km), distance: ") for e in errors), errors
    gym.runner_a.refresh_from_db()
    assert (gym.runner_a.session_minutes, gym.runner_a.age, gym.runner_a.races) == (45, None, [])


LIFTER: dict[str, Any] = {"experience": "intermediate", "lifting_experience": "intermediate"}


def test_the_program_page_shows_power_warm_ups_supersets_the_weaker_side_and_progress(coach: Client, gym: Gym) -> None:
    lifter = make_runner(gym.coach_a, "Lifter Lou", **LIFTER)
    program = gym.program(lifter)
    planned = PlannedExercise.objects.filter(session__program=program)
    assert planned.filter(block="power").exists()
    assert planned.filter(main_lift=True, warmup_sets__gt=0).exists()
    assert planned.exclude(superset="").exists()
    assert planned.filter(weaker_side="left").exists()  # the left active straight-leg raise scored 1
    assert not planned.filter(block="strength", progress="").exists()

    response = coach.get(reverse("coach-program", kwargs={"program_id": program.pk}))
    html = response.content.decode()
    assert '<span class="block-tag power">Power</span>' in html
    assert re.search(r"\+ \d warm-up sets", html)
    assert "foot contacts" in html
    assert '<span class="tag superset">A1</span>' in html
    assert "Left side first, +1 set." in html
    assert "Next time:" in html
    assert "main lift" in html
    # Power joins in week 2, yet its exercise can be swapped like the others.
    templates = {letter: items for letter, _, items in response.context["templates"]}
    assert any(e.block == "power" for e, _, _, _ in templates["A"])


def test_a_recent_bone_stress_injury_keeps_power_out_of_the_program(gym: Gym) -> None:
    healed = (timezone.localdate() - timedelta(days=60)).isoformat()
    runner = make_runner(
        gym.coach_a, "Healing Hal", **LIFTER, injuries=[{"area": "tibia", "kind": "bone_stress", "date": healed}]
    )
    assert not PlannedExercise.objects.filter(session__program=gym.program(runner), block="power").exists()


def test_a_race_s_lead_in_and_restart_are_saved_with_the_sessions(gym: Gym) -> None:
    today = timezone.localdate()
    start = today - timedelta(days=today.weekday() + 21)
    race = {"date": (start + timedelta(days=26)).isoformat(), "distance_km": 21.1, "priority": "A"}
    runner = make_runner(gym.coach_a, "Racing Rae", start=start, races=[race])
    phases = list(gym.program(runner).sessions.order_by("date").values_list("phase", flat=True))
    assert phases[0] == "build"
    assert {"lead_in", "restart"} <= set(phases)


def test_a_swap_keeps_the_superset_label_and_rewrites_the_progress_note(gym: Gym) -> None:
    lifter = make_runner(gym.coach_a, "Lifter Lou", **LIFTER)
    program = gym.program(lifter)
    planned = PlannedExercise.objects.filter(session__program=program, session__letter="A")
    # A body-weight exercise in a superset, swapped for a loaded one: same pair, a progression by load.
    catalogue = default_catalogue()
    candidates = [
        (e, next((o for o in options if o.external), None))
        for e, options in swap_choices(program=program, exercises=planned.exclude(superset="").filter(block="strength"))
        if not catalogue[e.exercise_id].external
    ]
    paired, chosen = next((e, o) for e, o in candidates if o is not None)
    exercise_swap(exercise=paired, new_exercise_id=chosen.id)
    swapped = list(planned.filter(exercise_id=chosen.id))
    assert swapped
    assert {e.superset for e in swapped} == {paired.superset}
    assert all(e.progress and e.progress != paired.progress for e in swapped)

    main = planned.filter(main_lift=True).first()
    assert main is not None
    [(_, options)] = swap_choices(program=program, exercises=[main])
    unloaded = next(o for o in options if not o.external)
    exercise_swap(exercise=main, new_exercise_id=unloaded.id)
    for e in planned.filter(exercise_id=unloaded.id):
        assert (e.warmup_sets, e.main_lift) == (0, False)
        assert "kg" not in e.progress


def test_a_coach_records_conditions_weights_and_cross_training_and_the_program_follows(coach: Client) -> None:
    """(v3) Postpartum without a pelvic-floor check, kettlebells at home, a hard bike session and a match: the
    runner is stored in the engine's shapes, the designed program holds back jumps and heavy bracing, says why on
    the coach's page, and the edit form shows what was typed."""
    start = timezone.localdate()
    birth = start - timedelta(days=200)
    form = runner_form(
        setting="home",
        equipment=["kettlebell", "band"],
        kettlebells_kg="12, 24, 24",
        postpartum_birth_date=birth.isoformat(),
        run_thu="bike:hard",
        run_sat="match:hard",
        lifting_experience="intermediate",
    )
    response = coach.post(reverse("coach-runner-new"), form)
    runner = Runner.objects.get(name="Zoe")
    assert response.status_code == 302
    assert runner.conditions == [{"kind": "postpartum", "birth_date": birth.isoformat(), "pelvic_floor_cleared": False}]
    assert runner.implements == {"kettlebells_kg": [12, 24, 24]}
    assert runner.running_week["thu"] == "bike:hard"
    coach.post(reverse("coach-screen-new", kwargs={"runner_id": runner.pk}), screen_form())
    coach.post(reverse("coach-program-new", kwargs={"runner_id": runner.pk}))
    program = Program.objects.get(runner=runner)
    exercises = PlannedExercise.objects.filter(session__program=program)
    assert not exercises.filter(block="power").exists()
    assert not exercises.filter(main_lift=True).exists()
    assert any("pelvic-floor check" in line for line in program.held_back)
    page = coach.get(reverse("coach-program", kwargs={"program_id": program.pk})).content.decode()
    assert "What waits, and why" in page
    assert "pelvic-health physiotherapist" in page
    edit = coach.get(reverse("coach-runner-edit", kwargs={"runner_id": runner.pk})).content.decode()
    assert 'value="12, 24, 24"' in edit
    assert f'value="{birth.isoformat()}"' in edit


def test_a_kettlebell_weight_that_is_not_a_number_is_shown_next_to_the_field_and_nothing_is_saved(
    coach: Client,
) -> None:
    response = coach.post(
        reverse("coach-runner-new"), runner_form(setting="home", equipment=["kettlebell"], kettlebells_kg="12, heavy")
    )
    assert response.status_code == 200
    assert not Runner.objects.filter(name="Zoe").exists()
    assert "'heavy' is not a weight" in " ".join(response.context["form"].errors["kettlebells_kg"])


def test_the_runner_s_session_page_says_what_waits_and_why(gym: Gym) -> None:
    """(v3) A runner whose shoulder hurt on the clearing test reads on every session page what waits for the
    clinician, in plain words."""
    screen = {**NEUTRAL_SCREEN, "shoulder_clearing_pain": {"left": True, "right": False}}
    runner = make_runner(gym.coach_a, "Pia", screen=screen)
    assert runner.user is not None
    client = Client()
    client.force_login(runner.user)
    session = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED).sessions.order_by("date").first()
    assert session is not None
    page = client.get(reverse("runner-session", kwargs={"session_id": session.pk})).content.decode()
    assert "What waits for now, and why" in page
    assert "left shoulder clearing test" in page
    assert "plank and all-fours positions" in page


def test_a_hold_is_logged_in_seconds_without_a_reps_in_reserve_field(gym: Gym) -> None:
    """(v3) Timed holds carry seconds, never an RIR: the runner's set form does not ask for one."""
    runner = make_runner(gym.coach_a, "Hal")
    assert runner.user is not None
    client = Client()
    client.force_login(runner.user)
    program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    hold = PlannedExercise.objects.filter(session__program=program, seconds__isnull=False, block="strength").first()
    assert hold is not None
    assert hold.rir is None
    page = client.get(reverse("runner-session", kwargs={"session_id": hold.session_id})).content.decode()
    form = page[page.index(f'name="exercise" value="{hold.pk}"') :]
    form = form[: form.index("</form>")]
    assert 'name="seconds"' in form
    assert 'name="rir"' not in form
