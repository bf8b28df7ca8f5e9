"""Importing a runner's running plan from an iCalendar (.ics) file, as running-plan and calendar apps export.

Each event (VEVENT) becomes one dated run per day it happens on:

- `day` is the date DTSTART falls on in its own time zone (a run at 23:30 in New York stays on that New York
  date); an all-day event keeps its date.
- `minutes` is DTEND - DTSTART, or DURATION, for a timed event; an all-day event says nothing about how long
  the run is, so its `minutes` is None.
- `kind` and `reason` come from `classify`: the title first, then the duration. The first rule that matches
  wins, and the `reason` of each run says which one did, quoting the words as the title writes them. Words
  match whole and case-insensitively ("Bike" is cross-training, "parkrun" is not "run", "camp" is not "MP").

| #  | the title says (whole words, any case)            | kind    | reason                                  |
|----|---------------------------------------------------|---------|-----------------------------------------|
| 1a | rest, day off or off, and no word of rules 2-5    | skipped | title says 'Rest': a rest day, not a    |
|    | ("Intervals 6x800m, 90 s rest" is a workout)      |         | run                                     |
| 1b | cross train, strength, gym, yoga, pilates, swim,  | skipped | title says 'Bike': cross-training, not  |
|    | bike, cycling, spin; and not run, jog, treadmill  |         | a run                                   |
|    | or parkrun ("Swim, bike, run triathlon" is a run) |         |                                         |
| 2  | race pace, marathon pace, half marathon pace,     | hard    | title says 'Marathon pace': a race-pace |
|    | goal pace, target pace, 5k/10k pace, or MP / HMP  |         | workout, not a race                     |
| 3  | race, marathon, half marathon, ultra, triathlon   | race    | title says 'Half Marathon'              |
| 4  | interval(s), tempo, threshold, hill(s), hill      | hard    | title says 'Tempo'; for parkrun: title  |
|    | repeats, fartlek, repeats, track, speed, VO2,     |         | says 'Parkrun': a fast 5k effort, not a |
|    | VO2max, workout, progression, cruise, parkrun     |         | race                                    |
| 5  | long                                              | long    | title says 'Long'                       |
| 6  | (the event lasts 90 minutes or more)              | long    | lasts 100 min, 90 or more               |
| 7  | anything else                                     | easy    | title says 'Easy' (or recovery, jog,    |
|    |                                                   |         | shakeout, base, aerobic, run);          |
|    |                                                   |         | otherwise: an easy run by default       |

`classify` returns `RunKind.REST` for rule 1; `runs_from_ics` leaves those events out, since a day without a
run is a rest day anyway. Cancelled events (STATUS:CANCELLED) are left out too.

Repeating events: a weekly repeat (RRULE FREQ=WEEKLY with COUNT or UNTIL, and optionally INTERVAL, BYDAY and
WKST) is expanded by `_weekly_days`, with EXDATE, RDATE and moved occurrences (a second VEVENT with the same
UID and a RECURRENCE-ID) honoured. Any other repeat (daily, monthly, "the last Friday", weekly without an end)
is refused with a message, since guessing it would misplace sessions.

Every problem in a file is reported at once, in one `RunningPlanError`, naming the event by its UID (or its
position in the file when it has none) and saying how to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar

from crosstrain.core.errors import RunningPlanError
from crosstrain.core.running import Run, RunKind

# Rule 6: a run this long is a long run whatever its title.
LONG_MINUTES = 90
# A weekly repeat with more occurrences than this (ten years of daily runs) is a broken file, not a plan.
MAX_REPEATS = 3660

_FIX = "export the plan from your calendar app as .ics"
_SINGLE = "export the plan with single events (one per run) instead"

_REST = re.compile(r"\b(rest|day off|off)\b", re.I)
_CROSS = re.compile(
    r"\b(cross[- ]?train(ing)?|strength|gym|yoga|pilates|swim(ming)?|bike|biking|cycling|cycle|spin)\b", re.I
)
_RUNNING = re.compile(r"\b(runs?|running|jog(s|ging)?|treadmill|parkrun)\b", re.I)
_PACE = re.compile(r"\b((race|marathon|half[- ]marathon|half|goal|target|5k|10k)[- ]pace|h?mp)\b", re.I)
_RACE = re.compile(r"\b(race|half[- ]marathon|marathon|ultra|triathlon)\b", re.I)
_HARD = re.compile(
    r"\b(hill repeats|intervals?|tempo|threshold|hills?|fartlek|repeats|track|speed|vo2(max)?|workout|"
    r"progression|cruise|parkrun)\b",
    re.I,
)
_LONG = re.compile(r"\blong\b", re.I)
_EASY = re.compile(r"\b(easy|recovery|jog(ging)?|shake-?out|base|aerobic|runs?|running)\b", re.I)
# A rest word makes a rest day only when no workout word is in the title ("Intervals 6x800m, 90 s rest").
_WORKOUT_WORDS = (_PACE, _RACE, _HARD, _LONG)

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKLY_PARTS = {"FREQ", "COUNT", "UNTIL", "INTERVAL", "BYDAY", "WKST"}
# Properties whose value is read; a broken one is reported instead of guessed around.
_READ = ("DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RDATE", "RECURRENCE-ID")
# By UID, the RECURRENCE-IDs of the occurrences of a repeat that other VEVENTs replace.
_Moved = dict[str, list[date | datetime]]


def classify(title: str, minutes: int | None) -> tuple[RunKind, str]:
    """The kind of run an event is and why, by the table of the module docstring.

    `RunKind.REST` means the event is not a run (rule 1: a rest day or cross-training).
    """
    if not _RUNNING.search(title):
        if (match := _REST.search(title)) and not any(p.search(title) for p in _WORKOUT_WORDS):
            return RunKind.REST, f"title says {_said(match)}: a rest day, not a run"
        if match := _CROSS.search(title):
            return RunKind.REST, f"title says {_said(match)}: cross-training, not a run"
    if match := _PACE.search(title):
        return RunKind.HARD, f"title says {_said(match)}: a race-pace workout, not a race"
    if match := _RACE.search(title):
        return RunKind.RACE, f"title says {_said(match)}"
    if match := _HARD.search(title):
        if match.group(0).lower() == "parkrun":
            return RunKind.HARD, f"title says {_said(match)}: a fast 5k effort, not a race"
        return RunKind.HARD, f"title says {_said(match)}"
    if match := _LONG.search(title):
        return RunKind.LONG, f"title says {_said(match)}"
    if minutes is not None and minutes >= LONG_MINUTES:
        return RunKind.LONG, f"lasts {minutes} min, {LONG_MINUTES} or more"
    if match := _EASY.search(title):
        return RunKind.EASY, f"title says {_said(match)}"
    return RunKind.EASY, "an easy run by default"


def load_running_plan(path: Path) -> list[Run]:
    """The runs of the .ics file at `path`; RunningPlanError when it is missing, unreadable or broken."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        # The problem itself names the file: some callers show `problems` without `source`.
        reason = exc.strerror or str(exc)
        raise RunningPlanError([f"cannot read the running plan {str(path)!r}: {reason}"]) from None
    return runs_from_ics(data, source=str(path))


