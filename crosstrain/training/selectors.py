"""Reads for the dashboard and the runner's pages, each a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from crosstrain.accounts.models import Runner, User
from crosstrain.core.habits import drop_words, dropped, percent
from crosstrain.habits.selectors import AdherenceFigures, adherence_for_coach
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.training.models import SessionLog, SetLog

LOW_COMPLIANCE = Fraction(1, 2)  # under half the last 7 days' sessions done: needs attention
NO_HABITS = AdherenceFigures(None, None, None)


@dataclass(frozen=True)
class ComplianceRow:
    runner: Runner
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

    @property
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

    @property
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


def _window(days: int, today: date, *, done: bool) -> Q:
    """Sessions of the live program in the last `days` full days, plus today's once it is done.

    Today's session is not "missed" while the day is still on, so it counts only when finished.
    """
    finished = Q(programs__sessions__log__finished_at__isnull=False)
    past = Q(programs__sessions__date__gte=today - timedelta(days=days), programs__sessions__date__lt=today)
    q = Q(programs__status=Program.Status.PUBLISHED) & (past | (Q(programs__sessions__date=today) & finished))
    return q & finished if done else q


def _between(first: date, last: date, *, done: bool) -> Q:
    """Sessions of the live program dated `first` to `last` (days already over), done or all of them."""
    q = Q(programs__status=Program.Status.PUBLISHED, programs__sessions__date__range=(first, last))
    return q & Q(programs__sessions__log__finished_at__isnull=False) if done else q


def coach_dashboard(*, coach: User, today: date) -> list[ComplianceRow]:
    """Every runner of the coach with 7- and 30-day compliance and habit adherence, most in need of attention
    first (2 queries: the compliance counts, the habit ticks)."""
    # The 14 days before the last 7 (crosstrain.core.habits.days_before_last_week): a drop against them.
    before_first, before_last = today - timedelta(days=21), today - timedelta(days=8)
    # Not the stored running plan: the dashboard never shows it, and a large one would be read for every runner.
    runners = (
        Runner.objects.filter(coach=coach)
        .defer("running_plan_ics")
        .annotate(
            planned_7=Count("programs__sessions", filter=_window(7, today, done=False), distinct=True),
            done_7=Count("programs__sessions", filter=_window(7, today, done=True), distinct=True),
            planned_30=Count("programs__sessions", filter=_window(30, today, done=False), distinct=True),
            done_30=Count("programs__sessions", filter=_window(30, today, done=True), distinct=True),
            planned_prev_14=Count(
                "programs__sessions", filter=_between(before_first, before_last, done=False), distinct=True
            ),
            done_prev_14=Count(
                "programs__sessions", filter=_between(before_first, before_last, done=True), distinct=True
            ),
            last_session=Max("session_logs__finished_at"),
            open_flags=Count(
                "session_logs",
                filter=Q(session_logs__pain_flag=True, session_logs__flag_resolved_at=None),
                distinct=True,
            ),
        )
    )
    habits = adherence_for_coach(coach=coach, today=today)
    rows = [
        ComplianceRow(
            runner=r,
            planned_7=r.planned_7,
            done_7=r.done_7,
            planned_30=r.planned_30,
            done_30=r.done_30,
            last_session=r.last_session,
            open_flags=r.open_flags,
            planned_prev_14=r.planned_prev_14,
            done_prev_14=r.done_prev_14,
            habits=habits.get(r.pk, NO_HABITS),
        )
        for r in runners
    ]

    # Who needs attention first: open pain flags, then anyone else needing attention, then the lowest recent
    # compliance, then the longest silence.
    def urgency(row: ComplianceRow) -> tuple[int, bool, float, float, str]:
        compliance = row.compliance_7 if row.compliance_7 is not None else 1.0
        silence = row.last_session.timestamp() if row.last_session else 0.0
        return (-row.open_flags, not row.needs_attention, compliance, silence, row.runner.name)

    return sorted(rows, key=urgency)


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
        sessions.select_related("program__runner", "log")
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
