"""Public registration given someone else's email (issue 24, item 10c): the API answers exactly as for a new
address, neither the API nor the web form shows anything of their registration, and they are sent nothing."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from crosstrain.enrollment.models import Registration
from crosstrain.enrollment.services import registration_create
from tests.api.conftest import Api
from tests.web.conftest import Gym, make_cohort
from tests.web.test_form_words import visible_text


def _register(email: str) -> Any:
    body = {"name": "Mallory", "email": email, "mode": "gym"}
    return Api().post("/cohorts/spring/registrations", body, REMOTE_ADDR="203.0.113.66")


def test_someone_elses_email_gets_the_same_answer_as_a_new_one_and_they_are_sent_nothing(
    gym: Gym, django_capture_on_commit_callbacks: Any
) -> None:
    cohort = make_cohort(gym.coach_a, seats=1, slug="spring")
    with django_capture_on_commit_callbacks(execute=True):
        theirs = registration_create(cohort=cohort, name="Noor", email="noor@example.com", phone="555").registration
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = _register("noor@example.com")
    assert mail.outbox == []  # Noor, unconfirmed, is not mailed again by a stranger
    with django_capture_on_commit_callbacks(execute=True):
        new = _register("new@example.com")
    assert [m.to for m in mail.outbox] == [["new@example.com"]]
    assert known.status_code == new.status_code == 202
    assert known.json() == {"detail": new.json()["detail"].replace("new@example.com", "noor@example.com")}
    for leak in ("active", 'waitlist"', "99", "555", "Noor", "confirmed", "hold"):
        assert leak not in known.content.decode().replace("Received", "")
    theirs.refresh_from_db()
    assert (theirs.name, theirs.phone, theirs.status) == ("Noor", "555", "active")
    assert Registration.objects.get(email="new@example.com").status == "waitlisted"


def test_the_web_form_given_someone_elses_email_shows_nothing_of_their_registration(
    gym: Gym, django_capture_on_commit_callbacks: Any
) -> None:
    cohort = make_cohort(gym.coach_a, seats=1, slug="spring")
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(cohort=cohort, name="Noor Private", email="noor@example.com", phone="555")
    mail.outbox.clear()
    form = {"name": "Mallory", "email": "noor@example.com", "mode": "gym", "website": ""}
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("cohort-public", kwargs={"slug": "spring"}), form, follow=True)
    text = page.content.decode()
    assert page.status_code == 200
    assert "This email had registered already" in text
    assert "nothing was sent" in text
    for leak in ("Noor Private", "You&#x27;re in", "You're in", "waitlist"):
        assert leak not in text
    # Nor the price they locked in (99.00), as a number on the page: a random token (the CSRF one) may hold "99".
    assert not re.search(r"(?<![\w.])99(?:\.00)?(?![\w.])", visible_text(text)), visible_text(text)
    assert mail.outbox == []
    assert client.get(reverse("cohort-registered", kwargs={"slug": "spring"})).status_code == 404
