"""Making block reports, the coach's note, share links and the public switch of a cohort's results."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.core.errors import CoreError
from crosstrain.core.placement import WEEKS
from crosstrain.enrollment.models import Cohort
from crosstrain.gym.dates import when
from crosstrain.programs.models import Program
from crosstrain.results.models import NOTE_MAX, BlockReport, PublicCohortResults, ReportShare, new_share_token
from crosstrain.screening.models import Screen
from crosstrain.screening.services import screen_record


class ReportError(CoreError):
    """A report that cannot be made or changed as asked; the message says what to do instead."""


def last_week_starts(program: Program) -> date:
    """The first day of the program's last week (programs are WEEKS weeks of 7 days from their start)."""
    return program.start + timedelta(days=7 * (WEEKS - 1))


def _latest_screen(runner: Runner) -> Screen | None:
    return runner.screens.order_by("-recorded_on", "-id").first()


def _save(program: Program, after: Screen) -> BlockReport:
    """The program's report, made or moved on to `after` (its note kept), under a lock on the program so two
    requests at once make one report."""
    Program.objects.select_for_update().filter(pk=program.pk).first()
    report, _ = BlockReport.objects.update_or_create(
        program=program, defaults={"runner_id": program.runner_id, "before_id": program.screen_id, "after": after}
    )
    return report


@transaction.atomic
def block_report_create(*, runner: Runner) -> BlockReport:
    """On demand from the coach's runner page: the live program's screen against the latest one."""
    program = Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).select_related("screen").first()
    if program is None:
        raise ReportError(
            f"{runner.name} has no published program: a report compares the screen a program was "
            "designed from with a later one, so publish a program first."
        )
    after = _latest_screen(runner)
    if after is None or after.pk == program.screen_id:
        raise ReportError(
            f"The latest screen is the one this program was designed from: record a re-screen of {runner.name} first."
        )
    if after.recorded_on < program.start:
        raise ReportError(
            f"The latest screen ({when(after.recorded_on, 'DATE_FORMAT')}) is from before the program started "
            f"({when(program.start, 'DATE_FORMAT')}): record a re-screen first."
        )
    return _save(program, after)


@transaction.atomic
def block_report_after_screen(*, screen: Screen) -> BlockReport | None:
    """The report a re-screen makes by itself: when it falls in the live program's last week or later."""
    program = Program.objects.filter(runner_id=screen.runner_id, status=Program.Status.PUBLISHED).first()
    if program is None or program.screen_id == screen.pk or screen.recorded_on < last_week_starts(program):
        return None
    latest = _latest_screen(program.runner)
    if latest is None or latest.pk != screen.pk:
        return None  # a screen entered late, dated before one recorded already: the report keeps the latest
    return _save(program, screen)


@transaction.atomic
def screen_record_with_report(
    *, runner: Runner, recorded_by: User, data: dict[str, Any], recorded_on: date
) -> tuple[Screen, BlockReport | None]:
    """Record a screen and, when it is the end-of-block re-screen, its report: both or neither."""
    screen = screen_record(runner=runner, recorded_by=recorded_by, data=data, recorded_on=recorded_on)
    return screen, block_report_after_screen(screen=screen)


@transaction.atomic
def block_report_note(*, report: BlockReport, note: str) -> BlockReport:
    """Save the coach's note (an empty one removes it)."""
    text = note.strip()
    if len(text) > NOTE_MAX:
        raise ReportError(f"The note is {len(text)} characters; shorten it to at most {NOTE_MAX}.")
    report = BlockReport.objects.select_for_update().get(pk=report.pk)
    report.note = text
    report.note_updated_at = timezone.now() if text else None
    report.save(update_fields=["note", "note_updated_at", "updated_at"])
    return report


@transaction.atomic
def report_share(*, report: BlockReport) -> ReportShare:
    """A share link for the report: a new one each time, so asking again replaces a link that went too far."""
    BlockReport.objects.select_for_update().filter(pk=report.pk).first()  # one link, however many clicks at once
    share, created = ReportShare.objects.get_or_create(report=report)
    if not created:
        share.token = new_share_token()
        share.save(update_fields=["token", "created_at"])
    return share


@transaction.atomic
def report_unshare(*, report: BlockReport) -> None:
    """The share link stops working at once."""
    ReportShare.objects.filter(report=report).delete()


@transaction.atomic
def cohort_results_publish(*, cohort: Cohort, public: bool) -> bool:
    """Switch the cohort's public results page on or off; returns whether it is on."""
    if public:
        PublicCohortResults.objects.get_or_create(cohort=cohort)
    else:
        PublicCohortResults.objects.filter(cohort=cohort).delete()
    return public
