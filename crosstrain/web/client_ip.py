"""The address a request came from: one rule for the sign-in lockout (django-axes' AXES_CLIENT_IP_CALLABLE), the
public registration limit (web form and API) and, by the same rule in django-ninja, the API's throttles."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR; behind N reverse proxies (CROSSTRAIN_NUM_PROXIES), the N-th address from the right of
    X-Forwarded-For.

    Each proxy appends the address it was reached from, so the right-most N entries were written by proxies the
    gym runs; anything further left came from the client and may be made up. The API's rate limits read the same
    variable by the same rule (django-ninja's NINJA_NUM_PROXIES), so both count one client as one address.
    """
    proxies: int = settings.CROSSTRAIN_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))] or None
    return request.META.get("REMOTE_ADDR")
