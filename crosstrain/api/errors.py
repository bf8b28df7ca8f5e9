"""How the API answers when something is wrong: a JSON body `{"detail": ...}` a person can act on.

- input the domain refuses (`InputError`: ProfileError, ScreenInputError, ...) → 422 with each problem listed;
- another domain refusal (`CoreError`, e.g. publishing a program that is not a draft) → 400;
- a body past the upload limit (settings.DATA_UPLOAD_MAX_MEMORY_SIZE) → 413, too many form fields or files → 400,
  rather than Django's refusal escaping the API as an HTML page (or, with DEBUG, a 500);
- the wrong role, or a read-only token on a write → 403; someone else's object → 404, never 403, so that
  whether it exists does not leak (as in the web app); too many requests (or messages) → 429 with Retry-After.
Request validation stays ninja's: 422 with its list of field errors.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, Throttled

from crosstrain.core.errors import CoreError, InputError
from crosstrain.enrollment.services import RegistrationRateLimited

NOT_FOUND = "Not found: no such object among yours."
SIGN_IN = "Sign in: send a personal access token as 'Authorization: Bearer <token>' (create one at /settings/tokens/)."


class ErrorOut(Schema):
    detail: str | list[dict[str, Any]]
    problems: list[str] = []


def install(api: NinjaAPI) -> None:
    @api.exception_handler(InputError)
    def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
        body = {"detail": str(exc), "problems": list(exc.problems)}
        retry_after = getattr(exc, "retry_after", None)  # refused for now, not for what it says (MessageRateLimited)
        if retry_after is None:
            return api.create_response(request, body, status=422)
        response = api.create_response(request, body, status=429)
        response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(CoreError)
    def core_error(request: HttpRequest, exc: CoreError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc), "problems": [str(exc)]}, status=400)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        detail = f"The request body is too large: at most {_size(limit)} is accepted. Send less at a time."
        return api.create_response(request, {"detail": detail}, status=413)

    @api.exception_handler(TooManyFieldsSent)
    @api.exception_handler(TooManyFilesSent)
    def too_many(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": "Too many fields or files in one request."}, status=400)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": NOT_FOUND}, status=404)

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = f" Try again in {math.ceil(exc.wait)} s." if exc.wait else ""
        return api.create_response(request, {"detail": f"Too many requests.{wait}"}, status=429)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = exc.message if exc.message != "Unauthorized" else SIGN_IN
        response = api.create_response(request, {"detail": detail}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="crosstrain"'  # RFC 6750: how to authenticate
        return response

    @api.exception_handler(RegistrationRateLimited)
    def registrations_limited(request: HttpRequest, exc: RegistrationRateLimited) -> HttpResponse:
        response = api.create_response(request, {"detail": str(exc)}, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response


def _size(limit: int | None) -> str:
    if limit is None:
        return "what the server accepts"
    return f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit / 1024:g} KB"


ERROR_CODES = frozenset({400, 401, 403, 404, 413, 422, 429})


def responses(success: dict[int, Any]) -> dict[Any, Any]:
    """Every status an operation may answer, for the OpenAPI document (clients and schemathesis read it)."""
    return {**success, ERROR_CODES: ErrorOut}
