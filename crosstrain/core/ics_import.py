"""Importing a runner's running plan from an iCalendar (.ics) file, as running-plan and calendar apps export.

Each event becomes a dated run. Its kind comes from the title, then the duration, in this order (the first
rule that matches wins; the `reason` of each run says which one did):

| # | rule                                                                                   | kind    |
|---|----------------------------------------------------------------------------------------|---------|
| 1 | title says rest/day off, or names cross-training (strength, gym, yoga, swim, bike...)  | skipped |
| 2 | title says "pace" or "MP" (race pace, marathon pace, goal pace): a workout, not a race | hard    |
| 3 | title says race, marathon, half marathon, ultra or triathlon                           | race    |
| 4 | title says intervals, tempo, threshold, hills, fartlek, repeats, track, speed, VO2,    | hard    |
|   | workout, progression, cruise or parkrun                                                |         |
| 5 | title says long                                                                        | long    |
| 6 | the event lasts 90 minutes or more                                                     | long    |
| 7 | anything else                                                                          | easy    |

Weekly repeating events (RRULE FREQ=WEEKLY with COUNT or UNTIL, INTERVAL, BYDAY, and EXDATE) are expanded;
other repeats are refused with a message, since guessing them would misplace sessions.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar

from crosstrain.core.errors import RunningPlanError
from crosstrain.core.running import Run, RunKind

LONG_MINUTES = 90
# A weekly repeat without an end is expanded for a year: longer than any program and its lead-in.
OPEN_REPEAT_DAYS = 366

_NOT_A_RUN = re.compile(
    r"\b(rest|day off|off|cross[- ]?train(ing)?|strength|gym|yoga|pilates|swim(ming)?|bike|cycl(e|ing)|spin)\b", re.I
)
_PACE = re.compile(r"\b(pace|mp)\b", re.I)
_RACE = re.compile(r"\b(race|marathon|half[- ]marathon|ultra|triathlon)\b", re.I)
_HARD = re.compile(
    r"\b(intervals?|tempo|threshold|hills?|hill repeats|fartlek|repeats|track|speed|vo2(max)?|workout|"
    r"progression|cruise|parkrun)\b",
    re.I,
)
_LONG = re.compile(r"\blong\b", re.I)
_EASY = re.compile(r"\b(easy|recovery|jog|shakeout|base|aerobic)\b", re.I)
_WEEKDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def classify(title: str, minutes: int | None) -> tuple[RunKind, str] | None:
    """The kind of run an event is and why, or None when the event is not a run (rule 1 of the table)."""
    if _NOT_A_RUN.search(title) and not _RACE.search(title) and not _HARD.search(title):
        return None
    if match := _PACE.search(title):
        return RunKind.HARD, f"title says {match.group(0)!r}: a race-pace workout"
    if match := _RACE.search(title):
        return RunKind.RACE, f"title says {match.group(0)!r}"
    if match := _HARD.search(title):
        return RunKind.HARD, f"title says {match.group(0)!r}"
    if match := _LONG.search(title):
        return RunKind.LONG, f"title says {match.group(0)!r}"
    if minutes is not None and minutes >= LONG_MINUTES:
        return RunKind.LONG, f"lasts {minutes} min ({LONG_MINUTES} or more)"
    if match := _EASY.search(title):
        return RunKind.EASY, f"title says {match.group(0)!r}"
    return RunKind.EASY, "an easy run unless the title or the duration says otherwise"


def load_running_plan(path: Path) -> list[Run]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RunningPlanError([f"cannot read the running plan: {exc.strerror}"], source=str(path)) from None
    return runs_from_ics(data, source=path.name)


def runs_from_ics(data: bytes | str, *, source: str = "") -> list[Run]:
    """Every run in an iCalendar text, in date order; raises RunningPlanError listing every problem."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise RunningPlanError(
            [f"could not read it as an iCalendar (.ics) file ({exc}); export the plan from your calendar app as .ics"],
            source=source,
        ) from None
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise RunningPlanError(["the calendar has no events; export the plan with its runs"], source=source)
    problems: list[str] = []
    runs: list[Run] = []
    for position, event in enumerate(events, start=1):
        runs.extend(_event_runs(event, position, problems))
    if problems:
        raise RunningPlanError(problems, source=source)
    return sorted(runs, key=lambda r: (r.day, r.title or ""))


def _event_runs(event: Any, position: int, problems: list[str]) -> list[Run]:
    uid = event.get("UID")
    name = f"event {str(uid)!r}" if uid else f"event #{position}"
    title = str(event.get("SUMMARY") or "").strip()
    start = event.get("DTSTART")
    if not title:
        problems.append(f"{name} has no title (SUMMARY); every run needs one to be classified")
    if start is None:
        problems.append(f"{name} ({title or 'untitled'}) has no start date (DTSTART)")
    if not title or start is None:
        return []
    first = start.dt
    minutes = _minutes(event, first)
    kind = classify(title, minutes)
    if kind is None:
        return []
    days = _days(event, first, name, problems)
    return [Run(day=d, kind=kind[0], title=title, minutes=minutes, reason=kind[1]) for d in days]


def _day_of(value: date | datetime) -> date:
    # A timed event belongs to the date on the runner's own clock, the zone the event was written in.
    return value.date() if isinstance(value, datetime) else value


def _minutes(event: Any, first: date | datetime) -> int | None:
    if not isinstance(first, datetime):
        return None  # an all-day event says nothing about how long the run is
    end, duration = event.get("DTEND"), event.get("DURATION")
    length: timedelta | None = None
    if end is not None and isinstance(end.dt, datetime):
        length = end.dt - first
    elif duration is not None:
        length = duration.dt
    return None if length is None else max(0, round(length.total_seconds() / 60))


def _days(event: Any, first: date | datetime, name: str, problems: list[str]) -> list[date]:
    start = _day_of(first)
    rule = event.get("RRULE")
    if rule is None:
        return [start]
    freq = [str(f).upper() for f in rule.get("FREQ", [])]
    if freq != ["WEEKLY"]:
        problems.append(
            f"{name} repeats {'/'.join(freq).lower() or 'without a frequency'}; only weekly repeats are "
            "understood. Export the plan with one event per run."
        )
        return []
    interval = int(rule.get("INTERVAL", [1])[0])
    count = int(rule["COUNT"][0]) if "COUNT" in rule else None
    until = _day_of(rule["UNTIL"][0]) if "UNTIL" in rule else None
    weekdays = sorted({_WEEKDAY[str(d).upper()[-2:]] for d in rule.get("BYDAY", [])}) or [start.weekday()]
    excluded = _exdates(event)
    horizon = until or start + timedelta(days=OPEN_REPEAT_DAYS)
    days: list[date] = []
    produced = 0
    week_start = start - timedelta(days=start.weekday())
    while week_start <= horizon and (count is None or produced < count):
        for weekday in weekdays:
            day = week_start + timedelta(days=weekday)
            if day < start or day > horizon or (count is not None and produced >= count):
                continue
            produced += 1  # RFC 5545: excluded dates still count towards COUNT
            if day not in excluded:
                days.append(day)
        week_start += timedelta(days=7 * interval)
    return days


def _exdates(event: Any) -> set[date]:
    value = event.get("EXDATE")
    if value is None:
        return set()
    lists = value if isinstance(value, list) else [value]
    return {_day_of(item.dt) for exdate in lists for item in exdate.dts}
