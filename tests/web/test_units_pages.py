"""Loads in the runner's unit on the pages and in the API (issue 25): a pound gym's runner types pounds, reads
pounds and gets pounds back from the API, exactly; switching the gym's units shows at once on cached pages."""

from __future__ import annotations

import csv
import io
import re
import uuid
import zipfile
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from crosstrain.core.units import UnitSystem
from crosstrain.gym.models import GymSettings
from crosstrain.gym.services import gym_settings_save, own_units_set
from crosstrain.printable.stored import stored_program_document
from crosstrain.privacy.export import runner_export
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, PlannedSession
from crosstrain.training.models import SetLog
from crosstrain.training.services import session_finish
from tests.web.conftest import Gym
from tests.web.test_reports import RESCREEN_DAY, Block, client_for, finish, log_loads, make_block, rescreen

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

SQUAT = "goblet-squat-to-box"  # runner A's loaded squat in session A (a dumbbell or kettlebell held at the chest)


def squat_session(gym: Gym) -> tuple[PlannedSession, PlannedExercise]:
    for session in gym.program(gym.runner_a).sessions.order_by("date"):
        found = session.exercises.filter(exercise_id=SQUAT).first()
        if found is not None:
            return session, found
    raise AssertionError("runner A has no goblet squat")


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def card(page: str, exercise: PlannedExercise) -> str:
    start = page.index(f'id="exercise-{exercise.pk}"')
    end = page.find('id="exercise-', start + 1)
    return page[start : end if end > 0 else len(page)]


