"""Reading habits: a runner's week of ticks with streaks, adherence, and who a group assignment reaches.

Adherence and streaks are defined in crosstrain.core.habits; these functions fetch what they count, each in a
fixed number of queries whatever the number of habits, ticks or runners.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import NamedTuple

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.core.habits import (
    DAYS_PER_WEEK,
    Span,
    Window,
    days_before_last_week,
    last_days,
    percent,
    streak_words,
    week_first,
    week_streak,
)
from crosstrain.core.habits import (
    adherence as core_adherence,
)
from crosstrain.core.ids import object_id
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.habits.models import Habit, HabitCheck
from crosstrain.scheduling.models import Attendance, NutritionClass


@dataclass(frozen=True)
class HabitDay:
    day: date
    active: bool  # the habit counts this day: from its start (never before the day before it was given) to its end
    done: bool
    editable: bool  # the runner may change it now: active, and today or yesterday


@dataclass(frozen=True)
class HabitWeekRow:
    habit: Habit
    target: int  # this week's target: fewer than target_days when the habit starts or ends inside the week
    days: list[HabitDay]  # Monday to Sunday
    done: int
    met: bool
    streak: int  # consecutive weeks the target was met (crosstrain.core.habits.week_streak)
    streak_text: str  # "3 weeks in a row", "" for none
    # On a Monday, yesterday is last week's Sunday: still editable, so shown before the week (else None).
    earlier: HabitDay | None = None


def _week_row(habit: Habit, week_start: date, today: date, first_weekday: int) -> HabitWeekRow:
    checked = {c.day for c in habit.checks.all()}
    span = habit.span

    def day_of(day: date) -> HabitDay:
        active = span.first <= day and (span.last is None or day <= span.last)
        editable = active and today - timedelta(days=1) <= day <= today
        return HabitDay(day, active, day in checked, editable)

    days = [day_of(week_start + timedelta(days=offset)) for offset in range(DAYS_PER_WEEK)]
    done = sum(1 for d in days if d.done)
    target = span.week_target(week_start)
    streak = week_streak(span, checked, today, first_weekday)
    yesterday = day_of(today - timedelta(days=1))
    earlier = yesterday if yesterday.editable and yesterday.day < week_start else None
    return HabitWeekRow(habit, target, days, done, target > 0 and done >= target, streak, streak_words(streak), earlier)


def _week_habits(habits: QuerySet[Habit], week_start: date) -> QuerySet[Habit]:
    week_end = week_start + timedelta(days=DAYS_PER_WEEK - 1)
    return (
        habits.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=week_start), starts_on__lte=week_end)
        .prefetch_related(Prefetch("checks", queryset=HabitCheck.objects.order_by("day")))
        .order_by("starts_on", "id")
    )


def habit_week(
    *, runner: Runner, week_start: date, today: date | None = None, first_weekday: int = 0
) -> list[HabitWeekRow]:
    """Every habit of the runner active on a day of the week of `week_start` (moved back to the gym's first day of
    the week, `first_weekday`: 0 Monday ... 6 Sunday), with each day ticked or not, this week's target and the
    streak. 2 queries."""
    today = today or timezone.localdate()
    week_start = week_first(week_start, first_weekday)
    habits = _week_habits(Habit.objects.filter(runner=runner), week_start)
    return [_week_row(h, week_start, today, first_weekday) for h in habits]


def habit_row(*, habit: Habit, today: date, first_weekday: int = 0) -> HabitWeekRow:
    """One habit's row of this week, fresh from the database (after a tick)."""
    week_start = week_first(today, first_weekday)
    found = _week_habits(Habit.objects.filter(pk=habit.pk), week_start).first() or habit
    return _week_row(found, week_start, today, first_weekday)


class Adherence(NamedTuple):
    """Habit adherence as ratios 0.0-1.0; None when nothing was expected in the window."""

    last_7: float | None
    last_30: float | None

    @property
    def percent_7(self) -> int | None:
        return percent(self.last_7)

    @property
    def percent_30(self) -> int | None:
        return percent(self.last_30)


@dataclass(frozen=True)
class AdherenceFigures:
    """Exact adherence of one runner over the dashboard's three windows."""

    last_7: Fraction | None
    last_30: Fraction | None
    previous_14: Fraction | None

    @property
    def as_tuple(self) -> Adherence:
        return Adherence(*(None if r is None else float(r) for r in (self.last_7, self.last_30)))


def _windows(today: date) -> dict[str, Window]:
    return {"last_7": last_days(today, 7), "last_30": last_days(today, 30), "previous_14": days_before_last_week(today)}


