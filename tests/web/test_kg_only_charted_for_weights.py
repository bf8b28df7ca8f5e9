"""Charts and reports never compare kilograms on body-weight work (issue 23): kilograms typed against a push-up or a
plank (as older logs and the demo had them) stay out of the load chart, the strength records and the block report;
such work charts its reps, and a hold its seconds, each with its own axis. A set done reads one way everywhere:
"12 reps with 14 kg" ("×" is kept for sets × reps)."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from crosstrain.accounts.models import Runner
from crosstrain.core.loads import takes_kg
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, PlannedSession
from crosstrain.results.figures import LiftBasis
from crosstrain.training.models import SetLog
from crosstrain.training.services import session_finish, set_log_record, set_words
from tests.web.conftest import Gym
from tests.web.test_reports import coach, figures, finish, log_loads, make_block, rescreen  # noqa: F401 (fixture)

# Date-sensitive (the demo and the runners' programs start from today): scripts/calendar-sweep runs it at every
# date of tests/clock.py's SWEEP.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def _log(runner: Runner, exercise: PlannedExercise, *, reps: int | None, seconds: int | None, kg: str | None) -> SetLog:
    """A set written by the logging service itself (no form checks), as sets logged before the rule were."""
    return set_log_record(
        runner=runner,
        exercise=exercise,
        client_id=uuid.uuid4(),
        reps=reps,
        seconds=seconds,
        load_kg=None if kg is None else Decimal(kg),
        rir=2,
        pain=0,
    )[0]


def _two_sessions_a(gym: Gym) -> list[PlannedSession]:
    return list(gym.program(gym.runner_a).sessions.filter(letter="A").order_by("date")[:2])


def _page(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_body_weight_work_charts_reps_and_holds_seconds_never_kilograms(gym: Gym) -> None:
    runner = gym.runner_a
    for session, (reps, seconds, kg) in zip(_two_sessions_a(gym), ((10, 30, "12"), (12, 40, "14")), strict=True):
        _log(runner, session.exercises.get(exercise_id="goblet-squat-to-box"), reps=10, seconds=None, kg=kg)
        # Kilograms typed on body-weight work and on a plank: old data the charts must not compare.
        _log(runner, session.exercises.get(exercise_id="push-up"), reps=reps, seconds=None, kg="20")
        _log(runner, session.exercises.get(exercise_id="side-plank"), reps=None, seconds=seconds, kg="5")
        session_finish(runner=runner, session=session, early=True, partly=True)
    assert runner.user is not None
    page = _page(runner.user, reverse("runner-progress"))
    lifts = page.split('id="chart-lifts"', 1)[1].split("</figure>", 1)[0]
    assert "Goblet squat to a box" in lifts
    assert "Push-up" not in lifts
    assert "Side plank" not in lifts
    assert "10 reps with 12 kg" in lifts  # the table's best set, in the one notation
    work = page.split('id="chart-work"', 1)[1].split("</figure>", 1)[0]
    assert "Push-up 10 reps on" in work
    assert "(+2 reps over 2 sessions)" in work
    assert "kg" not in work
    holds = page.split('id="chart-holds"', 1)[1].split("</figure>", 1)[0]
    assert "Side plank 30 s on" in holds
    assert "(+10 s over 2 sessions)" in holds
    assert "kg" not in holds
    records = page.split('id="records"', 1)[1].split("</section>", 1)[0]
    assert "Push-up" not in records
    assert "10 reps with 14 kg" in records
    assert " kg × " not in page
    # Each chart's axis says what it counts.
    client = Client()
    client.force_login(runner.user)
    svgs = {
        name: client.get(reverse("progress-chart", kwargs={"runner_id": runner.pk, "chart": name})).content.decode()
        for name in ("lifts", "work", "holds")
    }
    for name, axis in (("lifts", "kg"), ("work", "Reps"), ("holds", "Seconds")):
        assert re.search(rf'class="title" transform="rotate\(-90[^"]*">{axis}</text>', svgs[name]), name
    assert "Push-up" in svgs["work"]
    assert "Push-up" not in svgs["lifts"]


def test_a_comment_names_a_set_in_the_one_notation(gym: Gym) -> None:
    session = _two_sessions_a(gym)[0]
    squat = _log(gym.runner_a, session.exercises.get(exercise_id="goblet-squat-to-box"), reps=10, seconds=None, kg="14")
    plank = _log(gym.runner_a, session.exercises.get(exercise_id="side-plank"), reps=None, seconds=30, kg=None)
    assert set_words(squat) == "set 1 of Goblet squat to a box (10 reps with 14 kg at RIR 2)"
    assert set_words(plank) == "set 1 of Side plank (30 s at RIR 2)"
    # The coach's training feed writes each set the same way.
    session_finish(runner=gym.runner_a, session=session, early=True, partly=True)
    feed = _page(gym.coach_a, reverse("coach-training"))
    assert "1: 10 reps with 14 kg at RIR 2" in feed
    assert "1: 30 s at RIR 2" in feed
    assert " kg × " not in feed


def test_the_block_report_compares_kilograms_of_weighted_lifts_only(coach: Any) -> None:  # noqa: F811
    ben = make_block(coach, "Ben Okafor", lifting="novice")
    catalogue = gym_catalogue()
    body_weight = next(
        e.exercise_id
        for e in ben.sessions[0].exercises.filter(block="strength", seconds__isnull=True)
        if not takes_kg(catalogue.get(e.exercise_id))
    )
    log_loads(ben, 0, "goblet-squat-to-box", 10, 12)
    log_loads(ben, 2, "goblet-squat-to-box", 14)
    log_loads(ben, 0, body_weight, 20)  # kilograms typed on body-weight work (old data)
    log_loads(ben, 2, body_weight, 10)
    finish(ben, 0, 1, 2, 3)
    report = rescreen(ben, 38)
    assert report is not None
    found = figures(report, coach)
    assert found.lift_basis is LiftBasis.LOADED
    assert [x.exercise_id for x in found.report.lifts] == ["goblet-squat-to-box"]
    page = _page(coach, reverse("report", kwargs={"report_id": report.pk}))
    assert ben.exercise(0, body_weight).name not in page.split("<main", 1)[1]


def test_what_changed_since_last_time_compares_kilograms_only_on_weighted_work(gym: Gym) -> None:
    first, second = _two_sessions_a(gym)
    runner = gym.runner_a
    # Last time kilograms were typed on push-ups (old data); this time none, and two reps more.
    _log(runner, first.exercises.get(exercise_id="push-up"), reps=10, seconds=None, kg="20")
    _log(runner, first.exercises.get(exercise_id="goblet-squat-to-box"), reps=10, seconds=None, kg="12")
    session_finish(runner=runner, session=first, early=True, partly=True)
    _log(runner, second.exercises.get(exercise_id="push-up"), reps=12, seconds=None, kg=None)
    _log(runner, second.exercises.get(exercise_id="goblet-squat-to-box"), reps=10, seconds=None, kg="14")
    session_finish(runner=runner, session=second, early=True, partly=True)
    feed = _page(gym.coach_a, reverse("coach-runner-training", args=[runner.pk]))
    item = feed.split(f'id="session-{second.log.pk}"', 1)[1].split("</article>", 1)[0]
    push_up = item.split("Push-up</th>", 1)[1].split("</tr>", 1)[0]
    assert "10 → 12 reps" in push_up
    assert "kg" not in push_up
    squat = item.split("Goblet squat to a box</th>", 1)[1].split("</tr>", 1)[0]
    assert "12 kg → 14 kg" in squat
