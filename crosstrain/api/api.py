"""The open API, mounted at /api/v1/: OpenAPI 3 at /api/v1/openapi.json, interactive docs at /api/v1/docs.

Every operation calls the same services and selectors as the web pages, through the same access rules:
someone else's object is a 404, the wrong role a 403, no credentials a 401 (except the public operations).
"""

from __future__ import annotations

from ninja import NinjaAPI

from crosstrain.api import errors
from crosstrain.api.auth import READ
from crosstrain.api.routers import (
    activities,
    adapting,
    catalogue,
    cohorts,
    habits,
    messages,
    people,
    programs,
    review,
    screens,
    training,
)
from crosstrain.api.throttling import ApiThrottle

DESCRIPTION = """\
Strength and mobility programs for runners: the exercise catalogue, movement screens, programs, a runner's
week and sessions, set logging, weekly habits, a runner's messages with their coach, cohorts and the semi-private
timetable.

**Sign in** with a personal access token from *Settings → API tokens* (`/settings/tokens/`), sent as
`Authorization: Bearer ct_...`. A `read` token can call the reading operations; writing ones need `read-write`.
In this browser, your signed-in session works too (writes send the CSRF token, as this page does).

**Errors** are JSON `{"detail": ...}`: 401 no or a dead token, 403 the wrong role or a read-only token,
404 not found or not yours, 413 a body over the upload limit, 422 input that cannot be used (each problem named),
429 too many requests (see `Retry-After`).
"""

api = NinjaAPI(
    title="crosstrain API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=READ,  # the default; public operations say so (and list anonymous access) themselves
    throttle=[ApiThrottle("user"), ApiThrottle("anon")],
)
errors.install(api)
for module in (people, catalogue, screens, programs, training, cohorts, habits, messages, review, activities, adapting):
    api.add_router("", module.router)