def runs_from_ics(data: bytes | str, *, source: str = "") -> list[Run]:
    """Every run in an iCalendar text, sorted by date then title; RunningPlanError lists every problem."""
    calendar = _parse(data, source)
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise RunningPlanError([f"the calendar has no events (VEVENT); {_FIX}, with its runs"], source=source)
    moved = _moved_occurrences(events)
    problems: list[str] = []
    runs: list[Run] = []
    for position, event in enumerate(events, start=1):
        runs.extend(_event_runs(event, position, moved, problems))
    if problems:
        raise RunningPlanError(problems, source=source)
    return sorted(runs, key=_order)


def _parse(data: bytes | str, source: str) -> Any:
    if not data.strip():
        raise RunningPlanError([f"the file is empty; {_FIX}"], source=source)
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        detail = _shorten(str(exc))
        raise RunningPlanError(
            [f"could not read it as an iCalendar (.ics) file: {detail}; {_FIX}"], source=source
        ) from None
    if calendar.name != "VCALENDAR":
        raise RunningPlanError(
            [f"it holds a single {calendar.name}, not a calendar (VCALENDAR); {_FIX}"], source=source
        )
    return calendar


def _moved_occurrences(events: Iterable[Any]) -> _Moved:
    """By UID, the RECURRENCE-IDs of repeat occurrences that another VEVENT replaces (moved or cancelled)."""
    moved: _Moved = {}
    for event in events:
        if "RECURRENCE-ID" not in event or "UID" not in event or _broken(event):
            continue
        try:
            replaced = event.RECURRENCE_ID
        except icalendar.InvalidCalendar:
            continue  # reported with the event itself
        moved.setdefault(str(event["UID"]), []).append(replaced)
    return moved


