"""One-click unsubscribe links: a signed token names the person and the kind of email, so no sign-in is needed.

The token is signed with the site's secret key (django.core.signing) and carries a timestamp: a link works for
`UNSUBSCRIBE_LINK_MAX_AGE` (every email brings a fresh one) and names one person and one kind, so it can do
nothing but turn that kind of email off for that person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from crosstrain.accounts.models import User
from crosstrain.notifications.models import Kind

UNSUBSCRIBE_SALT = "crosstrain.notifications.unsubscribe"
UNSUBSCRIBE_LINK_MAX_AGE = timedelta(days=180)


class UnsubscribeError(Exception):
    """A link that cannot unsubscribe anyone; the message says why and what to do instead."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class UnsubscribeTarget:
    user: User
    kind: Kind


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": Kind(kind).value}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    path = reverse("notifications-unsubscribe", kwargs={"token": unsubscribe_token(user_id=user_id, kind=kind)})
    return settings.SITE_URL.rstrip("/") + path


_INSTEAD = "Sign in and turn emails off under Settings → Email notifications instead."


def unsubscribe_target(*, token: str) -> UnsubscribeTarget:
    """Who and what a link unsubscribes; UnsubscribeError (400 tampered, 410 expired or account gone)."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise UnsubscribeError(
            f"This unsubscribe link is more than {UNSUBSCRIBE_LINK_MAX_AGE.days} days old and no longer works. "
            f"Use the link in a newer email, or: {_INSTEAD}",
            status=410,
        ) from None
    except signing.BadSignature:
        raise UnsubscribeError(
            "This unsubscribe link is not valid: it may have been cut short when it was copied. "
            f"Open it straight from the email, or: {_INSTEAD}",
            status=400,
        ) from None
    try:
        user_id, kind = int(data["u"]), Kind(data["k"])
    except (KeyError, TypeError, ValueError):
        raise UnsubscribeError(f"This unsubscribe link is not valid. {_INSTEAD}", status=400) from None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise UnsubscribeError(
            "This link belonged to an account that no longer exists, so it gets no more emails.", status=410
        )
    return UnsubscribeTarget(user=user, kind=kind)
