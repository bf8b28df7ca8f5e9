"""Outages the deployment survives (issue 28), with every part real and in its own process: a PostgreSQL server, a
Redis server (the shared cache), gunicorn with two workers, the task worker and an SMTP server.

A runner logs sets the way the phone does (each with its client id; a set the server could not take is sent again
later) while PostgreSQL stops for a few seconds and then Redis does. Afterwards: every set is stored exactly once, the
pages and the API answered during the Redis outage (uncached), the task worker is still alive and sends a message's
email. Reminders under a worker killed mid-send are tests/web/test_worker_kill.py's."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from tests.clock import child_env, without_faketime
from tests.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SETS = 36
PG_DOWN_AFTER, REDIS_DOWN_AFTER = 8, 22  # sets logged before each outage
OUTAGE_SECONDS = 4.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Postgres:
    """A throwaway PostgreSQL server that the test stops and starts again (as scripts/with-postgres makes one)."""

    def __init__(self, folder: Path) -> None:
        found = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")]
        )
        if not found:
            if os.environ.get("CI"):
                pytest.fail("CI needs a PostgreSQL server (.ci/run installs the 'postgresql' package)")
            pytest.skip("no PostgreSQL server installed")
        self.bin = found[-1]
        self.folder = folder
        self.port = _free_port()
        self.as_owner: list[str] = []
        if os.getuid() == 0:  # PostgreSQL refuses to run as root: the 'postgres' system user runs it
            shutil.chown(folder, "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(folder / "data"), "-U", "crosstrain", "--auth=trust", "-E", "UTF8")
        self.url = f"postgres://crosstrain@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self.as_owner, str(self.bin / program), *args],
            check=True,
            capture_output=True,
            env=without_faketime(dict(os.environ)),  # a service beside the app: on the machine's clock
        )

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.folder / "data"),
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")


class Inbox:
    def __init__(self) -> None:
        self.received: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope.content)
        return "250 OK"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[tuple[Postgres, RedisServer, Inbox, int]]:
    # A folder the 'postgres' user can reach (pytest's own are its owner's only).
    pg_folder = Path(tempfile.mkdtemp(prefix="crosstrain-resilience-"))
    postgres = Postgres(pg_folder)
    postgres.start()
    (tmp_path / "redis").mkdir()
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    inbox, smtp_port = Inbox(), _free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    try:
        yield postgres, redis, inbox, smtp_port
    finally:
        smtp.stop()
        redis.stop()
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped already
            postgres.stop()
        shutil.rmtree(pg_folder, ignore_errors=True)


SETUP = """
import json
from crosstrain.accounts.models import Runner, User
from crosstrain.api.services import token_create
from crosstrain.programs.models import Program
ana = Runner.objects.get(name="Ana")
token = token_create(owner=ana.user, name="phone", scope="read-write")[1]
coach = token_create(owner=ana.coach, name="desk", scope="read-write")[1]
program = Program.objects.get(runner=ana, status="published")
candidates = []
for session in program.sessions.order_by("-date"):
    for e in session.exercises.filter(block="strength"):
        if not e.seconds and e.reps:
            candidates.append({"session": session.pk, "exercise": e.pk, "reps": e.reps})
print(json.dumps({"token": token, "coach": coach, "runner": ana.pk, "candidates": candidates[:40]}))
"""

COUNT = """
import json, sys
from crosstrain.training.models import SetLog
ids = json.loads(sys.stdin.read())
print(json.dumps({"stored": SetLog.objects.filter(client_id__in=ids).count()}))
"""


class Phone:
    """Logs sets as the offline queue does: each set keeps its client id; one the server did not take (no answer,
    429, 5xx) is tried again later; 201/200 is done."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.pending: list[dict[str, Any]] = []
        self.done: list[str] = []
        self.refused: list[tuple[int, str]] = []
        self.waited = 0  # answers that said "later" (no answer, 429, 5xx)

    def _post(self, path: str, body: dict[str, Any]) -> int:
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            if error.code < 500 and error.code != 429:
                self.refused.append((error.code, error.read().decode()[:300]))
            return int(error.code)
        except OSError:
            return 0  # no answer: the app or its proxy is restarting

    def log(self, set_: dict[str, Any]) -> None:
        self.pending.append(set_)
        self.flush()

    def flush(self) -> None:
        for set_ in list(self.pending):
            status = self._post(f"/api/v1/sessions/{set_['session']}/sets", set_["body"])
            if status in (200, 201):
                self.pending.remove(set_)
                self.done.append(set_["body"]["client_id"])
            elif status in (0, 429) or status >= 500:
                self.waited += 1
                return  # later, in order
            else:
                self.pending.remove(set_)  # refused for good: recorded in self.refused


def _get(base: str, path: str, token: str) -> int:
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0  # no answer


