"""Importing a running plan from an iCalendar file: classification, dates, repeats and broken files."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosstrain.core.errors import InputError, RunningPlanError
from crosstrain.core.ics_import import (
    MAX_BYTES,
    MAX_EVENTS,
    MAX_PROBLEMS,
    MAX_RUN_MINUTES,
    MAX_TITLE,
    PlanWindow,
    classify,
    load_running_plan,
    plan_coverage,
    plan_text,
    program_window,
    runs_from_ics,
    runs_to_ics,
    size_problem,
    trim_running_plan,
)
from crosstrain.core.placement import WEEKS
from crosstrain.core.program import RESTART_NO_JUMPS_DAYS
from crosstrain.core.races import HALF, MARATHON, SHORT, TEN_K, ULTRA
from crosstrain.core.running import Run, RunKind

EXAMPLES = Path(str(resources.files("crosstrain").joinpath("examples")))


def ics(*events: str) -> str:
    """A calendar as apps export it (CRLF lines) around the given VEVENT bodies."""
    body = "".join(f"BEGIN:VEVENT\r\n{e}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crosstrain tests//EN\r\n{body}END:VCALENDAR\r\n"


def event(summary: str | None, *lines: str, start: str | None = "DTSTART;VALUE=DATE:20260922", uid: str = "e1") -> str:
    """One VEVENT body; `None` leaves out the SUMMARY or DTSTART, and an empty `uid` leaves out the UID."""
    head = [f"UID:{uid}"] if uid else []
    head += ["DTSTAMP:20260901T000000Z"]
    head += [start] if start else []
    head += [f"SUMMARY:{summary}"] if summary is not None else []
    return "\r\n".join([*head, *lines])


def days_of(runs: list[Run]) -> list[date]:
    return [r.day for r in runs]


# Every rule of the table in crosstrain/core/ics_import.py, in its order; REST means "not a run, skipped".
@pytest.mark.parametrize(
    ("title", "minutes", "kind", "reason"),
    [
        # 1a: rest days
        ("Rest day", None, RunKind.REST, "title says 'Rest': a rest day, not a run"),
        ("Day off", None, RunKind.REST, "title says 'Day off': a rest day, not a run"),
        ("OFF", None, RunKind.REST, "title says 'OFF': a rest day, not a run"),
        ("Intervals 6x800m, 90 s rest", 60, RunKind.HARD, "title says 'Intervals'"),
        # 1b: cross-training
        ("Cross train: bike", 60, RunKind.EASY, "title says 'bike': easy bike session"),
        ("Strength session", 45, RunKind.REST, "title says 'Strength': not training that loads the legs"),
        ("Yoga", 60, RunKind.REST, "title says 'Yoga': not training that loads the legs"),
        ("Swim 1500 m", 40, RunKind.EASY, "title says 'Swim': easy swim"),  # (v3) the legs rest
        ("Bike intervals", 60, RunKind.HARD, "title says 'Bike' and 'intervals': hard bike session"),
        ("Long ride", 200, RunKind.LONG, "title says 'ride' and 'Long': long bike session"),
        ("Sunday football match", 90, RunKind.HARD, "title says 'football': hard match"),
        ("Hike", 240, RunKind.LONG, "title says 'Hike' and lasts 240 min: long hike"),
        ("Cycling 2 h", 120, RunKind.EASY, "title says 'Cycling': easy bike session"),
        ("Gym", None, RunKind.REST, "title says 'Gym': not training that loads the legs"),
        ("Easy run + strength", 50, RunKind.EASY, "title says 'Easy'"),
        # 2: race pace is a workout
        ("Marathon pace run", 70, RunKind.HARD, "title says 'Marathon pace': a race-pace workout, not a race"),
        ("Goal pace 3x3 km", 70, RunKind.HARD, "title says 'Goal pace': a race-pace workout, not a race"),
        ("Long run with 8 km at MP", 130, RunKind.HARD, "title says 'MP': a race-pace workout, not a race"),
        (
            "Half marathon pace 2x5 km",
            75,
            RunKind.HARD,
            "title says 'Half marathon pace': a race-pace workout, not a race",
        ),
        # 3: races
        ("Autumn Half Marathon", 120, RunKind.RACE, "title says 'Half Marathon'"),
        ("Club 10K race", 45, RunKind.RACE, "title says 'race'"),
        ("London Marathon", 240, RunKind.RACE, "title says 'Marathon'"),
        ("Ultra 50 km", 360, RunKind.RACE, "title says 'Ultra'"),
        ("Sprint triathlon", 80, RunKind.RACE, "title says 'triathlon'"),
        # 4: hard workouts
        ("Intervals 6x800m", 60, RunKind.HARD, "title says 'Intervals'"),
        ("Tempo 30 min", 50, RunKind.HARD, "title says 'Tempo'"),
        ("Threshold 3x10 min", 60, RunKind.HARD, "title says 'Threshold'"),
        ("Hill repeats 8x60s", 50, RunKind.HARD, "title says 'Hill repeats'"),
        ("Hills", 50, RunKind.HARD, "title says 'Hills'"),
        ("Fartlek", 45, RunKind.HARD, "title says 'Fartlek'"),
        ("Track 400 m repeats", 60, RunKind.HARD, "title says 'Track'"),
        ("VO2max 5x3 min", 55, RunKind.HARD, "title says 'VO2max'"),
        ("Progression run", 100, RunKind.HARD, "title says 'Progression'"),
        ("Cruise intervals", 60, RunKind.HARD, "title says 'Cruise'"),
        ("Parkrun", 30, RunKind.HARD, "title says 'Parkrun': a fast 5k effort, not a race"),
        # 5: long by title
        ("Long run 16 km", 110, RunKind.LONG, "title says 'Long'"),
        ("Sunday long run", None, RunKind.LONG, "title says 'long'"),
        # 6: long by duration
        ("Easy 40 min", 100, RunKind.LONG, "lasts 100 min, 90 or more"),
        ("Steady", 90, RunKind.LONG, "lasts 90 min, 90 or more"),
        # 7: easy
        ("Easy 40 min", 40, RunKind.EASY, "title says 'Easy'"),
        ("Recovery jog", 30, RunKind.EASY, "title says 'Recovery'"),
        ("Shakeout 20 min", 20, RunKind.EASY, "title says 'Shakeout'"),
        ("Run with Sam", None, RunKind.EASY, "title says 'Run'"),
        ("Steady", 89, RunKind.EASY, "an easy run by default"),
        # words match whole: "camp" is not MP, "offroad" is not "off", "restart" is not "rest"
        ("Team camp session", 60, RunKind.EASY, "an easy run by default"),
        ("Offroad loop", 60, RunKind.EASY, "an easy run by default"),
        ("Restart after travel", 30, RunKind.EASY, "an easy run by default"),
    ],
)
def test_each_title_is_classified_by_the_first_rule_that_matches(
    title: str, minutes: int | None, kind: RunKind, reason: str
) -> None:
    assert classify(title, minutes) == (kind, reason)


def test_the_half_marathon_example_imports_week_by_week_up_to_the_race() -> None:
    runs = load_running_plan(EXAMPLES / "running-plan-half.ics")
    assert Counter(r.kind for r in runs) == {RunKind.EASY: 20, RunKind.HARD: 11, RunKind.LONG: 7, RunKind.RACE: 1}
    assert [(r.day, r.title, r.minutes) for r in runs if r.kind is RunKind.RACE] == [
        (date(2026, 11, 15), "Autumn Half Marathon", 120)
    ]
    assert all(r.day.weekday() == 6 for r in runs if r.kind in (RunKind.LONG, RunKind.RACE))
    # The weekly repeating Tuesday run is expanded: 8 Tuesdays from 2026-09-22, 40 minutes each.
    tuesdays = [r for r in runs if r.title == "Easy 40 min"]
    assert days_of(tuesdays) == [date(2026, 9, 22) + timedelta(weeks=week) for week in range(8)]
    assert {r.minutes for r in tuesdays} == {40}
    assert runs == sorted(runs, key=lambda r: (r.day, r.title or ""))


def test_the_simple_example_skips_rest_days_and_keeps_cross_training_with_its_sport() -> None:
    runs = load_running_plan(EXAMPLES / "running-plan-simple.ics")
    assert Counter(r.kind for r in runs) == {RunKind.EASY: 9, RunKind.HARD: 6, RunKind.LONG: 3}
    assert {r.title for r in runs} == {"Easy run", "Fartlek 8x1 min", "Parkrun", "Long run", "Cross train: bike"}
    assert {r.sport for r in runs if r.title == "Cross train: bike"} == {"bike"}
    assert [r.day for r in runs if r.title == "Parkrun"] == [date(2026, 9, 26), date(2026, 10, 3), date(2026, 10, 10)]
    assert all(r.minutes is None for r in runs)  # all-day events say nothing about duration


def test_a_timed_event_gives_its_title_minutes_and_reason() -> None:
    text = ics(event("Tempo 30 min", "DTEND:20260923T080000Z", start="DTSTART:20260923T070500Z"))
    assert runs_from_ics(text) == [
        Run(day=date(2026, 9, 23), kind=RunKind.HARD, title="Tempo 30 min", minutes=55, reason="title says 'Tempo'")
    ]


def test_a_late_evening_run_stays_on_its_local_date() -> None:
    text = ics(
        event(
            "Easy run",
            "DTEND;TZID=America/New_York:20260923T000500",
            start="DTSTART;TZID=America/New_York:20260922T233000",
        )
    )
    [run] = runs_from_ics(text)
    assert (run.day, run.minutes) == (date(2026, 9, 22), 35)  # 03:30 UTC on the 23rd


def test_a_utc_event_keeps_its_utc_date() -> None:
    [run] = runs_from_ics(ics(event("Easy run", "DURATION:PT40M", start="DTSTART:20260922T233000Z")))
    assert (run.day, run.minutes) == (date(2026, 9, 22), 40)


def test_a_duration_property_gives_the_length_and_can_make_a_long_run() -> None:
    [run] = runs_from_ics(ics(event("Steady run", "DURATION:PT1H40M", start="DTSTART:20260922T070000Z")))
    assert (run.kind, run.minutes, run.reason) == (RunKind.LONG, 100, "lasts 100 min, 90 or more")


def test_an_all_day_event_has_no_minutes() -> None:
    [run] = runs_from_ics(ics(event("Easy run", "DTEND;VALUE=DATE:20260923")))
    assert (run.day, run.minutes) == (date(2026, 9, 22), None)


def test_runs_are_sorted_by_date_then_title_whatever_the_file_order() -> None:
    events = [
        event("Tempo", start="DTSTART;VALUE=DATE:20260923", uid="a"),
        event("Strides", start="DTSTART;VALUE=DATE:20260922", uid="b"),
        event("Easy run", start="DTSTART;VALUE=DATE:20260922", uid="c"),
    ]
    runs = runs_from_ics(ics(*events))
    assert [(r.day.day, r.title) for r in runs] == [(22, "Easy run"), (22, "Strides"), (23, "Tempo")]
    assert runs_from_ics(ics(*reversed(events))) == runs


def test_bytes_and_plain_newlines_are_read_too() -> None:
    text = ics(event("Easy run")).replace("\r\n", "\n")
    assert days_of(runs_from_ics(text.encode())) == [date(2026, 9, 22)]


def test_a_weekly_repeat_expands_with_count_and_several_days() -> None:
    text = ics(event("Easy run", "RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=TU,TH"))
    assert days_of(runs_from_ics(text)) == [date(2026, 9, 22), date(2026, 9, 24), date(2026, 9, 29), date(2026, 10, 1)]


def test_a_weekly_repeat_expands_until_a_date_every_other_week_less_its_exceptions() -> None:
    text = ics(
        event(
            "Tempo",
            "RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20261104",
            "EXDATE;VALUE=DATE:20261007",
            start="DTSTART;VALUE=DATE:20260923",
        )
    )
    assert days_of(runs_from_ics(text)) == [date(2026, 9, 23), date(2026, 10, 21), date(2026, 11, 4)]


def test_a_timed_weekly_repeat_ends_and_skips_on_the_events_own_clock() -> None:
    # 23:30 in New York is 03:30 UTC the next day. The UNTIL, 01:00 UTC on 2026-10-14, is 21:00 on the 13th in
    # New York: before that evening's run. The EXDATE in UTC falls on Tuesday the 29th in New York.
    text = ics(
        event(
            "Easy run",
            "RRULE:FREQ=WEEKLY;UNTIL=20261014T010000Z",
            "EXDATE:20260930T033000Z",
            start="DTSTART;TZID=America/New_York:20260922T233000",
        )
    )
    assert days_of(runs_from_ics(text)) == [date(2026, 9, 22), date(2026, 10, 6)]


@pytest.mark.parametrize(
    ("week_start", "days"),
    [("MO", [5, 10, 19, 24]), ("SU", [5, 17, 19, 31])],
)
def test_the_week_start_decides_which_weeks_an_interval_skips(week_start: str, days: list[int]) -> None:
    # The example of RFC 5545, 3.8.5.3, from Tuesday 1997-08-05.
    rule = f"RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST={week_start}"
    text = ics(event("Easy run", rule, start="DTSTART;VALUE=DATE:19970805"))
    assert [d.day for d in days_of(runs_from_ics(text))] == days


def test_a_moved_or_cancelled_occurrence_replaces_its_date_in_the_repeat() -> None:
    master = event("Easy run", "RRULE:FREQ=WEEKLY;COUNT=3", uid="tue")
    moved = event("Easy run", "RECURRENCE-ID;VALUE=DATE:20260929", start="DTSTART;VALUE=DATE:20260930", uid="tue")
    cancelled = event("Easy run", "RECURRENCE-ID;VALUE=DATE:20261006", "STATUS:CANCELLED", uid="tue")
    extra = "RDATE;VALUE=DATE:20261008"
    text = ics(master + f"\r\n{extra}", moved, cancelled)
    assert days_of(runs_from_ics(text)) == [date(2026, 9, 22), date(2026, 9, 30), date(2026, 10, 8)]


def test_a_cancelled_event_is_not_a_run() -> None:
    text = ics(event("Tempo", "STATUS:CANCELLED"), event("Easy run", start="DTSTART;VALUE=DATE:20260923", uid="e2"))
    assert [r.title for r in runs_from_ics(text)] == ["Easy run"]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "RRULE:FREQ=DAILY;COUNT=5",
            "event 'e1' ('Easy run') repeats DAILY (RRULE); only weekly repeats are supported",
        ),
        ("RRULE:FREQ=MONTHLY;COUNT=3", "repeats MONTHLY (RRULE); only weekly repeats are supported"),
        ("RRULE:FREQ=WEEKLY;BYDAY=TU", "repeats weekly without an end (no COUNT or UNTIL in its RRULE)"),
        ("RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=1TU", "repeats weekly with BYDAY=1TU (RRULE)"),
        ("RRULE:FREQ=WEEKLY;COUNT=4;BYMONTH=10", "repeats weekly with BYMONTH (RRULE)"),
    ],
)
def test_a_repeat_other_than_a_plain_weekly_one_is_refused_with_a_way_out(rule: str, message: str) -> None:
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(ics(event("Easy run", rule)))
    assert message in str(info.value)
    assert "export the plan with single events (one per run) instead" in str(info.value)


def test_a_rest_day_is_skipped_even_when_it_repeats_daily() -> None:
    text = ics(event("Rest day", "RRULE:FREQ=DAILY"), event("Easy run", uid="e2"))
    assert [r.title for r in runs_from_ics(text)] == ["Easy run"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("this is not a calendar", "could not read it as an iCalendar (.ics) file: "),
        ("  \r\n", "the file is empty; export the plan from your calendar app as .ics"),
        (
            event("Easy run").join(["BEGIN:VEVENT\r\n", "\r\nEND:VEVENT\r\n"]),
            "it holds a single VEVENT, not a calendar",
        ),
        (ics(), "the calendar has no events (VEVENT)"),
        (ics(event(None, uid="x")), "event 'x' has no title (SUMMARY)"),
        (ics(event("Easy run", start=None, uid="")), "event #1 ('Easy run') has no start (DTSTART)"),
        (ics(event("Easy run", start="DTSTART:20269999")), "event 'e1' ('Easy run') has an unreadable DTSTART"),
        (
            ics(event("Easy run", "DTSTART:20260923T070000Z", start="DTSTART:20260922T070000Z")),
            "event 'e1' ('Easy run') cannot be used: Multiple DTSTART defined",
        ),
        (
            ics(event("Easy run", "DTEND:20260922T060000Z", start="DTSTART:20260922T070000Z")),
            "event 'e1' ('Easy run') ends before it starts",
        ),
    ],
)
def test_a_broken_plan_is_explained(text: str, message: str) -> None:
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(text, source="plan.ics")
    assert str(info.value).startswith("plan.ics: ")
    assert message in str(info.value)
    assert isinstance(info.value, InputError)


def test_not_an_ics_file_says_how_to_get_one() -> None:
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(b"%PDF-1.7 binary", source="plan.pdf")
    assert str(info.value).endswith("; export the plan from your calendar app as .ics")


def test_every_broken_event_is_listed_at_once() -> None:
    text = ics(event(None, uid="a"), event("Tempo", start=None, uid="b"), event("Long run", uid="c"))
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(text)
    assert len(info.value.problems) == 2
    assert info.value.problems[0].startswith("event 'a' has no title")
    assert info.value.problems[1].startswith("event 'b' ('Tempo') has no start")


def test_a_missing_plan_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "missing.ics"
    with pytest.raises(RunningPlanError) as info:
        load_running_plan(path)
    assert info.value.problems == (f"cannot read the running plan {str(path)!r}: No such file or directory",)


def test_a_directory_is_not_a_plan_file(tmp_path: Path) -> None:
    with pytest.raises(RunningPlanError, match="cannot read the running plan"):
        load_running_plan(tmp_path)


def test_a_plan_file_that_is_broken_is_named_as_the_source(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    path.write_text(ics(), encoding="utf-8")
    with pytest.raises(RunningPlanError) as info:
        load_running_plan(path)
    assert info.value.source == str(path)


# --- Limits and hostile files (issue 10): every one a clear RunningPlanError, never a crash or a long wait ---


def many_events(count: int, *, first: date = date(2026, 9, 1)) -> str:
    """A plan of `count` single daily runs from `first`."""
    return ics(
        *(
            event("Easy run", start=f"DTSTART;VALUE=DATE:{first + timedelta(days=i):%Y%m%d}", uid=f"e{i}")
            for i in range(count)
        )
    )


def test_a_file_over_one_megabyte_is_refused_before_it_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(icalendar.Calendar, "from_ical", _never_called)
    data = ics(event("Easy run", "DESCRIPTION:" + "x" * MAX_BYTES)).encode()
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(data, source="season.ics")
    assert "the file is 1.0 MB, more than the 1 MB a running plan may be" in str(info.value)
    assert "with only the coming months" in str(info.value)


def test_a_plan_file_over_the_limit_is_not_even_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.ics"
    path.write_bytes(b"x" * (MAX_BYTES + 1))
    monkeypatch.setattr(Path, "read_bytes", _never_called)
    with pytest.raises(RunningPlanError, match="more than the 1 MB"):
        load_running_plan(path)
    assert size_problem(MAX_BYTES) is None
    assert size_problem(10_600_000) is not None


def test_more_events_than_the_limit_are_refused_before_icalendar_builds_them(monkeypatch: pytest.MonkeyPatch) -> None:
    text = many_events(MAX_EVENTS + 1)
    assert len(text.encode()) < MAX_BYTES
    monkeypatch.setattr(icalendar.Calendar, "from_ical", _never_called)
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(text)
    assert info.value.problems == (
        "it holds 5,001 events, more than the 5,000 a plan may have; export the plan from your calendar app as .ics "
        "with only the coming months",
    )


def test_a_plan_at_the_event_limit_is_read() -> None:
    assert len(runs_from_ics(many_events(MAX_EVENTS))) == MAX_EVENTS


@pytest.mark.parametrize("end", ["COUNT=100000000", "UNTIL=99991231"])
def test_a_repeat_that_never_really_ends_stops_at_the_run_limit_with_an_error(end: str) -> None:
    started = time.perf_counter()
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(ics(event("Easy run", f"RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;{end}")))
    assert time.perf_counter() - started < 2  # it stops at 5,000 runs, not after 100,000,000
    assert "the plan holds more than 5,000 runs once its repeats are expanded" in str(info.value)


@pytest.mark.parametrize("end", ["COUNT=100000000", "UNTIL=99991231"])
def test_inside_a_window_a_long_repeat_is_expanded_only_there(end: str) -> None:
    window = PlanWindow(date(2030, 1, 7), date(2030, 1, 20))
    text = ics(event("Easy run", f"RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;{end}"))
    runs = runs_from_ics(text, window=window)
    assert days_of(runs) == [date(2030, 1, d) for d in (7, 9, 11, 14, 16, 18)]


def test_a_count_still_counts_the_weeks_before_the_window() -> None:
    # 10 Tuesdays from 2026-09-22: the last is 2026-11-24, so a window from 2026-11-18 holds only that one.
    text = ics(event("Easy run", "RRULE:FREQ=WEEKLY;COUNT=10"))
    assert days_of(runs_from_ics(text, window=PlanWindow(date(2026, 11, 18), date(2027, 3, 1)))) == [date(2026, 11, 24)]


def test_too_many_runs_inside_the_window_are_refused_naming_the_window() -> None:
    window = program_window(date(2026, 10, 5))
    repeats = [
        event("Easy run", "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;COUNT=200", uid=f"r{i}") for i in range(80)
    ]
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(ics(*repeats), window=window)
    assert f"more than 5,000 runs from {window.label()}" in str(info.value)


@pytest.mark.parametrize(
    ("lines", "start", "message"),
    [
        (
            ["RRULE:FREQ=WEEKLY;INTERVAL=100000000;COUNT=3"],
            "DTSTART;VALUE=DATE:20260922",
            "repeats every 100,000,000 weeks (RRULE INTERVAL=100000000); a plan repeats every 1 to 52 weeks",
        ),
        ([], "DTSTART;VALUE=DATE:99991231", "starts on 9999-12-31: check its year (DTSTART); a plan's dates are"),
        (["RRULE:FREQ=WEEKLY;COUNT=5"], "DTSTART;VALUE=DATE:99991230", "starts on 9999-12-30: check its year"),
        (["DURATION:PT1H"], "DTSTART;TZID=Asia/Tokyo:00010101T003000", "starts on 0001-01-01: check its year"),
        (["RDATE;VALUE=DATE:99991231"], "DTSTART;VALUE=DATE:20260922", "has an extra date (RDATE) on 9999-12-31"),
        (["DTEND:20261022T070000Z"], "DTSTART:20260922T070000Z", "lasts 30 days, which no run does"),
    ],
)
def test_out_of_range_dates_and_repeats_are_explained(lines: list[str], start: str, message: str) -> None:
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(ics(event("Easy run", *lines, start=start)))
    assert message in str(info.value)


def test_an_exception_date_next_to_year_one_is_harmless() -> None:
    text = ics(
        event(
            "Easy run",
            "RRULE:FREQ=WEEKLY;COUNT=2",
            "EXDATE:00010101T000000Z",
            start="DTSTART;TZID=America/New_York:20260922T070000",
        )
    )
    assert days_of(runs_from_ics(text)) == [date(2026, 9, 22), date(2026, 9, 29)]


@pytest.mark.parametrize("data", ["\ufeff" + ics(event("Easy run")), ("\ufeff" + ics(event("Easy run"))).encode()])
def test_a_byte_order_mark_at_the_start_is_accepted(data: str | bytes) -> None:
    assert days_of(runs_from_ics(data)) == [date(2026, 9, 22)]
    assert not plan_text(data).startswith("\ufeff")


@pytest.mark.parametrize("data", [ics(event("Easy\x00run")), ics(event("Easy\x00run")).encode()])
def test_a_nul_byte_is_refused_with_its_line(data: str | bytes) -> None:
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(data)
    assert info.value.problems == (
        "it holds a NUL byte (line 8), so it is not a text calendar; export the plan from your calendar app as .ics",
    )


def test_bytes_that_are_not_utf8_are_refused_with_the_byte_and_line() -> None:
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(ics(event("Café run")).encode("latin-1"))
    assert info.value.problems[0].startswith("it is not UTF-8 text (byte 0xE9 on line 8); save it as UTF-8")


def test_titles_lose_control_characters_and_are_cut_to_a_readable_length() -> None:
    [run] = runs_from_ics(ics(event("Easy\x1b[31m run\x07 " + "very " * 100)))
    assert run.title is not None
    assert run.title.startswith("Easy [31m run very")
    assert len(run.title) <= MAX_TITLE
    assert run.title.endswith("…")


def test_a_file_with_thousands_of_problems_lists_the_first_twenty_and_counts_the_rest() -> None:
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(ics(*(event(None, uid=f"x{i}") for i in range(30))))
    assert len(info.value.problems) == MAX_PROBLEMS + 1
    assert info.value.problems[-1] == "... and 10 more problems like these; fix the ones above first"


# --- The program's window and trimmed plans ---


def test_the_program_window_holds_every_day_the_engine_reads() -> None:
    start = date(2026, 10, 5)
    window = program_window(start)
    # Races before the start shape the first sessions for an ultra's recovery plus the week without jumps;
    # races after the end shape the last ones for a marathon's lead-in; placement looks at the day after.
    longest_recovery = max(r.recovery_days for r in (SHORT, TEN_K, HALF, MARATHON, ULTRA))
    longest_lead_in = max(r.lead_in_days for r in (SHORT, TEN_K, HALF, MARATHON, ULTRA))
    assert window.first <= start - timedelta(days=longest_recovery + RESTART_NO_JUMPS_DAYS)
    assert window.last >= start + timedelta(days=7 * WEEKS - 1 + longest_lead_in + 1)
    assert program_window(date.max).last == date.max  # no overflow at the edge of the calendar


@pytest.mark.parametrize("name", ["running-plan-half.ics", "running-plan-simple.ics"])
@pytest.mark.parametrize("start", [date(2026, 9, 21), date(2026, 10, 19), date(2026, 12, 7)])
def test_a_trimmed_plan_reads_back_as_the_same_runs_in_its_window(name: str, start: date) -> None:
    data = (EXAMPLES / name).read_bytes()
    window = program_window(start)
    expected = [r for r in runs_from_ics(data) if r.day in window]
    assert runs_from_ics(data, window=window) == expected
    trimmed = trim_running_plan(data, window=window)
    assert runs_from_ics(trimmed) == expected
    assert plan_coverage(trimmed) == window
    assert plan_coverage(data.decode()) is None


def test_a_season_long_export_trims_to_a_few_kilobytes() -> None:
    season = many_events(365, first=date(2026, 1, 1))
    trimmed = trim_running_plan(season, window=program_window(date(2026, 6, 1)))
    assert len(runs_from_ics(trimmed)) == 28 + 42 + 14
    assert len(trimmed) < len(season) / 3


def test_a_trimmed_plan_without_runs_in_its_weeks_is_still_a_plan() -> None:
    trimmed = trim_running_plan(ics(event("Easy run")), window=PlanWindow(date(2027, 1, 4), date(2027, 3, 28)))
    assert runs_from_ics(trimmed) == []
    assert plan_coverage(trimmed) == PlanWindow(date(2027, 1, 4), date(2027, 3, 28))


titles = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60).filter(
    lambda t: bool(t.split()) and not t.isspace()
)


@given(
    st.lists(
        st.tuples(st.integers(0, 83), titles, st.one_of(st.none(), st.integers(0, MAX_RUN_MINUTES))),
        max_size=15,
    )
)
@settings(max_examples=150, deadline=None)
def test_any_runs_survive_the_trimmed_format(items: list[tuple[int, str, int | None]]) -> None:
    window = program_window(date(2026, 10, 5))
    source = ics(
        *(
            event(
                title.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"),
                *([f"DURATION:PT{minutes}M"] if minutes is not None else []),
                start=f"DTSTART:{window.first + timedelta(days=offset):%Y%m%d}T060000"
                if minutes is not None
                else f"DTSTART;VALUE=DATE:{window.first + timedelta(days=offset):%Y%m%d}",
                uid=f"u{i}",
            )
            for i, (offset, title, minutes) in enumerate(items)
        )
    )
    try:
        runs = runs_from_ics(source, window=window)
    except RunningPlanError:
        return  # a title made only of control characters is "no title": refused, as it should be
    assert runs_from_ics(runs_to_ics(runs, covers=window)) == runs


weekly_rules = st.builds(
    lambda days, interval, end, wkst: ";".join(
        ["FREQ=WEEKLY", f"INTERVAL={interval}", end, f"WKST={wkst}"] + ([f"BYDAY={','.join(days)}"] if days else [])
    ),
    st.lists(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), unique=True, max_size=4),
    st.integers(1, 5),
    st.one_of(
        st.integers(1, 400).map(lambda n: f"COUNT={n}"),
        st.dates(date(2026, 9, 1), date(2032, 1, 1)).map(lambda d: f"UNTIL={d:%Y%m%d}"),
    ),
    st.sampled_from(["MO", "SU", "WE"]),
)


@given(weekly_rules, st.dates(date(2026, 1, 1), date(2031, 1, 1)), st.dates(date(2026, 9, 1), date(2027, 6, 1)))
@settings(max_examples=200, deadline=None)
def test_expanding_only_inside_a_window_gives_the_full_expansion_cut_to_it(
    rule: str, window_start: date, first: date
) -> None:
    text = ics(event("Easy run", f"RRULE:{rule}", start=f"DTSTART;VALUE=DATE:{first:%Y%m%d}"))
    window = program_window(window_start)
    assert runs_from_ics(text, window=window) == [r for r in runs_from_ics(text) if r.day in window]


@given(st.binary(max_size=300), st.integers(0, 2000))
@settings(max_examples=300, deadline=None)
def test_any_bytes_in_a_plan_give_runs_or_a_running_plan_error(noise: bytes, at: int) -> None:
    base = (EXAMPLES / "running-plan-half.ics").read_bytes()
    at = min(at, len(base))
    window = program_window(date(2026, 10, 5))
    for data in (base[:at] + noise + base[at:], base[:at] + noise, noise):
        try:
            runs = runs_from_ics(data, window=window)
        except RunningPlanError as error:
            problems = error.problems
        else:
            problems = ("",) if any(r.day not in window for r in runs) else ()
        assert all(problem.strip() for problem in problems)  # every refusal says what is wrong


def _never_called(*args: object, **kwargs: object) -> None:
    raise AssertionError("the file should have been refused before this")
