"""Issue 24, item 7: the password-reset page sends no email itself. A slow mail server made a known address answer in
310 ms and an unknown one in 5 ms; now the page queues one task either way and the worker sends the email."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.web.conftest import PASSWORD, Gym
from tests.web.test_tasks_worker import _run_worker

# The task worker runs on its own connections, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)
SLOW = 0.3  # seconds the mail server takes per email, as the probe's


class SlowMailServer(LocmemBackend):
    """The test outbox behind a mail server that takes 300 ms an email; counts the emails handed to it."""

    handed: int = 0

    def send_messages(self, email_messages: Any) -> int:
        time.sleep(SLOW)
        SlowMailServer.handed += len(email_messages)
        return int(super().send_messages(email_messages))


@pytest.fixture
def slow_mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.SlowMailServer"
    SlowMailServer.handed = 0


def _ask(address: str, ip: str) -> None:
    response = Client(REMOTE_ADDR=ip).post(reverse("password_reset"), {"email": address})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("password_reset_done")


def test_the_reset_page_meets_no_mail_server_and_the_worker_sends_a_working_link(gym: Gym, slow_mail: None) -> None:
    user = gym.coach_a
    user.email = "coach@example.com"
    user.save(update_fields=["email"])
    queued_before = DBTaskResult.objects.count()
    mail.outbox.clear()  # what building the gym sent

    _ask("coach@example.com", "198.51.100.1")
    _ask("nobody@example.com", "198.51.100.2")

    # Neither request handed anything to the mail server, and each queued one task: the same work.
    assert SlowMailServer.handed == 0
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == queued_before + 2

    _run_worker()
    [message] = mail.outbox  # the unknown address gets nothing
    assert SlowMailServer.handed == 1
    assert message.to == ["coach@example.com"]
    match = re.search(r"http://testserver(/password/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    client = Client()
    form_page = client.get(match.group(1), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "tempo-runs-at-dawn"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new)
    assert not user.check_password(PASSWORD)


class DownMailServer(LocmemBackend):
    """A mail server that does not answer: every email refused with the error a dead SMTP host gives."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError(111, "Connection refused")


def test_a_reset_asked_while_the_mail_server_is_down_is_sent_once_it_is_back(
    gym: Gym, settings: Any, clock: Any
) -> None:
    """Issue 28, item 7: the page said "check your email" and the email was never sent nor tried again."""
    settings.EMAIL_BACKEND = f"{__name__}.DownMailServer"
    user = gym.coach_a
    user.email = "coach@example.com"
    user.save(update_fields=["email"])
    mail.outbox.clear()  # what building the gym sent
    _ask(user.email, "203.0.113.7")
    _run_worker()
    assert mail.outbox == []
    again = DBTaskResult.objects.filter(status="READY").get()
    assert again.args_kwargs["kwargs"]["attempt"] == 2  # queued again, for later

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _run_worker()
    assert mail.outbox == []  # not before its time
    clock.shift(timedelta(minutes=6))
    _run_worker()
    [email] = mail.outbox
    assert email.to == [user.email]
    assert re.search(r"/password/reset/[^/]+/[^/]+/", email.body)
