"""Reads for the dashboard and the runner's pages, each a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import cached_property
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest

from crosstrain.accounts.models import Runner, User
from crosstrain.accounts.services import PROFILE_FIELDS
from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.finishing import SessionState
from crosstrain.core.habits import drop_words, dropped, fell, percent
from crosstrain.core.loads import takes_kg
from crosstrain.core.placement import WEEKS
from crosstrain.core.progress import gap_words, unplanned_gap
from crosstrain.core.strength import LiftRecord, LoggedSet, change_since, lift_records
from crosstrain.core.units import DEFAULT_SYSTEM, UnitSystem
from crosstrain.gym.dates import named_format
from crosstrain.habits.models import Habit
from crosstrain.habits.selectors import AdherenceFigures, adherence_by_runner
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.training.models import PAIN_FLAG_AT, TRAINED, SessionLog, SetLog

LOW_COMPLIANCE = Fraction(1, 2)  # under half the last 7 days' sessions done: needs attention


def done_share(log: str = "") -> Case:
    """crosstrain.core.finishing.share_done in SQL, for a session log reached by `log` ("log__" from a session):
    1 for a session done, sets done / sets planned partly done, 0 skipped or open. tests/core/test_finishing.py
    holds the two together."""
    partly = Cast(F(f"{log}sets_done"), FloatField()) / Cast(F(f"{log}sets_planned"), FloatField())
    return Case(
        When(**{f"{log}status": SessionState.DONE.value}, then=Value(1.0)),
        When(Q(**{f"{log}status": SessionState.PARTLY.value, f"{log}sets_planned__gt": 0}), then=partly),
        default=Value(0.0),
        output_field=FloatField(),
    )


def worst_pain() -> Greatest:
    """A session log's worst pain, 0 for none: of its sets and of the readiness check-in before its first set
    (crosstrain.activities, by its relation's name). The one measure the dashboard's pain flags, the digest and the
    runner's history show; from PAIN_FLAG_AT, either raised the log's `pain_flag`."""
    return Greatest(
        Coalesce(Max("sets__pain"), Value(0)),
        Coalesce(Max("session__check_in__pain"), Value(0)),
        output_field=IntegerField(),
    )


NO_HABITS = AdherenceFigures(None, None, None)


@dataclass(frozen=True, kw_only=True)
class DashboardRow:
    """A runner's figures on the coach dashboard, the runner by id and name only: every runner of the coach is
    counted and sorted on each render, and model instances for 500 of them would cost more than the counting."""

    runner_id: int
    runner_name: str
    # Sessions planned, and done: a partly done session counts by its share (crosstrain.core.finishing).
    planned_7: int
    done_7: float
    planned_30: int
    done_30: float
    last_session: datetime | None
    open_flags: int
    # Sessions of the 14 days before the last 7, to notice a drop (crosstrain.core.habits.days_before_last_week).
    planned_prev_14: int = 0
    done_prev_14: float = 0
    # Habit adherence, exact (crosstrain.core.habits); all None for a runner without habits.
    habits: AdherenceFigures = field(default=NO_HABITS)
    # Days from today with no session planned while the block runs (crosstrain.core.progress.unplanned_gap).
    gap: tuple[date, date | None] | None = None

    @staticmethod
    def _ratio(done: float, planned: int) -> Fraction | None:
        # A share of a partly done session is a float from SQL: read back as the small fraction it was.
        return None if planned == 0 else Fraction(done).limit_denominator(10_000) / planned

    @cached_property  # read by every sort and the page
    def compliance_7(self) -> float | None:
        # A float division of whole numbers: equal ratios compare equal, and no Fraction per runner per render.
        return None if self.planned_7 == 0 else self.done_7 / self.planned_7

    @property
    def compliance_30(self) -> float | None:
        return None if self.planned_30 == 0 else self.done_30 / self.planned_30

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
        if self.gap is not None:
            # The gym's style says whether the month comes first (crosstrain.gym.dates).
            reasons.append(gap_words(self.gap, month_first=named_format("DAY_MONTH_FORMAT").startswith("M")))
        return reasons

    @cached_property
    def needs_attention(self) -> bool:
        """Whether attention_reasons has any, decided in whole numbers (the same rules: a test holds them
        together): every runner is ranked by it on each render, and only the rows shown are put in words."""
        if self.open_flags or self.gap is not None:
            return True
        if self.planned_7 and self.done_7 * LOW_COMPLIANCE.denominator < LOW_COMPLIANCE.numerator * self.planned_7:
            return True
        if fell((self.done_prev_14, self.planned_prev_14), (self.done_7, self.planned_7)):
            return True
        before, now = self.habits.previous_14, self.habits.last_7
        return dropped(before, now)


@dataclass(frozen=True, kw_only=True)
class ComplianceRow(DashboardRow):
    """A dashboard row with the whole runner (the API's runner list, the weekly digest)."""

    runner: Runner


def _session_counts(runners: QuerySet[Runner], *, today: date) -> dict[int, tuple[int, ...]]:
    """Sessions of each runner's live program planned and done in the dashboard's windows, by runner id, in the
    order of SESSION_COUNTS (1 query; runners with nothing planned in the last 30 days are left out).

    Counted from the sessions' side and bounded by the calendar, not the history: only sessions of the published
    program dated in the last 30 days (which hold the 14-day comparison window) are read, through the (program,
    date) index, so a runner with years of logs or superseded programs costs the same as a new one. Grouping the
    sessions by runner took half the time of joining them to every runner (measured on 500 runners). Today's
    session is not "missed" while the day is still on, so it counts only once closed. A partly done session counts by
    its share (done_share).
    """
    # Today's session counts once closed: done, partly done (by its share) or skipped (planned, not done).
    done_today = Q(date=today) & Q(log__finished_at__isnull=False)

    def days(first: int, last: int) -> Q:
        return Q(date__range=(today - timedelta(days=first), today - timedelta(days=last)))

    def done(window: Q) -> Coalesce:
        return Coalesce(Sum(done_share("log__"), filter=window), Value(0.0), output_field=FloatField())

    last_7, last_30 = days(7, 1), days(30, 1)
    before = days(21, 8)  # the 14 days before the last 7 (crosstrain.core.habits.days_before_last_week)
    counts = {
        "planned_7": Count("pk", filter=last_7 | done_today),
        "done_7": done(last_7 | done_today),
        "planned_30": Count("pk", filter=last_30 | done_today),
        "done_30": done(last_30 | done_today),
        "planned_prev_14": Count("pk", filter=before),
        "done_prev_14": done(before),
    }
    rows = (
        PlannedSession.objects.filter(
            program__runner__in=runners,
            program__status=Program.Status.PUBLISHED,
            date__range=(today - timedelta(days=30), today),
        )
        .order_by()
        .values("program__runner_id")
        .annotate(**counts)
        .values_list("program__runner_id", *SESSION_COUNTS)
    )
    return {row[0]: tuple(row[1:]) for row in rows}


# The names of the counts above, as DashboardRow's fields.
SESSION_COUNTS = ("planned_7", "done_7", "planned_30", "done_30", "planned_prev_14", "done_prev_14")
NOTHING_PLANNED = (0,) * len(SESSION_COUNTS)


@dataclass(frozen=True)
class Dashboard:
    """Every runner's row (attention first) and the open pain flags they were counted from."""

    rows: list[DashboardRow]
    flags: list[SessionLog]


def _dashboard(*, coach: User, today: date, search: str = "", runners: bool = False) -> Dashboard:
    """5 queries: the runners with their last finished session, their sessions counted per window, their habit
    ticks counted per window, the open pain flags (listed on the dashboard too, and counted per runner from that
    list). `runners`: ComplianceRows with the whole runner, not only its id and name."""
    last_finished = (
        SessionLog.objects.filter(runner=OuterRef("pk"), status__in=TRAINED)
        .order_by()
        .values("runner")
        .annotate(last=Max("finished_at"))
        .values("last")
    )
    found = Runner.objects.filter(coach=coach)
    if search:
        found = found.filter(name__icontains=search)
    live = Program.objects.filter(runner=OuterRef("pk"), status=Program.Status.PUBLISHED)
    coming = PlannedSession.objects.filter(
        program__runner=OuterRef("pk"), program__status=Program.Status.PUBLISHED, date__gte=today
    ).order_by("date")
    listed = found.annotate(
        last_session=Subquery(last_finished[:1]),
        block_start=Subquery(live.values("start")[:1]),
        next_session=Subquery(coming.values("date")[:1]),
    ).order_by()
    sessions = _session_counts(found, today=today)
    habits = adherence_by_runner(habits=Habit.objects.filter(runner__in=found), today=today)
    flags = open_pain_flags(coach=coach)
    flags_by_runner = Counter(log.runner_id for log in flags)

    def figures(runner_id: int, block_start: date | None, next_session: date | None) -> dict[str, Any]:
        counted = sessions.get(runner_id, NOTHING_PLANNED)
        block_end = block_start + timedelta(days=7 * WEEKS - 1) if block_start is not None else None
        return {
            **dict(zip(SESSION_COUNTS, counted, strict=True)),
            "open_flags": flags_by_runner[runner_id],
            "habits": habits.get(runner_id, NO_HABITS),
            "gap": unplanned_gap(today, next_session, block_end),
        }

    rows: list[DashboardRow]
    if runners:
        # Never the stored running plan: no row shows it, and a large one would be read for every runner.
        rows = [
            ComplianceRow(
                runner=r,
                runner_id=r.pk,
                runner_name=r.name,
                last_session=r.last_session,
                **figures(r.pk, r.block_start, r.next_session),
            )
            for r in listed.defer("running_plan_ics")
        ]
    else:
        rows = [
            DashboardRow(runner_id=pk, runner_name=name, last_session=last, **figures(pk, start, coming))
            for pk, name, last, start, coming in listed.values_list(
                "id", "name", "last_session", "block_start", "next_session"
            )
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
    *,
    coach: User,
    today: date,
    search: str = "",
    sort: str = "attention",
    page: str | int = 1,
    per_page: int = 25,
    figures: Dashboard | None = None,
) -> DashboardPage:
    """One page of the coach's runners, searched by name and sorted (5 queries, whatever the number of runners
    and the length of their history; none given the coach's `figures`, counted before: the dashboard caches
    them, crosstrain.dashboard.figures). Every runner's figures are counted, since "attention first" ranks them
    all, but only the page's rows are rendered."""
    if sort not in DASHBOARD_SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    found = figures if figures is not None else _dashboard(coach=coach, today=today)
    rows = found.rows  # attention first
    needle = search.strip().casefold()
    if needle:
        # In Python, on the counted rows: the same rows whether they were counted now or cached.
        rows = [row for row in rows if needle in row.runner_name.casefold()]
    if sort == "name":
        rows = sorted(rows, key=lambda row: (row.runner_name.casefold(), row.runner_id))
    elif sort == "compliance":
        rows = sorted(rows, key=_by_compliance)
    elif sort == "last":
        rows = sorted(rows, key=_by_last_session)
    return DashboardPage(
        page=Paginator(rows, per_page).get_page(page),
        flags=found.flags,
        attention=sum(1 for row in rows if row.needs_attention),
    )


def coach_dashboard_figures(*, coach: User, today: date) -> Dashboard:
    """Every runner's row, attention first, with the attention reasons put in words already (5 queries): what
    the dashboard keeps in its cache, so a cached copy needs no more work than sorting and paging."""
    found = _dashboard(coach=coach, today=today)
    for row in found.rows:
        row.attention_reasons  # noqa: B018  (a cached_property: worked out now, kept with the row)
    return found


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
        .annotate(worst_pain=worst_pain())
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
    return _week(Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).first(), today)


def runner_week_of_user(*, user: User, today: date) -> tuple[Runner, RunnerWeek] | None:
    """The user's runner and their week (2 queries: the live program with its runner, its sessions; a runner
    without a live program: the runner alone). None when the user has no runner record (taken off it since)."""
    program = (
        Program.objects.select_related("runner").filter(runner__user=user, status=Program.Status.PUBLISHED).first()
    )
    runner = program.runner if program is not None else Runner.objects.filter(user=user).first()
    if runner is None:
        return None
    return runner, _week(program, today)


def _week(program: Program | None, today: date) -> RunnerWeek:
    if program is None:
        return RunnerWeek(None, None, [], None, None)
    # With each session's slot and its coach (joined, no query more): a session in a slot shows the slot's time.
    # With each session's readiness check-in (the activities app's, by its relation's name): today's is shown on
    # the week page, read here with the sessions rather than by a query of its own.
    sessions = list(PlannedSession.objects.filter(program=program).select_related("log", "slot__coach", "check_in"))
    week = min(max((today - program.start).days // 7 + 1, 1), 6)
    this_week = [s for s in sessions if s.week == week]
    today_session = next((s for s in sessions if s.date == today), None)
    upcoming = next((s for s in sessions if s.date > today), None)
    return RunnerWeek(program, week, this_week, today_session, upcoming)


def runner_session(*, session_id: int, user: User) -> PlannedSession | None:
    """A session of the user's live program with its exercises and logged sets (3 queries), or None."""
    return _session_detail(_live_sessions(user).filter(pk=session_id))


def runner_live_session(*, session_id: int, user: User) -> PlannedSession | None:
    """A session of the user's live program with its log, program and runner, without its exercises (1 query):
    enough to finish it. None when it is not theirs."""
    return _live_sessions(user).select_related("program__runner", "log").filter(pk=session_id).order_by().first()


def runner_session_exercise(
    *, session_id: int, exercise_id: int, user: User, lock: bool = False
) -> PlannedExercise | None:
    """An exercise of a session of the user's live program, with the session, its log, the program, runner and
    screen (1 query; only the columns in _SET_ROW_FIELDS): what logging a set against it and showing its row again
    need. None when the session is not theirs or the exercise not part of it. `lock` (inside a transaction): the
    session's row stays locked until the transaction ends (PostgreSQL's FOR NO KEY UPDATE; SQLite's IMMEDIATE
    transaction locks the database)."""
    found = (
        PlannedExercise.objects.select_related("session__program__runner", "session__program__screen", "session__log")
        .only(*_SET_ROW_FIELDS)
        .filter(
            pk=exercise_id,
            session_id=session_id,
            session__program__runner__user=user,
            session__program__status=Program.Status.PUBLISHED,
        )
    )
    if lock:
        found = found.select_for_update(no_key=True, of=("session",))
    # Sliced, not .first(): the id is unique, and the ORDER BY that first() adds cost 0.4 ms to build (issue 14).
    return next(iter(found.order_by()[:1]), None)


# What logging a set and showing its row again read (training.services, training.suggestions, runner/_exercise.html):
# the whole exercise and session log; the session's date and phase; the runner's coach and profile fields, and the
# screen's answers, for the load suggestion's variants. The rest (the program's running calendar, notices and
# warnings as JSON, the screen's scores, the runner's contact and invite) stays in the database: every column of
# six models cost 0.3 ms more to build and read on SQLite, and doubled the query's time on PostgreSQL, which
# decodes each JSON column (issue 14). A field read later that is not listed costs a query per set logged
# (tests/web/test_runner_queries.py counts them).
_SET_ROW_FIELDS = (
    *(f.name for f in PlannedExercise._meta.concrete_fields),
    "session__date",
    "session__phase",
    *(f"session__log__{f.name}" for f in SessionLog._meta.concrete_fields),
    "session__program__runner__coach",
    *(f"session__program__runner__{name}" for name in PROFILE_FIELDS),
    "session__program__screen__data",
)


def _live_sessions(user: User) -> QuerySet[PlannedSession]:
    return PlannedSession.objects.filter(program__runner__user=user, program__status=Program.Status.PUBLISHED)


def coach_session(*, session_id: int, coach: User) -> PlannedSession | None:
    """A session of any program of one of the coach's runners, with exercises and logged sets, or None."""
    return _session_detail(PlannedSession.objects.filter(pk=session_id, program__runner__coach=coach))


def _session_detail(sessions: QuerySet[PlannedSession]) -> PlannedSession | None:
    return (
        # The program's screen: the session page names the variants this runner may do (training.suggestions).
        sessions.select_related("program__runner", "program__screen", "log", "slot")
        .prefetch_related(
            Prefetch(
                "exercises",
                queryset=PlannedExercise.objects.order_by("position").prefetch_related(
                    # The coach's latest comment on each set, if any (the page links to it): in the same query.
                    Prefetch(
                        "set_logs", queryset=SetLog.objects.order_by("set_number").annotate(comment=Max("comments"))
                    )
                ),
            )
        )
        .first()
    )


def runner_history(*, runner: Runner) -> list[SessionLog]:
    """Every session log of the runner, newest session first, with its set count and worst pain (the whole
    history: for pages, runner_history_page reads one page)."""
    return list(
        SessionLog.objects.filter(runner=runner)
        .select_related("session")
        .annotate(set_count=Count("sets"), worst_pain=worst_pain())
        .order_by("-session__date", "-pk")
    )


HISTORY_PAGE_SIZE = 20


def runner_history_page(*, user: User, page: str | int = 1, per_page: int = HISTORY_PAGE_SIZE) -> Page[SessionLog]:
    """One page of the user's session logs, newest session first, each with its set count and worst pain (2
    queries: the count, and the page).

    Sets are counted only for the page's logs: the page's ids are chosen first (a subquery over the runner's
    session logs, by the runner's index) and the join to the sets reaches those alone, however long the history.
    """
    logs = SessionLog.objects.filter(runner__user=user).order_by("-session__date", "-pk")
    paginator = Paginator(logs.values_list("pk", flat=True), per_page)
    ids = paginator.get_page(page)
    rows = list(
        SessionLog.objects.filter(pk__in=ids.object_list)
        .select_related("session")
        .annotate(set_count=Count("sets"), worst_pain=worst_pain())
        .order_by("-session__date", "-pk")
    )
    return Page(rows, ids.number, paginator)  # type: ignore[arg-type]


# --- The coach's review of training (issue 23): the training feed, its unreviewed count, records per lift -------

FEED_PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class FeedExercise:
    """One planned exercise of a closed session: its prescription (`planned`), the sets logged against it, what
    changed since the last time the runner did it, and how many planned sets were left out."""

    planned: PlannedExercise
    sets: tuple[SetLog, ...]
    change: str

    @property
    def missing(self) -> int:
        return max(self.planned.sets - len(self.sets), 0)


@dataclass(frozen=True, slots=True)
class PainFlag:
    """Pain from PAIN_FLAG_AT: on a set (its exercise and number), or at the check-in before the first set (no
    exercise, `set_number` None, the note saying where it hurt)."""

    exercise: str
    set_number: int | None
    pain: int
    note: str

    @property
    def at_check_in(self) -> bool:
        return self.set_number is None


@dataclass(frozen=True, slots=True)
class FeedItem:
    """A closed session (done, partly done or skipped) as the coach reviews it: the readiness check-in before it,
    every exercise with its sets, the pain flags naming the exercise and the note, and the comments already sent
    about it."""

    log: SessionLog
    exercises: tuple[FeedExercise, ...]
    comments: tuple[Any, ...]  # messaging.Message, the author loaded

    @property
    def check_in(self) -> Any:
        """The runner's readiness check-in before the session (activities.CheckIn, read with the log), or None."""
        try:
            return self.log.session.check_in
        except ObjectDoesNotExist:
            return None

    @property
    def pain_flags(self) -> list[PainFlag]:
        check_in = self.check_in
        before = (
            [PainFlag("", None, check_in.pain, check_in.pain_where)]
            if check_in is not None and check_in.pain >= PAIN_FLAG_AT
            else []
        )
        return before + [
            PainFlag(e.planned.name, s.set_number, s.pain, s.note)
            for e in self.exercises
            for s in e.sets
            if s.pain >= PAIN_FLAG_AT
        ]

    @property
    def commented_sets(self) -> set[int]:
        """The ids of the sets the coach commented on (each such comment links to its set)."""
        return {m.set_log_id for m in self.comments if m.set_log_id is not None}

    @property
    def notes(self) -> list[tuple[str, int, str]]:
        return [(e.planned.name, s.set_number, s.note) for e in self.exercises for s in e.sets if s.note]


def _closed_logs(coach: User, runner_id: int | None, to_review: bool) -> QuerySet[SessionLog]:
    logs = SessionLog.objects.filter(runner__coach=coach, finished_at__isnull=False)
    if runner_id is not None:
        logs = logs.filter(runner_id=runner_id)
    if to_review:
        logs = logs.filter(reviewed_at__isnull=True)
    return logs


def coach_unreviewed_count(*, coach: User) -> int:
    """The coach's runners' closed sessions not reviewed yet (1 query)."""
    return _closed_logs(coach, None, True).count()


def runner_unreviewed_count(*, coach: User, runner_id: int) -> int:
    """One of the coach's runners' closed sessions not reviewed yet (1 query)."""
    return _closed_logs(coach, runner_id, True).count()


def unreviewed_by_runner(*, coach: User) -> dict[int, int]:
    """The coach's runners' closed sessions not reviewed yet, by runner id (runners with none are left out): the
    dashboard's rows, 1 query however many runners."""
    counts = (
        _closed_logs(coach, None, True)
        .order_by()
        .values("runner_id")
        .annotate(n=Count("pk"))
        .values_list("runner_id", "n")
    )
    return dict(counts)


def coach_badge_counts(*, coach: User) -> tuple[int, int]:
    """(messages unread, closed sessions to review) for the coach's navigation, in 1 query: a page showing both
    badges costs what the messages badge alone did."""
    from crosstrain.messaging.selectors import unread_count_subquery  # messaging reads training, not the reverse

    to_review = _closed_logs(coach, None, True).order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    found = (
        User.objects.filter(pk=coach.pk)
        .annotate(unread=unread_count_subquery(user=coach), unreviewed=Subquery(to_review, output_field=IntegerField()))
        .values_list("unread", "unreviewed")
        .first()
    )
    return (found[0] or 0, found[1] or 0) if found is not None else (0, 0)


def coach_training_feed(
    *,
    coach: User,
    runner_id: int | None = None,
    to_review: bool = False,
    page: str | int = 1,
    per_page: int = FEED_PAGE_SIZE,
    units: UnitSystem = DEFAULT_SYSTEM,
) -> Page[FeedItem]:
    """One page of the closed sessions of the coach's runners (of one runner with `runner_id`; only those still to
    review with `to_review`), the latest closed first, each a FeedItem.

    7 queries however many runners, sessions and programs: the count and the page's ids (the paginator), then the
    page's items (`_feed_items`).
    """
    ids = Paginator(
        _closed_logs(coach, runner_id, to_review).order_by("-finished_at", "-pk").values_list("pk", flat=True),
        per_page,
    )
    chosen = ids.get_page(page)
    return Page(_feed_items(list(chosen.object_list), units), chosen.number, ids)  # type: ignore[arg-type]


def coach_feed_item(*, coach: User, log_id: int, units: UnitSystem = DEFAULT_SYSTEM) -> FeedItem | None:
    """One closed session of one of the coach's runners as the feed shows it, or None (not theirs, or still
    open): the same reads as a page of the feed."""
    if not _closed_logs(coach, None, False).filter(pk=log_id).exists():
        return None
    return next(iter(_feed_items([log_id], units)), None)


def _feed_items(log_ids: list[int], units: UnitSystem = DEFAULT_SYSTEM) -> list[FeedItem]:
    """These closed sessions as FeedItems, the latest closed first. 5 queries: the logs with their runner, session
    and check-in; their exercises; the sets of those exercises; the comments; and the earlier sets of the page's runners
    for the page's exercises, from which each exercise's "last time" is picked here (the latest earlier session of
    the runner that logged the same exercise, of any program, as the runner's "Last time" reads it). A correlated
    subquery per exercise did the same in SQL, and took PostgreSQL minutes on a long history."""
    from crosstrain.messaging.models import Message  # messaging depends on training, not the other way round

    logs = list(
        SessionLog.objects.filter(pk__in=log_ids)
        # The readiness check-in before each session (the activities app's, by its relation's name), in the same query.
        .select_related("runner", "session", "session__check_in")
        .prefetch_related(
            Prefetch(
                "session__exercises",
                queryset=PlannedExercise.objects.order_by("position").prefetch_related(
                    Prefetch("set_logs", queryset=SetLog.objects.order_by("set_number"))
                ),
            ),
            Prefetch("messages", queryset=Message.objects.select_related("author").order_by("pk")),
        )
        .order_by("-finished_at", "-pk")
    )
    # (runner, exercise) -> [(session date, log id, set)] of every earlier logged set, oldest first.
    history: dict[tuple[int, str], list[tuple[date, int, LoggedSet]]] = {}
    if logs:
        rows = (
            SetLog.objects.filter(
                session_log__runner_id__in={log.runner_id for log in logs},
                exercise__exercise_id__in={e.exercise_id for log in logs for e in log.session.exercises.all()},
                session_log__session__date__lt=max(log.session.date for log in logs),
            )
            .order_by("session_log__session__date", "session_log_id", "set_number")
            .values_list(
                "session_log__runner_id",
                "exercise__exercise_id",
                "session_log__session__date",
                "session_log_id",
                "reps",
                "seconds",
                "load_kg",
                "rir",
            )
        )
        for runner_id, exercise_id, day, log_id, reps, seconds, load, rir in rows:
            logged = LoggedSet(date.min, "", "", reps, seconds, None if load is None else float(load), rir, False)
            history.setdefault((runner_id, exercise_id), []).append((day, log_id, logged))
    return [
        FeedItem(
            log=log,
            exercises=tuple(_feed_exercise(e, _last_time(history, log, e), units) for e in log.session.exercises.all()),
            comments=tuple(log.messages.all()),
        )
        for log in logs
    ]


def _last_time(
    history: dict[tuple[int, str], list[tuple[date, int, LoggedSet]]], log: SessionLog, planned: PlannedExercise
) -> list[LoggedSet]:
    """The sets of the latest earlier session (by its date, then its log) in which the runner logged this exercise."""
    earlier = [row for row in history.get((log.runner_id, planned.exercise_id), []) if row[0] < log.session.date]
    if not earlier:
        return []
    last = max((day, log_id) for day, log_id, _ in earlier)
    return [logged for day, log_id, logged in earlier if (day, log_id) == last]


def _feed_exercise(planned: PlannedExercise, before: list[LoggedSet], units: UnitSystem) -> FeedExercise:
    sets = tuple(planned.set_logs.all())
    return FeedExercise(
        planned=planned,
        sets=sets,
        # Kilograms compared only where weights load the exercise (crosstrain.core.loads; the bundled catalogue, no
        # query: a gym's own addition falls back to the rule's guess from how it was planned).
        change=change_since(
            before,
            [_logged(s) for s in sets],
            weighted=takes_kg(default_catalogue().get(planned.exercise_id), block=planned.block, timed=planned.timed),
            units=units,
        ),
    )


def _logged(row: SetLog) -> LoggedSet:
    load = None if row.load_kg is None else float(row.load_kg)
    return LoggedSet(date.min, "", "", row.reps, row.seconds, load, row.rir, False)


def runner_lift_records(*, runner_id: int) -> tuple[LiftRecord, ...]:
    """The runner's personal records per lift loaded with weights (crosstrain.core.strength.lift_records): 1 query
    for the sets with a load and reps, and the catalogue's (cached) for which exercises weights load."""
    rows = SetLog.objects.filter(session_log__runner_id=runner_id, load_kg__gt=0, reps__isnull=False).values_list(
        "session_log__session__date", "exercise__exercise_id", "exercise__name", "reps", "load_kg", "rir"
    )
    listed = list(rows)
    catalogue = gym_catalogue()
    external = {i for i in {r[1] for r in listed} if (entry := catalogue.get(i)) is not None and entry.external}
    return lift_records(
        LoggedSet(day, exercise_id, name, reps, None, float(load or 0), rir, exercise_id in external)
        for day, exercise_id, name, reps, load, rir in listed
    )
