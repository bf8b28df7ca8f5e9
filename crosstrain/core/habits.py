"""Weekly habits: what one asks of a week, how adherence and streaks are counted, what input is refused.

A coach asks for a habit ("protein at every meal") on a number of days a week (1-7). Weeks run Monday to
Sunday, days are the gym's calendar days. The arithmetic is exact (fractions), so a drop of exactly 20
points is a drop of 20 points, not 19.999.

Adherence over a window of days = days credited / days expected, summed over the runner's habits:
- days expected for a habit = target × (days it was countable in the window) / 7, so a habit that began or
  ended inside the window, or a window that cuts a week in two, asks for its share of the week only;
- countable days run from the later of its start and the day before it was assigned (the runner may fill in
  yesterday, never earlier: days they could never tick do not count against them) to its end;
- days credited = days checked in the window, at most the days expected: ticking a 3-a-week habit every day
  does not make up for another habit left undone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from crosstrain.core.errors import InputError

DAYS_PER_WEEK = 7
TARGET_MIN, TARGET_MAX = 1, 7
TEXT_MAX = 120
# How far ahead a coach may plan a habit's start: a season, with room to spare.
START_AHEAD_MAX = timedelta(days=366)
# "Needs attention" when adherence (or training compliance) falls this much against the two weeks before.
DROP = Fraction(20, 100)
# What coaches ask for most; offered in the form, any other text is fine.
SUGGESTIONS = (
    "Protein at every meal",
    "A carbohydrate snack before the long run",
    "8 h in bed",
    "10 min mobility on rest days",
    "Eat within an hour after a hard run",
    "2 litres of water a day",
)


class HabitError(InputError):
    """A habit, or a day ticked off, that cannot be saved as given."""


# How a message writes a day: (day, kind) → text, the kind one of the app's named formats (crosstrain.gym.dates
# writes them in the gym's style); without the app, as below.
DayWords = Callable[[date, str], str]
_PLAIN_FORMATS = {
    "WEEKDAY_DATE_FORMAT": "%a %d %b %Y",
    "WEEKDAY_DAY_MONTH_FORMAT": "%a %d %b",
    "DAY_MONTH_FORMAT": "%d %b",
    "DATE_FORMAT": "%d %b %Y",
}


def plain_day(day: date, kind: str) -> str:
    """A day in a message when no gym style is at hand (the core's own callers): "Tue 08 Dec 2026"."""
    return day.strftime(_PLAIN_FORMATS[kind])


def monday(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def week_first(day: date, first_weekday: int = 0) -> date:
    """The first day of the week `day` is in, for a gym whose weeks start on `first_weekday` (0 Monday ... 6
    Sunday, as date.weekday())."""
    return day - timedelta(days=(day.weekday() - first_weekday) % DAYS_PER_WEEK)


@dataclass(frozen=True)
class Window:
    """Days `first` to `last`, both included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return max((self.last - self.first).days + 1, 0)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


def last_days(today: date, days: int) -> Window:
    """The `days` full days before today. Today is still on: a habit not ticked yet is not missed yet."""
    return Window(today - timedelta(days=days), today - timedelta(days=1))


def days_before_last_week(today: date, days: int = 14) -> Window:
    """The `days` days before the last 7: what "the previous two weeks" is compared with."""
    return Window(today - timedelta(days=7 + days), today - timedelta(days=8))


@dataclass(frozen=True)
class Span:
    """A habit as the counting sees it: its weekly target and the days it is countable (`last` None: open)."""

    target: int
    first: date
    last: date | None = None

    @staticmethod
    def of(*, target: int, starts_on: date, ends_on: date | None, assigned_on: date) -> Span:
        return Span(target, max(starts_on, assigned_on - timedelta(days=1)), ends_on)

    def active_days(self, window: Window) -> int:
        first = max(window.first, self.first)
        last = window.last if self.last is None else min(window.last, self.last)
        return max((last - first).days + 1, 0)

    def expected(self, window: Window) -> Fraction:
        return Fraction(self.target * self.active_days(window), DAYS_PER_WEEK)

    def week_target(self, week_start: date) -> int:
        """What the week starting `week_start` asks: the target, or fewer when the habit has fewer days in it."""
        week = Window(week_start, week_start + timedelta(days=DAYS_PER_WEEK - 1))
        return min(self.target, self.active_days(week))


def adherence(habits: Iterable[tuple[Span, int]], window: Window) -> Fraction | None:
    """Days credited / days expected over the window, for (habit, days checked in the window) pairs.

    None when no habit expected anything in the window (no habits, or all began after it).
    """
    # In sevenths of a day, whole numbers: exact like Span.expected, without a Fraction per habit (the coach
    # dashboard counts every habit of every runner on each render).
    expected = credited = 0
    for span, checked in habits:
        due = span.target * span.active_days(window)
        expected += due
        credited += min(checked * DAYS_PER_WEEK, due)
    return None if expected == 0 else Fraction(credited, expected)


def week_streak(span: Span, checked: Iterable[date], today: date, first_weekday: int = 0) -> int:
    """Consecutive weeks the target was met, counting back from last week; this week joins once it is met. Weeks
    start on the gym's first day (`first_weekday`, 0 Monday).

    A week still in progress never breaks a streak: on a Monday morning last week's run is still shown.
    """
    per_week: dict[date, int] = {}
    for day in checked:
        first = week_first(day, first_weekday)
        per_week[first] = per_week.get(first, 0) + 1
    this_week = week_first(today, first_weekday)
    streak = 0
    target = span.week_target(this_week)
    if target > 0 and per_week.get(this_week, 0) >= target:
        streak += 1
    week = this_week - timedelta(days=DAYS_PER_WEEK)
    while (target := span.week_target(week)) > 0 and per_week.get(week, 0) >= target:
        streak += 1
        week -= timedelta(days=DAYS_PER_WEEK)
    return streak


def streak_words(weeks: int) -> str:
    """ "3 weeks in a row"; nothing for no streak."""
    if weeks <= 0:
        return ""
    return f"{weeks} week{'s' if weeks != 1 else ''} in a row"


def percent(ratio: Fraction | float | None) -> int | None:
    """A ratio as a whole percentage, halves rounded up (0.845 → 85)."""
    if ratio is None:
        return None
    return int(Fraction(ratio) * 100 + Fraction(1, 2))


def dropped(before: Fraction | None, now: Fraction | None) -> bool:
    """True when `now` is at least 20 points below `before` (both known)."""
    if before is None or now is None:
        return False
    return fell((before.numerator, before.denominator), (now.numerator, now.denominator))


def fell(before: tuple[float, int], now: tuple[float, int]) -> bool:
    """`dropped` for ratios given as (done, expected) numbers; False when either expects nothing. Done is a whole
    number but for a training session partly done, which counts by its share (crosstrain.core.finishing).

    Cross-multiplied, exact, and without making a Fraction: the coach dashboard asks it of every runner on each
    render. before - now ≥ DROP ⇔ (done_b·exp_n - done_n·exp_b)·DROP.den ≥ DROP.num·exp_b·exp_n (exp_b, exp_n > 0).
    """
    (done_before, expected_before), (done_now, expected_now) = before, now
    if expected_before <= 0 or expected_now <= 0:
        return False
    gap = done_before * expected_now - done_now * expected_before
    return gap * DROP.denominator >= DROP.numerator * expected_before * expected_now


def drop_words(what: str, before: Fraction | None, now: Fraction | None) -> str:
    """ "habits 85% → 40%" """
    return f"{what} {percent(before)}% → {percent(now)}%"


def habit_problems(
    *, text: str, target: int, starts_on: date, ends_on: date | None, today: date, say: DayWords = plain_day
) -> tuple[str, list[str]]:
    """The habit's text as stored (trimmed) and every problem with what was given, each saying what to change
    (days written by `say`)."""
    problems = []
    clean = text.strip()
    if not clean:
        problems.append("text: say what the habit is, e.g. 'Protein at every meal'.")
    elif len(clean) > TEXT_MAX:
        problems.append(f"text: at most {TEXT_MAX} characters ({len(clean)} given): say it shorter.")
    elif any(c in clean for c in "\r\n\x00"):
        problems.append("text: one line, please (no line breaks).")
    if not TARGET_MIN <= target <= TARGET_MAX:
        problems.append(f"target: {target} is not a number of days a week: give {TARGET_MIN} to {TARGET_MAX}.")
    this_week = monday(today)
    if starts_on < this_week:
        problems.append(
            f"starts: {say(starts_on, 'WEEKDAY_DATE_FORMAT')} is before this week (Monday "
            f"{say(this_week, 'DAY_MONTH_FORMAT')}): past weeks cannot "
            "be ticked off any more, start this week or later."
        )
    elif starts_on > today + START_AHEAD_MAX:
        problems.append(f"starts: {say(starts_on, 'DATE_FORMAT')} is more than a year ahead: choose a nearer start.")
    if ends_on is not None and ends_on < starts_on:
        ends, starts = say(ends_on, "DATE_FORMAT"), say(starts_on, "DATE_FORMAT")
        problems.append(f"ends: {ends} is before the start ({starts}): end it later.")
    return clean, problems


def check_problem(
    *, day: date, today: date, starts_on: date, ends_on: date | None, say: DayWords = plain_day
) -> str | None:
    """Why the runner may not change `day` of this habit now, or None. Only today and yesterday are open."""
    shown = say(day, "WEEKDAY_DAY_MONTH_FORMAT")
    if day > today:
        return f"day: {shown} is still to come: tick a habit off on the day, or the day after."
    if day < today - timedelta(days=1):
        return f"day: {shown} is read-only now: only today and yesterday can be changed."
    if day < starts_on or (ends_on is not None and day > ends_on):
        until = f" to {say(ends_on, 'WEEKDAY_DAY_MONTH_FORMAT')}" if ends_on is not None else ""
        return f"day: this habit runs from {say(starts_on, 'WEEKDAY_DAY_MONTH_FORMAT')}{until}; {shown} is outside it."
    return None
