"""Weekly habits: a runner's habits with this week's ticks (the runner and their coach), ticking a day off or
undoing it (the runner), giving a runner a habit (their coach). Same services and rules as the web pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.params import functions as params

from crosstrain.api.auth import READ, WRITE, coach, runner, signed_in
from crosstrain.api.errors import responses
from crosstrain.api.schemas import NO_NUL, ObjectId, _Strict
from crosstrain.core.habits import TARGET_MAX, TARGET_MIN, TEXT_MAX, monday
from crosstrain.habits.models import Habit
from crosstrain.habits.selectors import HabitWeekRow, adherence, habit_row, habit_week
from crosstrain.habits.services import habit_assign, habit_check, habit_uncheck
from crosstrain.web.access import _get_runner_for_coach, _get_runner_for_viewer

router = Router(tags=["habits"])

Day = Annotated[date, params.Path(..., description="The gym's calendar day, e.g. 2026-10-14: today or yesterday.")]


class HabitOut(Schema):
    id: int
    runner_id: int
    text: str
    target_days: int = Field(description="Days a week, 1-7.")
    starts_on: date
    ends_on: date | None = Field(description="The last day it counts; null: until the coach ends it.")
    assigned_on: date
    group: str = Field(description="Where it came from (a cohort or nutrition class); empty: given to this runner.")


class HabitDayOut(Schema):
    day: date
    active: bool = Field(description="The habit counts this day (from its start, or the day before it was given).")
    done: bool
    editable: bool = Field(description="The runner may tick or untick it now (today or yesterday).")


class HabitWeekOut(Schema):
    habit: HabitOut
    target: int = Field(description="This week's target: fewer than target_days in a week the habit starts or ends.")
    done: int = Field(description="Days ticked this week.")
    met: bool
    streak: int = Field(description="Consecutive weeks the target was met; this week joins once met.")
    streak_text: str = Field(description='In words, e.g. "3 weeks in a row"; empty for none.')
    days: list[HabitDayOut] = Field(description="Monday to Sunday.")
    earlier: HabitDayOut | None = Field(
        description="On a Monday: yesterday (last week's Sunday), which can still be ticked; else null."
    )


class HabitsOut(Schema):
    week_start: date = Field(description="This week's Monday.")
    adherence_7: float | None = Field(
        description="Days ticked / days the targets asked for over the last 7 full days (0-1); null: none due."
    )
    adherence_30: float | None = Field(description="The same over the last 30 full days.")
    habits: list[HabitWeekOut]


class HabitIn(_Strict):
    text: str = Field(min_length=1, max_length=TEXT_MAX, pattern=NO_NUL, description="e.g. 'Protein at every meal'.")
    target_days: int = Field(ge=TARGET_MIN, le=TARGET_MAX, description="Days a week, 1-7.")
    starts_on: date | None = Field(None, description="Default: this week's Monday; not before it.")
    ends_on: date | None = Field(None, description="The last day it counts; default: until ended.")


@router.get(
    "/runners/{runner_id}/habits",
    response=responses({200: HabitsOut}),
    auth=READ,
    operation_id="habits_list",
    summary="The runner's habits this week, each day ticked or not, with streaks and adherence (runner, coach)",
)
def habits_list(request: HttpRequest, runner_id: ObjectId) -> HabitsOut:
    found = _get_runner_for_viewer(signed_in(request), runner_id)
    today = timezone.localdate()
    seven, thirty = adherence(runner=found, today=today)
    rows = habit_week(runner=found, week_start=today, today=today)
    return HabitsOut(
        week_start=monday(today),
        adherence_7=seven,
        adherence_30=thirty,
        habits=[HabitWeekOut.model_validate(row, from_attributes=True) for row in rows],
    )


@router.post(
    "/runners/{runner_id}/habits",
    response=responses({201: HabitOut}),
    auth=WRITE,
    operation_id="habit_assign",
    summary="Give the runner a weekly habit (their coach); 422 names what to fix, e.g. a start before this week",
)
def habit_assign_op(request: HttpRequest, runner_id: ObjectId, payload: HabitIn) -> Status[Habit]:
    user = coach(request)
    found = _get_runner_for_coach(user, runner_id)
    habit = habit_assign(
        runner=found,
        text=payload.text,
        target_days=payload.target_days,
        assigned_by=user,
        today=timezone.localdate(),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, habit)


def _own_habit(request: HttpRequest, habit_id: int) -> Habit:
    return get_object_or_404(Habit, pk=habit_id, runner=runner(request))


@router.put(
    "/habits/{habit_id}/days/{day}",
    response=responses({200: HabitWeekOut}),
    auth=WRITE,
    operation_id="habit_check",
    summary="Tick a day off (the runner): today or yesterday. Idempotent: ticking twice stores one tick",
)
def habit_check_op(request: HttpRequest, habit_id: ObjectId, day: Day) -> HabitWeekRow:
    habit = _own_habit(request, habit_id)
    today = timezone.localdate()
    habit_check(habit=habit, day=day, today=today)
    return habit_row(habit=habit, today=today)


@router.delete(
    "/habits/{habit_id}/days/{day}",
    response=responses({200: HabitWeekOut}),
    auth=WRITE,
    operation_id="habit_uncheck",
    summary="Undo a tick of today or yesterday (the runner). Idempotent",
)
def habit_uncheck_op(request: HttpRequest, habit_id: ObjectId, day: Day) -> HabitWeekRow:
    habit = _own_habit(request, habit_id)
    today = timezone.localdate()
    habit_uncheck(habit=habit, day=day, today=today)
    return habit_row(habit=habit, today=today)
