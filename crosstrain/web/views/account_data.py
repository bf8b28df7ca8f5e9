"""Your data: download it (a runner, or a coach for one of their runners) and delete your account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from crosstrain.accounts.models import Runner
from crosstrain.accounts.password_checks import TooManyPasswordChecks
from crosstrain.privacy.erasure import RETENTION
from crosstrain.privacy.export import export_filename, runner_export
from crosstrain.privacy.selectors import deletion_blockers, deletion_request_for
from crosstrain.privacy.services import (
    GRACE_PERIOD,
    AccountDeletionError,
    WrongPasswordError,
    deletion_request_cancel,
    deletion_request_create,
)
from crosstrain.privacy.signals import remember_pending_deletion
from crosstrain.web.access import _get_runner_for_coach, _get_runner_for_user, runner_required, signed_in_user
from crosstrain.web.forms import AccountDeleteForm
from crosstrain.web.views.account_settings import too_many_password_checks


def _zip(runner: Runner) -> HttpResponse:
    # Built in memory for this response and never written to the server's disk.
    return HttpResponse(
        runner_export(runner=runner),
        content_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{export_filename(runner=runner)}"',
            "Cache-Control": "no-store",
        },
    )


@runner_required
def data_export(request: HttpRequest) -> HttpResponse:
    return _zip(_get_runner_for_user(signed_in_user(request)))


@login_required
def coach_runner_export(request: HttpRequest, runner_id: int) -> HttpResponse:
    # Only the runner's own coach; anyone else (another coach, a runner) gets a 404: the runner is not theirs.
    return _zip(_get_runner_for_coach(signed_in_user(request), runner_id))


@login_required
def data_delete(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deletion_request_create(user=user, password=form.cleaned_data["password"])
        except TooManyPasswordChecks as error:
            return too_many_password_checks(request, error)
        except WrongPasswordError as error:
            form.add_error("password", str(error))
        except AccountDeletionError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            due = remember_pending_deletion(request, user)
            messages.success(request, f"Your account will be erased on {due}. Until then you can cancel.")
            return redirect("account-data-delete")
    context = {
        "form": form,
        "pending": deletion_request_for(user=user),
        "blockers": deletion_blockers(user=user, today=timezone.localdate()),
        "retention": RETENTION,
        "grace_days": GRACE_PERIOD.days,
    }
    return render(request, "account/data_delete.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def data_delete_cancel(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if deletion_request_cancel(user=user):
        messages.success(request, "Deletion cancelled: your account and your data stay as they are.")
    else:
        messages.info(request, "No deletion was pending for your account.")
    remember_pending_deletion(request, user)
    return redirect("account-settings")
