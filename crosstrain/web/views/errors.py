"""The pages a person meets when something is not there, not theirs, or broke: styled like the app, with its
navigation, in words (Django's own are bare and name exception classes).

Django calls these for every 404, 403 and 500 when DEBUG is off (crosstrain.web.urls: handler404, ...). A page
raises Http404 or PermissionDenied with a sentence a person can act on ("This calendar link was replaced or never
existed."): that sentence is shown; Django's own messages ("No Runner matches the given query.", the resolver's
paths) are not.
"""

from __future__ import annotations

import logging
import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Django's generic messages: code names, not words for a person.
_DJANGO_SAYS = ("matches the given query", "Resolver404", "No URL to match", "Permission denied")

# The 500 page when even the styled one cannot be drawn (the database is down, a template broke).
_BARE_500 = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Something went wrong · crosstrain'
    "</title></head><body><main><h1>Something went wrong on our side</h1><p>It was logged. Try again in a minute; "
    '<a href="/">back to the start</a>.</p></main></body></html>'
)


def _sentence(exception: Exception | None) -> str:
    """The exception's message when the app wrote it for a person, else nothing."""
    if exception is None or not exception.args or not isinstance(exception.args[0], str):
        return ""
    message = exception.args[0].strip()
    if " " not in message or any(phrase in message for phrase in _DJANGO_SAYS):
        return ""
    return message


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A form over the upload limits (RequestDataTooBig, too many fields) or a request Django cannot use: the app's
    # page in words, not Django's bare "Bad Request (400)".
    too_big = isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent)
    return render(request, "400.html", {"too_big": too_big}, status=400)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"reason": _sentence(exception)}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": _sentence(exception)}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except`: the error is at hand. A database that does not answer (down,
    # restarting, a connection dropped) is an outage, not a bug: 503 with a time to try again, which the phone's
    # queue of sets reads as "later", and a page that needs no database to be drawn.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the page must answer whatever broke: the bare one, and the cause in the log
        logger.exception("The styled 500 page could not be drawn")
        return HttpResponseServerError(_BARE_500)


RETRY_AFTER_SECONDS = 30


def database_unavailable(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The database is not answering: try again in a minute. Nothing was saved."}, status=503
        )
    else:
        try:
            response = HttpResponse(render_to_string("503.html"), status=503)
        except Exception:  # a broken static manifest must not turn the outage page into a 500
            logger.exception("The database-outage page could not be drawn")
            response = HttpResponse(_BARE_500, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
