"""Reads for the dashboard and the runner's pages, each a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Count, FilteredRelation, Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from crosstrain.accounts.models import Runner, User
from crosstrain.core.habits import drop_words, dropped, percent
from crosstrain.habits.selectors import AdherenceFigures, adherence_for_coach
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.training.models import SessionLog, SetLog

LOW_COMPLIANCE = Fraction(1, 2)  # under half the last 7 days' sessions done: needs attention
NO_HABITS = AdherenceFigures(None, None, None)


@dataclass(frozen=True, kw_only=True)
class DashboardRow:
    """A runner's figures on the coach dashboard, the runner by id and name only: every runner of the coach is
    counted and sorted on each render, and model instances for 500 of them would cost more than the counting."""

    runner_id: int
    runner_name: str
    planned_7: int
    done_7: int
    planned_30: int
    done_30: int
    last_session: datetime | None
    open_flags: int
    # Sessions of the 14 days before the last 7, to notice a drop (crosstrain.core.habits.days_before_last_week).
    planned_prev_14: int = 0
    done_prev_14: int = 0
    # Habit adherence, exact (crosstrain.core.habits); all None for a runner without habits.
    habits: AdherenceFigures = field(default=NO_HABITS)

    @staticmethod
    def _ratio(done: int, planned: int) -> Fraction | None:
        return None if planned == 0 else Fraction(done, planned)

    @cached_property  # read by every sort and the page
    def compliance_7(self) -> float | None:
        ratio = self._ratio(self.done_7, self.planned_7)
        return None if ratio is None else float(ratio)

    @property
    def compliance_30(self) -> float | None:
        ratio = self._ratio(self.done_30, self.planned_30)
        return None if ratio is None else float(ratio)

    @property
    def habits_7(self) -> float | None:
        return None if self.habits.last_7 is None else float(self.habits.last_7)

    @property
    def habits_30(self) -> float | None:
        return None if self.habits.last_30 is None else float(self.habits.last_30)

    @property
    def habits_7_percent(self) -> int | None:
        return percent(self.habits.last_7)

    @property
    def habits_30_percent(self) -> int | None:
        return percent(self.habits.last_30)

    @cached_property  # read several times per row (sorting, counting, the page): worked out once
    def attention_reasons(self) -> list[str]:
        """Why the coach should check in, in words: pain, low or falling training, falling habits."""
        reasons = []
        if self.open_flags:
            reasons.append(f"{self.open_flags} open pain flag{'s' if self.open_flags != 1 else ''}")
        training_7 = self._ratio(self.done_7, self.planned_7)
        training_before = self._ratio(self.done_prev_14, self.planned_prev_14)
        if training_7 is not None and training_7 < LOW_COMPLIANCE:
            reasons.append(f"training {percent(training_7)}% in the last 7 days")
        if dropped(training_before, training_7):
            reasons.append(drop_words("training", training_before, training_7))
        if dropped(self.habits.previous_14, self.habits.last_7):
            reasons.append(drop_words("habits", self.habits.previous_14, self.habits.last_7))
        return reasons

    @property
    def needs_attention(self) -> bool:
        return bool(self.attention_reasons)


@dataclass(frozen=True, kw_only=True)
class ComplianceRow(DashboardRow):
    """A dashboard row with the whole runner (the API's runner list, the weekly digest)."""

    runner: Runner


def _with_session_counts(runners: QuerySet[Runner], *, today: date) -> QuerySet[Runner]:
    """The runners with their live-program sessions planned and done in the dashboard's windows.

    Bounded by the calendar, not the history: the join reaches only sessions of the published program dated in
    the last 30 days (which hold the 14-day comparison window), through the (program, date) index, so a runner
    with years of logs or superseded programs costs the same as a new one. Today's session is not "missed" while
    the day is still on, so it counts only once finished.
    """
    runners = runners.annotate(
        live=FilteredRelation("programs", condition=Q(programs__status=Program.Status.PUBLISHED)),
        recent=FilteredRelation(
            "live__sessions", condition=Q(live__sessions__date__range=(today - timedelta(days=30), today))
        ),
    )
    finished = Q(recent__log__finished_at__isnull=False)
    done_today = Q(recent__date=today) & finished

    def days(first: int, last: int) -> Q:
        return Q(recent__date__range=(today - timedelta(days=first), today - timedelta(days=last)))

    last_7, last_30 = days(7, 1), days(30, 1)
    before = days(21, 8)  # the 14 days before the last 7 (crosstrain.core.habits.days_before_last_week)
    counts = {
        "planned_7": Count("recent", filter=last_7 | done_today),
        "done_7": Count("recent", filter=(last_7 & finished) | done_today),
        "planned_30": Count("recent", filter=last_30 | done_today),
        "done_30": Count("recent", filter=(last_30 & finished) | done_today),
        "planned_prev_14": Count("recent", filter=before),
        "done_prev_14": Count("recent", filter=before & finished),
    }
    return runners.annotate(**counts)


# The names of the counts above, as DashboardRow's fields.
SESSION_COUNTS = ("planned_7", "done_7", "planned_30", "done_30", "planned_prev_14", "done_prev_14")


@dataclass(frozen=True)
class Dashboard:
    """Every runner's row (attention first) and the open pain flags they were counted from."""

    rows: list[DashboardRow]
    flags: list[SessionLog]


def _dashboard(*, coach: User, today: date, search: str = "", runners: bool = False) -> Dashboard:
    """3 queries: the runners with their session counts and last session, the habit ticks, the open pain flags
    (listed on the dashboard too, and counted per runner from that list). `runners`: ComplianceRows with the
    whole runner, not only its id and name."""
    last_finished = (
        SessionLog.objects.filter(runner=OuterRef("pk"), finished_at__isnull=False)
        .order_by()
        .values("runner")
        .annotate(last=Max("finished_at"))
        .values("last")
    )
    found = Runner.objects.filter(coach=coach)
    if search:
        found = found.filter(name__icontains=search)
    counted = _with_session_counts(found, today=today).annotate(last_session=Subquery(last_finished[:1])).order_by()
    figures = (*SESSION_COUNTS, "last_session")
    habits = adherence_for_coach(coach=coach, today=today)
    flags = open_pain_flags(coach=coach)
    flags_by_runner = Counter(log.runner_id for log in flags)
    rows: list[DashboardRow]
    if runners:
        # Never the stored running plan: no row shows it, and a large one would be read for every runner.
        rows = [
            ComplianceRow(
                runner=r,
                runner_id=r.pk,
                runner_name=r.name,
                open_flags=flags_by_runner[r.pk],
                habits=habits.get(r.pk, NO_HABITS),
                **{name: getattr(r, name) for name in figures},
            )
            for r in counted.defer("running_plan_ics")
        ]
    else:
        rows = [
            DashboardRow(
                runner_id=values[0],
                runner_name=values[1],
                open_flags=flags_by_runner[values[0]],
                habits=habits.get(values[0], NO_HABITS),
                **dict(zip(figures, values[2:], strict=True)),
            )
            for values in counted.values_list("id", "name", *figures)
        ]
    return Dashboard(rows=sorted(rows, key=_urgency), flags=flags)


def _urgency(row: DashboardRow) -> tuple[int, bool, float, float, str]:
    """Who needs attention first: open pain flags, then anyone else needing attention, then the lowest recent
    compliance, then the longest silence."""
    compliance = row.compliance_7 if row.compliance_7 is not None else 1.0
    silence = row.last_session.timestamp() if row.last_session else 0.0
    return (-row.open_flags, not row.needs_attention, compliance, silence, row.runner_name.casefold())


def _by_compliance(row: DashboardRow) -> tuple[bool, float, str]:
    # Lowest first; runners with nothing planned last (there is nothing to be behind on).
    return (row.compliance_7 is None, row.compliance_7 or 0.0, row.runner_name.casefold())


def _by_last_session(row: DashboardRow) -> tuple[float, str]:
    # Longest silence first; never trained before anyone who has.
    return (row.last_session.timestamp() if row.last_session else 0.0, row.runner_name.casefold())


# The dashboard's orders, by the `sort` parameter; the first is the default.
DASHBOARD_SORTS: dict[str, str] = {
    "attention": "Needs attention first",
    "name": "Name",
    "compliance": "Lowest 7-day compliance",
    "last": "Longest since last session",
}
DASHBOARD_PAGE_SIZES = (25, 50, 100)


@dataclass(frozen=True)
class DashboardPage:
    page: Page[DashboardRow]
    flags: list[SessionLog]
    attention: int  # runners needing attention among those searched, on any page


def coach_dashboard_page(
    *, coach: User, today: date, search: str = "", sort: str = "attention", page: str | int = 1, per_page: int = 25
) -> DashboardPage:
    """One page of the coach's runners, searched by name and sorted (3 queries, whatever the number of runners
    and the length of their history). Every runner's figures are counted, since "attention first" ranks them
    all, but only the page's rows are rendered."""
    if sort not in DASHBOARD_SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    found = _dashboard(coach=coach, today=today, search=search.strip())
    rows = found.rows  # attention first
    if sort == "name":
        rows = sorted(rows, key=lambda row: (row.runner_name.casefold(), row.runner_id))
    elif sort == "compliance":
        rows = sorted(rows, key=_by_compliance)
    elif sort == "last":
        rows = sorted(rows, key=_by_last_session)
    return DashboardPage(
        page=Paginator(rows, per_page).get_page(page),
        flags=found.flags,
        attention=sum(1 for row in found.rows if row.needs_attention),
    )


def coach_dashboard(*, coach: User, today: date) -> list[ComplianceRow]:
    """Every runner of the coach with 7- and 30-day compliance and habit adherence, most in need of attention
    first (3 queries; for the API and the weekly digest)."""
    return [row for row in _dashboard(coach=coach, today=today, runners=True).rows if isinstance(row, ComplianceRow)]


def attention_reasons(*, coach: User, today: date) -> list[tuple[Runner, list[str]]]:
    """The coach's runners who need attention, most urgent first, each with the reasons in words (as on the
    dashboard; for the coach's weekly digest)."""
    return [
        (row.runner, row.attention_reasons) for row in coach_dashboard(coach=coach, today=today) if row.needs_attention
    ]


def open_pain_flags(*, coach: User) -> list[SessionLog]:
    return list(
        SessionLog.objects.filter(runner__coach=coach, pain_flag=True, flag_resolved_at=None)
        .select_related("runner", "session")
        .annotate(worst_pain=Max("sets__pain"))
        .order_by("-started_at")
    )


@dataclass(frozen=True)
class RunnerWeek:
    program: Program | None
    week: int | None
    sessions: list[PlannedSession]  # this week's, each with `.log` fetched
    today: PlannedSession | None
    next_session: PlannedSession | None


def runner_week(*, runner: Runner, today: date) -> RunnerWeek:
    """The runner's live program around today: this week's sessions, today's and the next one (2 queries)."""
    program = Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).first()
    if program is None:
        return RunnerWeek(None, None, [], None, None)
    sessions = list(PlannedSession.objects.filter(program=program).select_related("log"))
    week = min(max((today - program.start).days // 7 + 1, 1), 6)
    this_week = [s for s in sessions if s.week == week]
    today_session = next((s for s in sessions if s.date == today), None)
    upcoming = next((s for s in sessions if s.date > today), None)
    return RunnerWeek(program, week, this_week, today_session, upcoming)


def runner_session(*, session_id: int, user: User) -> PlannedSession | None:
    """A session of the user's live program with its exercises and logged sets (3 queries), or None."""
    return _session_detail(
        PlannedSession.objects.filter(
            pk=session_id, program__runner__user=user, program__status=Program.Status.PUBLISHED
        )
    )


def coach_session(*, session_id: int, coach: User) -> PlannedSession | None:
    """A session of any program of one of the coach's runners, with exercises and logged sets, or None."""
    return _session_detail(PlannedSession.objects.filter(pk=session_id, program__runner__coach=coach))


def _session_detail(sessions: QuerySet[PlannedSession]) -> PlannedSession | None:
    return (
        # The program's screen: the session page names the variants this runner may do (training.suggestions).
        sessions.select_related("program__runner", "program__screen", "log")
        .prefetch_related(
            Prefetch(
                "exercises",
                queryset=PlannedExercise.objects.order_by("position").prefetch_related(
                    Prefetch("set_logs", queryset=SetLog.objects.order_by("set_number"))
                ),
            )
        )
        .first()
    )


def runner_history(*, runner: Runner) -> list[SessionLog]:
    return list(
        SessionLog.objects.filter(runner=runner)
        .select_related("session")
        .annotate(set_count=Count("sets"), worst_pain=Max("sets__pain"))
        .order_by("-session__date")
    )
