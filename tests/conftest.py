"""Every test runs at a pinned instant (tests/clock.py), never at the machine's date.

- The whole run, collection and session fixtures included, is pinned from the start (`pytest_configure`): a
  module-level `date.today()` or a session fixture's dates come from the pinned clock too.
- Each test starts again at the pinned instant, and the clock runs on from there (timeouts, expiry and "a few
  seconds later" work as in life). `@pytest.mark.today("2027-03-28T03:30")` pins a test to its own instant; the
  `clock` fixture moves it (`clock.move_to(...)`, `clock.shift(timedelta(days=1))`).
- The guard: before each test, the clock must read the pinned instant. A fixture or plugin that escapes the pin
  (time-machine's escape hatch, a second clock library started at session scope) fails the test loudly, with how
  to pin instead. A process a test starts gets the instant through `tests.clock.child_env`, a browser page through
  Playwright's clock.
- `@pytest.mark.calendar` puts a test in the calendar sweep (scripts/calendar-sweep), which runs them once per
  date of tests.clock.SWEEP; a failure there names the date in its report.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests import clock as pinned_clock

_run_travel: Any = None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "today(when): pin this test to its own instant (a date, or a date and time)")
    config.addinivalue_line(
        "markers", "calendar: date-sensitive; scripts/calendar-sweep runs it at every date of tests.clock.SWEEP"
    )
    config.addinivalue_line(
        "markers",
        "not_swept: in a file marked `calendar` but sets its own days (or checks no date at all): the sweep leaves it"
        " out, as running it 17 times would find nothing more and cost minutes of CI",
    )
    config.addinivalue_line(
        "markers",
        "production: against the deployed app (gunicorn, DEBUG off, collected static files)",
    )
    global _run_travel
    _run_travel = time_machine.travel(pinned_clock.pinned(), tick=True)
    _run_travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _run_travel is not None:
        _run_travel.stop()


def pytest_report_header(config: pytest.Config) -> str:
    return f"clock pinned to {pinned_clock.describe(pinned_clock.pinned())} (processes tests start too)"


def _instant_for(item: pytest.Item) -> datetime:
    marker = item.get_closest_marker("today")
    if marker is None:
        return pinned_clock.pinned()
    return pinned_clock.parse(marker.args[0])


class RealClockError(AssertionError):
    """A test saw a clock that is not the pinned one."""


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest) -> Iterator[Any]:
    """The test's clock, pinned (see the module's docstring); `clock.move_to(...)` and `clock.shift(...)` move it."""
    instant = _instant_for(request.node)
    with time_machine.travel(instant, tick=True) as traveller:
        seen = datetime.now(UTC)
        if abs(seen - instant) > timedelta(minutes=1):
            raise RealClockError(
                f"the clock reads {seen:%Y-%m-%d %H:%M} UTC, not the pinned {pinned_clock.describe(instant)}: "
                "something escaped the pin. Pin a date with @pytest.mark.today(...) or move the `clock` fixture; "
                "never read the machine's date in a test."
            )
        yield traveller


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report: Any = yield
    if report.failed:
        report.sections.append(("pinned clock", f"this test ran at {pinned_clock.describe(_instant_for(item))}"))
    return report


CHROMIUM = Path(os.environ.get("CROSSTRAIN_CHROMIUM", "/usr/bin/chromium"))


# Real Chromium (Debian's), one for the run: the browser tests' and the production lane's journeys share it.
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Chromium at {CHROMIUM}; .ci/run installs the 'chromium' package")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()
