"""The session player ("Start", issue 13): the runner's own session, every exercise a step with its set form,
reached from the session page and the week page, at a fixed number of queries."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.training.models import SetLog
from crosstrain.training.services import set_log_record
from tests.web.conftest import Gym, log_session
from tests.web.test_query_counts import count_queries

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar


def upcoming(gym: Gym) -> PlannedSession:
    session = gym.program(gym.runner_a).sessions.filter(date__gte=timezone.localdate()).order_by("date").first()
    assert session is not None
    return session


def play_url(session: PlannedSession) -> str:
    return reverse("runner-session-play", kwargs={"session_id": session.pk})


def steps(html: str) -> list[str]:
    """Each step's section, in page order (the last one is the summary)."""
    return re.findall(r'<section class="step[^"]*" id="step-[^"]+".*?</section>', html, re.S)


def test_every_exercise_is_a_step_with_its_dose_cues_and_set_form(runner_client: Client, gym: Gym) -> None:
    session = upcoming(gym)
    html = runner_client.get(play_url(session)).content.decode()
    exercises = list(session.exercises.order_by("position"))
    found = steps(html)
    cues = 0
    assert len(found) == len(exercises) + 1  # one per exercise, then the summary with the finish form
    for number, (exercise, step) in enumerate(zip(exercises, found, strict=False), start=1):
        assert f'id="step-{exercise.pk}"' in step
        assert exercise.name in step
        assert f"{number} of {len(exercises)}</p>" in step
        assert f'<ol class="sets" data-sets-for="{exercise.pk}">' in step  # there even before the first set
        assert f'name="exercise" value="{exercise.pk}"' in step  # its own set form
        assert f"{exercise.sets} × " in step  # the dose
        assert 'data-rest="' in step
        # Its cues are shown, not folded away in a <details> as on the session page.
        known = gym_catalogue().get(exercise.exercise_id)
        assert known is not None
        assert all(f"<li>{escape(cue)}</li>" in step for cue in known.cues)
        cues += len(known.cues)
    assert cues > len(exercises)
    assert "<details><summary>How to do it" not in html
    assert (
        'class="finish" method="post" action="{}"'.format(
            reverse("runner-session-finish", kwargs={"session_id": session.pk})
        )
        in found[-1]
    )
    assert "crosstrain/player.js" in html


def test_a_timed_exercise_has_a_hold_timer_with_its_seconds(runner_client: Client, gym: Gym) -> None:
    session = upcoming(gym)
    timed = session.exercises.filter(seconds__isnull=False).order_by("position").first()
    assert timed is not None
    step = next(s for s in steps(runner_client.get(play_url(session)).content.decode()) if f"step-{timed.pk}" in s)
    assert f'data-hold data-seconds="{timed.seconds}"' in step
    assert ("data-per-side" in step) == timed.per_side
    assert 'name="seconds"' in step
    untimed = session.exercises.filter(seconds__isnull=True).first()
    assert untimed is not None
    assert "data-hold" not in next(
        s for s in steps(runner_client.get(play_url(session)).content.decode()) if f"step-{untimed.pk}" in s
    )


def test_logged_sets_show_in_their_step_and_the_summary(runner_client: Client, gym: Gym) -> None:
    session = upcoming(gym)
    log_session(gym.runner_a, session, finish=False)
    html = runner_client.get(play_url(session)).content.decode()
    first = session.exercises.order_by("position").first()
    assert first is not None
    step = steps(html)[0]
    assert re.search(rf'<ol class="sets" data-sets-for="{first.pk}">\s*<li id="set-\d+">Set 1: ', step)
    assert f'<span data-summary-for="{first.pk}">1</span> of {first.sets} sets' in steps(html)[-1]


def test_a_finished_session_shows_no_forms(runner_client: Client, gym: Gym) -> None:
    session = upcoming(gym)
    log_session(gym.runner_a, session)
    html = runner_client.get(play_url(session)).content.decode()
    assert 'class="log"' not in html
    assert 'class="finish"' not in html
    assert "Finished " in html


def test_another_runner_s_session_and_a_superseded_program_are_not_found(gym: Gym, runner_client: Client) -> None:
    others = gym.program(gym.runner_b).sessions.first()
    assert others is not None
    assert runner_client.get(play_url(others)).status_code == 404
    session = upcoming(gym)
    Program.objects.filter(runner=gym.runner_a).update(status=Program.Status.SUPERSEDED)
    assert runner_client.get(play_url(session)).status_code == 404


def test_the_session_page_and_the_week_page_link_to_the_player(runner_client: Client, gym: Gym) -> None:
    session = upcoming(gym)
    page = runner_client.get(reverse("runner-session", kwargs={"session_id": session.pk})).content.decode()
    assert f'href="{play_url(session)}"' in page
    week = runner_client.get(reverse("runner-home")).content.decode()
    today = timezone.localdate()
    this_week = gym.program(gym.runner_a).sessions.filter(
        date__gte=today - timedelta(days=today.weekday()), date__lt=today + timedelta(days=7 - today.weekday())
    )
    for s in this_week:
        # Start next to each session still to do; none for a past one.
        assert (f'href="{play_url(s)}"' in week) == (s.date >= today)
    finished = this_week.filter(date__gte=today).first()
    if finished is not None:
        log_session(gym.runner_a, finished)
        assert f'href="{play_url(finished)}"' not in runner_client.get(reverse("runner-home")).content.decode()


def test_logging_a_set_from_the_player_form_saves_it(runner_client: Client, gym: Gym) -> None:
    # The player's form is the session page's: the same post, and the server's answer carries the list and the form
    # that player.js takes into the step.
    session = upcoming(gym)
    exercise = session.exercises.filter(seconds__isnull=True, block="strength").first()
    assert exercise is not None
    html = runner_client.get(play_url(session)).content.decode()
    client_id = re.search(
        rf'name="client_id" value="([^"]+)">\s*<input type="hidden" name="exercise" value="{exercise.pk}"', html
    )
    assert client_id is not None
    data = {"client_id": client_id.group(1), "exercise": exercise.pk, "reps": exercise.reps, "load_kg": "20", "pain": 0}
    response = runner_client.post(
        reverse("runner-set-log", kwargs={"session_id": session.pk}), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert '<ol class="sets"' in response.content.decode()
    assert 'class="log"' in response.content.decode()
    assert SetLog.objects.get(client_id=client_id.group(1)).load_kg == 20


@pytest.mark.django_db
def test_the_player_s_queries_do_not_grow_with_logged_sets(gym: Gym, runner_client: Client) -> None:
    sessions = list(gym.program(gym.runner_a).sessions.order_by("date")[:2])
    first = sessions[0].exercises.first()
    assert first is not None
    # One logged set in one session, every planned set (and then some) in the other.
    set_log_record(
        runner=gym.runner_a,
        exercise=first,
        client_id=uuid.uuid4(),
        reps=first.reps,
        seconds=first.seconds,
        load_kg=None,
        rir=None,
        pain=0,
    )
    for _ in range(3):
        log_session(gym.runner_a, sessions[1], finish=False)
    assert SetLog.objects.filter(session_log__session=sessions[1]).count() > 10
    # The first visit checks once that the user is a runner and reads the catalogue's version (both kept a while).
    runner_client.get(play_url(sessions[0]))
    assert count_queries(runner_client, play_url(sessions[0])) == count_queries(runner_client, play_url(sessions[1]))
