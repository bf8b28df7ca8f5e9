"""The load test's yardstick (`make loadtest`): a bare Django view that only looks the session and its user up.

Mounted only when CROSSTRAIN_BENCH=1 (crosstrain.web.urls), unnamed, so it is never in a real deployment and the
persona walk of named URLs does not see it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def bare(request: HttpRequest) -> HttpResponse:
    # Touching the user costs what every signed-in page pays: the session row and the user row.
    return HttpResponse(f"{request.user.is_authenticated}", content_type="text/plain")
