"""Issue 24, item 8: limits hold across server processes. With the default cache (each process's memory), 4
gunicorn workers let 4 times the reset, registration and API limits through; the counts now live in the database
when no shared cache is configured. A real gunicorn with 4 workers takes bursts of parallel requests."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener, urlopen

import pytest
from django.db import connection
from django.utils import timezone

from crosstrain.accounts.services import RESETS_PER_NETWORK
from crosstrain.enrollment.limits import REGISTRATIONS_PER_HOUR
from crosstrain.limits import attempt, limits_prune, shared_cache
from crosstrain.limits.models import LimitCounter
from tests.clock import child_env
from tests.web.conftest import Gym

# The cohort must still take registrations on the test's day: scripts/calendar-sweep runs this at every date.
pytestmark = [pytest.mark.calendar, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
BURST = 16  # parallel requests per limit: with counts per process, up to 4 x 5 of them would pass
ANON_API_RATE = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env() -> dict[str, str]:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{s['NAME']}"
    else:
        url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CROSSTRAIN_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="crosstrain.web.settings",
        DATABASE_URL=url,
        CROSSTRAIN_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CROSSTRAIN_NUM_PROXIES="1",  # each part of the test is its own client, by X-Forwarded-For
        CROSSTRAIN_API_ANON_RATE=f"{ANON_API_RATE}/min",
    )
    return child_env(timezone.now(), env)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """gunicorn with 4 sync workers and the default (per-process) cache, on the test database."""
    port, log = _free_port(), tmp_path / "gunicorn.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                *(str(Path(sys.executable).parent / "gunicorn"), "crosstrain.web.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--timeout", "0"),
            ],
            cwd=ROOT,
            env=_env(),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            try:
                with urlopen(f"{base}/login/", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _burst(request: Callable[[int], int]) -> Counter[int]:
    """BURST requests at once (sync workers: each busy worker leaves the next request to another)."""
    with ThreadPoolExecutor(BURST) as pool:
        return Counter(pool.map(request, range(BURST)))


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 302 itself is the answer


def _status(request: Request) -> int:
    try:
        with build_opener(_NoRedirects()).open(request, timeout=60) as answer:
            return int(answer.status)
    except HTTPError as error:
        return int(error.code)


def test_four_gunicorn_workers_allow_each_limit_once_not_four_times(gym: Gym, server: str) -> None:
    assert not shared_cache()  # the default settings: each process's own cache

    # Password resets: 5 an hour per network.
    jar = CookieJar()
    with build_opener(HTTPCookieProcessor(jar)).open(f"{server}/password/reset/", timeout=30) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    assert token is not None
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

    def reset(n: int) -> int:
        body = urlencode({"csrfmiddlewaretoken": token.group(1), "email": f"someone{n}@example.com"}).encode()
        headers = {"Cookie": cookie, "Referer": f"{server}/password/reset/", "X-Forwarded-For": "198.51.100.1"}
        return _status(Request(f"{server}/password/reset/", data=body, headers=headers, method="POST"))

    assert _burst(reset) == {302: RESETS_PER_NETWORK, 429: BURST - RESETS_PER_NETWORK}

    # Registrations through the API: 5 an hour per network and cohort.
    def register(n: int) -> int:
        body = json.dumps({"name": f"Ria {n}", "email": f"ria{n}@example.com", "phone": "555-0101", "mode": "gym"})
        headers = {"Content-Type": "application/json", "X-Forwarded-For": "198.51.100.2"}
        url = f"{server}/api/v1/cohorts/{gym.cohort.slug}/registrations"
        return _status(Request(url, data=body.encode(), headers=headers, method="POST"))

    assert _burst(register) == {202: REGISTRATIONS_PER_HOUR, 429: BURST - REGISTRATIONS_PER_HOUR}

    # The API's anonymous rate (8 a minute here).
    def read(n: int) -> int:
        headers = {"X-Forwarded-For": "198.51.100.3"}
        return _status(Request(f"{server}/api/v1/cohorts/{gym.cohort.slug}", headers=headers))

    assert _burst(read) == {200: ANON_API_RATE, 429: BURST - ANON_API_RATE}
    assert LimitCounter.objects.exists()


def test_a_counter_keeps_no_address_and_goes_once_its_window_is_over(db: None, clock: Any) -> None:
    assert attempt(scope="reset-address", key="ria@example.com", allowed=2, window=60).allowed
    [row] = LimitCounter.objects.all()
    assert "ria" not in row.key
    assert limits_prune() == 0
    clock.shift(timedelta(seconds=61))
    assert limits_prune() == 1
    assert not LimitCounter.objects.exists()
