"""The coach's answer to a runner's change request: approve (a new draft to review) or decline (with a note)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from crosstrain.accounts.models import User
from crosstrain.core.errors import CoreError
from crosstrain.gym.dates import when
from crosstrain.scheduling.change_requests import change_request_approve, change_request_decline
from crosstrain.scheduling.models import ChangeRequest
from crosstrain.web.access import coach_required, signed_in_user
from crosstrain.web.forms import ChangeRequestDeclineForm


def _change_request_for_coach(user: User, request_id: int) -> ChangeRequest:
    return get_object_or_404(ChangeRequest.objects.select_related("runner"), pk=request_id, runner__coach=user)


@coach_required
@require_POST
def approve(request: HttpRequest, request_id: int) -> HttpResponse:
    change = _change_request_for_coach(signed_in_user(request), request_id)
    try:
        draft = change_request_approve(change_request=change, coach=signed_in_user(request))
    except CoreError as error:
        messages.error(request, str(error))
        return redirect("coach-runner", runner_id=change.runner_id)
    if draft is None:
        messages.success(request, f"{change.runner.name}'s {change.get_kind_display().lower()} changed.")
        return redirect("coach-runner", runner_id=change.runner_id)
    placed = (
        f" from {when(draft.resumes_from, 'WEEKDAY_DAY_MONTH_FORMAT')} on (the sessions before stay as they are)"
        if draft.resumes_from
        else ""
    )
    messages.success(
        request,
        f"{change.runner.name}'s {change.get_kind_display().lower()} changed and a new program designed as a draft"
        f"{placed}; your swaps are made again where they still fit. Their current program stays live until you "
        "publish this one: review it, then publish.",
    )
    return redirect("coach-program", program_id=draft.pk)


@coach_required
@require_POST
def decline(request: HttpRequest, request_id: int) -> HttpResponse:
    change = _change_request_for_coach(signed_in_user(request), request_id)
    form = ChangeRequestDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Keep the note to 500 characters.")
        return redirect("coach-runner", runner_id=change.runner_id)
    try:
        change_request_decline(change_request=change, coach=signed_in_user(request), note=form.cleaned_data["note"])
    except CoreError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Declined: {change.runner.name} sees it on their plan page, with your note.")
    return redirect("coach-runner", runner_id=change.runner_id)
