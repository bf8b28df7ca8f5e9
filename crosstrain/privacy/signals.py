"""Signing in during a deletion's grace period: remember the date in the session, for the banner on every page.

The banner reads the session instead of the database, so pages cost no extra query.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from crosstrain.accounts.models import User
from crosstrain.gym.dates import when
from crosstrain.privacy.selectors import deletion_request_for

SESSION_KEY = "deletion_due"


def remember_pending_deletion(request: HttpRequest, user: User) -> str | None:
    """Store (or forget) the pending deletion's date in the session; returns it as the banner says it."""
    pending = deletion_request_for(user=user)
    if pending is None:
        request.session.pop(SESSION_KEY, None)
        return None
    due: str = when(pending.erase_after, "LONG_DATE_FORMAT")
    request.session[SESSION_KEY] = due
    return due


@receiver(user_logged_in)
def _on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session") and isinstance(user, User):
        remember_pending_deletion(request, user)
