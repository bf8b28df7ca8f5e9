"""Email notifications: a person's choices (Settings → Email notifications) and the one-click unsubscribe link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from crosstrain.accounts.models import User
from crosstrain.notifications.selectors import address_of, kinds_for, preferences_for
from crosstrain.notifications.services import PreferencesError, preferences_update, unsubscribe
from crosstrain.notifications.unsubscribe import UnsubscribeError, unsubscribe_target
from crosstrain.web.access import signed_in_user
from crosstrain.web.forms import NotificationPreferencesForm, attach_core_errors


def preferences_form(user: User, data: object = None) -> NotificationPreferencesForm:
    """The form with the person's kinds of email and their current choices (the settings page shows it too)."""
    kinds = kinds_for(user=user)
    preference = preferences_for(user=user)
    initial: dict[str, object] = {kind.value: preference.wants(kind) for kind in kinds}
    initial["hour"] = preference.hour
    return NotificationPreferencesForm(data, kinds=[(kind.value, kind.label) for kind in kinds], initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = preferences_form(user, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                preferences_update(user=user, wanted=form.wanted(), hour=form.cleaned_data["hour"])
            except PreferencesError as error:
                attach_core_errors(form, error)
            else:
                messages.success(request, "Your email choices are saved.")
                return redirect(reverse("account-settings") + "#email-notifications")
        status = 422
    return render(request, "account/notifications.html", {"form": form, "address": address_of(user)}, status=status)


# RFC 8058 one-click: a mail provider POSTs `List-Unsubscribe=One-Click` here with no cookie, session or CSRF token;
# the signed token in the address is the only key, and it can do nothing but turn one kind of email off.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a link scanner that opens it changes nothing); POST unsubscribes, from the page's button or
    straight from the mail app."""
    try:
        target = unsubscribe_target(token=token)
    except UnsubscribeError as error:
        return render(request, "notifications/unsubscribe_refused.html", {"error": error}, status=error.status)
    if request.method == "POST":
        unsubscribe(user=target.user, kind=target.kind)
        return render(request, "notifications/unsubscribed.html", {"kind": target.kind})
    already = not preferences_for(user=target.user).wants(target.kind)
    return render(request, "notifications/unsubscribe.html", {"kind": target.kind, "already": already})
