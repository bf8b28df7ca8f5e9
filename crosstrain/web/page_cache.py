"""A runner's pages (their week, history and sessions; their coach's page of them), rendered once per version of
what they show and then served from Django's cache (issue 14).

Rendering them took most of a request: building the ORM queries, the unread-messages badge and the templates
(measured in-process: the week 8.8 ms, a session 13 ms, the coach's page of a runner 21 ms, against 0.9 ms for a
bare view). What they show changes only when something of that runner is written, and every such write gives the
runner's pages a new version in the database (crosstrain.dashboard.signals, versions.py), read by every process.
So a body is cached under (page, the viewer, the runner's version, today, and whatever else the page depends on),
and a warm request costs the version's one query and a cache read.

Only what differs per request stays out of the cached body: the CSRF token (masked afresh each time) and the
client id of each set form (a fresh one per rendered form, so a set can never be taken for a repeat of another
tab's); both are placeholders in the cached body, replaced on the way out. The navigation, flash messages and the
offline status line are the base template's, rendered each time around the body.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from crosstrain.dashboard.cache_index import cache_remember, runner_scope
from crosstrain.dashboard.figures import KEEP_FOR
from crosstrain.dashboard.versions import runner_pages_changed
from crosstrain.gym.selectors import conventions_for

# Never a token Django makes, nor a UUID: safe to replace wherever they appear.
CSRF_PLACEHOLDER = "csrf-token-put-in-per-request"
CLIENT_ID_PLACEHOLDER = "client-id-put-in-per-request"
_CLIENT_IDS = re.compile(re.escape(CLIENT_ID_PLACEHOLDER))


@dataclass(frozen=True)
class CachedBody:
    title: str
    html: str  # with the placeholders
    unread: int | None  # the viewer's unread messages for the badge; None: the badge counts them itself
    valid_until: datetime | None  # when the body changes by the clock alone (an invite link expiring)


@dataclass(frozen=True)
class Body:
    """What a page renders: its body template and context, its title, and the viewer's unread count if known."""

    template: str
    context: dict[str, Any]
    title: str
    unread: Callable[[], int] | None = None
    # Whose pages these are as read through the viewer (None: the page does not say). Another runner than the
    # one whose version keyed it (a runner record given to another sign-in since) is shown, never cached.
    runner_id: int | None = None
    valid_until: datetime | None = None  # the body shows something that changes at this time without a write


def runner_page(
    request: HttpRequest,
    *,
    page: str,
    runner_id: int,
    version: str | None,
    key: tuple[object, ...],
    body: Callable[[], Body],
    unread: Callable[[], int] | None = None,
    nav: Callable[[], dict[str, Any]] | None = None,
) -> HttpResponse:
    """The page: its body from the cache when `version` (the runner's pages version, read by the caller) is known,
    else rendered and kept. `key` holds what else the body depends on (the viewer, today, the page's arguments).
    Without a version (a runner whose pages were never versioned) it is rendered uncached and a version made, so
    the next request is served from the cache. `unread` (when the badge is not cached with the body): the viewer's
    count, asked per request. `nav`: more of the navigation's figures the caller knows cheaply (the coach's
    Training badge), asked per request."""
    # Drawn in the gym's style and zone and the viewer's units: a body drawn before the gym changed them is not
    # served after (the request already read them, crosstrain.gym.middleware).
    drawn_in = conventions_for(request)
    cache_key = ":".join(
        ["runner-page", page, str(runner_id), str(version), drawn_in.gym.stamp, drawn_in.units.value, *map(str, key)]
    )
    found: CachedBody | None = cache.get(cache_key) if version is not None else None
    if found is not None and found.valid_until is not None and timezone.now() >= found.valid_until:
        found = None
    if found is None:
        made = body()
        found = _render(request, made)
        # Kept only when it is the runner the version is of (not a runner record given to another sign-in since).
        if version is not None and made.runner_id in (None, runner_id):
            cache.set(cache_key, found, KEEP_FOR)
            cache_remember(scope=runner_scope(runner_id), key=cache_key, timeout=KEEP_FOR)  # purged at an erasure
        # Without a version, one is made so the next request is served from the cache; only once the runner was
        # seen to exist (an empty history says nothing of whose it is, and may be a runner deleted since sign-in).
        elif version is None and made.runner_id == runner_id:
            runner_pages_changed([runner_id])
    context: dict[str, Any] = {"title": found.title, "body": filled_in(request, found.html)}
    count = found.unread if found.unread is not None else (unread() if unread is not None else None)
    if count is not None:
        context["messages_unread"] = count  # else the context processor counts them (crosstrain.messaging)
    if nav is not None:
        context.update(nav())
    return render(request, "cached_page.html", context)


def filled_in(request: HttpRequest, html: str) -> SafeString:
    """A cached body with this request's CSRF token and a fresh client id per set form (also the coach
    dashboard's: crosstrain.web.dashboard_page). The body is ours, rendered with autoescaping; what is put in is
    letters, digits and dashes."""
    html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(_CLIENT_IDS.sub(lambda _: str(uuid.uuid4()), html))


def _render(request: HttpRequest, body: Body) -> CachedBody:
    html = render_to_string(body.template, {**body.context, "csrf_token": CSRF_PLACEHOLDER}, request=request)
    return CachedBody(body.title, html, body.unread() if body.unread is not None else None, body.valid_until)
