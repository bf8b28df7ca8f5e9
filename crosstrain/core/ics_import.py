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
| 1b | cross train, strength, gym, yoga, pilates; and    | skipped | title says 'Yoga': not training that    |
|    | not run, jog, treadmill or parkrun                |         | loads the legs                          |
| 1c | (v3) a sport: bike, ride, cycling, spin, turbo,   | by its  | title says 'Bike' and 'Intervals': hard |
|    | Zwift, brick; swim; hike; row, erg; ski;          | effort  | bike session. Hard with a rule-4 word   |
|    | elliptical; match, game, football, soccer, rugby, |         | (a match always); long with 'long' or   |
|    | hockey, basketball, netball, tennis, squash; and  |         | 150 minutes or more; easy otherwise; a  |
|    | not run, jog, treadmill, parkrun or triathlon     |         | swim is always easy (the legs rest)     |
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
position in the file when it has none) and saying how to fix it (the first `MAX_PROBLEMS`, then how many more).

Limits, so that reading any upload takes a second at most and nothing oversized reaches the database:

| limit                                   | why                                                                      |
|-----------------------------------------|--------------------------------------------------------------------------|
| the file is at most `MAX_BYTES` (1 MB)   | a year of daily runs is ~60 kB; checked before anything is parsed        |
| at most `MAX_EVENTS` (5,000) VEVENTs     | counted on the raw text, before icalendar builds a single object         |
| at most `MAX_RUNS` (5,000) runs once     | a repeat is expanded only inside the window asked for (the program's     |
| repeats are expanded                    | weeks, `program_window`), and expansion stops at the cap with an error   |
| INTERVAL at most 52 weeks                | `INTERVAL=100000000` is a typo, not a plan                               |
| dates from 1900 to 2199                  | a DTSTART in year 9999 is a typo; a repeat stops at the end of 2199      |
| UTF-8 text without NUL bytes             | RFC 5545 says UTF-8; PostgreSQL refuses NUL in text. A leading BOM (as   |
|                                         | Windows apps write) is dropped                                           |

A program reads only a few weeks of a plan (`program_window`): `trim_running_plan` keeps those runs, as a small
calendar of single events that says which days it covers (`plan_coverage`), so the web app stores kilobytes, not
a season's export.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import icalendar

from crosstrain.core.errors import RunningPlanError
from crosstrain.core.placement import WEEKS
from crosstrain.core.running import Run, RunKind, sport_words

# Rule 6: a run this long is a long run whatever its title.
LONG_MINUTES = 90
MAX_BYTES = 1024 * 1024
MAX_EVENTS = 5_000
MAX_RUNS = 5_000
MAX_INTERVAL_WEEKS = 52
YEARS = (1900, 2199)
MAX_PROBLEMS = 20
# A title longer than this is cut (it is shown on the program page and kept in the stored plan).
MAX_TITLE = 200
# A timed event longer than a week is not a run (a 100-mile race takes a day or two).
MAX_RUN_MINUTES = 7 * 24 * 60
# The program's window in a plan: races up to 4 weeks before the start still shape its first sessions (an
# ultra's 14 recovery days plus the week without jumps after it: 21 days), and a race up to 2 weeks after its
# last day still shapes its last ones (a marathon's 10-day lead-in, the day after the last session).
WINDOW_DAYS_BEFORE = 28
WINDOW_DAYS_AFTER = 14

