"""Reading what a runner ran: the recent activities a page lists (a fixed window, so a page's queries do not grow)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Min, Q

from crosstrain.accounts.models import Runner, User
from crosstrain.activities.models import Activity, CheckIn, Suggestion, Zones
from crosstrain.core.activities_load import SPIKE_WEEKS, Done, WeekLoad, weekly_load
from crosstrain.core.habits import week_first
from crosstrain.core.running import Run, RunKind
from crosstrain.programs.models import Program

LIST_WEEKS = 8


def recent_activities(*, runner: Runner, today: date, weeks: int = LIST_WEEKS) -> list[Activity]:
    """The runner's activities of the last `weeks` weeks, newest first (1 query)."""
    first = today - timedelta(weeks=weeks)
    return list(Activity.objects.filter(runner=runner, day__gte=first, day__lte=today + timedelta(days=1)))


def recent_check_ins(*, runner: Runner, today: date, weeks: int = LIST_WEEKS) -> list[CheckIn]:
    """The runner's readiness check-ins of the last `weeks` weeks, newest first, with their sessions (1 query)."""
    first = today - timedelta(weeks=weeks)
    return list(CheckIn.objects.filter(runner=runner, session__date__gte=first).select_related("session"))


def user_suggestion(*, user: User, suggestion_id: int) -> Suggestion | None:
    """A suggestion for the user's own sessions, or for a runner they coach, with its runner (1 query); None for
    anyone else's, which the pages and the API answer as not found."""
    return (
        Suggestion.objects.select_related("runner")
        .filter(Q(runner__user=user) | Q(runner__coach=user), pk=suggestion_id)
        .order_by()
        .first()
    )


def runner_zones(*, runner: Runner) -> Zones | None:
    return Zones.objects.filter(runner=runner).first()


@dataclass(frozen=True)
class DayRow:
    """A day of this week: what the plan asked for beside what was run."""

    day: date
    planned: list[Run]
    done: list[Activity]


@dataclass(frozen=True)
class PlanVsDone:
    weeks: list[WeekLoad]
    days: list[DayRow]  # this week, from the gym's first day of the week

    @property
    def flags(self) -> list[WeekLoad]:
        return [w for w in self.weeks if w.flag]

    @property
    def this_week(self) -> WeekLoad:
        return self.weeks[-1]


def planned_runs(*, runner: Runner, program: Program | None = None) -> list[Run]:
    """The running plan the live program was placed on: its dated runs (1 query, none when the live `program` is
    given)."""
    if program is not None and program.status == Program.Status.PUBLISHED:
        running = program.running
    else:
        running = (
            Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED)
            .values_list("running", flat=True)
            .first()
        )
    runs = []
    for item in running or []:
        try:
            runs.append(
                Run(
                    day=date.fromisoformat(item["date"]),
                    kind=RunKind(item["kind"]),
                    title=item.get("title"),
                    minutes=item.get("minutes"),
                    sport=item.get("sport") or "run",
                )
            )
        except (KeyError, TypeError, ValueError):
            continue  # a run stored by an older version without a date or kind: nothing to compare with
    return runs


def plan_vs_done(
    *,
    runner: Runner,
    today: date,
    weeks: int = LIST_WEEKS,
    program: Program | None = None,
    spikes: bool = True,
    first_weekday: int = 0,
) -> PlanVsDone:
    """The last `weeks` weeks to this one, planned beside done, and this week day by day, the weeks starting on
    the gym's `first_weekday` (0 Monday ... 6 Sunday). 3 queries; one fewer with the live `program` given, one
    fewer without the `spikes` rule, which needs the first activity's day."""
    week = week_first(today, first_weekday)
    first = week - timedelta(weeks=weeks - 1)
    window = first - timedelta(weeks=SPIKE_WEEKS)
    rows = list(
        Activity.objects.filter(runner=runner, day__gte=window, day__lt=week + timedelta(days=7)).order_by("start")
    )
    history_from = Activity.objects.filter(runner=runner).aggregate(first=Min("day"))["first"] if spikes else None
    planned = planned_runs(runner=runner, program=program)
    done = [Done(a.day, a.minutes, a.km, a.sport) for a in rows]
    loads = weekly_load(planned, done, first=first, weeks=weeks, history_from=history_from, first_weekday=first_weekday)
    days = [
        DayRow(
            day=d,
            planned=[r for r in planned if r.day == d and r.kind is not RunKind.REST],
            done=[a for a in rows if a.day == d],
        )
        for d in (week + timedelta(days=i) for i in range(7))
    ]
    return PlanVsDone(weeks=loads, days=days)
