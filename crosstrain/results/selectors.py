"""Reading block reports: who sees which, and each report's figures in a fixed number of queries.

A report's figures read the program's sessions up to the day of the "after" screen: the block as measured.
Sessions planned after that day are the next block's concern, and counting them as missed would make a runner
re-screened on the Monday of week 6 look like they skipped the week.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from crosstrain.accounts.models import Runner, User
from crosstrain.core.habits import percent
from crosstrain.core.loads import takes_kg
from crosstrain.core.report import Report, block_report
from crosstrain.core.screen import ScreenResult, score_screen
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise
from crosstrain.results.figures import CohortFigures, LiftBasis, cohort_figures
from crosstrain.results.models import BlockReport, PublicCohortResults
from crosstrain.screening.models import Screen
from crosstrain.training.models import SetLog
from crosstrain.training.selectors import done_share

# A cohort's results take the report of the program that ran during the cohort: one starting from the week
# before its first Monday (a coach may start someone a few days early) to its last day.
COHORT_EARLY_START = timedelta(days=7)


def _with_counts(reports: QuerySet[BlockReport]) -> QuerySet[BlockReport]:
    """Reports with their screens, program and runner, and the block's session counts, in one query."""
    window = Q(program__sessions__date__lte=F("after__recorded_on"))
    return (
        reports.select_related("runner", "runner__coach", "program", "before", "after", "share")
        .defer("runner__running_plan_ics")
        .annotate(
            planned=Count("program__sessions", filter=window, distinct=True),
            # A session partly done counts by its share, a skipped one not at all (crosstrain.core.finishing). One
            # row per session here (a log is one to one), so the sum needs no distinct.
            done=Coalesce(Sum(done_share("program__sessions__log__"), filter=window), Value(0.0)),
            pain_flags=Count(
                "program__sessions", filter=window & Q(program__sessions__log__pain_flag=True), distinct=True
            ),
            has_main_lift=Exists(PlannedExercise.objects.filter(session__program=OuterRef("program"), main_lift=True)),
        )
    )


def _visible_to(user: User) -> Q:
    # The runner's coach and the runner themself; nobody else, a gym admin included (the admin has /admin/).
    return Q(runner__coach=user) | Q(runner__user=user)


@dataclass(frozen=True, slots=True)
class BlockCounts:
    planned: int
    done: float
    pain_flags: int
    has_main_lift: bool


def _counts(block: BlockReport) -> BlockCounts:
    """The annotations of `_with_counts` (the model class does not declare them)."""
    return BlockCounts(
        planned=getattr(block, "planned"),  # noqa: B009
        done=getattr(block, "done"),  # noqa: B009
        pain_flags=getattr(block, "pain_flags"),  # noqa: B009
        has_main_lift=getattr(block, "has_main_lift"),  # noqa: B009
    )


def report_for_user(*, report_id: int, user: User) -> BlockReport | None:
    return _with_counts(BlockReport.objects.filter(_visible_to(user), pk=report_id)).first()


def report_for_coach(*, report_id: int, coach: User) -> BlockReport | None:
    return BlockReport.objects.filter(pk=report_id, runner__coach=coach).select_related("runner").first()


def report_for_share_token(*, token: str) -> BlockReport | None:
    return _with_counts(BlockReport.objects.filter(share__token=token)).first()


def figures_for_user(*, report_id: int, user: User) -> ReportFigures | None:
    """A report's figures for its runner or their coach, or None for anyone else (4 queries)."""
    block = report_for_user(report_id=report_id, user=user)
    return None if block is None else report_figures(block=block)


def figures_for_share_token(*, token: str) -> ReportFigures | None:
    block = report_for_share_token(token=token)
    return None if block is None else report_figures(block=block)


def reports_of_runner(*, runner: Runner) -> list[BlockReport]:
    """The runner's reports, newest block first (for their page and their coach's)."""
    return list(
        BlockReport.objects.filter(runner=runner)
        .select_related("program", "before", "after")
        .order_by("-program__start", "-id")
    )


@dataclass(frozen=True)
class ReportFigures:
    block: BlockReport
    report: Report
    lift_basis: LiftBasis
    before: ScreenResult
    after: ScreenResult

    @property
    def compliance_percent(self) -> int | None:
        return percent(self.report.compliance)


