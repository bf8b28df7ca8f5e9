"""Landing, invites, and the sign-in pages Django's auth views do not cover: the lockout page, reset over https."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.generic import RedirectView

from crosstrain.accounts.models import Runner
from crosstrain.accounts.services import (
    INVITE_VALID_FOR,
    InviteExpired,
    InviteUnusable,
    TooManyResets,
    invite_accept,
    invite_check,
    password_reset_attempt,
)
from crosstrain.notifications.services import password_reset_queue
from crosstrain.web.client_ip import client_ip
from crosstrain.web.forms import InviteAcceptForm
from crosstrain.web.views.account_settings import PasswordChangeView, revoke_api_tokens


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if getattr(user, "is_coach", False):
        return redirect("coach-dashboard")
    if getattr(user, "is_runner", False) and Runner.objects.filter(user=user).exists():
        return redirect("runner-home")
    if user.is_staff:
        return redirect("admin:index")
    raise PermissionDenied("This account has no coach or runner profile yet.")


def invite(request: HttpRequest, token: str) -> HttpResponse:
    try:
        runner = invite_check(token=token)
    except InviteUnusable as error:
        return _invite_unusable(request, error)
    form = InviteAcceptForm(request.POST or None, initial={"username": runner.email})
    if request.method == "POST" and form.is_valid():
        try:
            user = invite_accept(
                token=token, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
        except InviteUnusable as error:  # used or expired while the runner was typing
            return _invite_unusable(request, error)
        except ValidationError as error:
            form.add_error(None, error)
        except IntegrityError:  # someone took the username in the same instant
            form.add_error("username", "That username is taken; choose another.")
        else:
            # The account was just made from the link, not from a password check: name the backend that owns it.
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("runner-home")
    return render(request, "invite.html", {"form": form, "runner": runner})


def _invite_unusable(request: HttpRequest, error: InviteUnusable) -> HttpResponse:
    # 410 Gone: the link existed and will not work again; 404 for used, replaced or made-up links alike.
    status = 410 if isinstance(error, InviteExpired) else 404
    context = {"message": str(error), "valid_days": INVITE_VALID_FOR.days}
    return render(request, "registration/invite_unusable.html", context, status=status)


def locked_out(request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): the sign-in page again, saying why it refuses.

    429 Too Many Requests. The same page serves the admin's sign-in, which is throttled alike.
    """
    username = request.POST.get("username", "") if request.method == "POST" else ""
    form = AuthenticationForm(request, initial={"username": username})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"form": form, "locked_out": True, "cooloff_minutes": minutes, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page; the email goes through the task queue (the worker sends it), so the page takes as long
    for an unknown address as for a known one. Its link says https when the request came over https."""

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        try:
            send = password_reset_attempt(email=email, client_ip=client_ip(self.request) or "")
        except TooManyResets as refused:
            context = {"heading": "Too many password resets", "error": str(refused)}
            response = render(self.request, "cohorts/refused.html", context, status=429)
            response["Retry-After"] = str(refused.retry_after)
            return response
        if send:
            password_reset_queue(email=email, domain=self.request.get_host(), use_https=self.request.is_secure())
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever opened the emailed link controls the account's email: the sign-in lockout has done its job.
        axes_reset(username=form.user.get_username())
        revoke_api_tokens(self.request, form.user)
        return response


# Django's password views with the app's templates. The admin ships templates under the default names
# (registration/password_reset_form.html, ...) and its app comes first, so ours have names of their own.
password_reset = PasswordResetView.as_view(template_name="registration/reset_form.html")
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/reset_sent.html",
    extra_context={"timeout_days": round(settings.PASSWORD_RESET_TIMEOUT / 86400)},
)
password_reset_confirm = PasswordResetConfirmView.as_view(template_name="registration/reset_confirm.html")
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(template_name="registration/reset_complete.html")
password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_changed.html")
# The admin's sign-in page links "Forgotten your password?" to this name when it exists: the same reset.
admin_password_reset = RedirectView.as_view(pattern_name="password_reset")