def _event_runs(event: Any, position: int, moved: _Moved, problems: list[str]) -> list[Run]:
    uid = str(event.get("UID") or "")
    title = " ".join(str(event.get("SUMMARY") or "").split())
    name = f"event {uid!r}" if uid else f"event #{position}"
    if title:
        name = f"{name} ({title!r})"
    if str(event.get("STATUS") or "").upper() == "CANCELLED":
        return []
    if title and classify(title, None)[0] is RunKind.REST:
        return []  # rule 1 does not depend on the duration; nothing else about the event matters
    found = len(problems)
    for prop, message in _broken(event):
        problems.append(f"{name} has an unreadable {prop} ({_shorten(message)}); fix it or {_FIX} again")
    if not title:
        problems.append(f"{name} has no title (SUMMARY); every run needs one, e.g. 'Easy 40 min' or 'Tempo'")
    if "DTSTART" not in event:
        problems.append(f"{name} has no start (DTSTART); every run needs a date")
    if len(problems) > found:
        return []
    # A replacement occurrence stands alone; the repeat it replaces loses that date.
    replaced = [] if "RECURRENCE-ID" in event else moved.get(uid, [])
    try:
        start: date | datetime = event.DTSTART
        if "RECURRENCE-ID" in event:
            _ = event.RECURRENCE_ID  # read it, so that a broken one is reported
        minutes = _minutes(event, start, name, problems)
        days = _days(event, start, replaced, name, problems)
    except icalendar.InvalidCalendar as exc:  # values icalendar can parse but not use, e.g. mixed types
        problems.append(f"{name} cannot be used: {_shorten(str(exc))}; fix it or {_FIX} again")
        return []
    kind, reason = classify(title, minutes)
    return [Run(day=day, kind=kind, title=title, minutes=minutes, reason=reason) for day in days]


def _broken(event: Any) -> list[tuple[str, str]]:
    return [(str(prop), str(message)) for prop, message in event.errors if str(prop).upper() in _READ]


def _minutes(event: Any, start: date | datetime, name: str, problems: list[str]) -> int | None:
    if not isinstance(start, datetime):
        return None  # an all-day event says nothing about how long the run is
    end, duration = event.DTEND, event.DURATION
    if isinstance(end, datetime):
        if (end.tzinfo is None) != (start.tzinfo is None):  # one floating, one zoned: compare the clocks
            end, start = end.replace(tzinfo=None), start.replace(tzinfo=None)
        length = end - start
    elif isinstance(duration, timedelta):
        length = duration
    else:
        return None
    if length < timedelta(0):
        problems.append(f"{name} ends before it starts (check its DTEND or DURATION)")
        return None
    return round(length.total_seconds() / 60)


def _days(
    event: Any, start: date | datetime, replaced: list[date | datetime], name: str, problems: list[str]
) -> list[date]:
    """The dates an event happens on: DTSTART, its weekly repeat and RDATEs, less EXDATEs and moved ones."""
    rules = event.rrules
    if not rules:
        days = [_date_of(start, start)]
    elif len(rules) > 1:
        problems.append(f"{name} has {len(rules)} repeat rules (RRULE); keep one weekly repeat or {_SINGLE}")
        return []
    else:
        repeat = _weekly_days(rules[0], start, name, problems)
        if repeat is None:
            return []
        days = repeat
    days += [_date_of(extra, start) for extra, _ in event.rdates]
    excluded = {_date_of(skip, start) for skip in [*event.exdates, *replaced]}
    return sorted(set(days) - excluded)


