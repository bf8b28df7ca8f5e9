"""The task worker survives the database going away (issue 28): it waits, says so in its log, and once the database
answers again it sends what was queued, instead of exiting and leaving every email unsent until someone restarts it.

The outage is real: the worker's SQLite file is moved away and a folder put in its place ("unable to open database
file"), then put back, while the worker runs as its own process."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from crosstrain.messaging.services import message_send
from tests.web.conftest import Gym
from tests.web.test_tasks_worker import ROOT, _env, _Inbox, smtp_server  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for(condition, timeout: float, what: str, log: Path) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen in {timeout:.0f} s; the worker said:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)


def test_the_worker_waits_out_a_database_outage_and_then_sends_what_was_queued(
    gym: Gym,
    smtp_server: tuple[_Inbox, int],  # noqa: F811
    tmp_path: Path,
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the outage is made by moving the SQLite file away")
    inbox, port = smtp_server
    database = Path(connection.settings_dict["NAME"])
    log = tmp_path / "worker.log"
    env = _env(CROSSTRAIN_EMAIL_HOST="127.0.0.1", CROSSTRAIN_EMAIL_PORT=str(port), CROSSTRAIN_EMAIL_TLS="0")
    with log.open("ab") as out:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-scheduler", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    away = database.with_name(database.name + ".away")
    try:
        _wait_for(lambda: "Starting worker" in log.read_text(), 60, "the worker's start", log)
        # The outage: every file of the database moved away (after a checkpoint), a folder where it was.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        database.rename(away)
        database.mkdir()
        _wait_for(lambda: "The database does not answer" in log.read_text(), 30, "the worker noticing", log)
        time.sleep(3)  # a few tries, backing off
        assert worker.poll() is None, "the worker exited during the outage:\n" + log.read_text()[-3000:]

        database.rmdir()
        away.rename(database)
        message_send(runner=gym.runner_a, author=gym.coach_a, body="Back after the outage")
        _wait_for(lambda: any(gym.runner_a.email in m["to"] for m in inbox.messages), 60, "the message's email", log)
        assert worker.poll() is None
    finally:
        if database.is_dir():
            database.rmdir()
        if away.exists():
            away.rename(database)
        worker.terminate()
        worker.wait(timeout=30)