def test_sets_survive_a_database_and_a_cache_outage_and_the_worker_carries_on(
    services: tuple[Postgres, RedisServer, Inbox, int], tmp_path: Path
) -> None:
    postgres, redis, inbox, smtp_port = services
    kept = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "CI")}
    env = child_env(
        timezone.now(),
        {
            **kept,
            "DJANGO_SETTINGS_MODULE": "crosstrain.web.settings",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": postgres.url,
            "CROSSTRAIN_CACHE_URL": redis.url,
            "CROSSTRAIN_DEBUG": "0",
            "CROSSTRAIN_SECRET_KEY": secrets.token_urlsafe(50),
            "CROSSTRAIN_ALLOWED_HOSTS": "127.0.0.1",
            "CROSSTRAIN_SITE_URL": "http://127.0.0.1",
            "CROSSTRAIN_SSL_REDIRECT": "0",
            "CROSSTRAIN_STATIC_ROOT": str(tmp_path / "static"),
            "CROSSTRAIN_EMAIL_HOST": "127.0.0.1",
            "CROSSTRAIN_EMAIL_PORT": str(smtp_port),
            "CROSSTRAIN_EMAIL_TLS": "0",
            "CROSSTRAIN_API_RATE": "100000/min",
        },
    )

    def manage(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
        )
        assert done.returncode == 0, f"manage.py {args[0]}: {done.stderr[-3000:]}"
        return done.stdout

    manage("migrate", "--no-input")
    manage("collectstatic", "--no-input")
    manage("demo_data")
    setup = json.loads(manage("shell", "-c", SETUP).strip().splitlines()[-1])

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    logs = {name: (tmp_path / f"{name}.log").open("wb") for name in ("gunicorn", "worker")}
    web = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "crosstrain.web.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "0",
        ],
        cwd=ROOT,
        env=env,
        stdout=logs["gunicorn"],
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [str(BIN / "python"), "manage.py", "run_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=logs["worker"],
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while _get(base, "/api/v1/me", setup["token"]) != 200:
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.3)

        # Which of Ana's sessions take a set now (the finishing rules decide): the first candidate accepted.
        phone = Phone(base, setup["token"])
        target = None
        for candidate in setup["candidates"]:
            probe = {"client_id": str(uuid.uuid4()), "exercise_id": candidate["exercise"], "reps": candidate["reps"]}
            if phone._post(f"/api/v1/sessions/{candidate['session']}/sets", probe) in (200, 201):
                phone.done.append(probe["client_id"])
                target = candidate
                break
        assert target is not None, f"no session of Ana's took a set: {phone.refused[:3]}"
        phone.refused.clear()

        during_redis: list[int] = []
        for n in range(SETS):
            if n == PG_DOWN_AFTER:
                postgres.stop()
                threading.Timer(OUTAGE_SECONDS, postgres.start).start()
            if n == REDIS_DOWN_AFTER:
                # One outage at a time: the database is back (and the phone's waiting sets went) before Redis stops.
                deadline = time.monotonic() + 60
                while phone.pending or _get(base, "/api/v1/me", setup["token"]) != 200:
                    assert time.monotonic() < deadline, "the database did not come back"
                    time.sleep(0.3)
                    phone.flush()
                redis.stop()
            phone.log(
                {
                    "session": target["session"],
                    "body": {"client_id": str(uuid.uuid4()), "exercise_id": target["exercise"], "reps": target["reps"]},
                }
            )
            if redis.process is None:
                during_redis += [
                    _get(base, "/api/v1/me", setup["token"]),
                    _get(base, f"/api/v1/runners/{setup['runner']}/week", setup["token"]),
                ]
            time.sleep(0.25)
        redis.start()

        deadline = time.monotonic() + 90
        while phone.pending:
            assert time.monotonic() < deadline, (
                f"{len(phone.pending)} sets still not taken; the log:\n"
                + (tmp_path / "gunicorn.log").read_text()[-3000:]
            )
            time.sleep(0.5)
            phone.flush()

        assert phone.refused == []
        assert phone.waited > 0, "the database outage was never met"
        assert during_redis, "no request was made while Redis was down"
        assert set(during_redis) == {200}, during_redis
        stored = json.loads(manage("shell", "-c", COUNT, stdin=json.dumps(phone.done)).strip().splitlines()[-1])
        assert stored["stored"] == len(phone.done) == SETS + 1  # every set once: none lost, none doubled

        # The worker lived through both outages and still sends: the coach's message reaches the runner.
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
        assert "The database does not answer" in (tmp_path / "worker.log").read_text()
        request = urllib.request.Request(
            f"{base}/api/v1/runners/{setup['runner']}/messages",
            data=json.dumps({"body": "Great work through the outage"}).encode(),
            headers={"Authorization": f"Bearer {setup['coach']}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status in (200, 201)
        deadline = time.monotonic() + 60
        while not any(b"Great work through the outage" in m for m in inbox.received):
            assert time.monotonic() < deadline, (
                "the message's email never came; the worker said:\n" + (tmp_path / "worker.log").read_text()[-3000:]
            )
            time.sleep(0.3)
        assert worker.poll() is None
    finally:
        for process in (web, worker):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for sink in logs.values():
            sink.close()
