"""The address a request came from: one rule for the sign-in lockout (django-axes' AXES_CLIENT_IP_CALLABLE), the
public registration limit (web form and API) and, by the same rule in django-ninja, the API's throttles."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)
_warned_no_forwarded = False


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
    if proxies > 0:
        _warn_no_forwarded(request)
    return request.META.get("REMOTE_ADDR")


def _warn_no_forwarded(request: HttpRequest) -> None:
    """Proxies are counted but this request came without X-Forwarded-For: every client then looks like the proxy to
    the sign-in lockout and the rate limits. Said once per process in the log, not once per request."""
    global _warned_no_forwarded
    if _warned_no_forwarded:
        return
    _warned_no_forwarded = True
    logger.warning(
        "CROSSTRAIN_NUM_PROXIES is %s but a request from %s came without X-Forwarded-For: every client looks like "
        "the proxy to the sign-in lockout and the rate limits. Have the proxy set it (nginx: proxy_set_header "
        "X-Forwarded-For $proxy_add_x_forwarded_for;), or set CROSSTRAIN_NUM_PROXIES=0 without a proxy.",
        settings.CROSSTRAIN_NUM_PROXIES,
        request.META.get("REMOTE_ADDR"),
    )
