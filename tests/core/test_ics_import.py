"""Importing a running plan from an iCalendar file: classification, dates, repeats and broken files."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest

from crosstrain.core.errors import InputError, RunningPlanError
from crosstrain.core.ics_import import classify, load_running_plan, runs_from_ics
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
        ("Cross train: bike", 60, RunKind.REST, "title says 'Cross train': cross-training, not a run"),
        ("Strength session", 45, RunKind.REST, "title says 'Strength': cross-training, not a run"),
        ("Yoga", 60, RunKind.REST, "title says 'Yoga': cross-training, not a run"),
        ("Swim 1500 m", 40, RunKind.REST, "title says 'Swim': cross-training, not a run"),
        ("Bike intervals", 60, RunKind.REST, "title says 'Bike': cross-training, not a run"),
        ("Cycling 2 h", 120, RunKind.REST, "title says 'Cycling': cross-training, not a run"),
        ("Gym", None, RunKind.REST, "title says 'Gym': cross-training, not a run"),
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


def test_the_simple_example_skips_rest_days_and_cross_training() -> None:
    runs = load_running_plan(EXAMPLES / "running-plan-simple.ics")
    assert Counter(r.kind for r in runs) == {RunKind.EASY: 6, RunKind.HARD: 6, RunKind.LONG: 3}
    assert {r.title for r in runs} == {"Easy run", "Fartlek 8x1 min", "Parkrun", "Long run"}
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
