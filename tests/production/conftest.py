"""The production lane: the app as docs/gym/deployment.md deploys it, driven from outside.

One deployment for the lane: a fresh SQLite database, `migrate`, `collectstatic` (WhiteNoise's compressed, hashed
files), the demo gym (`demo_data`), then gunicorn with `CROSSTRAIN_DEBUG=0`, a random secret key and every secure
default: secure cookies, HSTS, the proxy's https header trusted, the strict headers. The one setting relaxed is the
TLS redirect (`CROSSTRAIN_SSL_REDIRECT=0`), for the local address the tests speak plain http to; a browser treats
http://127.0.0.1 as a secure context, so secure cookies and the service worker work as they do over https.

The server's clock is the run's pinned instant (tests/clock.py `child_env`). Its log is read at the end: an
error in it fails the lane even if no response showed a 500.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.utils import timezone

from tests.clock import child_env

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "crosstrain-demo"  # every demo account's (crosstrain/web/management/commands/demo_data.py)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def production_environment(work: Path) -> dict[str, str]:
    """The deployment guide's production settings, on a throwaway database and static folder."""
    return {
        "DJANGO_SETTINGS_MODULE": "crosstrain.web.settings",
        "DATABASE_URL": f"sqlite:///{work / 'crosstrain.sqlite3'}",
        "CROSSTRAIN_STATIC_ROOT": str(work / "staticfiles"),
        "CROSSTRAIN_DEBUG": "0",
        "CROSSTRAIN_SECRET_KEY": secrets.token_urlsafe(50),
        "CROSSTRAIN_ALLOWED_HOSTS": "127.0.0.1",
        "CROSSTRAIN_SITE_URL": "http://127.0.0.1",
        # The only relaxation: no redirect to https for the local address the tests speak plain http to.
        "CROSSTRAIN_SSL_REDIRECT": "0",
        "CROSSTRAIN_TASKS": "db",
        "PYTHONPATH": str(ROOT),
    }


@dataclass
class Visitor:
    """A person at the deployed app over plain http, cookies kept as a browser on localhost keeps them (secure
    ones too), no redirect followed."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, extra: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        parts = urlsplit(self.base_url)
        connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
        headers = {"Host": "127.0.0.1", "User-Agent": "crosstrain production lane", **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.base_url + path
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path)

    def post_form(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """The form at `path` as a browser posts it: its CSRF token first, from the page."""
        status, _, page = self.get(path)
        assert status == 200, f"GET {path}: {status}"
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, f"no CSRF token in the form at {path}"
        return self.request("POST", path, {"csrfmiddlewaretoken": found.group(1), **form})

    def sign_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        status, headers, _ = self.post_form("/login/", {"username": username, "password": password})
        assert status == 302, f"{username} could not sign in: {status}"
        assert "sessionid" in self.cookies, f"{username} signed in without a session cookie: {headers}"


@dataclass
class Deployment:
    base_url: str
    env: dict[str, str]
    work: Path
    targets: dict[str, Any]
    log: Path

    def visitor(self, username: str | None = None) -> Visitor:
        visitor = Visitor(self.base_url)
        if username:
            visitor.sign_in(username)
        return visitor

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )


def _step(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"{' '.join(args[1:])} failed in the production lane:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _wait_until_up(base_url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            status, _, _ = Visitor(base_url).get("/login/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within 60 s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    work = tmp_path_factory.mktemp("production")
    # A clean environment, as a service manager gives one: nothing of the test process's (such as the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE) leaks into the deployment.
    kept = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "CI")}
    env = child_env(timezone.now(), {**kept, **production_environment(work)})
    python = str(BIN / "python")
    _step(env, python, "manage.py", "migrate", "--no-input")
    _step(env, python, "manage.py", "collectstatic", "--no-input")
    _step(env, python, "manage.py", "demo_data")
    _step(env, python, "-m", "tests.production.targets", str(work / "targets.json"))
    targets = json.loads((work / "targets.json").read_text())
    port = _free_port()
    log = work / "gunicorn.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "crosstrain.web.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                # gunicorn kills a worker whose heartbeat file is older than the timeout; the file's time comes from
                # the kernel, the server's clock from the pinned instant (one ahead of the machine would look
                # like a silent worker). The lane does not test worker timeouts.
                "--timeout",
                "0",
            ],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, server, log)
        yield Deployment(base_url, env, work, targets, log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    # Errors only: Django logs a refused request (403, 404) as a warning, with its exception, by design.
    text = log.read_text()
    errors = re.findall(r"^\S+ \S+ (?:ERROR|CRITICAL) .*$|^.*\[(?:ERROR|CRITICAL)\].*$", text, re.M)
    assert not errors, "the deployed server logged errors:\n" + "\n".join(errors)[:6000] + f"\n(the log: {log})"
