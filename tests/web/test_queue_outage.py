"""A task queue that does not answer (Redis down, in the RQ mode) delays an email, never loses it, and never fails the
request (issue 28): the message is saved and answered at once, its email is kept in the database, and the
scheduler's sweep sends it once the queue answers again.

The app runs as its own process on the RQ queue with a Redis address where nothing listens (a real refusal)."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from django.core import mail

from crosstrain.messaging.models import Message
from crosstrain.notifications.models import Kind, Notification
from crosstrain.notifications.services import STALE_QUEUED, notifications_dispatch
from tests.web.conftest import Gym
from tests.web.test_tasks_worker import ROOT, _env, _run_worker

pytestmark = pytest.mark.django_db(transaction=True)

SEND = """
from django.db import transaction
from crosstrain.accounts.models import Runner, User
from crosstrain.messaging.services import message_send
runner = Runner.objects.get(pk={runner})
with transaction.atomic():
    message_send(runner=runner, author=User.objects.get(pk={coach}), body="Sent while Redis is down")
print("saved")
"""


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again: nothing listens there


def test_a_message_sent_while_the_queue_is_down_is_saved_and_its_email_sent_later(gym: Gym, clock) -> None:  # type: ignore[no-untyped-def]
    env = _env(CROSSTRAIN_TASKS="rq", CROSSTRAIN_REDIS_URL=f"redis://127.0.0.1:{_dead_port()}/0")
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SEND.format(runner=gym.runner_a.pk, coach=gym.coach_a.pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "saved" in done.stdout
    assert "it waits in the database" in done.stderr
    assert Message.objects.filter(body="Sent while Redis is down").exists()
    kept = Notification.objects.get(kind=Kind.MESSAGE, recipient=gym.runner_a.user)
    assert kept.status == Notification.Status.QUEUED

    # The queue answers again (here: this process's database queue); the sweep of stale queued emails sends it.
    clock.shift(STALE_QUEUED)
    run = notifications_dispatch()
    assert kept.pk in run.requeued
    _run_worker()
    [email] = [m for m in mail.outbox if m.to == [gym.runner_a.email] and "message" in m.subject]
    assert "Sent while Redis is down" in email.body
