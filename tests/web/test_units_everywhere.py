"""Every runner and coach page in the gym's unit (issue 25): a pound gym's pages say no "kg", a metric gym's no
"lb", with loads logged, charted and reviewed."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from crosstrain.accounts.models import Runner
from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.vocabulary import Load
from crosstrain.gym.services import gym_settings_save
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.training.models import SessionLog
from crosstrain.training.services import session_finish, session_log_comment, set_log_record
from tests.web.conftest import Gym

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

KG = re.compile(r"\d\s*kg\b|\bkg\b(?!/)", re.IGNORECASE)
LB = re.compile(r"\blbs?\b", re.IGNORECASE)


def logged_weeks(runner: Runner) -> list[PlannedSession]:
    """The runner's first sessions done with weights (a load on every weighted set), finished."""
    catalogue = default_catalogue()
    program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    done = list(program.sessions.order_by("date")[:3])
    for n, session in enumerate(done):
        for exercise in session.exercises.filter(block="strength"):
            known = catalogue.get(exercise.exercise_id)
            weighed = known is not None and known.load is Load.EXTERNAL
            for number in range(exercise.sets):
                set_log_record(
                    runner=runner,
                    exercise=exercise,
                    client_id=uuid.uuid4(),
                    reps=None if exercise.timed else 10,
                    seconds=30 if exercise.timed else None,
                    load_kg=Decimal(12 + 2 * n) if weighed else None,
                    rir=2,
                    pain=5 if number == 0 and n == 2 else 0,
                )
        log = session_finish(runner=runner, session=session, early=True, partly=True)
        weighed_set = log.sets.exclude(load_kg=None).first()
        if weighed_set is not None:  # the coach's comment names the set, in the runner's unit
            session_log_comment(coach=runner.coach, session_log=log, body="Smooth.", set_log_id=weighed_set.pk)
    return done


def page_urls(runner: Runner, sessions: list[PlannedSession]) -> tuple[dict[str, str], dict[str, str]]:
    """The runner's pages and their coach's pages of them, by name: (the runner's, the coach's)."""
    program = sessions[0].program
    log = SessionLog.objects.filter(session__in=sessions).order_by("pk").last()
    assert log is not None
    upcoming = program.sessions.order_by("date")[3]
    me = {"runner_id": runner.pk}
    own = {
        "week": reverse("runner-home"),
        "session done": reverse("runner-session", kwargs={"session_id": sessions[0].pk}),
        "session next": reverse("runner-session", kwargs={"session_id": upcoming.pk}),
        "player": reverse("runner-session-play", kwargs={"session_id": upcoming.pk}),
        "history": reverse("runner-history"),
        "progress": reverse("runner-progress"),
        "messages": reverse("runner-messages"),
    }
    coach = {
        "dashboard": reverse("coach-dashboard"),
        "runner": reverse("coach-runner", kwargs=me),
        "program": reverse("coach-program", kwargs={"program_id": program.pk}),
        "training feed": reverse("coach-training"),
        "runner's training": reverse("coach-runner-training", kwargs=me),
        "session review": reverse("coach-session-review", kwargs={"log_id": log.pk}),
    }
    return own, coach


def pages(gym: Gym, sessions: list[PlannedSession]) -> dict[str, tuple[Client, str]]:
    runner, coach = Client(), Client()
    runner.force_login(gym.runner_a.user)  # type: ignore[arg-type]
    coach.force_login(gym.coach_a)
    own, theirs = page_urls(gym.runner_a, sessions)
    return {**{k: (runner, u) for k, u in own.items()}, **{k: (coach, u) for k, u in theirs.items()}}


def visible(html: str) -> str:
    """The page's words, without scripts, styles and tag attributes (an id or a class is not a unit shown)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(("units", "absent"), [("imperial", KG), ("metric", LB)])
def test_every_page_speaks_the_gyms_unit(gym: Gym, units: str, absent: re.Pattern[str]) -> None:
    gym_settings_save(units=units)  # before the coach's comments, which are written in it
    sessions = logged_weeks(gym.runner_a)
    found = {}
    for name, (client, url) in pages(gym, sessions).items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, (name, url)
        words = visible(response.content.decode())
        hits = [words[max(0, m.start() - 40) : m.end() + 10] for m in absent.finditer(words)]
        if hits:
            found[name] = hits[:3]
    runner = pages(gym, sessions)["messages"][0]
    messages = visible(runner.get(reverse("runner-messages"), follow=True).content.decode())
    assert re.search(r"About set \d+ of .*? with [\d.]+ " + ("lb" if units == "imperial" else "kg"), messages)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    shown = visible(
        pages(gym, sessions)["session done"][0].get(pages(gym, sessions)["session done"][1]).content.decode()
    )
    assert ("lb" if units == "imperial" else "kg") in shown
