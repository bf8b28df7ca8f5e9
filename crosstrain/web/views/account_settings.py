"""The account settings page: one place that links what a signed-in person can manage about their account."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "account/settings.html")