def _screen_result(screen: Screen) -> ScreenResult:
    # The stored data is what was recorded; scoring it again is pure and gives the result the core compares.
    return score_screen(screen.data)


def _lifts(block: BlockReport) -> tuple[LiftBasis, list[tuple[str, str, list[float]]]]:
    """Each lift's best load per session in date order (one query: grouped by session and exercise in SQL, so
    its size follows the sessions, never the sets logged). Only exercises weights load (crosstrain.core.loads):
    kilograms typed on body-weight, band or hold work are never compared."""
    basis = LiftBasis.MAIN if _counts(block).has_main_lift else LiftBasis.LOADED
    catalogue = gym_catalogue()
    sets = SetLog.objects.filter(
        exercise__session__program_id=block.program_id,
        exercise__session__date__lte=block.after.recorded_on,
        exercise__exercise_id__in=sorted(e.id for e in catalogue if takes_kg(e)),
        load_kg__gt=0,
    )
    if basis is LiftBasis.MAIN:
        sets = sets.filter(exercise__main_lift=True)
    rows = (
        sets.values("exercise__session_id", "exercise__session__date", "exercise__exercise_id")
        .annotate(best=Max("load_kg"), name=Min("exercise__name"))
        .order_by("exercise__session__date", "exercise__exercise_id")
    )
    best: dict[str, list[float]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in rows:
        exercise_id = row["exercise__exercise_id"]
        best[exercise_id].append(float(row["best"]))
        names.setdefault(exercise_id, row["name"])
    return basis, [(exercise_id, names[exercise_id], loads) for exercise_id, loads in best.items()]


def report_figures(*, block: BlockReport) -> ReportFigures:
    """The core's report for a block fetched by one of the selectors above (one more query, for the lifts)."""
    basis, lifts = _lifts(block)
    before, after = _screen_result(block.before), _screen_result(block.after)
    return ReportFigures(block, _report(block, before, after, lifts), basis, before, after)


def _report(
    block: BlockReport, before: ScreenResult, after: ScreenResult, lifts: list[tuple[str, str, list[float]]]
) -> Report:
    counts = _counts(block)
    return block_report(
        before,
        after,
        sessions_done=counts.done,
        sessions_planned=counts.planned,
        lifts=lifts,
        pain_flags=counts.pain_flags,
    )


@dataclass(frozen=True)
class CohortRow:
    block: BlockReport
    report: Report

    @property
    def compliance_percent(self) -> int | None:
        return percent(self.report.compliance)


@dataclass(frozen=True)
class CohortResults:
    cohort: Cohort
    rows: list[CohortRow]  # one per runner with a report, by name
    figures: CohortFigures
    public: bool  # the coach has switched the public page on


def cohort_end(cohort: Cohort) -> date:
    """The cohort's last day."""
    return cohort.starts_on + timedelta(days=7 * cohort.weeks - 1)


def cohort_results(*, cohort: Cohort) -> CohortResults:
    """The cohort's before/after over its runners (a seat in it) who have a report of a program that ran during
    it; a runner with several such reports counts once, with the latest (3 queries whatever the cohort's size)."""
    seated = Registration.objects.filter(cohort=cohort, status=Registration.Status.ACTIVE, runner__isnull=False)
    blocks = _with_counts(
        BlockReport.objects.filter(
            runner__in=seated.values("runner"),
            program__start__gte=cohort.starts_on - COHORT_EARLY_START,
            program__start__lte=cohort_end(cohort),
        )
    ).order_by("runner_id", "-after__recorded_on", "-id")
    latest: dict[int, BlockReport] = {}
    for block in blocks:
        latest.setdefault(block.runner_id, block)
    rows = sorted(
        (
            # No lifts: the cohort's figures are the screen and compliance, and this keeps it one query.
            CohortRow(block, _report(block, _screen_result(block.before), _screen_result(block.after), []))
            for block in latest.values()
        ),
        key=lambda row: (row.block.runner.name, row.block.pk),
    )
    public = PublicCohortResults.objects.filter(cohort=cohort).exists()
    return CohortResults(cohort, rows, cohort_figures([row.report for row in rows]), public)


def public_cohort_results(*, slug: str) -> CohortResults | None:
    """A cohort's results for its public page, or None when the coach has not switched it on."""
    cohort = Cohort.objects.filter(slug=slug, public_results__isnull=False).first()
    return None if cohort is None else cohort_results(cohort=cohort)
