"""Placement around the running week, rule by rule of DESIGN.md 4.2."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from crosstrain.core.placement import place_sessions
from crosstrain.core.running import WEEKDAYS, RunKind, RunningCalendar, calendar_from_week

START = date(2026, 9, 21)  # a Monday


def week(**days: str) -> RunningCalendar:
    template = {d: RunKind(days.get(d, "rest")) for d in WEEKDAYS}
    return calendar_from_week(template, START - timedelta(days=7), 8 * 7)


def weekdays(days: list[date]) -> list[str]:
    return [d.strftime("%a").lower() for d in days]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # Hard days hard: lift on the quality days when nothing demanding follows.
        ({"tue": "hard", "thu": "hard", "sat": "long"}, ["tue", "thu"]),
        # The day before a hard or long run is never used; easy or rest days are next best, and among equally
        # good days the even rhythm wins (v2): Wednesday and Sunday are 4 and 3 days apart, Monday and
        # Wednesday 2 and 5.
        ({"mon": "easy", "wed": "hard", "sat": "long", "sun": "easy"}, ["wed", "sun"]),
        # Runs every day, three hard days and a long run: the only legal days are the hard ones and Sunday.
        (
            {"mon": "easy", "tue": "hard", "wed": "easy", "thu": "hard", "fri": "easy", "sat": "hard", "sun": "long"},
            ["tue", "thu"],
        ),
    ],
)
def test_sessions_go_on_the_preferred_legal_days(template: dict[str, str], expected: list[str]) -> None:
    placement = place_sessions(week(**template), START)
    assert weekdays([s.day for s in placement.slots[:2]]) == expected
    assert placement.warnings == ()


def test_a_normal_calendar_gets_twelve_sessions_a_full_day_apart() -> None:
    placement = place_sessions(week(tue="hard", sat="long", sun="easy"), START)
    days = [s.day for s in placement.slots]
    assert len(days) == 12
    assert all((b - a).days >= 2 for a, b in itertools.pairwise(days))
    assert [s.week for s in placement.slots] == [w for w in range(1, 7) for _ in range(2)]


def test_spacing_holds_across_the_week_boundary() -> None:
    # Only Sunday and Monday are free of a demanding next day... and Wednesday. Sun → Mon would be back to back.
    calendar = week(tue="hard", thu="hard", fri="hard", sat="long")
    days = [s.day for s in place_sessions(calendar, START).slots]
    assert all((b - a).days >= 2 for a, b in itertools.pairwise(days))


def test_no_session_on_a_race_day_or_the_two_days_before_it() -> None:
    race = date(2026, 10, 4)  # Sunday of week 2
    calendar = week(tue="hard", sat="long").with_races([race])
    days = {s.day for s in place_sessions(calendar, START).slots}
    assert race not in days
    assert not days & {race - timedelta(days=1), race - timedelta(days=2)}


def test_the_race_lead_in_holds_one_halved_session_at_least_three_days_out() -> None:
    race = date(2026, 10, 25)  # Sunday of week 5
    placement = place_sessions(week(tue="hard", thu="easy", sat="long").with_races([race]), START)
    lead_in = [s for s in placement.slots if 1 <= (race - s.day).days <= 7]
    assert len(lead_in) == 1
    assert (race - lead_in[0].day).days >= 3
    assert lead_in[0].halved
    assert lead_in[0].race_lead_in is not None
    assert lead_in[0].race_lead_in.day == race
    assert sum(not s.halved for s in placement.slots) == len(placement.slots) - 1
    assert len(placement.slots) == 11
    assert any("week 5 has 1 session" in w.text and "2026-10-25" in w.text for w in placement.warnings)


def test_a_race_after_the_program_still_shapes_its_last_week() -> None:
    race = date(2026, 11, 4)  # the Wednesday after week 6
    placement = place_sessions(week(tue="hard").with_races([race]), START)
    last = [s for s in placement.slots if s.day >= race - timedelta(days=7)]
    assert len(last) <= 1
    assert all(s.halved for s in last)


def test_when_no_legal_day_exists_the_relaxed_rule_is_named_with_its_date() -> None:
    every_day_hard = week(**dict.fromkeys(WEEKDAYS, "hard"))
    placement = place_sessions(every_day_hard, START)
    assert len(placement.slots) == 12
    relaxed = [w for w in placement.warnings if "never the day before a hard run" in w.text]
    assert {w.day for w in relaxed} == {s.day for s in placement.slots}
    assert all("every other way" in w.why for w in relaxed)


def test_placement_is_deterministic() -> None:
    calendar = week(mon="easy", wed="easy", fri="easy")
    assert place_sessions(calendar, START) == place_sessions(calendar, START)


def test_a_runner_who_chose_their_days_trains_only_on_them() -> None:
    placement = place_sessions(week(tue="hard", sat="long"), START, weekdays=frozenset({0, 3}))  # mon, thu
    assert {s.day.weekday() for s in placement.slots} == {0, 3}
    assert len(placement.slots) == 12


def test_chosen_days_that_cannot_hold_two_sessions_give_fewer_with_a_warning() -> None:
    placement = place_sessions(week(), START, weekdays=frozenset({2}))  # wednesday only
    assert len(placement.slots) == 6
    assert all(s.day.weekday() == 2 for s in placement.slots)
    assert any("chosen training days" in w.text for w in placement.warnings)
