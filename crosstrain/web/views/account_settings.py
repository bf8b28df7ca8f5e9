"""The account settings page (one place that links what a signed-in person can manage about their account), and
changing the password from it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from crosstrain.accounts.models import User
from crosstrain.accounts.password_checks import TooManyPasswordChecks, password_check_attempt
from crosstrain.accounts.services import api_tokens_revoke_all
from crosstrain.web.access import signed_in_user


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "account/settings.html")


def too_many_password_checks(request: HttpRequest, error: TooManyPasswordChecks) -> HttpResponse:
    """429 saying what to do, for a page that asked for the password once too often (accounts.password_checks)."""
    context = {"heading": "Too many password attempts", "error": str(error)}
    response = render(request, "cohorts/refused.html", context, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


def revoke_api_tokens(request: HttpRequest, user: User) -> None:
    """A new password ends every API token of the account (crosstrain.accounts.signals, when the password was saved);
    the next page says so when there were any."""
    revoked = getattr(user, "api_tokens_revoked", 0) + api_tokens_revoke_all(user=user)
    if revoked:
        messages.info(
            request,
            ngettext(
                "Your API token was revoked with the old password: make a new one in Settings → API tokens.",
                "Your %(n)d API tokens were revoked with the old password: make new ones in Settings → API tokens.",
                revoked,
            )
            % {"n": revoked},
        )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change page: a few tries of the old password per account, then a wait; a change ends the account's
    API tokens."""

    template_name = "registration/password_change.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            password_check_attempt(user=signed_in_user(request))  # dispatch lets only signed-in people in
        except TooManyPasswordChecks as error:
            return too_many_password_checks(request, error)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        revoke_api_tokens(self.request, form.user)
        return response
