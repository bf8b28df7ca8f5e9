"""A session's note and a program's notices in the reader's unit (issue 25): the engine writes a race as "the 21.1 km
race (A)"; the session page, the week page, the coach's program page and the session-day reminder email read it
"the 13.1 mi race (A)" in a pound gym, and as written in a metric one."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from crosstrain.gym.services import gym_settings_save
from crosstrain.programs.models import PlannedSession, Program
from tests.web.conftest import Gym
from tests.web.test_notifications import at, dispatch_and_send, quiet, reminders, session_on, today

pytestmark = pytest.mark.calendar
__all__ = ["quiet", "today"]  # the fixtures, used by name

NOTE = "Race lead-in (the 21.1 km race (A) on 2026-10-25): half the volume; leave the gym fresher than you came."
NOTICE = "Nothing new before the 21.1 km race (A) on 2026-10-25: the box jump starts after it."


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.mark.parametrize(("units", "said"), [("imperial", "the 13.1 mi race (A)"), ("metric", "the 21.1 km race (A)")])
def test_a_sessions_race_note_reads_in_the_readers_unit(quiet: Gym, today: date, units: str, said: str) -> None:
    gym = quiet
    gym_settings_save(units=units)
    session = session_on(gym.runner_a, today)
    PlannedSession.objects.filter(pk=session.pk).update(note=NOTE)
    Program.objects.filter(pk=session.program_id).update(notices=[NOTICE])
    runner, coach = signed_in(gym.runner_a.user), signed_in(gym.coach_a)
    pages = {
        "session": runner.get(reverse("runner-session", kwargs={"session_id": session.pk})),
        "week": runner.get(reverse("runner-home")),
        "program": coach.get(reverse("coach-program", kwargs={"program_id": session.program_id})),
    }
    for name, page in pages.items():
        html = page.content.decode()
        assert f"Race lead-in ({said} on" in html, name
        if name != "session":
            assert f"Nothing new before {said}" in html, name
    dispatch_and_send(at(today, 7, 0))
    [email] = reminders(gym.runner_a)
    assert f"Race lead-in ({said} on" in email.body
    [(html, _)] = email.alternatives
    assert f"Race lead-in ({said} on" in html
