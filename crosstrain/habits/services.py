"""Writing habits: a coach assigns (to a runner or a whole group) and ends them; a runner ticks days off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q

from crosstrain.accounts.models import Runner, User
from crosstrain.core.habits import HabitError, check_problem, habit_problems, monday
from crosstrain.dashboard.versions import dashboard_changed, runner_pages_changed
from crosstrain.gym.dates import when
from crosstrain.habits.models import Habit, HabitCheck


@dataclass
class Assignment:
    """What a group assignment did: a habit per runner, and who already had one like it (left as it was)."""

    created: list[Habit] = field(default_factory=list)
    skipped: list[Runner] = field(default_factory=list)


def _overlapping(runner_ids: Sequence[int], text: str, starts_on: date, ends_on: date | None) -> set[int]:
    """Runners who have a habit with the same text (whatever the case) on any of these days."""
    overlap = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    if ends_on is not None:
        overlap &= Q(starts_on__lte=ends_on)
    return set(
        Habit.objects.filter(overlap, runner_id__in=runner_ids, text__iexact=text).values_list("runner_id", flat=True)
    )


@transaction.atomic
def habits_assign(
    *,
    runners: Sequence[Runner],
    text: str,
    target_days: int,
    assigned_by: User,
    today: date,
    starts_on: date | None = None,
    ends_on: date | None = None,
    group: str = "",
) -> Assignment:
    """Give the habit to each runner (a row each, in one transaction); runners who have it already on those
    days are left out and listed. Starts default to this week's Monday. HabitError names what to fix."""
    starts_on = starts_on or monday(today)
    clean, problems = habit_problems(
        text=text, target=target_days, starts_on=starts_on, ends_on=ends_on, today=today, say=when
    )
    if not runners:
        problems.append(f"runners: nobody to give it to ({group or 'no runner chosen'}).")
    if problems:
        raise HabitError(problems)
    # Locked so two coaches' taps at once cannot both find "nobody has it yet" (PostgreSQL; SQLite writes queue).
    ids = list(Runner.objects.select_for_update().filter(pk__in=[r.pk for r in runners]).values_list("pk", flat=True))
    have = _overlapping(ids, clean, starts_on, ends_on)
    result = Assignment()
    for runner in runners:
        if runner.pk in have:
            result.skipped.append(runner)
            continue
        result.created.append(
            Habit(
                runner=runner,
                text=clean,
                target_days=target_days,
                starts_on=starts_on,
                ends_on=ends_on,
                assigned_on=today,
                assigned_by=assigned_by,
                group=group[:160],
            )
        )
    try:
        with transaction.atomic():
            Habit.objects.bulk_create(result.created)
            # bulk_create sends no signal (crosstrain.dashboard.signals): the coaches' dashboards count habits,
            # the runners' pages show them.
            dashboard_changed(habit.runner.coach_id for habit in result.created)
            runner_pages_changed(habit.runner_id for habit in result.created)
    except IntegrityError:
        raise HabitError(["text: someone gave this habit to the same runner a moment ago: reload and check."]) from None
    return result


def habit_assign(
    *,
    runner: Runner,
    text: str,
    target_days: int,
    assigned_by: User,
    today: date,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Habit:
    """Give one runner a habit; HabitError when they have it already on those days."""
    result = habits_assign(
        runners=[runner],
        text=text,
        target_days=target_days,
        assigned_by=assigned_by,
        today=today,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    if not result.created:
        raise HabitError([f"text: {runner.name} has '{text.strip()}' already on those days: end that one first."])
    return result.created[0]


@transaction.atomic
def habit_end(*, habit: Habit, today: date) -> Habit | None:
    """End a habit today (today's tick still counts). One that has not started yet is withdrawn: None."""
    habit = Habit.objects.select_for_update().get(pk=habit.pk)
    if habit.starts_on > today:
        habit.delete()
        return None
    if habit.ends_on is not None and habit.ends_on < today:
        raise HabitError([f"ends: this habit ended on {when(habit.ends_on, 'WEEKDAY_DATE_FORMAT')} already."])
    habit.ends_on = today
    habit.save(update_fields=["ends_on"])
    return habit


def _check_allowed(habit: Habit, day: date, today: date) -> None:
    problem = check_problem(day=day, today=today, starts_on=habit.starts_on, ends_on=habit.ends_on, say=when)
    if problem is not None:
        raise HabitError([problem])


def habit_check(*, habit: Habit, day: date, today: date) -> tuple[HabitCheck, bool]:
    """Tick the day off; ticking it again stores nothing new (the unique constraint settles two at once)."""
    _check_allowed(habit, day, today)
    # get_or_create retries the read when a concurrent insert wins the race on (habit, day).
    return HabitCheck.objects.get_or_create(habit=habit, day=day)


def habit_uncheck(*, habit: Habit, day: date, today: date) -> bool:
    """Undo a tick of today or yesterday; True when there was one."""
    _check_allowed(habit, day, today)
    deleted, _ = HabitCheck.objects.filter(habit=habit, day=day).delete()
    return deleted > 0
