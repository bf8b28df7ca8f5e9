"""The tests' clock: every test runs at a pinned instant, never at the machine's date.

The instant is `CROSSTRAIN_TEST_CLOCK` (`2027-03-28T03:30`, a wall-clock time in the gym's time zone,
`CROSSTRAIN_TIME_ZONE`), or DEFAULT. The calendar sweep (`scripts/calendar-sweep`) runs the date-sensitive tests
once per date of SWEEP. Inside the test process time-machine moves the clock (every thread, the live server's
too); a Python process a test starts gets the same instant through its `sitecustomize` (`child_env`); a
browser page gets it through Playwright's clock (tests/browser/conftest.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# A Wednesday in the middle of a month, a season and a week: a default that hides no edge on its own. The edges
# are the sweep's job.
DEFAULT = "2026-03-11T10:00"
CLOCK_VARIABLE = "CROSSTRAIN_TEST_CLOCK"


@dataclass(frozen=True)
class Moment:
    """One date of the sweep: the wall-clock time in a gym's time zone, and why it is in the sweep."""

    at: str
    zone: str
    why: str


# Each weekday of one week, the ends of a month and of a year, a leap day, both daylight-saving changes by the
# European and by the US rules (pinned just after the change, so "today" is the 23- or 25-hour day), and a late
# evening far west of UTC, where the gym's date is a day behind UTC's.
SWEEP = (
    Moment("2027-06-07T09:00", "Europe/London", "a Monday"),
    Moment("2027-06-08T09:00", "Europe/London", "a Tuesday"),
    Moment("2027-06-09T09:00", "Europe/London", "a Wednesday"),
    Moment("2027-06-10T09:00", "Europe/London", "a Thursday"),
    Moment("2027-06-11T09:00", "Europe/London", "a Friday"),
    Moment("2027-06-12T09:00", "Europe/London", "a Saturday"),
    Moment("2026-12-06T10:00", "UTC", "a Sunday"),
    Moment("2027-04-30T12:00", "UTC", "the last day of a month"),
    Moment("2027-05-01T12:00", "UTC", "the first day of a month"),
    Moment("2026-12-31T12:00", "UTC", "the last day of a year"),
    Moment("2027-01-01T12:00", "UTC", "the first day of a year"),
    Moment("2028-02-29T12:00", "UTC", "a leap day"),
    Moment("2027-03-28T03:30", "Europe/London", "the clocks go forward (European rules)"),
    Moment("2027-10-31T03:30", "Europe/London", "the clocks go back (European rules)"),
    Moment("2027-03-14T03:30", "America/New_York", "the clocks go forward (US rules)"),
    Moment("2027-11-07T03:30", "America/New_York", "the clocks go back (US rules)"),
    Moment("2027-06-09T23:30", "America/Los_Angeles", "late evening, a day behind UTC"),
)


def gym_zone() -> ZoneInfo:
    return ZoneInfo(os.environ.get("CROSSTRAIN_TIME_ZONE") or "UTC")


def parse(when: str | date | datetime, zone: ZoneInfo | None = None) -> datetime:
    """A pinned instant from `2027-03-28`, `2027-03-28T03:30` or a date/datetime: a wall-clock time in the gym's
    time zone (10:00 when only a date is given), as an aware datetime."""
    zone = zone or gym_zone()
    if isinstance(when, datetime):
        return when if when.tzinfo else when.replace(tzinfo=zone)
    if isinstance(when, date):
        return datetime(when.year, when.month, when.day, 10, 0, tzinfo=zone)
    text = when.strip()
    try:
        moment = datetime.fromisoformat(text if "T" in text or " " in text else text + "T10:00")
    except ValueError:
        raise ValueError(f"{CLOCK_VARIABLE}={when!r}: write a date and time like 2027-03-28T03:30") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def pinned() -> datetime:
    """The run's instant: CROSSTRAIN_TEST_CLOCK or the default, in the gym's time zone."""
    return parse(os.environ.get(CLOCK_VARIABLE) or DEFAULT)


def describe(moment: datetime) -> str:
    """`Sun 2026-12-06 10:00 Europe/London`: how a failure names the date it ran at."""
    local = moment.astimezone(gym_zone())
    return f"{local:%a %Y-%m-%d %H:%M} {gym_zone().key}"


PINNED_SITE = Path(__file__).resolve().parent / "pinned_site"
CHILD_CLOCK_VARIABLE = "CROSSTRAIN_CHILD_CLOCK"


def without_faketime(env: dict[str, str]) -> dict[str, str]:
    """`env` without libfaketime. A run started under `faketime` (a whole machine's date moved, as the docs'
    date checks do) hands it down to every child: its faked monotonic clock hangs a child's timed waits, and
    Redis under it never answers. A Python child gets the instant from `child_env`'s time-machine instead."""
    clean = {k: v for k, v in env.items() if not k.startswith("FAKETIME")}
    preload = [p for p in clean.pop("LD_PRELOAD", "").split() if "faketime" not in p]
    if preload:
        clean["LD_PRELOAD"] = " ".join(preload)
    return clean


def child_env(now: datetime, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a Python process a test starts, with its clock starting at `now` and running on.

    The child's `sitecustomize` (tests/pinned_site) starts time-machine at that instant before any other code
    runs: the wall clock is pinned, monotonic time and sleeps stay real (see tests/pinned_site/sitecustomize.py).
    """
    env = without_faketime(dict(os.environ if base is None else base))
    path = [str(PINNED_SITE), *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]]
    return {**env, "PYTHONPATH": os.pathsep.join(path), CHILD_CLOCK_VARIABLE: now.astimezone(UTC).isoformat()}
