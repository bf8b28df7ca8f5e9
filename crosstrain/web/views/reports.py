"""Block results: the week-6 before/after report, its share link, cohort results, and the printable PDFs.

A report's page and PDF, and a program's PDF, have one URL for both sides: the runner's coach and the runner
get in (a runner only to their live program's PDF); anyone else signed in gets a 404, so whether it exists does
not leak. The shared report and a cohort's public results need no sign-in: the link, or the coach's switch, is
the key, and they show no full name, email or phone.
"""

from __future__ import annotations

import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST, require_safe

from crosstrain.accounts.models import User
from crosstrain.enrollment.models import Cohort
from crosstrain.gym.selectors import units_for
from crosstrain.printable import program_pdf
from crosstrain.printable.report import report_pdf
from crosstrain.printable.stored import shared_report_document, stored_program_document, stored_report_document
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.selectors import program_for_user
from crosstrain.results.figures import PUBLIC_MIN_RUNNERS
from crosstrain.results.models import BlockReport
from crosstrain.results.selectors import (
    ReportFigures,
    cohort_results,
    figures_for_share_token,
    figures_for_user,
    public_cohort_results,
    report_for_coach,
    report_for_user,
)
from crosstrain.results.services import (
    ReportError,
    block_report_create,
    block_report_note,
    cohort_results_publish,
    report_share,
    report_unshare,
)
from crosstrain.web.access import _get_runner_for_coach, coach_required, signed_in_user
from crosstrain.web.forms import CohortResultsPublicForm, ReportNoteForm


def _report_or_404(request: HttpRequest, report_id: int) -> BlockReport:
    block = report_for_user(report_id=report_id, user=signed_in_user(request))
    if block is None:
        raise Http404("No such report among yours.")
    return block


def _figures_or_404(request: HttpRequest, report_id: int) -> ReportFigures:
    figures = figures_for_user(report_id=report_id, user=signed_in_user(request))
    if figures is None:
        raise Http404("No such report among yours.")
    return figures


def _share_url(request: HttpRequest, block: BlockReport) -> str | None:
    share = getattr(block, "share", None)
    return None if share is None else request.build_absolute_uri(reverse("report-shared", args=[share.token]))


def _attachment(pdf: bytes, filename: str) -> FileResponse:
    # FileResponse writes Content-Disposition: attachment with the filename quoted (and RFC 5987 when needed).
    return FileResponse(io.BytesIO(pdf), as_attachment=True, filename=filename, content_type="application/pdf")


def _filename(kind: str, name: str, day: date) -> str:
    return f"crosstrain-{kind}-{slugify(name) or 'runner'}-{day.isoformat()}.pdf"


def _report_page(
    request: HttpRequest, figures: ReportFigures, *, form: ReportNoteForm | None = None, status: int = 200
) -> HttpResponse:
    user = signed_in_user(request)
    block = figures.block
    is_coach = block.runner.coach_id == user.pk
    return render(
        request,
        "reports/report.html",
        {
            "doc": stored_report_document(figures, units_for(request)),
            "figures": figures,
            # Not "block": inside a template's {% block %}, that name is the block itself ({{ block.super }}).
            "report": block,
            "runner": block.runner,
            "is_coach": is_coach,
            "form": form or (ReportNoteForm(initial={"note": block.note}) if is_coach else None),
            "share_url": _share_url(request, block),
        },
        status=status,
    )


@login_required
@require_safe
def report(request: HttpRequest, report_id: int) -> HttpResponse:
    return _report_page(request, _figures_or_404(request, report_id))


@coach_required
@require_POST
def report_new(request: HttpRequest, runner_id: int) -> HttpResponse:
    runner = _get_runner_for_coach(signed_in_user(request), runner_id)
    try:
        block = block_report_create(runner=runner)
    except ReportError as error:
        messages.error(request, str(error))
        return redirect("coach-runner", runner_id=runner.pk)
    messages.success(request, "Report ready: add a note for the runner, who sees it on their My plan page.")
    return redirect("report", report_id=block.pk)


