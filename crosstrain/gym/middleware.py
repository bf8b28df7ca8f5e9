"""The gym's date style and time zone for everything a request or a background task draws (issue 25), so
`timezone.localdate()` is the gym's day everywhere and every date is written in the gym's style
(crosstrain.gym.dates).

A request pays one query for it (crosstrain.gym.selectors.conventions_for: the gym's row and the viewer's units
together), which the pages that show a load no longer pay on their own. A task (the worker's reminders and emails)
reads the row as it starts, so a change on the settings page holds from the next task on.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import tzinfo
from typing import Any, TypeVar

from asgiref.local import Local
from django.db import DatabaseError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django_tasks.signals import task_finished, task_started

from crosstrain.gym.selectors import Gym, conventions_for, gym

V = TypeVar("V", bound=Callable[..., Any])


def _activate(found: Gym) -> None:
    translation.activate(found.date_style.lower())
    try:
        timezone.activate(zoneinfo.ZoneInfo(found.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.deactivate()  # a zone the system no longer knows: the environment's, rather than a failed page


def _deactivate() -> None:
    translation.deactivate()
    timezone.deactivate()


def _current() -> tuple[str | None, tzinfo]:
    return translation.get_language(), timezone.get_current_timezone()


def _restore(before: tuple[str | None, tzinfo]) -> None:
    language, zone = before
    if language:
        translation.activate(language)
    else:
        translation.deactivate()
    timezone.activate(zone)


# The API's OpenAPI document and docs page (django-ninja's views, by their URL names).
_API_DOCS = frozenset({"openapi-json", "openapi-view"})
logger = logging.getLogger(__name__)


def without_gym_conventions(view: V) -> V:
    """A view that shows no date and must answer without the database: the middleware reads no settings for it."""
    view.without_gym_conventions = True  # type: ignore[attr-defined]
    return view


class GymConventionsMiddleware:
    """Activates the gym's language (en-GB or en-US style) and zone for the request; after the authentication
    middleware, whose user it reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            _deactivate()

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        # Once the view is known: what shows no date and answers without the database (the app's manifest, service
        # worker and icon, fetched by browsers on every visit; the API's own description) pays nothing.
        match = request.resolver_match
        if getattr(view, "without_gym_conventions", False) or (match is not None and match.url_name in _API_DOCS):
            return
        try:
            found = conventions_for(request).gym
        except DatabaseError:
            # The database does not answer: the page decides what to say (most say so, crosstrain.web.problems);
            # one that needs no database still answers, in the defaults.
            logger.warning("the gym's settings could not be read: the defaults stand for this request", exc_info=True)
            return
        _activate(found)


@contextmanager
def gym_conventions(found: Gym | None = None) -> Iterator[Gym]:
    """The gym's style and zone active inside the block (a command, a script, a test): the row's unless given."""
    found = found if found is not None else gym()
    before = _current()
    _activate(found)
    try:
        yield found
    finally:
        _restore(before)


# What was active before each running task, restored when it finishes: a task run at once inside a request (the
# immediate backend) gives the request back its own conventions.
_before = Local()


@receiver(task_started, dispatch_uid="crosstrain-gym-task-started")
def _task_started(sender: Any, **kwargs: Any) -> None:
    stack = getattr(_before, "stack", None)
    if stack is None:
        stack = _before.stack = []
    stack.append(_current())
    _activate(gym())


@receiver(task_finished, dispatch_uid="crosstrain-gym-task-finished")
def _task_finished(sender: Any, **kwargs: Any) -> None:
    stack = getattr(_before, "stack", None)
    if not stack:
        _deactivate()
        return
    _restore(stack.pop())
