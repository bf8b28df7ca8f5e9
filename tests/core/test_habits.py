"""Habit arithmetic (crosstrain.core.habits): adherence, weekly targets and streaks, on hand-computed fixtures."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from crosstrain.core.habits import (
    Span,
    Window,
    adherence,
    check_problem,
    days_before_last_week,
    drop_words,
    dropped,
    habit_problems,
    last_days,
    monday,
    percent,
    streak_words,
    week_streak,
)

WED = date(2026, 10, 14)  # a Wednesday


def days(first: date, count: int, step: int = 1) -> list[date]:
    return [first + timedelta(days=i * step) for i in range(count)]


def test_windows_are_the_full_days_before_today() -> None:
    assert last_days(WED, 7) == Window(date(2026, 10, 7), date(2026, 10, 13))
    assert last_days(WED, 30).days == 30
    assert days_before_last_week(WED) == Window(date(2026, 9, 23), date(2026, 10, 6))
    assert days_before_last_week(WED).days == 14


def test_adherence_prorates_a_habit_that_began_inside_the_window() -> None:
    # Every day since 1 Oct, ticked 5 of the last 7 days: expected 7, credited 5.
    daily = Span.of(target=7, starts_on=date(2026, 10, 1), ends_on=None, assigned_on=date(2026, 9, 30))
    # 3 a week from Monday 12 Oct: 2 days of the window (12, 13 Oct) ask 3 × 2/7 = 6/7; ticked twice → 6/7.
    new = Span.of(target=3, starts_on=date(2026, 10, 12), ends_on=None, assigned_on=date(2026, 10, 12))
    result = adherence([(daily, 5), (new, 2)], last_days(WED, 7))
    assert result == Fraction(5 + Fraction(6, 7)) / Fraction(7 + Fraction(6, 7)) == Fraction(41, 55)
    assert percent(result) == 75  # 74.5% rounds up


def test_extra_days_on_one_habit_do_not_make_up_for_another() -> None:
    window = last_days(WED, 7)
    three = Span(3, date(2026, 9, 1))
    every_day = Span(7, date(2026, 9, 1))
    # 7 ticks on a 3-a-week habit count 3; nothing on the daily one: 3 of 10.
    assert adherence([(three, 7), (every_day, 0)], window) == Fraction(3, 10)


def test_days_before_the_day_before_assignment_are_not_expected() -> None:
    # Assigned on Wednesday 14 Oct from Monday 12 Oct: Monday could never be ticked (only today and yesterday),
    # so counting starts on Tuesday 13. On Friday 16 the last 7 days (9-15 Oct) hold 3 countable days.
    span = Span.of(target=7, starts_on=date(2026, 10, 12), ends_on=None, assigned_on=WED)
    assert span.first == date(2026, 10, 13)
    window = last_days(date(2026, 10, 16), 7)
    assert span.expected(window) == 3
    assert adherence([(span, 3)], window) == 1


def test_an_ended_habit_expects_nothing_after_its_end() -> None:
    span = Span(7, date(2026, 10, 1), date(2026, 10, 10))
    assert span.active_days(last_days(WED, 7)) == 4  # 7-10 Oct
    assert adherence([(span, 2)], last_days(WED, 7)) == Fraction(2, 4)


def test_no_habit_due_in_the_window_is_none_not_zero() -> None:
    assert adherence([], last_days(WED, 7)) is None
    future = Span(5, WED + timedelta(days=3))
    assert adherence([(future, 0)], last_days(WED, 7)) is None


def test_a_partial_week_asks_for_at_most_its_days() -> None:
    from_thursday = Span(5, date(2026, 10, 1))  # Thursday: 4 days left in the week of 28 Sep
    assert from_thursday.week_target(date(2026, 9, 28)) == 4
    assert from_thursday.week_target(date(2026, 10, 5)) == 5
    ends_tuesday = Span(3, date(2026, 9, 1), date(2026, 10, 13))
    assert ends_tuesday.week_target(date(2026, 10, 12)) == 2
    assert ends_tuesday.week_target(date(2026, 10, 19)) == 0


def test_streak_counts_back_from_last_week_and_this_week_joins_once_met() -> None:
    span = Span(3, date(2026, 9, 28))
    today = date(2026, 10, 21)  # Wednesday of the 4th week
    ticks = days(date(2026, 9, 28), 3) + days(date(2026, 10, 5), 4) + days(date(2026, 10, 12), 3, step=2)
    assert week_streak(span, [*ticks, date(2026, 10, 19)], today) == 3  # this week: 1 of 3 so far, no break
    assert week_streak(span, ticks + days(date(2026, 10, 19), 3), today) == 4
    # A missed week breaks it: only the week of 12 Oct counts then.
    broken = days(date(2026, 9, 28), 3) + days(date(2026, 10, 5), 2) + days(date(2026, 10, 12), 3)
    assert week_streak(span, broken, today) == 1
    assert week_streak(span, [], today) == 0


def test_streak_of_a_habit_that_began_mid_week_counts_its_short_first_week() -> None:
    span = Span(5, date(2026, 10, 1))  # Thursday: the first week asks 4
    ticks = days(date(2026, 10, 1), 4) + days(date(2026, 10, 5), 5)
    assert week_streak(span, ticks, date(2026, 10, 12)) == 2


def test_streak_in_words() -> None:
    assert streak_words(0) == ""
    assert streak_words(1) == "1 week in a row"
    assert streak_words(3) == "3 weeks in a row"


def test_a_drop_of_exactly_twenty_points_counts_and_nineteen_does_not() -> None:
    assert dropped(Fraction(1), Fraction(8, 10))
    assert not dropped(Fraction(1), Fraction(81, 100))
    assert not dropped(None, Fraction(0))
    assert not dropped(Fraction(1), None)
    assert drop_words("habits", Fraction(17, 20), Fraction(2, 5)) == "habits 85% → 40%"


def test_monday_of_any_day() -> None:
    assert monday(WED) == date(2026, 10, 12)
    assert monday(date(2026, 10, 12)) == date(2026, 10, 12)
    assert monday(date(2026, 10, 18)) == date(2026, 10, 12)


@pytest.mark.parametrize(
    ("text", "target", "starts", "ends", "problem"),
    [
        ("  ", 3, WED, None, "text: say what the habit is"),
        ("x" * 121, 3, WED, None, "at most 120 characters (121 given)"),
        ("two\nlines", 3, WED, None, "one line"),
        ("Sleep", 0, WED, None, "0 is not a number of days a week: give 1 to 7"),
        ("Sleep", 8, WED, None, "give 1 to 7"),
        ("Sleep", 3, date(2026, 10, 11), None, "before this week"),
        ("Sleep", 3, WED + timedelta(days=400), None, "more than a year ahead"),
        ("Sleep", 3, WED, WED - timedelta(days=1), "before the start"),
    ],
)
def test_habit_input_problems_say_what_to_change(
    text: str, target: int, starts: date, ends: date | None, problem: str
) -> None:
    _, problems = habit_problems(text=text, target=target, starts_on=starts, ends_on=ends, today=WED)
    assert len(problems) == 1
    assert problem in problems[0]


def test_a_good_habit_has_no_problems_and_is_trimmed() -> None:
    clean, problems = habit_problems(
        text="  Protein at every meal ", target=7, starts_on=monday(WED), ends_on=None, today=WED
    )
    assert (clean, problems) == ("Protein at every meal", [])


@pytest.mark.parametrize(
    ("day", "allowed"),
    [(WED, True), (WED - timedelta(days=1), True), (WED - timedelta(days=2), False), (WED + timedelta(days=1), False)],
)
def test_only_today_and_yesterday_can_be_changed(day: date, allowed: bool) -> None:
    problem = check_problem(day=day, today=WED, starts_on=date(2026, 10, 1), ends_on=None)
    assert (problem is None) == allowed


def test_a_day_outside_the_habit_is_refused() -> None:
    problem = check_problem(day=WED, today=WED, starts_on=WED + timedelta(days=1), ends_on=None)
    assert problem is not None
    assert "outside it" in problem
    problem = check_problem(day=WED, today=WED, starts_on=date(2026, 10, 1), ends_on=WED - timedelta(days=1))
    assert problem is not None
    assert "outside it" in problem
