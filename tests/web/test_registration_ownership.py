"""Whose registration is whose (issue 24, item 6): only the coach's explicit "add runner from registration" links a
registration to a runner; an email a coach typed, never verified, decides nothing."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from crosstrain.accounts.models import User
from crosstrain.enrollment.models import Registration
from crosstrain.enrollment.services import registration_create
from crosstrain.privacy.erasure import runner_erase
from crosstrain.privacy.models import ErasureRecord
from tests.web.conftest import PASSWORD, Gym, make_cohort, make_runner

# Date-sensitive (cohort dates, the runner's sessions): scripts/calendar-sweep runs this module at every date.
pytestmark = pytest.mark.calendar


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _registrations_in_export(user: Any) -> list[dict[str, Any]]:
    response = _client(user).get(reverse("account-data-export"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return list(json.loads(archive.read("registrations.json")))


def _convert(gym: Gym, registration: Registration, *, email: str) -> None:
    """The coach's "add runner from registration", through the pages the coach uses."""
    coach = _client(gym.coach_a)
    url = reverse("coach-runner-new") + f"?registration={registration.pk}"
    data = {
        "name": registration.name,
        "email": email,
        "experience": "novice",
        "setting": "gym",
        "session_minutes": "40",
        "start": registration.cohort.starts_on.isoformat(),
        "races": "",
        **{f"run_{d}": "easy" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    }
    response = coach.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_runner_given_someone_elses_email_does_not_get_their_registration(gym: Gym) -> None:
    cohort = make_cohort(gym.coach_a, slug="spring")
    theirs = registration_create(
        cohort=cohort, name="Noor Stranger", email="noor@example.com", phone="+44 7700 900123", message="knee op 2024"
    ).registration
    # The coach types Noor's address (a typo, a guess) for a different person.
    mistaken = make_runner(gym.coach_a, "Mistaken Person", publish=False)
    mistaken.email = "noor@example.com"
    mistaken.save(update_fields=["email"])
    assert mistaken.user is not None
    mistaken.user.email = "Noor@example.com"
    mistaken.user.save(update_fields=["email"])

    assert _registrations_in_export(mistaken.user) == []

    runner_erase(runner=mistaken, reason=ErasureRecord.Reason.COMMAND)
    theirs.refresh_from_db()
    assert (theirs.status, theirs.name, theirs.phone) == ("active", "Noor Stranger", "+44 7700 900123")


def test_the_registration_a_coach_converts_is_the_runners_in_the_export_and_at_erasure(gym: Gym) -> None:
    cohort = make_cohort(gym.coach_a, seats=1, slug="tiny")
    seat = registration_create(cohort=cohort, name="Vic Runner", email="vic@example.com", phone="555").registration
    waiting = registration_create(cohort=cohort, name="Next In Line", email="next@example.com").registration
    # The coach corrects the address while converting: the link is the action, not the email.
    _convert(gym, seat, email="vic.runner@example.org")
    seat.refresh_from_db()
    assert seat.runner is not None
    runner = seat.runner
    runner.user = User.objects.create_user("vic", password=PASSWORD, role=User.Role.RUNNER)
    runner.save(update_fields=["user"])

    exported = _registrations_in_export(runner.user)
    assert [(r["cohort"], r["name"], r["phone"]) for r in exported] == [(cohort.name, "Vic Runner", "555")]

    runner_erase(runner=runner, reason=ErasureRecord.Reason.COMMAND)
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.status, seat.name) == ("cancelled", "(erased)")
    assert waiting.status == "active"
