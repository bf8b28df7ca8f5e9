"""The tests' clock (tests/conftest.py, tests/clock.py): no test, thread or child process sees the real date."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests import clock as pinned_clock

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

# Read while the module is imported (collection), before any test starts: pinned too.
IMPORTED_ON = date.today()


def test_a_test_runs_at_the_pinned_instant_and_the_clock_runs_on() -> None:
    pinned = pinned_clock.pinned()
    assert timezone.localdate() == pinned.astimezone(timezone.get_current_timezone()).date()
    assert abs(timezone.now() - pinned) < timedelta(seconds=30)
    first = timezone.now()
    time.sleep(0.05)
    assert timezone.now() > first  # time passes, so timeouts and "a minute later" behave as in life


def test_collection_and_other_threads_read_the_pinned_date_too() -> None:
    assert pinned_clock.pinned().date() == IMPORTED_ON
    seen: list[date] = []
    thread = threading.Thread(target=lambda: seen.append(timezone.localdate()))
    thread.start()
    thread.join()
    assert seen == [timezone.localdate()]


@pytest.mark.today("2028-02-29T23:30")
def test_the_today_marker_pins_a_test_to_its_own_instant_in_the_gym_s_time_zone() -> None:
    assert timezone.localdate() == date(2028, 2, 29)
    assert timezone.localtime().strftime("%H:%M") == "23:30"


def test_the_clock_fixture_moves_time(clock: Any) -> None:
    today = timezone.localdate()
    clock.shift(timedelta(days=3))
    assert timezone.localdate() == today + timedelta(days=3)


def test_a_process_a_test_starts_reads_the_pinned_instant_and_keeps_real_sleeps_and_timed_waits() -> None:
    """The child's wall clock is the test's; its monotonic clock, sleeps and a lock's timed wait are the kernel's
    (a faked monotonic clock made timed waits hang: the RQ worker's job did, on a loaded machine)."""
    now = timezone.now()
    code = (
        "import datetime, threading, time\n"
        "start = time.monotonic()\n"
        "time.sleep(0.05)\n"
        "lock = threading.Lock(); lock.acquire()\n"
        "assert not lock.acquire(timeout=0.05)\n"
        "assert 0.09 < time.monotonic() - start < 5\n"
        "print(datetime.datetime.now(datetime.timezone.utc).isoformat())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=pinned_clock.child_env(now),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert abs(datetime.fromisoformat(done.stdout.strip()) - now) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("2027-03-28", "Europe/London", "2027-03-28T10:00:00+01:00"),
        ("2027-03-28T00:30", "Europe/London", "2027-03-28T00:30:00+00:00"),
        ("2027-11-07T03:30", "America/New_York", "2027-11-07T03:30:00-05:00"),
    ],
)
def test_an_instant_is_a_wall_clock_time_in_the_gym_s_time_zone(text: str, zone: str, expected: str) -> None:
    from zoneinfo import ZoneInfo

    assert pinned_clock.parse(text, ZoneInfo(zone)).isoformat() == expected


def test_a_wrong_instant_says_how_to_write_it() -> None:
    with pytest.raises(ValueError, match="write a date and time like 2027-03-28T03:30"):
        pinned_clock.parse("next tuesday")


def test_the_sweep_covers_every_weekday_month_and_year_ends_a_leap_day_and_both_dst_rules() -> None:
    moments = [(datetime.fromisoformat(m.at), m.zone) for m in pinned_clock.SWEEP]
    assert {at.weekday() for at, _ in moments} == set(range(7))
    assert any(at.day == 1 and at.month == 1 for at, _ in moments)
    assert any((at + timedelta(days=1)).month != at.month for at, _ in moments)
    assert any((at.month, at.day) == (2, 29) for at, _ in moments)
    # Each DST day of the sweep really is 23 or 25 hours long in its zone.
    from zoneinfo import ZoneInfo

    lengths = set()
    for at, zone in moments:
        tz = ZoneInfo(zone)
        start = datetime(at.year, at.month, at.day, tzinfo=tz)
        end = start + timedelta(days=1)
        hours = (end.astimezone(UTC) - start.astimezone(UTC)) / timedelta(hours=1)
        if hours != 24:
            lengths.add((zone.split("/")[0], hours))
    assert lengths == {("Europe", 23), ("Europe", 25), ("America", 23), ("America", 25)}
