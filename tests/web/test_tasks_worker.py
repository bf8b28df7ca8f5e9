"""The task queue for real: the scheduler's claims, the database worker running what it queued, an email through
a real SMTP server from `manage.py run_worker --once`, the RQ lane with a real Redis and RQ worker, and `make
demo`'s web server and worker stopped together by one Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from datetime import time as clock
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from crosstrain.accounts.models import Runner
from crosstrain.enrollment.models import Registration
from crosstrain.enrollment.services import registration_create
from crosstrain.messaging.services import message_send
from crosstrain.notifications.hooks import message_sent
from crosstrain.notifications.models import Kind, Notification, ScheduledRun
from crosstrain.notifications.schedule import SCHEDULE, scheduler_tick
from crosstrain.notifications.services import notifications_dispatch, preferences_update
from crosstrain.notifications.tasks import dispatch_due, prune_history, send_notifications
from crosstrain.privacy.models import DeletionRequest
from crosstrain.programs.models import PlannedSession, Program
from tests.clock import child_env, without_faketime
from tests.web.conftest import Gym, make_cohort

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _queued(path: str) -> int:
    return DBTaskResult.objects.filter(task_path=path).count()


def _run_worker() -> None:
    """The database worker (the one `run_worker` runs), in this process, until the queue is empty."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run()


def _reminder_due_now(runner: Runner) -> PlannedSession:
    """A session of the runner today, and a reminder hour already passed (whatever the time of the test run).

    Other runners of the gym with a session today get theirs too once their hour (07:00) has passed: the tests
    look at this runner's emails only."""
    assert runner.user is not None
    today = timezone.localdate()
    program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    session = program.sessions.filter(date=today).first()
    if session is None:
        session = program.sessions.filter(log__isnull=True).order_by("date").first()
        assert session is not None
        PlannedSession.objects.filter(pk=session.pk).update(date=today)
    preferences_update(user=runner.user, wanted=["reminder"], hour=0)
    return session


