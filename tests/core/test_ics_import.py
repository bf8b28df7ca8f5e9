"""Importing a running plan from an iCalendar file: classification, dates, repeats and bad files."""

from __future__ import annotations

from collections import Counter
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from crosstrain.core.errors import RunningPlanError
from crosstrain.core.ics_import import classify, load_running_plan, runs_from_ics
from crosstrain.core.running import RunKind

EXAMPLES = Path(str(resources.files("crosstrain").joinpath("examples")))


def ics(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


def event(summary: str, start: str = "DTSTART;VALUE=DATE:20260922", *extra: str, uid: str = "e1") -> str:
    lines = [f"UID:{uid}", "DTSTAMP:20260901T000000Z", start, f"SUMMARY:{summary}", *extra]
    return "\r\n".join(lines)


@pytest.mark.parametrize(
    ("title", "minutes", "kind"),
    [
        ("Rest day", None, None),
        ("Day off", None, None),
        ("Cross train: bike", 60, None),
        ("Strength session", 45, None),
        ("Marathon pace run 16 km", 90, RunKind.HARD),
        ("Goal pace 3x3 km", 70, RunKind.HARD),
        ("Autumn Half Marathon", 110, RunKind.RACE),
        ("Club 10K race", 45, RunKind.RACE),
        ("Intervals 6x800m", 60, RunKind.HARD),
        ("Tempo 30 min", 50, RunKind.HARD),
        ("Threshold 3x10 min", 60, RunKind.HARD),
        ("Hill repeats", 50, RunKind.HARD),
        ("Fartlek", 45, RunKind.HARD),
        ("Parkrun", 30, RunKind.HARD),
        ("Long run 18 km", 110, RunKind.LONG),
        ("Sunday long run", None, RunKind.LONG),
        ("Easy 40 min", 100, RunKind.LONG),
        ("Easy 40 min", 40, RunKind.EASY),
        ("Recovery jog", 30, RunKind.EASY),
        ("Run with Sam", None, RunKind.EASY),
    ],
)
def test_each_event_is_classified_by_title_then_duration(title: str, minutes: int | None, kind: RunKind | None) -> None:
    result = classify(title, minutes)
    assert (result[0] if result else None) is kind
    if result is not None:
        assert result[1]


def test_the_reason_says_which_rule_decided() -> None:
    assert classify("Easy 40 min", 100) == (RunKind.LONG, "lasts 100 min (90 or more)")
    assert classify("Tempo 30 min", 50) == (RunKind.HARD, "title says 'Tempo'")


def test_the_half_marathon_example_plan_imports_week_by_week() -> None:
    runs = load_running_plan(EXAMPLES / "running-plan-half.ics")
    kinds = Counter(r.kind for r in runs)
    assert kinds == {RunKind.EASY: 20, RunKind.HARD: 11, RunKind.LONG: 7, RunKind.RACE: 1}
    assert [r.day for r in runs if r.kind is RunKind.RACE] == [date(2026, 11, 15)]
    # The weekly repeating Tuesday run is expanded: 8 Tuesdays from 2026-09-22.
    tuesdays = [r.day for r in runs if r.title == "Easy 40 min"]
    assert tuesdays[0] == date(2026, 9, 22)
    assert len(tuesdays) == 8
    assert all(r.minutes == 40 for r in runs if r.title == "Easy 40 min")


def test_the_simple_example_plan_skips_rest_and_cross_training() -> None:
    runs = load_running_plan(EXAMPLES / "running-plan-simple.ics")
    assert Counter(r.kind for r in runs) == {RunKind.EASY: 6, RunKind.HARD: 6, RunKind.LONG: 3}
    assert not [r for r in runs if "Rest" in (r.title or "") or "bike" in (r.title or "")]
    assert all(r.minutes is None for r in runs)


def test_a_late_evening_run_stays_on_its_local_date() -> None:
    text = ics(
        event(
            "Easy run",
            "DTSTART;TZID=America/New_York:20260922T233000",
            "DTEND;TZID=America/New_York:20260923T000500",
        )
    )
    [run] = runs_from_ics(text)
    assert run.day == date(2026, 9, 22)
    assert run.minutes == 35


def test_a_duration_property_gives_the_length() -> None:
    [run] = runs_from_ics(ics(event("Steady run", "DTSTART:20260922T070000Z", "DURATION:PT1H40M")))
    assert (run.kind, run.minutes) == (RunKind.LONG, 100)


def test_weekly_repeats_expand_with_count_and_byday() -> None:
    text = ics(event("Easy run", "DTSTART;VALUE=DATE:20260922", "RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=TU,TH"))
    days = [r.day for r in runs_from_ics(text)]
    assert days == [date(2026, 9, 22), date(2026, 9, 24), date(2026, 9, 29), date(2026, 10, 1)]


def test_weekly_repeats_expand_until_a_date_with_an_interval_and_exceptions() -> None:
    text = ics(
        event(
            "Tempo",
            "DTSTART;VALUE=DATE:20260923",
            "RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20261104",
            "EXDATE;VALUE=DATE:20261007",
        )
    )
    days = [r.day for r in runs_from_ics(text)]
    assert days == [date(2026, 9, 23), date(2026, 10, 21), date(2026, 11, 4)]


def test_a_daily_repeat_is_refused_with_a_way_out() -> None:
    with pytest.raises(RunningPlanError, match="only weekly repeats are understood"):
        runs_from_ics(ics(event("Easy run", "DTSTART;VALUE=DATE:20260922", "RRULE:FREQ=DAILY;COUNT=5")))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("this is not a calendar", "could not read it as an iCalendar (.ics) file"),
        (ics(), "the calendar has no events"),
        (ics("UID:x\r\nDTSTAMP:20260901T000000Z\r\nDTSTART;VALUE=DATE:20260922"), "event 'x' has no title (SUMMARY)"),
        (ics("UID:y\r\nDTSTAMP:20260901T000000Z\r\nSUMMARY:Easy"), "event 'y' (Easy) has no start date (DTSTART)"),
    ],
)
def test_a_broken_plan_is_explained(text: str, message: str) -> None:
    with pytest.raises(RunningPlanError) as info:
        runs_from_ics(text, source="plan.ics")
    assert message in str(info.value)
    assert str(info.value).startswith("plan.ics")


def test_a_missing_plan_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(RunningPlanError, match="cannot read the running plan"):
        load_running_plan(tmp_path / "missing.ics")
