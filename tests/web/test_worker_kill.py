"""Issue 24, item 9: a worker killed with kill -9 while 300 reminders are due loses none and sends none twice, and
what it held goes within a minute of a worker being back.

Before: the email being sent at the kill stayed `sending` for ever (2-3 of 300 lost) and the rest of the killed
worker's batch waited for the 30-minute sweep. The test runs `manage.py run_worker` (worker and scheduler) as a
subprocess against a real SMTP server (aiosmtpd), kills it three times while it sends, restarting it at once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from benchmarks.reminders import clone_runners
from crosstrain.accounts.models import User
from crosstrain.notifications.models import Kind, Notification, NotificationPreference
from crosstrain.programs.models import Program
from tests.clock import child_env
from tests.web.conftest import Gym

# The reminders' day is the test's (the pinned instant). It takes about a minute a run, so it is not in the calendar
# sweep's 17 dates (18 minutes); it passed at a Sunday, 29 February, both European clock changes and a late evening
# in Los Angeles when it was written: `scripts/calendar-sweep -- tests/web/test_worker_kill.py` runs it there again.
pytestmark = [pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REMINDERS = 300
KILL_AFTER = (40, 120, 200)  # kill -9 once this many distinct reminders have arrived
LATE = 60.0  # seconds: the most an email the killed worker held may wait after the restart
PREFIX = "kill"


class _Inbox:
    """The mail server: 15 ms an email (a worker is caught mid-batch), each arrival's recipient and time."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[str, float]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(0.015)
        with self.lock:
            for to in envelope.rcpt_tos:
                if to.startswith(PREFIX):
                    self.arrivals.append((to, time.monotonic()))
        return "250 OK"

    def distinct(self) -> int:
        with self.lock:
            return len({to for to, _ in self.arrivals})

    def first_arrival(self) -> dict[str, float]:
        with self.lock:
            first: dict[str, float] = {}
            for to, at in self.arrivals:
                first.setdefault(to, at)
            return first


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[_Inbox, int]]:
    inbox, port = _Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _env(port: int) -> dict[str, str]:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{s['NAME']}"
    else:
        url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CROSSTRAIN_EMAIL", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="crosstrain.web.settings",
        DATABASE_URL=url,
        CROSSTRAIN_TASKS="db",
        CROSSTRAIN_EMAIL_HOST="127.0.0.1",
        CROSSTRAIN_EMAIL_PORT=str(port),
        CROSSTRAIN_EMAIL_TLS="0",
    )
    return env


def _start(port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=child_env(timezone.now(), _env(port)),  # the worker's "today" is the test's
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _wait_for(condition: Any, *, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen in {timeout:.0f} s; the worker said:\n{log.read_text()[-3000:]}")
        time.sleep(0.02)


def test_kill_9_while_sending_300_reminders_loses_none_doubles_none_and_delays_none_past_a_minute(
    gym: Gym, smtp: tuple[_Inbox, int], tmp_path: Path
) -> None:
    inbox, port = smtp
    today = timezone.localdate()
    clone_runners(gym.runner_a, REMINDERS, today, prefix=PREFIX)
    # Only the clones' reminders are due: the gym's own runners have no live program, nobody gets Monday emails.
    Program.objects.filter(runner__in=[gym.runner_a, gym.runner_b]).update(status=Program.Status.SUPERSEDED)
    users = User.objects.filter(username__startswith=f"{PREFIX}-")
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=user, hour=0, weekly=False, digest=False) for user in users
    )
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=user, weekly=False, digest=False) for user in User.objects.exclude(pk__in=users)
    )
    log = tmp_path / "worker.log"

    worker = _start(port, log)
    held: list[tuple[float, set[str], set[str]]] = []  # per kill: the restart, emails held, the one(s) being sent
    try:
        for count in KILL_AFTER:
            _wait_for(lambda c=count: inbox.distinct() >= c, timeout=60, what=f"{count} reminders arriving", log=log)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            rows = Notification.objects.filter(
                kind=Kind.REMINDER,
                status__in=[Notification.Status.QUEUED, Notification.Status.SENDING],
                lease__isnull=False,
            ).select_related("recipient__runner")
            stranded = {r.recipient.runner.email: r.status for r in rows}
            restart = time.monotonic()
            worker = _start(port, log)
            sending = {to for to, status in stranded.items() if status == Notification.Status.SENDING}
            held.append((restart, set(stranded), sending))
        final_restart = held[-1][0]
        _wait_for(lambda: inbox.distinct() == REMINDERS, timeout=LATE + 30, what=f"all {REMINDERS} reminders", log=log)
        done = Notification.objects.filter(kind=Kind.REMINDER, status=Notification.Status.SENT)
        _wait_for(lambda: done.count() == REMINDERS, timeout=30, what="every reminder marked sent", log=log)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

    first = inbox.first_arrival()
    print(  # the numbers, for `pytest -s`
        f"held at each kill: {[len(h) for _, h, _ in held]}, being sent: {[len(s) for _, _, s in held]}; "
        f"waits after each restart: {[round(max(first[to] - r for to in h), 1) for r, h, _ in held]} s; "
        f"emails received: {len(inbox.arrivals)} for {len(first)} reminders"
    )
    assert len(first) == REMINDERS  # none lost
    assert all(stranded for _, stranded, _ in held), "a kill caught no batch in the middle: the test proved nothing"
    # None more than a minute late: what each killed worker held went within a minute of the restart after it.
    for restart, stranded, _ in held:
        waited = max(first[to] - restart for to in stranded)
        assert waited <= LATE, f"an email the killed worker held arrived {waited:.0f} s after the restart"
    assert max(first.values()) - final_restart <= LATE
    # None doubled, but for the documented edge: the one email a worker was handing to the mail server when it was
    # killed may have been accepted just before, and is sent again (at most one per kill).
    twice = {to for to, n in Counter(to for to, _ in inbox.arrivals).items() if n > 1}
    may_be_twice = set().union(*(sending for _, _, sending in held))
    assert twice <= may_be_twice, twice - may_be_twice
    assert len(twice) <= len(KILL_AFTER)
    assert not Notification.objects.filter(kind=Kind.REMINDER).exclude(status=Notification.Status.SENT).exists()