def adherence_by_runner(*, habits: QuerySet[Habit], today: date) -> dict[int, AdherenceFigures]:
    """Adherence of every runner among `habits`' owners, by runner id (1 query: ticks counted per habit)."""
    windows = _windows(today)
    earliest = min(w.first for w in windows.values())
    # A subquery per window reads only that window's ticks through the (habit, day) index: a habit kept for a
    # year costs what a new one does (joining every tick and filtering afterwards grew with history).
    counted = habits.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=earliest), starts_on__lt=today).annotate(
        **{
            f"checked_{name}": Coalesce(
                Subquery(
                    HabitCheck.objects.filter(habit=OuterRef("pk"), day__range=(w.first, w.last))
                    .order_by()
                    .values("habit")
                    .annotate(n=Count("id"))
                    .values("n")
                ),
                0,
            )
            for name, w in windows.items()
        }
    )
    # Plain values, each habit's span made once: the coach dashboard counts a thousand habits on every render,
    # and model instances cost more than the counting.
    names = list(windows)
    per_runner: dict[int, list[tuple[Span, tuple[int, ...]]]] = {}
    for runner_id, target, starts_on, ends_on, assigned_on, *checked in counted.order_by().values_list(
        "runner_id", "target_days", "starts_on", "ends_on", "assigned_on", *(f"checked_{name}" for name in names)
    ):
        span = Span.of(target=target, starts_on=starts_on, ends_on=ends_on, assigned_on=assigned_on)
        per_runner.setdefault(runner_id, []).append((span, tuple(checked)))
    return {
        runner_id: AdherenceFigures(
            **{
                name: core_adherence(((span, checked[i]) for span, checked in owned), windows[name])
                for i, name in enumerate(names)
            }
        )
        for runner_id, owned in per_runner.items()
    }


def adherence_for_coach(*, coach: User, today: date) -> dict[int, AdherenceFigures]:
    """Habit adherence of each of the coach's runners who has habits, by runner id (1 query)."""
    return adherence_by_runner(habits=Habit.objects.filter(runner__coach=coach), today=today)


def adherence(*, runner: Runner, today: date) -> Adherence:
    """The runner's habit adherence over the last 7 and 30 full days (crosstrain.core.habits). 1 query."""
    found = adherence_by_runner(habits=Habit.objects.filter(runner=runner), today=today).get(runner.pk)
    return found.as_tuple if found is not None else Adherence(None, None)


def runner_habits(*, runner: Runner) -> list[Habit]:
    """All the runner's habits, newest start first, with their tick counts (for the coach's runner page)."""
    return list(Habit.objects.filter(runner=runner).annotate(ticks=Count("checks")).order_by("-starts_on", "-id"))


def coach_current_habits(*, coach: User, today: date) -> list[Habit]:
    """Habits of the coach's runners that have not ended, by runner (1 query)."""
    return list(
        Habit.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), runner__coach=coach)
        .select_related("runner")
        .order_by("runner__name", "runner_id", "starts_on", "id")
    )


@dataclass(frozen=True)
class Recipients:
    """Who an assignment reaches, and the group in words ("" for one runner)."""

    runners: list[Runner]
    group: str
    runner: Runner | None = None  # the one runner, when it is for one


def assign_choices(*, coach: User) -> list[tuple[str, list[tuple[str, str]]]]:
    """What a coach may give a habit to, grouped for a <select>: their runners, cohorts and nutrition classes."""
    runners = [(f"runner:{r.pk}", r.name) for r in Runner.objects.filter(coach=coach).order_by("name", "pk")]
    cohorts = [
        (f"cohort:{c.pk}", f"{c.name}: everyone with a seat")
        for c in Cohort.objects.filter(coach=coach).order_by("-starts_on", "pk")
    ]
    classes = [
        (f"class:{n.pk}", f"{n} ({n.cohort.name}): everyone in the class")
        for n in NutritionClass.objects.filter(cohort__coach=coach).select_related("cohort").order_by("cohort", "pk")
    ]
    groups = [("Runners", runners), ("Cohorts", cohorts), ("Nutrition classes", classes)]
    return [(label, options) for label, options in groups if options]


def recipients(*, coach: User, key: str) -> Recipients | None:
    """The runners behind a choice of `assign_choices` ("runner:7", "cohort:2", "class:3"); None if not theirs."""
    kind, _, pk_text = key.partition(":")
    pk = object_id(pk_text)
    if pk is None:
        return None
    if kind == "runner":
        runner = Runner.objects.filter(pk=pk, coach=coach).first()
        return None if runner is None else Recipients([runner], "", runner)
    if kind == "cohort":
        cohort = Cohort.objects.filter(pk=pk, coach=coach).first()
        return None if cohort is None else Recipients(cohort_runners(cohort=cohort), f"Cohort {cohort.name}")
    if kind == "class":
        nclass = NutritionClass.objects.filter(pk=pk, cohort__coach=coach).select_related("cohort").first()
        if nclass is None:
            return None
        return Recipients(class_runners(nutrition_class=nclass), f"{nclass} ({nclass.cohort.name})")
    return None


# Who a group assignment reaches: the runners in it today (a registration with a seat, linked to a runner).
def cohort_runners(*, cohort: Cohort) -> list[Runner]:
    return list(
        Runner.objects.filter(registration__cohort=cohort, registration__status=Registration.Status.ACTIVE).order_by(
            "name", "pk"
        )
    )


def class_runners(*, nutrition_class: NutritionClass) -> list[Runner]:
    """A nutrition class is the cohort's: everyone with a seat in it."""
    return cohort_runners(cohort=nutrition_class.cohort)


def attended_runners(*, nutrition_class: NutritionClass, day: date) -> list[Runner]:
    """The runners marked present at the class on that day (as saved on the attendance sheet)."""
    present = Attendance.objects.filter(nutrition_class=nutrition_class, date=day, present=True)
    return list(Runner.objects.filter(pk__in=present.values("runner_id")).order_by("name", "pk"))