@coach_required
@require_POST
def report_note(request: HttpRequest, report_id: int) -> HttpResponse:
    block = report_for_coach(report_id=report_id, coach=signed_in_user(request))
    if block is None:
        raise Http404("No such report among your runners'.")
    form = ReportNoteForm(request.POST)
    if form.is_valid():
        try:
            block_report_note(report=block, note=form.cleaned_data["note"])
        except ReportError as error:
            form.add_error("note", str(error))
        else:
            messages.success(request, f"Note saved: {block.runner.name} sees it with the report.")
            return redirect("report", report_id=block.pk)
    return _report_page(request, _figures_or_404(request, report_id), form=form, status=422)


@login_required
@require_POST
def report_share_view(request: HttpRequest, report_id: int) -> HttpResponse:
    block = _report_or_404(request, report_id)
    replaced = getattr(block, "share", None) is not None
    report_share(report=block)
    messages.success(
        request,
        "New share link made: the old one no longer works."
        if replaced
        else "Share link made: anyone with it sees the figures (first name only; no note, pain flags or next steps).",
    )
    return redirect(reverse("report", args=[block.pk]) + "#share")


@login_required
@require_POST
def report_unshare_view(request: HttpRequest, report_id: int) -> HttpResponse:
    block = _report_or_404(request, report_id)
    report_unshare(report=block)
    messages.success(request, "Sharing stopped: the link no longer works.")
    return redirect(reverse("report", args=[block.pk]) + "#share")


@login_required
@require_safe
def report_pdf_view(request: HttpRequest, report_id: int) -> FileResponse:
    figures = _figures_or_404(request, report_id)
    block = figures.block
    return _attachment(
        report_pdf(stored_report_document(figures, units_for(request))),
        _filename("report", block.runner.name, block.after.recorded_on),
    )


@login_required
@require_safe
def program_pdf_view(request: HttpRequest, program_id: int) -> FileResponse:
    """Any program of the coach's runners; a runner's own live program."""
    user = signed_in_user(request)
    program = program_for_user(program_id=program_id, user=user)
    if program is None:
        raise Http404("No such program among yours.")
    document = stored_program_document(program, catalogue=gym_catalogue(), units=units_for(request))
    return _attachment(program_pdf(document), _filename("program", program.runner.name, program.start))


@require_safe
def report_shared(request: HttpRequest, token: str) -> HttpResponse:
    """The shared report: figures under the first name; the coach's note, pain and next steps stay private."""
    figures = figures_for_share_token(token=token)
    if figures is None:
        raise Http404("This report link was replaced, stopped, or never existed.")
    response = render(request, "reports/shared.html", {"doc": shared_report_document(figures, units_for(request))})
    # The token is the key: keep the page out of search engines and out of shared caches.
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


def _cohort_for_coach(user: User, cohort_id: int) -> Cohort:
    return get_object_or_404(Cohort, pk=cohort_id, coach=user)


@coach_required
@require_safe
def cohort_results_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    results = cohort_results(cohort=_cohort_for_coach(signed_in_user(request), cohort_id))
    public_url = request.build_absolute_uri(reverse("cohort-results", args=[results.cohort.slug]))
    return render(
        request,
        "reports/cohort.html",
        {"results": results, "figures": results.figures, "public_url": public_url, "minimum": PUBLIC_MIN_RUNNERS},
    )


@coach_required
@require_POST
def cohort_results_publish_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort_for_coach(signed_in_user(request), cohort_id)
    form = CohortResultsPublicForm(request.POST)
    public = form.is_valid() and form.cleaned_data["public"]
    if cohort_results_publish(cohort=cohort, public=public):
        messages.success(request, "The public results page is on: no names, and figures only from 3 runners up.")
    else:
        messages.success(request, "The public results page is off: its address answers 'not found'.")
    return redirect("coach-cohort-results", cohort_id=cohort.pk)


@require_safe
def cohort_results_public(request: HttpRequest, slug: str) -> HttpResponse:
    """The anonymised results the gym can link from its website, when the coach has switched them on."""
    results = public_cohort_results(slug=slug)
    if results is None:
        raise Http404("This cohort's results are not public.")
    return render(
        request,
        "reports/cohort_public.html",
        {"results": results, "figures": results.figures, "cohort": results.cohort, "minimum": PUBLIC_MIN_RUNNERS},
    )