def _database_url() -> str:
    """The test database, for a process started by the test (the rows it needs are committed)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CROSSTRAIN_EMAIL", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="crosstrain.web.settings",
        DATABASE_URL=_database_url(),
        CROSSTRAIN_SITE_URL="https://coach.example.com",
        **extra,
    )
    return child_env(timezone.now(), env)  # the worker's "today" is the test's


# --- The scheduler -------------------------------------------------------------------------------------------


def test_two_schedulers_or_a_restart_queue_each_period_once(db: Any, django_capture_on_commit_callbacks: Any) -> None:
    minute = timezone.make_aware(datetime(2026, 11, 2, 3, 13, 20))
    with django_capture_on_commit_callbacks(execute=True):
        first = scheduler_tick(now=minute)
        second = scheduler_tick(now=minute + timedelta(seconds=30))  # another scheduler, same minute
    assert first == ["dispatch_due", "release_lapsed_holds"]  # the daily jobs' hours have not come yet
    assert second == []
    assert _queued("crosstrain.notifications.tasks.dispatch_due") == 1
    with django_capture_on_commit_callbacks(execute=True):
        after = scheduler_tick(now=minute + timedelta(minutes=1, seconds=5))
        daily = scheduler_tick(now=minute + timedelta(minutes=2))  # 03:16: erasing due accounts is due
        restarted = scheduler_tick(now=minute + timedelta(hours=5))  # a restart later that day
        next_day = scheduler_tick(now=minute + timedelta(days=1, minutes=2))
    assert after == ["dispatch_due"]
    assert daily == ["dispatch_due", "erase_due_accounts"]
    assert restarted == ["dispatch_due", "release_lapsed_holds", "prune_history"]
    assert "erase_due_accounts" in next_day
    assert _queued("crosstrain.notifications.tasks.erase_due_accounts_daily") == 2
    assert ScheduledRun.objects.filter(job="erase_due_accounts").count() == 2


def test_every_periodic_job_has_a_period_at_any_moment_of_its_day() -> None:
    late = timezone.make_aware(datetime(2026, 3, 29, 23, 59))
    assert all(job.period(late) is not None for job in SCHEDULE)


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_daily_jobs_the_scheduler_queues(gym: Gym) -> None:
    # A runner who asked for deletion 8 days ago, and a registration whose hold ran out with someone waiting.
    assert gym.runner_b.user is not None
    DeletionRequest.objects.create(
        user=gym.runner_b.user,
        requested_at=timezone.now() - timedelta(days=8),
        erase_after=timezone.now() - timedelta(days=1),
    )
    cohort = make_cohort(gym.coach_b, seats=1, slug="one-seat")
    held = registration_create(cohort=cohort, name="Holder", email="holder@example.com").registration
    waiting = registration_create(cohort=cohort, name="Waiting", email="waiting@example.com").registration
    Registration.objects.filter(pk=held.pk).update(hold_expires_at=timezone.now() - timedelta(minutes=1))
    queued = scheduler_tick(now=timezone.make_aware(datetime.combine(timezone.localdate(), clock(23, 0))))
    assert {"erase_due_accounts", "release_lapsed_holds"} <= set(queued)
    _run_worker()
    assert not Runner.objects.filter(pk=gym.runner_b.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.ACTIVE
    assert any("waiting@example.com" in m.to for m in mail.outbox)
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


# --- The database worker --------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_queued_dispatch_and_the_database_worker_send_the_reminder(gym: Gym) -> None:
    session = _reminder_due_now(gym.runner_a)
    dispatch_due.enqueue()
    _run_worker()
    [email] = [m for m in mail.outbox if m.to == [gym.runner_a.email] and m.subject.startswith("Today")]
    assert f"/me/sessions/{session.pk}/" in email.body
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == {"crosstrain.notifications.tasks.dispatch_due", "crosstrain.notifications.tasks.send_notifications"}
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_sending_task_run_twice_by_the_worker_sends_once(gym: Gym) -> None:
    _reminder_due_now(gym.runner_a)
    run = notifications_dispatch()  # queues one sending task after its commit
    send_notifications.enqueue(notification_ids=run.ids)  # and the same again, as a retry would
    _run_worker()
    assert _queued("crosstrain.notifications.tasks.send_notifications") == 2
    assert len([m for m in mail.outbox if m.to == [gym.runner_a.email] and m.subject.startswith("Today")]) == 1


@pytest.mark.django_db(transaction=True)
def test_a_message_queues_its_email_after_the_commit_and_the_worker_sends_it(gym: Gym) -> None:
    message_send(runner=gym.runner_a, author=gym.coach_a, body="See you Thursday")
    assert _queued("crosstrain.notifications.tasks.notify_message") == 1
    _run_worker()
    [email] = [m for m in mail.outbox if m.to == [gym.runner_a.email] and "message" in m.subject]
    assert "See you Thursday" in email.body
    assert Notification.objects.get(kind=Kind.MESSAGE).status == Notification.Status.SENT


# --- A real SMTP server ---------------------------------------------------------------------------------------


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append({"to": envelope.rcpt_tos, "data": envelope.content})
        return "250 OK"

    def parsed(self) -> list[EmailMessage]:
        return [message_from_bytes(m["data"], policy=policy.default) for m in self.messages]  # type: ignore[misc]


@pytest.fixture
def smtp_server() -> Iterator[tuple[_Inbox, int]]:
    inbox, port = _Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.mark.django_db(transaction=True)
def test_run_worker_once_sends_the_reminder_through_a_real_smtp_server(
    gym: Gym, smtp_server: tuple[_Inbox, int]
) -> None:
    inbox, port = smtp_server
    session = _reminder_due_now(gym.runner_a)
    env = _env(
        CROSSTRAIN_EMAIL_HOST="127.0.0.1",
        CROSSTRAIN_EMAIL_PORT=str(port),
        CROSSTRAIN_EMAIL_TLS="0",
        CROSSTRAIN_FROM_EMAIL="coach@gym.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "run_worker", "--once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Queued: dispatch_due" in result.stdout
    [email] = [m for m in inbox.parsed() if m["To"] == gym.runner_a.email and str(m["Subject"]).startswith("Today")]
    assert email["To"] == gym.runner_a.email
    assert email["From"] == "coach@gym.example"
    unsubscribe = str(email["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<https://coach.example.com/unsubscribe/")
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.get_content_type() == "multipart/alternative"
    text = email.get_body(preferencelist=("plain",))
    html = email.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    assert f"https://coach.example.com/me/sessions/{session.pk}/" in text.get_content()
    assert f'href="https://coach.example.com/me/sessions/{session.pk}/"' in html.get_content()
    assert unsubscribe[1:-1] in html.get_content()
    assert Notification.objects.get(kind=Kind.REMINDER, recipient=gym.runner_a.user).status == "sent"
    # Run again: nothing is sent twice.
    again = subprocess.run(
        [sys.executable, "manage.py", "run_worker", "--once"], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    assert again.returncode == 0
    reminders = [m for m in inbox.parsed() if m["To"] == gym.runner_a.email and str(m["Subject"]).startswith("Today")]
    assert len(reminders) == 1


# --- The RQ lane ------------------------------------------------------------------------------------------------

REDIS_SERVER = Path("/usr/bin/redis-server")


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A real Redis server on a free port, its files in a temporary folder."""
    if not REDIS_SERVER.exists():
        if os.environ.get("CI"):
            pytest.fail("CI: /usr/bin/redis-server is missing (.ci/run installs the redis-server package)")
        pytest.skip("redis-server is not installed: the RQ lane is skipped (CI installs it)")
    import redis

    port = _free_port()
    server = subprocess.Popen(
        [str(REDIS_SERVER), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path), "--save", ""],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=without_faketime(dict(os.environ)),  # Redis is a service beside the app: on the machine's clock
    )
    try:
        client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(100):
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail("redis-server did not answer")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_on_the_rq_lane_a_real_rq_worker_runs_the_reminder_task_and_the_email_arrives(
    gym: Gym, redis_url: str, smtp_server: tuple[_Inbox, int]
) -> None:
    inbox, port = smtp_server
    session = _reminder_due_now(gym.runner_a)
    env = _env(
        CROSSTRAIN_TASKS="rq",
        CROSSTRAIN_REDIS_URL=redis_url,
        CROSSTRAIN_EMAIL_HOST="127.0.0.1",
        CROSSTRAIN_EMAIL_PORT=str(port),
        CROSSTRAIN_EMAIL_TLS="0",
    )
    enqueue = (
        "import django; django.setup()\n"
        "from crosstrain.notifications.tasks import dispatch_due\n"
        "result = dispatch_due.enqueue()\n"
        "print(result.backend, type(result.task.get_backend()).__name__)\n"
    )
    queued = subprocess.run(
        [sys.executable, "-c", enqueue], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert queued.returncode == 0, queued.stderr
    assert queued.stdout.split() == ["default", "RQBackend"]
    assert not inbox.messages  # queued in Redis, nothing run yet
    worker = subprocess.run(
        [sys.executable, "manage.py", "rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr
    [email] = [m for m in inbox.parsed() if m["To"] == gym.runner_a.email and str(m["Subject"]).startswith("Today")]
    assert email["To"] == gym.runner_a.email
    text = email.get_body(preferencelist=("plain",))
    assert text is not None
    assert f"/me/sessions/{session.pk}/" in text.get_content()
    assert not DBTaskResult.objects.exists()  # nothing went through the database queue


# --- make demo ---------------------------------------------------------------------------------------------------


@pytest.mark.not_swept  # processes starting and stopping together: no date in it (the demo's data is swept elsewhere)
def test_make_demos_server_and_worker_start_together_and_one_ctrl_c_stops_both(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CROSSTRAIN_", "DJANGO_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    env = child_env(timezone.now(), env)  # the demo gym is built around the test's today
    python = str(Path(sys.executable))
    migrated = subprocess.run(
        [python, "manage.py", "migrate", "--no-input"], cwd=ROOT, env=env, capture_output=True, timeout=300
    )
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    demo = subprocess.Popen(
        [str(ROOT / "scripts" / "demo-serve"), f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**env, "PYTHON_BIN": python},
        start_new_session=True,  # its own process group, as a terminal's foreground job
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as page:
                    assert page.status == 200
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("the web server did not answer")
        deadline = time.monotonic() + 30
        while not _scheduler_ran(tmp_path / "demo.sqlite3") and time.monotonic() < deadline:
            time.sleep(0.25)
        assert _scheduler_ran(tmp_path / "demo.sqlite3"), "the worker's scheduler did not run"
        os.killpg(demo.pid, signal.SIGINT)  # Ctrl-C in the terminal: the whole foreground group gets it
        demo.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _group_alive(demo.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _group_alive(demo.pid), "a process of make demo kept running after Ctrl-C"
        output = demo.stdout.read() if demo.stdout else ""
        assert "Starting development server" in output
        assert "Starting worker" in output
        # The emails' links point to where the demo serves (issue 23), not to the settings' default address.
        assert f"Emails link to http://127.0.0.1:{port}/" in output
    finally:
        if _group_alive(demo.pid):
            os.killpg(demo.pid, signal.SIGKILL)


def _scheduler_ran(database: Path) -> bool:
    """The worker's scheduler has claimed a period in the demo's database."""
    import sqlite3

    try:
        with sqlite3.connect(database) as db:
            return bool(db.execute("select count(*) from notifications_scheduledrun").fetchone()[0])
    except sqlite3.Error:
        return False


def _group_alive(pgid: int) -> bool:
    """A process of the group is still running (zombies waiting to be reaped do not count)."""
    out = subprocess.run(["ps", "-o", "stat=", "-g", str(pgid)], capture_output=True, text=True).stdout
    return any(not line.strip().startswith("Z") for line in out.splitlines() if line.strip())


# --- Housekeeping and the hook ------------------------------------------------------------------------------------


def test_pruning_drops_old_records_and_finished_tasks_and_keeps_recent_ones(gym: Gym) -> None:
    assert gym.runner_a.user is not None
    old = timezone.now() - timedelta(days=61)
    kept_notification = Notification.objects.create(
        key="reminder:1:2026-01-02", kind=Kind.REMINDER, recipient=gym.runner_a.user, status="sent"
    )
    old_notification = Notification.objects.create(
        key="reminder:1:2026-01-01", kind=Kind.REMINDER, recipient=gym.runner_a.user, status="sent", updated_at=old
    )
    failed_to_retry = Notification.objects.create(
        key="reminder:2:2026-01-01", kind=Kind.REMINDER, recipient=gym.runner_a.user, status="failed", updated_at=old
    )
    ScheduledRun.objects.create(job="dispatch_due", period="2026-01-01T07:00Z")
    ScheduledRun.objects.filter(period="2026-01-01T07:00Z").update(queued_at=old)
    ScheduledRun.objects.create(job="dispatch_due", period="recent")
    finished = dispatch_due.enqueue()
    DBTaskResult.objects.filter(id=finished.id).update(status="SUCCESSFUL", finished_at=old)
    waiting = dispatch_due.enqueue()
    result = prune_history.call()
    assert result == {"rows": 2, "limit_counters": 0}
    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert remaining == {kept_notification.pk, failed_to_retry.pk}
    assert old_notification.pk not in remaining
    assert list(ScheduledRun.objects.values_list("period", flat=True)) == ["recent"]
    assert set(DBTaskResult.objects.values_list("id", flat=True)) == {waiting.db_result.id}


def test_the_message_hook_never_raises_when_the_queue_is_down(
    gym: Gym, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # The RQ queue, pointed at a port where no Redis listens.
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{_free_port()}/0"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    message_sent(message_id=12345)  # no exception: the message stays saved, the email is lost
    assert "could not queue the email for message 12345" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_scheduler_only_queues_the_periodic_jobs_runs_none_and_stops_on_sigterm(gym: Gym) -> None:
    scheduler = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--scheduler-only"],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not _queued("crosstrain.notifications.tasks.dispatch_due") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _queued("crosstrain.notifications.tasks.dispatch_due") == 1
        assert ScheduledRun.objects.filter(job="dispatch_due").count() == 1
        time.sleep(1)
        assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"READY"}  # queued, not run here
        scheduler.send_signal(signal.SIGTERM)
        assert scheduler.wait(timeout=15) == 0
    finally:
        if scheduler.poll() is None:
            scheduler.kill()
