"""What each API operation does, as a client sees it: status codes, body shapes and the domain's answers."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.accounts.services import runner_create
from crosstrain.api.models import ApiToken
from crosstrain.core.loads import takes_kg
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.results.models import BlockReport
from crosstrain.scheduling.models import Booking
from crosstrain.screening.models import Screen
from crosstrain.training.models import SessionLog, SetLog
from tests.api.conftest import Api, make_token
from tests.web.conftest import SCREEN, WEEK, Gym, make_cohort, make_runner

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

LIFTER: dict[str, Any] = {"experience": "intermediate", "lifting_experience": "intermediate"}


def a_session(gym: Gym) -> PlannedSession:
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    return session


def a_set(exercise: PlannedExercise, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "exercise_id": exercise.pk,
        "reps": exercise.reps,
        "seconds": exercise.seconds,
        # Kilograms only where weights load the exercise (crosstrain.core.loads): the API refuses them elsewhere.
        "load_kg": "12.5" if takes_kg(gym_catalogue().get(exercise.exercise_id)) else None,
        "rir": 3,
        "pain": 0,
        "note": "felt good",
    }
    return {**body, **changes}


# --- catalogue ----------------------------------------------------------------------------------------------


def test_anyone_lists_the_whole_catalogue_and_can_filter_it_by_category(as_persona: Any) -> None:
    anonymous = as_persona("anonymous")
    everything = anonymous.get("/exercises")
    assert everything.status_code == 200
    assert [e["id"] for e in everything.json()] == [e.id for e in gym_catalogue()]
    power = anonymous.get("/exercises?category=power").json()
    assert power
    assert {e["category"] for e in power} == {"power"}
    assert anonymous.get("/exercises?category=cardio").status_code == 422


def test_one_exercise_answers_with_its_dose_cues_and_progressions(as_persona: Any) -> None:
    body = as_persona("anonymous").get("/exercises/goblet-squat").json()
    assert body["name"] == "Goblet squat"
    assert body["dose"]["sets"] >= 1
    assert body["cues"]
    assert as_persona("anonymous").get("/exercises/no-such-exercise").status_code == 404


# --- screens ------------------------------------------------------------------------------------------------


def test_scoring_a_screen_names_the_weak_link_and_saves_nothing(as_persona: Any) -> None:
    before = Screen.objects.count()
    response = as_persona("anonymous").post("/screens/score", SCREEN)
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 13
    assert body["weak_link"] == "active_straight_leg_raise"
    assert body["asymmetries"] == ["active_straight_leg_raise"]
    assert body["refer"] is False
    assert Screen.objects.count() == before


def test_a_painful_clearing_test_refers_and_a_measured_shoulder_is_scored(as_persona: Any) -> None:
    screen = {
        **SCREEN,
        "shoulder_mobility": {"hand_length_cm": 18, "left_distance_cm": 17, "right_distance_cm": 26},
        "spinal_flexion_pain": True,
    }
    body = as_persona("anonymous").post("/screens/score", screen).json()
    assert body["sides"]["shoulder_mobility"] == {"left": 3, "right": 2}
    assert body["scores"]["rotary_stability"] == 0
    assert body["refer"] is True
    assert "rotary_stability" in body["painful"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"deep_squat": 4}, "deep_squat"),
        ({"hurdle_step": {"left": 2}}, "hurdle_step"),
        ({"sprint": 3}, "sprint"),
        ({"tibia_length_cm": -1}, "tibia_length_cm"),
    ],
)
def test_a_screen_that_cannot_be_scored_is_a_422_naming_the_field(
    as_persona: Any, change: dict[str, Any], field: str
) -> None:
    response = as_persona("anonymous").post("/screens/score", {**SCREEN, **change})
    assert response.status_code == 422
    assert any(field in item["loc"] for item in response.json()["detail"])


def test_a_coach_records_a_screen_their_runner_then_sees(gym: Gym, as_persona: Any) -> None:
    runner_id = gym.runner_a.pk
    today = timezone.localdate()
    screen = {**SCREEN, "active_straight_leg_raise": {"left": 2, "right": 2}}
    response = as_persona("coach_a").post(
        f"/runners/{runner_id}/screens", {"recorded_on": today.isoformat(), "screen": screen}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["total"] == 14
    assert body["weak_link"] is None
    saved = Screen.objects.get(pk=body["id"])
    assert saved.recorded_by == gym.coach_a
    assert saved.recorded_on == today
    listed = as_persona("runner_a").get(f"/runners/{runner_id}/screens").json()
    assert listed[0]["id"] == saved.pk  # newest first


def test_a_re_screen_recorded_through_the_api_at_the_end_of_the_block_makes_the_report(
    gym: Gym, as_persona: Any
) -> None:
    program = Program.objects.get(runner=gym.runner_a, status=Program.Status.PUBLISHED)
    day = program.start + timedelta(days=36)  # the last week of the block, as on the web form
    screen = {**SCREEN, "active_straight_leg_raise": {"left": 2, "right": 2}}
    response = as_persona("coach_a").post(
        f"/runners/{gym.runner_a.pk}/screens", {"recorded_on": day.isoformat(), "screen": screen}
    )
    assert response.status_code == 201
    report = BlockReport.objects.get(program=program)
    assert report.after.pk == response.json()["id"]


def test_recording_a_screen_with_a_missing_test_saves_nothing(gym: Gym, as_persona: Any) -> None:
    screen = {k: v for k, v in SCREEN.items() if k != "deep_squat"}
    before = Screen.objects.count()
    response = as_persona("coach_a").post(
        f"/runners/{gym.runner_a.pk}/screens", {"recorded_on": "2026-01-05", "screen": screen}
    )
    assert response.status_code == 422
    assert Screen.objects.count() == before


# --- programs -----------------------------------------------------------------------------------------------


def test_a_coach_changes_a_runner_s_conditions_weights_and_week_and_the_next_program_follows(
    gym: Gym, as_persona: Any
) -> None:
    """(v3) PATCH /runners/{id}/profile takes conditions, implements and cross-training days; the engine checks
    the whole profile first, and a designed program says what waits."""
    coach = as_persona("coach_a")
    path = f"/runners/{gym.runner_a.pk}/profile"
    birth = (gym.runner_a.start - timedelta(days=60)).isoformat()
    body = {
        "conditions": [{"kind": "postpartum", "birth_date": birth}],
        "running_week": {**WEEK, "thu": "bike:hard"},
    }
    changed = coach.call("patch", path, body)
    assert changed.status_code == 200, changed.json()
    assert changed.json()["conditions"] == [{"kind": "postpartum", "birth_date": birth}]
    assert changed.json()["running_week"]["thu"] == "bike:hard"
    assert as_persona("runner_a").get(path).json()["conditions"] == changed.json()["conditions"]
    design = coach.post(f"/runners/{gym.runner_a.pk}/programs").json()
    assert any("12 weeks after the birth" in line for line in design["held_back"])
    refused = coach.call("patch", path, {"implements": {"kettlebells_kg": ["heavy"]}})
    assert refused.status_code == 422, refused.json()  # the engine's answer to an unusable profile
    assert "implements.kettlebells_kg" in str(refused.json())
    assert as_persona("coach_a").get(path).json()["implements"] == {}  # nothing half-saved


def test_a_coach_designs_a_draft_with_sessions_that_say_why(gym: Gym, as_persona: Any) -> None:
    response = as_persona("coach_a").post(f"/runners/{gym.runner_a.pk}/programs")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft"
    # Runner A's block began before today: the draft is a new version of it, placed from tomorrow on, on the
    # weekday of the slot Runner A is booked in.
    tomorrow = timezone.localdate() + timedelta(days=1)
    booked = {b.slot.day for b in Booking.objects.filter(runner=gym.runner_a).select_related("slot")}
    assert body["sessions"]
    assert all(date.fromisoformat(s["date"]) >= tomorrow for s in body["sessions"])
    assert {date.fromisoformat(s["date"]).weekday() for s in body["sessions"]} == booked
    assert [s["week"] for s in body["sessions"]] == sorted(s["week"] for s in body["sessions"])
    exercises = [e for s in body["sessions"] for e in s["exercises"]]
    assert exercises
    assert all(e["why"] for e in exercises)
    assert Program.objects.get(pk=body["id"]).status == Program.Status.DRAFT


def test_designing_for_a_runner_without_a_screen_says_to_record_one(gym: Gym, as_persona: Any) -> None:
    new = runner_create(
        coach=gym.coach_a,
        name="Screenless Sam",
        email="sam@example.com",
        experience="novice",
        setting="gym",
        equipment=[],
        session_minutes=45,
        start=timezone.localdate(),
        running_week=WEEK,
        races=[],
    )
    response = as_persona("coach_a").post(f"/runners/{new.pk}/programs")
    assert response.status_code == 400
    assert "no movement screen yet: record one first" in response.json()["detail"]
    assert not Program.objects.filter(runner=new).exists()


def test_the_runner_sees_only_their_live_program_and_the_coach_every_one(gym: Gym, as_persona: Any) -> None:
    draft = as_persona("coach_a").post(f"/runners/{gym.runner_a.pk}/programs").json()
    live = gym.program(gym.runner_a)
    coach_list = as_persona("coach_a").get(f"/runners/{gym.runner_a.pk}/programs").json()
    runner_list = as_persona("runner_a").get(f"/runners/{gym.runner_a.pk}/programs").json()
    assert [p["id"] for p in coach_list] == [draft["id"], live.pk]
    assert [p["id"] for p in runner_list] == [live.pk]
    assert as_persona("runner_a").get(f"/programs/{draft['id']}").status_code == 404
    detail = as_persona("runner_a").get(f"/programs/{live.pk}").json()
    assert detail["status"] == "published"
    assert detail["next_phase"]
    first = detail["sessions"][0]["exercises"][0]
    assert {"dose", "why", "progress"} - set(first) == {"dose"}  # the dose is flat: sets, reps, seconds, rir


def test_publishing_a_draft_supersedes_the_live_program_and_only_drafts_publish(gym: Gym, as_persona: Any) -> None:
    coach = as_persona("coach_a")
    old = gym.program(gym.runner_a)
    draft = coach.post(f"/runners/{gym.runner_a.pk}/programs").json()
    published = coach.post(f"/programs/{draft['id']}/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    old.refresh_from_db()
    assert old.status == Program.Status.SUPERSEDED
    again = coach.post(f"/programs/{draft['id']}/publish")
    assert again.status_code == 400
    assert "only a draft can be published" in again.json()["detail"]


# --- the week, sessions, sets -------------------------------------------------------------------------------


def test_the_week_shows_this_weeks_sessions_to_the_runner_and_their_coach(gym: Gym, as_persona: Any) -> None:
    program = gym.program(gym.runner_a)
    for persona in ("runner_a", "coach_a"):
        week = as_persona(persona).get(f"/runners/{gym.runner_a.pk}/week").json()
        assert week["program_id"] == program.pk
        assert week["week"] == 3  # the gym's runners started two weeks before this one
        assert week["sessions"]
        assert {s["week"] for s in week["sessions"]} == {3}
        assert all(s["done"] is False for s in week["sessions"])


def test_a_runner_without_a_live_program_has_an_empty_week(gym: Gym) -> None:
    waiting = make_runner(gym.coach_a, "Waiting Walt", publish=False)
    assert waiting.user is not None
    week = Api(make_token(waiting.user)).get(f"/runners/{waiting.pk}/week").json()
    assert week == {"program_id": None, "week": None, "sessions": [], "today": None, "next_session": None}


def test_a_session_lists_its_exercises_with_the_sets_logged(gym: Gym, as_persona: Any) -> None:
    session = a_session(gym)
    exercise = session.exercises.filter(block="strength").first()
    assert exercise is not None
    as_persona("runner_a").post(f"/sessions/{session.pk}/sets", a_set(exercise))
    for persona in ("runner_a", "coach_a"):
        body = as_persona(persona).get(f"/sessions/{session.pk}").json()
        assert body["runner_id"] == gym.runner_a.pk
        assert body["log"]["finished_at"] is None
        logged = {e["id"]: e["sets_logged"] for e in body["exercises"]}
        assert [s["set_number"] for s in logged[exercise.pk]] == [1]
        assert logged[exercise.pk][0]["load_kg"] in ("12.50", 12.5)


def test_sending_one_client_id_twice_stores_one_set_and_answers_with_the_same_set(gym: Gym, as_persona: Any) -> None:
    session = a_session(gym)
    exercise = session.exercises.filter(block="strength").first()
    assert exercise is not None
    body = a_set(exercise)
    first = as_persona("runner_a").post(f"/sessions/{session.pk}/sets", body)
    again = as_persona("runner_a").post(f"/sessions/{session.pk}/sets", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["client_id"] == body["client_id"]
    assert SetLog.objects.filter(exercise=exercise).count() == 1
    second = as_persona("runner_a").post(f"/sessions/{session.pk}/sets", a_set(exercise))
    assert second.json()["set_number"] == 2


def test_a_client_id_reused_for_another_set_is_refused_without_showing_that_set(gym: Gym, as_persona: Any) -> None:
    session = a_session(gym)
    first, other = list(session.exercises.filter(block="strength"))[:2]
    body = a_set(first, note="private note")
    as_persona("runner_a").post(f"/sessions/{session.pk}/sets", body)
    # A set the other exercise would take (kilograms only if it is loaded), under the reused id.
    reused_body = {**body, "exercise_id": other.pk, "load_kg": a_set(other)["load_kg"]}
    reused = as_persona("runner_a").post(f"/sessions/{session.pk}/sets", reused_body)
    assert reused.status_code == 422
    assert "client_id" in reused.json()["detail"]
    assert "private note" not in reused.content.decode()
    # Another runner sending the same id to their own session learns nothing about the first set either.
    session_b = gym.program(gym.runner_b).sessions.order_by("date").first()
    assert session_b is not None
    exercise_b = session_b.exercises.filter(block="strength").first()
    assert exercise_b is not None
    stolen_body = {**body, "exercise_id": exercise_b.pk, "load_kg": a_set(exercise_b)["load_kg"]}
    stolen = as_persona("runner_b").post(f"/sessions/{session_b.pk}/sets", stolen_body)
    assert stolen.status_code == 422
    assert "private note" not in stolen.content.decode()
    assert SetLog.objects.count() == 1


def test_a_hold_is_logged_in_seconds_and_a_jump_in_foot_contacts(gym: Gym) -> None:
    lifter = make_runner(gym.coach_a, "Lifter Lou", **LIFTER)
    assert lifter.user is not None
    api = Api(make_token(lifter.user))
    session = gym.program(lifter).sessions.filter(exercises__block="power").order_by("date").first()
    assert session is not None
    hold = session.exercises.filter(seconds__isnull=False, block="strength").first()
    power = session.exercises.get(block="power")
    assert hold is not None
    refused = api.post(f"/sessions/{session.pk}/sets", a_set(hold, seconds=None, reps=10))
    assert refused.status_code == 422
    assert "is a hold: enter the seconds you held it" in refused.json()["detail"]
    no_contacts = api.post(f"/sessions/{session.pk}/sets", a_set(power, reps=None, load_kg=None))
    assert no_contacts.status_code == 422
    assert "foot contacts" in no_contacts.json()["detail"]
    assert not SetLog.objects.filter(session_log__runner=lifter).exists()
    assert api.post(f"/sessions/{session.pk}/sets", a_set(hold)).status_code == 201


@pytest.mark.parametrize(
    "changes",
    [
        {"pain": 11},
        {"rir": -1},
        {"load_kg": "12.345"},
        {"load_kg": "501"},
        {"reps": 101},
        {"note": "x" * 301},
        {"note": "a\x00b"},
        {"exercise_id": 2**63},
    ],
)
def test_a_set_out_of_range_is_a_422_and_nothing_is_saved(gym: Gym, as_persona: Any, changes: dict[str, Any]) -> None:
    session = a_session(gym)
    exercise = session.exercises.filter(block="strength").first()
    assert exercise is not None
    response = as_persona("runner_a").post(f"/sessions/{session.pk}/sets", a_set(exercise, **changes))
    assert response.status_code == 422
    assert not SessionLog.objects.filter(session=session).exists()


def test_an_exercise_of_another_session_is_refused(gym: Gym, as_persona: Any) -> None:
    first, second = list(gym.program(gym.runner_a).sessions.order_by("date")[:2])
    exercise = second.exercises.first()
    assert exercise is not None
    response = as_persona("runner_a").post(f"/sessions/{first.pk}/sets", a_set(exercise))
    assert response.status_code == 422
    assert "not part of this session" in response.json()["detail"]
    assert not SetLog.objects.exists()


def test_pain_of_four_flags_the_session_and_finishing_it_marks_it_done(gym: Gym, as_persona: Any) -> None:
    today = timezone.localdate()
    session = gym.program(gym.runner_a).sessions.filter(date__gte=today - timedelta(days=today.weekday())).first()
    assert session is not None
    exercise = session.exercises.filter(block="strength").first()
    assert exercise is not None
    runner = as_persona("runner_a")
    runner.post(f"/sessions/{session.pk}/sets", a_set(exercise, pain=4))
    # One set of many: finishing asks first (crosstrain.core.finishing), then records it as partly done.
    assert runner.post(f"/sessions/{session.pk}/finish").status_code == 422
    finished = runner.post(f"/sessions/{session.pk}/finish?early=true&partly=true")
    assert finished.status_code == 200
    assert finished.json()["pain_flag"] is True
    assert finished.json()["status"] == "partly"
    when = finished.json()["finished_at"]
    assert runner.post(f"/sessions/{session.pk}/finish").json()["finished_at"] == when  # finishing twice: once
    week = runner.get(f"/runners/{gym.runner_a.pk}/week").json()
    assert {s["id"]: s["done"] for s in week["sessions"]}[session.pk] is True
    assert as_persona("coach_a").get(f"/sessions/{session.pk}").json()["log"]["pain_flag"] is True


def test_a_runner_cannot_log_in_a_program_that_is_not_live(gym: Gym, as_persona: Any) -> None:
    draft = as_persona("coach_a").post(f"/runners/{gym.runner_a.pk}/programs").json()
    session = draft["sessions"][0]
    body = a_set(PlannedExercise.objects.get(pk=session["exercises"][0]["id"]))
    assert as_persona("runner_a").post(f"/sessions/{session['id']}/sets", body).status_code == 404
    assert as_persona("runner_a").get(f"/sessions/{session['id']}").status_code == 404
    assert as_persona("coach_a").get(f"/sessions/{session['id']}").status_code == 200


# --- cohorts ------------------------------------------------------------------------------------------------


def test_open_cohorts_are_listed_with_todays_price_and_seats_left(gym: Gym, as_persona: Any) -> None:
    started = make_cohort(gym.coach_b, slug="already-running")
    started.starts_on = timezone.localdate() - timedelta(days=7)
    started.save(update_fields=["starts_on"])
    unpriced = make_cohort(gym.coach_b, slug="no-price-yet")
    unpriced.prices.all().delete()
    cohorts = as_persona("anonymous").get("/cohorts").json()
    assert [c["slug"] for c in cohorts] == [gym.cohort.slug]
    cohort = cohorts[0]
    assert cohort["price_today"]["tier"] == "early bird"
    assert Decimal(str(cohort["price_today"]["amount"])) == Decimal("99.00")
    assert cohort["price_today"]["until"] == (timezone.localdate() + timedelta(days=3)).isoformat()
    assert cohort["seats_left"] == 9  # runner A holds one of the ten
    detail = as_persona("anonymous").get(f"/cohorts/{gym.cohort.slug}").json()
    assert len(detail["slots"]) == 6
    assert detail["slots"][0]["day"] == "mon"
    assert as_persona("anonymous").get("/cohorts/no-such-cohort").status_code == 404


def register(api: Api, slug: str, **changes: Any) -> Any:
    body = {"name": "Ria Runner", "email": "ria@example.com", "mode": "gym", **changes}
    return api.post(f"/cohorts/{slug}/registrations", body, REMOTE_ADDR="203.0.113.7")


def test_anyone_registers_at_todays_price_and_registering_twice_keeps_one(gym: Gym, as_persona: Any) -> None:
    slot = gym.cohort.slots.first()
    assert slot is not None
    first = register(as_persona("anonymous"), gym.cohort.slug, available_slots=[slot.pk], preferred_slots=[slot.pk])
    assert first.status_code == 202
    assert "a link to confirm it is on its way" in first.json()["detail"]
    registration = Registration.objects.get(cohort=gym.cohort, email="ria@example.com")
    assert (registration.status, registration.price, registration.confirmed_at) == ("active", Decimal("99.00"), None)
    again = register(as_persona("anonymous"), gym.cohort.slug, email="RIA@example.com ", name="Someone Else")
    assert (again.status_code, again.json()) == (202, first.json())
    registration = Registration.objects.get(cohort=gym.cohort, email="ria@example.com")
    assert registration.name == "Ria Runner"
    assert list(registration.available_slots.all()) == [slot]


def test_a_full_cohort_puts_the_registration_on_the_waitlist(gym: Gym, as_persona: Any) -> None:
    small = make_cohort(gym.coach_a, seats=1, slug="tiny")
    register(as_persona("anonymous"), small.slug, email="one@example.com")
    register(as_persona("anonymous"), small.slug, email="two@example.com")
    statuses = dict(Registration.objects.filter(cohort=small).values_list("email", "status"))
    assert statuses == {"one@example.com": "active", "two@example.com": "waitlisted"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"message": "x" * 2001}, "message"),
        ({"email": "not-an-email"}, "email"),
        ({"name": ""}, "name"),
        ({"mode": "online"}, "mode"),
        ({"available_slots": [999999]}, "available_slots"),
        ({"name": "Ria\x00"}, "name"),  # PostgreSQL cannot store a NUL: refused before it gets there
    ],
)
def test_a_registration_that_cannot_be_stored_is_a_422_naming_the_field(
    gym: Gym, as_persona: Any, changes: dict[str, Any], field: str
) -> None:
    before = Registration.objects.count()
    response = register(as_persona("anonymous"), gym.cohort.slug, **changes)
    assert response.status_code == 422
    assert field in response.content.decode()
    assert Registration.objects.count() == before


def test_a_read_only_token_cannot_register(gym: Gym) -> None:
    assert gym.coach_b is not None
    reader = Api(make_token(gym.coach_b, ApiToken.Scope.READ))
    response = register(reader, gym.cohort.slug)
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_a_coach_runs_the_timetable_of_their_cohort_and_it_waits_unpublished(gym: Gym, as_persona: Any) -> None:
    Cohort.objects.filter(pk=gym.cohort.pk).update(timetable_published=False)  # not published yet
    response = as_persona("coach_a").post(f"/cohorts/{gym.cohort.slug}/timetable-runs")
    assert response.status_code == 200
    body = response.json()
    assert body["optimal"] is True
    assert body["objective"]["runners_placed"] == 1
    assert len(body["assignments"][f"runner-{gym.runner_a.pk}"]) == 2
    gym.cohort.refresh_from_db()
    assert gym.cohort.timetable_published is False
    assert Booking.objects.filter(runner=gym.runner_a).count() == 2


def test_a_published_timetable_is_previewed_and_confirmed_never_replaced_by_a_run(gym: Gym, as_persona: Any) -> None:
    coach = as_persona("coach_a")
    slug = gym.cohort.slug
    refused = coach.post(f"/cohorts/{slug}/timetable-runs")
    assert refused.status_code == 400
    assert "preview a re-optimization" in refused.json()["detail"]
    # Runner A's one booking is on a Monday, the day before their hard Tuesday: it moves, and they get a second.
    [booking] = Booking.objects.filter(runner=gym.runner_a)
    preview = coach.post(f"/cohorts/{slug}/timetable-previews").json()
    assert preview["published"] is True
    [moved] = preview["moved"]
    assert (moved["runner_id"], moved["before"]) == (gym.runner_a.pk, [booking.slot_id])
    assert len(moved["after"]) == 2
    assert booking.slot_id not in moved["after"]
    assert preview["closing"] == [booking.slot_id]
    assert set(Booking.objects.filter(runner=gym.runner_a).values_list("slot_id", flat=True)) == {booking.slot_id}

    changed = coach.post(f"/cohorts/{slug}/timetable-changes", {"plan": preview["plan"]})
    assert changed.status_code == 200, changed.content
    assert changed.json()["messages"] == 1
    assert set(Booking.objects.filter(runner=gym.runner_a).values_list("slot_id", flat=True)) == set(moved["after"])
    gym.cohort.refresh_from_db()
    assert gym.cohort.timetable_published is True
    again = coach.post(f"/cohorts/{slug}/timetable-changes", {"plan": preview["plan"]})
    assert again.status_code == 400
    assert "changed since this preview" in again.json()["detail"]


# --- people and errors --------------------------------------------------------------------------------------


def test_me_says_who_the_token_is_for(gym: Gym, as_persona: Any) -> None:
    me = as_persona("runner_a").get("/me").json()
    assert me == {
        "username": "user-runner-a",
        "role": "runner",
        "runner_id": gym.runner_a.pk,
        "token_scope": "read-write",
    }
    assert as_persona("coach_a").get("/me").json()["runner_id"] is None


def test_a_coach_lists_only_their_runners_with_compliance(gym: Gym, as_persona: Any) -> None:
    rows = as_persona("coach_a").get("/runners").json()
    assert [r["runner"]["id"] for r in rows] == [gym.runner_a.pk]
    assert {"compliance_7", "compliance_30", "open_flags", "needs_attention"} <= set(rows[0])
    assert as_persona("admin").get("/runners").json() == []


def test_no_credentials_is_a_401_that_says_how_to_sign_in(as_persona: Any) -> None:
    response = as_persona("anonymous").get("/me")
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("path", ["/programs/99999999999999999999999", "/programs/-1", "/programs/abc"])
def test_an_id_no_database_could_hold_is_a_422_not_a_server_error(as_persona: Any, path: str) -> None:
    assert as_persona("coach_a").get(path).status_code == 422


def test_a_slug_with_a_nul_byte_is_a_422(as_persona: Any) -> None:
    assert as_persona("anonymous").get("/cohorts/fall%00back").status_code == 422