def _weekly_days(rule: Any, start: date | datetime, name: str, problems: list[str]) -> list[date] | None:
    """Expand an RRULE with FREQ=WEEKLY; None, with a problem added, for any rule it does not understand.

    Supported: COUNT or UNTIL (one is required: a repeat without an end is not a plan), INTERVAL (every n-th
    week), BYDAY as plain weekdays (TU,TH; not "1MO") and WKST (the day weeks start on, which decides which
    weeks INTERVAL skips). As RFC 5545 says, DTSTART is always the first occurrence and counts towards COUNT;
    EXDATE is applied afterwards (excluded dates still count).
    """
    parts = {str(key).upper(): list(values) for key, values in rule.items()}
    freq = "/".join(str(f).upper() for f in parts.get("FREQ", [])) or "without a frequency"
    if freq != "WEEKLY":
        problems.append(f"{name} repeats {freq} (RRULE); only weekly repeats are supported: {_SINGLE}")
        return None
    unknown = sorted(parts.keys() - _WEEKLY_PARTS)
    weekdays = [str(day).upper() for day in parts.get("BYDAY", [])]
    if unknown or any(day not in _WEEKDAYS for day in weekdays):
        extra = ", ".join([*unknown, *(f"BYDAY={day}" for day in weekdays if day not in _WEEKDAYS)])
        problems.append(
            f"{name} repeats weekly with {extra} (RRULE); only COUNT, UNTIL, INTERVAL and plain weekdays in "
            f"BYDAY are supported: simplify the repeat or {_SINGLE}"
        )
        return None
    count = int(parts["COUNT"][0]) if "COUNT" in parts else None
    until: date | datetime | None = parts["UNTIL"][0] if "UNTIL" in parts else None
    interval = int(parts.get("INTERVAL", [1])[0])
    if count is None and until is None:
        problems.append(
            f"{name} repeats weekly without an end (no COUNT or UNTIL in its RRULE): give the repeat an "
            f"end date or {_SINGLE}"
        )
        return None
    if interval < 1 or (count is not None and count < 1):
        given = f"INTERVAL={interval}" if interval < 1 else f"COUNT={count}"
        problems.append(f"{name} repeats with {given} (RRULE); INTERVAL and COUNT must be 1 or more")
        return None
    first = _date_of(start, start)
    week_start = _WEEKDAYS.index(str(parts.get("WKST", ["MO"])[0]).upper())
    offsets = sorted(
        {(_WEEKDAYS.index(day) - week_start) % 7 for day in weekdays} or {(first.weekday() - week_start) % 7}
    )
    week = first - timedelta(days=(first.weekday() - week_start) % 7)
    days = [first]
    while True:
        for offset in offsets:
            day = week + timedelta(days=offset)
            if day <= first:
                continue
            if count is not None and len(days) >= count:
                return days
            if until is not None and not _by(day, start, until):
                return days
            if len(days) >= MAX_REPEATS:
                problems.append(f"{name} repeats more than {MAX_REPEATS} times (RRULE); give it a nearer end")
                return None
            days.append(day)
        week += timedelta(weeks=interval)


def _by(day: date, start: date | datetime, until: date | datetime) -> bool:
    """Whether the occurrence of a repeat on `day` is on or before its UNTIL."""
    if not isinstance(until, datetime):
        return day <= until
    if not isinstance(start, datetime):
        return day <= until.date()
    occurrence = datetime.combine(day, start.timetz())  # the same clock time, in the event's own zone
    if (occurrence.tzinfo is None) != (until.tzinfo is None):
        occurrence, until = occurrence.replace(tzinfo=None), until.replace(tzinfo=None)
    return occurrence <= until


def _date_of(value: date | datetime, start: date | datetime) -> date:
    """The date of `value` on the clock of the event (DTSTART's zone): an EXDATE in UTC still hits its day."""
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is not None and isinstance(start, datetime) and start.tzinfo is not None:
        value = value.astimezone(start.tzinfo)
    return value.date()


def _said(match: re.Match[str]) -> str:
    """The matched words as the title writes them, quoted: 'Half Marathon'."""
    return repr(" ".join(match.group(0).split()))


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _order(run: Run) -> tuple[date, str, int, int]:
    return (run.day, run.title or "", run.kind.demand, -1 if run.minutes is None else run.minutes)