def log_set(client: Client, session: PlannedSession, exercise: PlannedExercise, load: str, unit: str) -> str:
    url = reverse("runner-set-log", kwargs={"session_id": session.pk})
    data = {"client_id": uuid.uuid4(), "exercise": exercise.pk, "reps": 10, "load": load, "load_unit": unit}
    response = client.post(url, {**data, "rir": 2, "pain": 0}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def test_a_pound_gyms_runner_types_and_reads_pounds_and_35_lb_stays_35_lb(gym: Gym) -> None:
    gym_settings_save(units="imperial")
    session, squat = squat_session(gym)
    runner = signed_in(gym.runner_a.user)
    form = card(runner.get(reverse("runner-session", kwargs={"session_id": session.pk})).content.decode(), squat)
    assert f'<label for="load-{squat.pk}">lb</label>' in form
    assert 'name="load_unit" value="lb"' in form
    assert " kg" not in form
    row = log_set(runner, session, squat, "35", "lb")
    assert SetLog.objects.get(exercise=squat).load_kg == Decimal("15.8757")
    assert "Set 1: 10 reps with 35 lb" in row
    assert re.search(r'name="load" [^>]*value="35"', row)  # the next set starts from the load just used
    # Edited a hundred times over (shown, typed again), it is still 35 lb.
    for _ in range(100):
        shown = re.search(r'name="load" [^>]*value="([^"]*)"', log_set(runner, session, squat, "35", "lb"))
        assert shown is not None
        assert shown.group(1) == "35"
    assert {s.load_kg for s in SetLog.objects.filter(exercise=squat)} == {Decimal("15.8757")}


def test_a_load_that_is_not_a_weight_is_refused_in_words(gym: Gym) -> None:
    gym_settings_save(units="imperial")
    session, squat = squat_session(gym)
    url = reverse("runner-set-log", kwargs={"session_id": session.pk})
    data = {"client_id": uuid.uuid4(), "exercise": squat.pk, "reps": 10, "load": "heavy", "load_unit": "lb"}
    response = signed_in(gym.runner_a.user).post(url, {**data, "pain": 0}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "is not a weight; write a number of pounds, like 30" in response.content.decode().replace("&#x27;", "'")
    assert not SetLog.objects.filter(exercise=squat).exists()


def test_the_suggestion_steps_to_the_next_us_dumbbell(gym: Gym) -> None:
    gym_settings_save(units="imperial")
    session, squat = squat_session(gym)
    runner = signed_in(gym.runner_a.user)
    for _ in range(squat.sets):
        log_set(runner, session, squat, "30", "lb")
    later = (
        PlannedSession.objects.filter(program=session.program, letter=session.letter, date__gt=session.date)
        .order_by("date")
        .first()
    )
    assert later is not None
    after = later.exercises.get(exercise_id=SQUAT)
    page = runner.get(reverse("runner-session", kwargs={"session_id": later.pk})).content.decode()
    found = re.search(r'<p class="suggestion"[^>]*><strong>Today:</strong> (.*?)</p>', card(page, after), re.S)
    assert found is not None
    said = found.group(1)
    assert "with 30 lb" in said
    assert re.search(r"with (35|30) lb", said.split("→")[1]), said  # a weight on a US rack, never kg
    assert " kg" not in card(page, after)


def test_switching_units_shows_at_once_on_cached_pages(gym: Gym) -> None:
    session, squat = squat_session(gym)
    runner = signed_in(gym.runner_a.user)
    log_set(runner, session, squat, "20", "kg")
    url = reverse("runner-session", kwargs={"session_id": session.pk})
    assert "Set 1: 10 reps with 20 kg" in runner.get(url).content.decode()
    gym_settings_save(units="imperial")
    assert "Set 1: 10 reps with 44.09 lb" in runner.get(url).content.decode()
    own_units_set(user_id=gym.runner_a.user.pk, units=UnitSystem.METRIC)  # type: ignore[union-attr]
    assert "Set 1: 10 reps with 20 kg" in runner.get(url).content.decode()
    assert GymSettings.objects.get().units == "imperial"


def test_the_api_takes_and_gives_the_load_in_the_callers_unit(gym: Gym) -> None:
    gym_settings_save(units="imperial")
    session, squat = squat_session(gym)
    client = signed_in(gym.runner_a.user)
    csrf = client.get("/me/offline/").json()["csrf"]
    body = {"client_id": str(uuid.uuid4()), "exercise_id": squat.pk, "reps": 8, "load": "35", "load_unit": "lb"}
    url = f"/api/v1/sessions/{session.pk}/sets"
    sent = client.post(url, body, content_type="application/json", headers={"X-CSRFToken": csrf})
    assert sent.status_code == 201, sent.content
    answer = sent.json()
    assert (answer["load"], answer["load_unit"], answer["load_kg"]) == ("35", "lb", "15.88")
    assert SetLog.objects.get(client_id=body["client_id"]).load_kg == Decimal("15.8757")
    both = {**body, "client_id": str(uuid.uuid4()), "load_kg": "15"}
    refused = client.post(url, both, content_type="application/json", headers={"X-CSRFToken": csrf})
    assert refused.status_code == 422
    assert "send the load once" in refused.content.decode()
    no_unit = {"client_id": str(uuid.uuid4()), "exercise_id": squat.pk, "reps": 8, "load": "35"}
    refused = client.post(url, no_unit, content_type="application/json", headers={"X-CSRFToken": csrf})
    assert refused.status_code == 422
    assert "load needs its unit" in refused.content.decode()


def test_a_pound_runners_export_has_the_load_in_pounds_in_its_own_column(gym: Gym) -> None:
    gym_settings_save(units="imperial")
    session, squat = squat_session(gym)
    log_set(signed_in(gym.runner_a.user), session, squat, "35", "lb")
    archive = zipfile.ZipFile(io.BytesIO(runner_export(runner=gym.runner_a)))
    rows = list(csv.DictReader(io.StringIO(archive.read("set_logs.csv").decode("utf-8-sig"), newline="")))
    assert [(row["load_kg"], row["load_lb"]) for row in rows] == [("15.88", "35")]
    own_units_set(user_id=gym.runner_a.user.pk, units=UnitSystem.METRIC)  # type: ignore[union-attr]
    archive = zipfile.ZipFile(io.BytesIO(runner_export(runner=gym.runner_a)))
    header = archive.read("set_logs.csv").decode("utf-8-sig").splitlines()[0]
    assert "load_kg" in header
    assert "load_lb" not in header


def test_a_report_reads_in_pounds(gym: Gym) -> None:
    block: Block = make_block(gym.coach_a, "Ana Lopez")
    for session, load in ((0, 45), (2, 50), (4, 52.5)):  # the front squat's best set per session
        log_loads(block, session, "barbell-front-squat", load)
    finish(block, *range(9))
    gym_settings_save(units="imperial")
    report = rescreen(block, RESCREEN_DAY)
    assert report is not None
    url = reverse("report", kwargs={"report_id": report.pk})
    page = " ".join(client_for(gym.coach_a).get(url).content.decode().split())
    # 45 → 52.5 kg on the bar: 99.21 → 115.74 lb, the same +17 %.
    row = "<td>Barbell front squat</td><td>99.21 lb</td><td>115.74 lb</td><td>+16.53 lb (+17%)</td><td>3</td>"
    assert row in page
    assert " kg<" not in page


def test_the_coachs_api_feed_gives_the_load_in_the_coachs_unit(gym: Gym) -> None:
    gym_settings_save(units="imperial")
    session, squat = squat_session(gym)
    log_set(signed_in(gym.runner_a.user), session, squat, "35", "lb")
    session_finish(runner=gym.runner_a, session=session, early=True, partly=True)
    coach = signed_in(gym.coach_a)
    [item] = coach.get("/api/v1/training-feed").json()["items"]
    [logged] = [s for e in item["exercises"] for s in e["sets"] if s["load_kg"] is not None]
    assert (logged["load"], logged["load_unit"], logged["load_kg"]) == ("35", "lb", "15.88")
    own_units_set(user_id=gym.coach_a.pk, units=UnitSystem.METRIC)
    [item] = coach.get("/api/v1/training-feed").json()["items"]
    [logged] = [s for e in item["exercises"] for s in e["sets"] if s["load_kg"] is not None]
    assert (logged["load"], logged["load_unit"]) == ("15.88", "kg")


def test_the_printable_programs_next_steps_read_in_pounds(gym: Gym) -> None:
    program = gym.program(gym.runner_a)

    def steps(units: UnitSystem) -> list[str]:
        document = stored_program_document(program, catalogue=gym_catalogue(), units=units)
        return [
            row.next for week in document.weeks for page in week.sessions for _, rows in page.blocks for row in rows
        ]

    assert [step for step in steps(UnitSystem.METRIC) if "kg" in step]
    assert steps(UnitSystem.IMPERIAL)
    assert not [step for step in steps(UnitSystem.IMPERIAL) if "kg" in step]
