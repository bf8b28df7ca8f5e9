"""A running cohort's public page stops selling seats and points to the next cohort; a waitlisted person is told
their place in line (issue 23)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.enrollment.models import Registration
from crosstrain.enrollment.services import RegistrationClosed, registration_create
from tests.web.conftest import Gym, make_cohort
from tests.web.test_form_words import visible_text

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _register(client: Client, slug: str, name: str) -> Any:
    return client.post(
        reverse("cohort-public", kwargs={"slug": slug}),
        {"name": name, "email": f"{name.lower()}@example.com", "mode": "remote"},
    )


def test_a_cohort_sells_seats_through_its_first_day_then_closes_and_points_to_the_next(gym: Gym, clock: Any) -> None:
    cohort = gym.cohort
    url = reverse("cohort-public", kwargs={"slug": cohort.slug})
    clock.move_to(_midnight(cohort.starts_on))
    clock.shift(timedelta(hours=20))  # its first day, in the evening: still open
    assert "Register at" in Client().get(url).content.decode()

    clock.shift(timedelta(hours=6))  # the next morning: running
    later = make_cohort(gym.coach_a, slug="winter-base")
    page = visible_text(Client().get(url).content.decode())
    assert "This cohort is running: registration closed" in page
    assert "Register at" not in page
    assert "Join the waitlist" not in page
    assert f"The next one: Fall Back to Fitness , from {later.starts_on:%A} {later.starts_on.day}" in page
    assert "10 seats left." in page

    before = Registration.objects.count()
    response = _register(Client(), cohort.slug, "Late")
    assert response.status_code == 409
    assert "registration closed" in response.content.decode()
    assert Registration.objects.count() == before
    with pytest.raises(RegistrationClosed):  # the rule is the service's, for every public caller (the API too)
        registration_create(cohort=cohort, name="Late", email="late@example.com", client_ip="203.0.113.9")
    # The gym can still add a late joiner itself.
    assert registration_create(cohort=cohort, name="Late", email="late@example.com").created


def test_a_running_cohort_with_no_next_one_says_so(gym: Gym, clock: Any) -> None:
    clock.move_to(
        timezone.make_aware(
            timezone.datetime.combine(gym.cohort.starts_on + timedelta(days=3), timezone.datetime.min.time())
        )
    )
    page = visible_text(Client().get(reverse("cohort-public", kwargs={"slug": gym.cohort.slug})).content.decode())
    assert "No next cohort is open yet" in page


def test_a_waitlisted_person_is_told_their_place(gym: Gym) -> None:
    cohort = make_cohort(gym.coach_a, seats=1, slug="tiny")
    _register(Client(), "tiny", "First")
    for name in ("Second", "Third"):
        client = Client()
        response = _register(client, "tiny", name)
        assert response.status_code == 302
    page = visible_text(client.get(reverse("cohort-registered", kwargs={"slug": "tiny"})).content.decode())
    assert "You're on the waitlist" in page
    assert "You are number 2 in line." in page
    # The one before cancels: the third is next.
    second = Registration.objects.get(cohort=cohort, email="second@example.com")
    Registration.objects.filter(pk=second.pk).update(status=Registration.Status.CANCELLED)
    page = visible_text(client.get(reverse("cohort-registered", kwargs={"slug": "tiny"})).content.decode())
    assert "You are number 1 in line: the next seat that frees up is yours." in page


def test_attendance_names_the_cohort_opens_on_the_latest_class_and_links_back(gym: Gym, clock: Any) -> None:
    nutrition = gym.cohort.nutrition_classes.get()  # Thursdays
    coach = Client()
    coach.force_login(gym.coach_a)
    url = reverse("coach-attendance", kwargs={"class_id": nutrition.pk})
    first = gym.cohort.starts_on + timedelta(days=3)
    # Before the cohort starts: its first class.
    html = coach.get(url).content.decode()
    assert f'value="{first.isoformat()}"' in html
    assert f"{nutrition}: {gym.cohort.name}" in visible_text(html)
    assert f'href="{reverse("coach-cohort", kwargs={"cohort_id": gym.cohort.pk})}" id="back-to-cohort"' in html
    # On the Tuesday of its third week: the Thursday before.
    clock.move_to(_midnight(gym.cohort.starts_on + timedelta(days=15)) + timedelta(hours=9))
    coach.force_login(gym.coach_a)  # a new session at the new time
    assert f'value="{(first + timedelta(weeks=1)).isoformat()}"' in coach.get(url).content.decode()
    # Long after it ended: its last class.
    clock.move_to(_midnight(gym.cohort.starts_on + timedelta(weeks=20)) + timedelta(hours=9))
    coach.force_login(gym.coach_a)
    assert f'value="{(first + timedelta(weeks=5)).isoformat()}"' in coach.get(url).content.decode()