_FIX = "export the plan from your calendar app as .ics"
_SINGLE = "export the plan with single events (one per run) instead"
_PRODID = "-//crosstrain//running plan//EN"
# The property a trimmed plan carries: "2026-08-24/2026-11-15", the days it holds every run of.
_COVERS = "X-CROSSTRAIN-COVERS"
_COVERS_LINE = re.compile(rf"^{_COVERS}:(\d{{4}}-\d{{2}}-\d{{2}})/(\d{{4}}-\d{{2}}-\d{{2}})\r?$", re.M)
_VEVENT = re.compile(r"^BEGIN:VEVENT[ \t]*\r?$", re.M | re.I)
_REST = re.compile(r"\b(rest|day off|off)\b", re.I)
_CROSS = re.compile(r"\b(cross[- ]?train(ing)?|strength|gym|yoga|pilates)\b", re.I)
# (v3) Other training that loads the legs (DESIGN.md 4.6: everything that makes a day hard counts).
_SPORTS = (
    ("bike", re.compile(r"\b(bike|biking|cycling|cycle|ride|riding|spin|turbo|zwift|peloton|brick)\b", re.I)),
    ("swim", re.compile(r"\b(swim(ming)?|pool)\b", re.I)),
    ("hike", re.compile(r"\b(hike|hiking)\b", re.I)),
    ("row", re.compile(r"\b(row|rowing|erg)\b", re.I)),
    ("ski", re.compile(r"\b(ski|skiing|skimo)\b", re.I)),
    ("elliptical", re.compile(r"\b(elliptical|cross[- ]?trainer)\b", re.I)),
    (
        "match",
        re.compile(r"\b(match|game|football|soccer|rugby|hockey|basketball|netball|tennis|squash)\b", re.I),
    ),
)
_MULTISPORT_RACE = re.compile(r"\b(triathlon|duathlon|aquathlon)\b", re.I)
LONG_CROSS_MINUTES = 150  # a ride or hike this long is a long day for the legs
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

    `RunKind.REST` means the event is not training that loads the legs (rule 1: a rest day, yoga, the gym).
    """
    kind, reason, _ = classify_event(title, minutes)
    return kind, reason


def classify_event(title: str, minutes: int | None) -> tuple[RunKind, str, str]:
    """`classify`, and the sport: "run", or the cross-training the title names (rule 1c)."""
    if not _RUNNING.search(title):
        if (match := _REST.search(title)) and not any(p.search(title) for p in _WORKOUT_WORDS):
            return RunKind.REST, f"title says {_said(match)}: a rest day, not a run", "run"
        if not _MULTISPORT_RACE.search(title):
            for sport, pattern in _SPORTS:
                if match := pattern.search(title):
                    kind, why = _cross_effort(sport, title, minutes)
                    return kind, f"title says {_said(match)}{why}: {kind} {sport_words(sport)}", sport
        if match := _CROSS.search(title):
            return RunKind.REST, f"title says {_said(match)}: not training that loads the legs", "run"
    kind, reason = _run_kind(title, minutes)
    return kind, reason, "run"


def _cross_effort(sport: str, title: str, minutes: int | None) -> tuple[RunKind, str]:
    """How hard a cross-training day is for the legs, and the words that say so."""
    if sport == "swim":
        return RunKind.EASY, ""
    if sport == "match":
        return RunKind.HARD, ""
    if (match := _HARD.search(title)) or (match := _PACE.search(title)) or (match := _RACE.search(title)):
        return RunKind.HARD, f" and {_said(match)}"
    if match := _LONG.search(title):
        return RunKind.LONG, f" and {_said(match)}"
    if minutes is not None and minutes >= LONG_CROSS_MINUTES:
        return RunKind.LONG, f" and lasts {minutes} min"
    return RunKind.EASY, ""


def _run_kind(title: str, minutes: int | None) -> tuple[RunKind, str]:
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


@dataclass(frozen=True, slots=True)
class PlanWindow:
    """The days of a running plan that matter, first to last inclusive."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def covers(self, other: PlanWindow) -> bool:
        return self.first <= other.first and other.last <= self.last

    def label(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def program_window(start: date) -> PlanWindow:
    """The days of a plan a program starting on `start` reads: its 6 weeks, 4 weeks before and 2 after."""
    return PlanWindow(_shift(start, -WINDOW_DAYS_BEFORE), _shift(start, 7 * WEEKS - 1 + WINDOW_DAYS_AFTER))


def load_running_plan(path: Path, *, window: PlanWindow | None = None) -> list[Run]:
    """The runs of the .ics file at `path`; RunningPlanError when it is missing, unreadable, too big or broken."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # refused before a byte of it is read
            raise RunningPlanError([_too_big(size)], source=str(path))
        data = path.read_bytes()
    except OSError as exc:
        # The problem itself names the file: some callers show `problems` without `source`.
        reason = exc.strerror or str(exc)
        raise RunningPlanError([f"cannot read the running plan {str(path)!r}: {reason}"]) from None
    return runs_from_ics(data, source=str(path), window=window)


def plan_text(data: bytes | str, *, source: str = "") -> str:
    """An uploaded plan as text: UTF-8, at most MAX_BYTES, no NUL; a leading byte order mark is dropped."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise RunningPlanError([_too_big(size)], source=source)
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")  # "-sig": Windows apps start the file with a byte order mark
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise RunningPlanError(
                [
                    f"it is not UTF-8 text (byte 0x{data[exc.start]:02X} on line {line}); save it as UTF-8 "
                    f"(iCalendar files are UTF-8) or {_FIX}"
                ],
                source=source,
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    if (nul := text.find("\x00")) >= 0:
        line = text.count("\n", 0, nul) + 1
        raise RunningPlanError(
            [f"it holds a NUL byte (line {line}), so it is not a text calendar; {_FIX}"], source=source
        )
    return text


def runs_from_ics(data: bytes | str, *, source: str = "", window: PlanWindow | None = None) -> list[Run]:
    """Every run in an iCalendar text (those inside `window`, if given), sorted by date then title.

    RunningPlanError lists every problem; a file over the limits of the module docstring is refused with one.
    """
    calendar = _parse(plan_text(data, source=source), source)
    events = list(calendar.walk("VEVENT"))
    if not events and plan_coverage(calendar) is None:  # a trimmed plan may hold no run in its weeks
        raise RunningPlanError([f"the calendar has no events (VEVENT); {_FIX}, with its runs"], source=source)
    moved = _moved_occurrences(events)
    problems: list[str] = []
    budget = _Budget(source=source, window=window)
    runs: list[Run] = []
    for position, event in enumerate(events, start=1):
        found = _event_runs(event, position, moved, problems, window, budget)
        budget.take(len(found))
        runs.extend(found)
    if problems:
        raise RunningPlanError(_capped(problems), source=source)
    return sorted(runs, key=_order)


def trim_running_plan(data: bytes | str, *, window: PlanWindow, source: str = "") -> str:
    """The plan reduced to the runs inside `window`, as a small calendar of single events that says so.

    Reading the result (with the same or a narrower window) gives the same runs as reading the original.
    """
    return runs_to_ics(runs_from_ics(data, source=source, window=window), covers=window)


def runs_to_ics(runs: Sequence[Run], *, covers: PlanWindow) -> str:
    """Runs as iCalendar text, one event each, marked as every run from `covers.first` to `covers.last`.

    A timed run starts at midnight (floating time, so it stays on its day in any zone) and lasts its minutes;
    a run without minutes is an all-day event. Titles are kept as read, so `classify` gives the same kinds.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", _PRODID)
    calendar.add("version", "2.0")
    calendar.add(_COVERS, f"{covers.first.isoformat()}/{covers.last.isoformat()}")
    for number, run in enumerate(sorted(runs, key=_order), start=1):
        event = icalendar.Event()
        event.add("uid", f"run-{number}@crosstrain")
        event.add("dtstamp", datetime.combine(covers.first, time()))
        event.add("summary", run.title or str(run.kind).title())
        if run.minutes is None:
            event.add("dtstart", run.day)
        else:
            event.add("dtstart", datetime.combine(run.day, time()))
            event.add("duration", timedelta(minutes=run.minutes))
        calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text


def plan_coverage(plan: str | Any) -> PlanWindow | None:
    """The days a trimmed plan holds every run of (its X-CROSSTRAIN-COVERS), or None for a plan as exported.

    Given text, only the calendar's header is searched: a stored plan exported before trimming existed can be
    megabytes, and this is asked without parsing it.
    """
    if isinstance(plan, str):
        match = _COVERS_LINE.search(plan[:4096])  # written among the calendar's first lines
        value = f"{match.group(1)}/{match.group(2)}" if match else None
    else:
        value = str(plan.get(_COVERS)) if _COVERS in plan else None
    if value is None:
        return None
    try:
        first, last = (date.fromisoformat(part) for part in value.split("/"))
    except ValueError:
        return None
    return PlanWindow(first, last)


class _Budget:
    """The runs a file may still expand to; past MAX_RUNS, reading stops with one error saying so."""

    def __init__(self, *, source: str, window: PlanWindow | None) -> None:
        self.left = MAX_RUNS
        self.source = source
        self.window = window

    def need(self, runs: int) -> None:
        """Raise when `runs` more would pass the cap."""
        if runs > self.left:
            self.take(runs)

    def take(self, runs: int) -> None:
        self.left -= runs
        if self.left < 0:
            where = f" from {self.window.label()}" if self.window else ""
            raise RunningPlanError(
                [
                    f"the plan holds more than {MAX_RUNS:,} runs{where} once its repeats are expanded; "
                    f"{_FIX} with only the coming months"
                ],
                source=self.source,
            )


def _parse(text: str, source: str) -> Any:
    if not text.strip():
        raise RunningPlanError([f"the file is empty; {_FIX}"], source=source)
    events = len(_VEVENT.findall(text))
    if events > MAX_EVENTS:  # counted on the text: parsing 100,000 events is the slow part
        raise RunningPlanError(
            [
                f"it holds {events:,} events, more than the {MAX_EVENTS:,} a plan may have; {_FIX} with only the "
                "coming months"
            ],
            source=source,
        )
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, RecursionError) as exc:
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


def _event_runs(
    event: Any,
    position: int,
    moved: _Moved,
    problems: list[str],
    window: PlanWindow | None,
    budget: _Budget,
) -> list[Run]:
    uid = str(event.get("UID") or "")
    title = _title(str(event.get("SUMMARY") or ""))
    name = f"event {_shorten(_printable(uid), 60)!r}" if uid else f"event #{position}"
    if title:
        name = f"{name} ({_shorten(title, 60)!r})"
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
        day = _date_of(start, start)
        if not YEARS[0] <= day.year <= YEARS[1]:
            problems.append(
                f"{name} starts on {day.isoformat()}: check its year (DTSTART); a plan's dates are from "
                f"{YEARS[0]} to {YEARS[1]}"
            )
            return []
        minutes = _minutes(event, start, name, problems)
        days = _days(event, start, replaced, name, problems, window, budget)
    except icalendar.InvalidCalendar as exc:  # values icalendar can parse but not use, e.g. mixed types
        problems.append(f"{name} cannot be used: {_shorten(str(exc))}; fix it or {_FIX} again")
        return []
    except OverflowError:  # a time zone shift or an end past year 9999
        problems.append(f"{name} has a date out of range (check its DTSTART, DTEND and RRULE); fix it or {_FIX}")
        return []
    kind, reason, sport = classify_event(title, minutes)
    return [Run(day=day, kind=kind, title=title, minutes=minutes, reason=reason, sport=sport) for day in days]


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
    minutes = round(length.total_seconds() / 60)
    if minutes > MAX_RUN_MINUTES:
        problems.append(
            f"{name} lasts {minutes // 1440:,} days, which no run does (check its DTEND or DURATION); fix it or {_FIX}"
        )
        return None
    return minutes


def _days(
    event: Any,
    start: date | datetime,
    replaced: list[date | datetime],
    name: str,
    problems: list[str],
    window: PlanWindow | None,
    budget: _Budget,
) -> list[date]:
    """The dates an event happens on: DTSTART, its weekly repeat and RDATEs, less EXDATEs and moved ones."""
    rules = event.rrules
    first = _date_of(start, start)
    if not rules:
        days = [first] if window is None or first in window else []
    elif len(rules) > 1:
        problems.append(f"{name} has {len(rules)} repeat rules (RRULE); keep one weekly repeat or {_SINGLE}")
        return []
    else:
        repeat = _weekly_days(rules[0], start, name, problems, window, budget)
        if repeat is None:
            return []
        days = repeat
    for extra, _ in event.rdates:
        day = _date_of(extra, start)
        if not YEARS[0] <= day.year <= YEARS[1]:
            problems.append(f"{name} has an extra date (RDATE) on {day.isoformat()}: check its year")
        elif window is None or day in window:
            days.append(day)
    excluded = {_date_of(skip, start) for skip in [*event.exdates, *replaced]}
    return sorted(set(days) - excluded)


def _weekly_days(
    rule: Any,
    start: date | datetime,
    name: str,
    problems: list[str],
    window: PlanWindow | None,
    budget: _Budget,
) -> list[date] | None:
    """Expand an RRULE with FREQ=WEEKLY; None, with a problem added, for any rule it does not understand.

    Supported: COUNT or UNTIL (one is required: a repeat without an end is not a plan), INTERVAL (every n-th
    week, up to MAX_INTERVAL_WEEKS), BYDAY as plain weekdays (TU,TH; not "1MO") and WKST (the day weeks start
    on, which decides which weeks INTERVAL skips). As RFC 5545 says, DTSTART is always the first occurrence and
    counts towards COUNT; EXDATE is applied afterwards (excluded dates still count).

    Only the dates inside `window` are made: the weeks before it are skipped by arithmetic (COUNT still counts
    them) and expansion stops at its end, so a repeat "every week until 9999" costs no more than one that ends.
    Dates are day numbers (ordinals) while they are counted, so no date past year 9999 is ever built.
    """
    parts = {str(key).upper(): list(values) for key, values in rule.items()}
    freq = "/".join(str(f).upper() for f in parts.get("FREQ", [])) or "without a frequency"
    if freq != "WEEKLY":
        problems.append(f"{name} repeats {_shorten(freq, 40)} (RRULE); only weekly repeats are supported: {_SINGLE}")
        return None
    unknown = sorted(parts.keys() - _WEEKLY_PARTS)
    weekdays = [str(day).upper() for day in parts.get("BYDAY", [])]
    if unknown or any(day not in _WEEKDAYS for day in weekdays):
        extra = ", ".join([*unknown, *(f"BYDAY={day}" for day in weekdays if day not in _WEEKDAYS)])
        problems.append(
            f"{name} repeats weekly with {_shorten(extra, 80)} (RRULE); only COUNT, UNTIL, INTERVAL and plain "
            f"weekdays in BYDAY are supported: simplify the repeat or {_SINGLE}"
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
    if interval > MAX_INTERVAL_WEEKS:
        problems.append(
            f"{name} repeats every {interval:,} weeks (RRULE INTERVAL={interval}); a plan repeats every 1 to "
            f"{MAX_INTERVAL_WEEKS} weeks: fix the INTERVAL or {_SINGLE}"
        )
        return None
    first = _date_of(start, start)
    week_start = _WEEKDAYS.index(str(parts.get("WKST", ["MO"])[0]).upper())
    offsets = sorted(
        {(_WEEKDAYS.index(day) - week_start) % 7 for day in weekdays} or {(first.weekday() - week_start) % 7}
    )
    # Day numbers: DTSTART, the first day of its week, the step between repeated weeks, and the last day made.
    origin = first.toordinal()
    week0 = origin - (first.weekday() - week_start) % 7
    step = 7 * interval
    later = [o for o in offsets if week0 + o > origin]  # the first week's dates after DTSTART
    end = date(YEARS[1], 12, 31).toordinal()
    low, high = (window.first.toordinal(), window.last.toordinal()) if window else (origin, end)
    days = [first] if low <= origin <= high else []
    taken = 1  # occurrences so far, DTSTART included
    period = 0
    if low > week0 + step:  # jump to the week the window starts in; COUNT counts the weeks jumped over
        period = (low - week0) // step
        taken = 1 + len(later) + (period - 1) * len(offsets)
    while True:
        base = week0 + period * step
        if base > min(high, end):
            return days
        for offset in later if period == 0 else offsets:
            number = base + offset
            if (count is not None and taken >= count) or number > min(high, end):
                return days
            day = date.fromordinal(number)
            if until is not None and not _by(day, start, until):
                return days
            taken += 1
            if number >= low:
                budget.need(len(days) + 1)  # one repeat alone may pass the cap: stop there
                days.append(day)
        period += 1


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
        # A moment next to year 1 or 9999 cannot be shifted: the date as written is as good as any.
        with contextlib.suppress(OverflowError):
            value = value.astimezone(start.tzinfo)
    return value.date()


def _shift(day: date, days: int) -> date:
    """`day` moved by `days`, stopping at the first and last dates there are."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _printable(text: str) -> str:
    """Text without control characters (NUL, escape, a lone surrogate): each becomes a space."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def _title(text: str) -> str:
    """An event's title on one line, without control characters, at most MAX_TITLE characters."""
    title = " ".join(_printable(text).split())
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


def size_problem(size: int) -> str | None:
    """What is wrong with a plan of `size` bytes, or None: asked before an upload is read."""
    return _too_big(size) if size > MAX_BYTES else None


def _too_big(size: int) -> str:
    return (
        f"the file is {size / 1024 / 1024:.1f} MB, more than the {MAX_BYTES // 1024 // 1024} MB a running plan "
        f"may be; {_FIX} with only the coming months (the program reads {WEEKS} weeks of it)"
    )


def _capped(problems: list[str]) -> list[str]:
    """The first MAX_PROBLEMS problems, then how many more there are."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], f"... and {more:,} more problems like these; fix the ones above first"]


def _said(match: re.Match[str]) -> str:
    """The matched words as the title writes them, quoted: 'Half Marathon'."""
    return repr(" ".join(match.group(0).split()))


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _order(run: Run) -> tuple[date, str, int, int]:
    return (run.day, run.title or "", run.kind.demand, -1 if run.minutes is None else run.minutes)
