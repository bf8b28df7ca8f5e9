"""The installable, offline app: the web app manifest, the service worker (both at the site root) and the list of
pages a runner's phone keeps for offline use (offline.js asks for it on each page load while online)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import PrefixNode, static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from crosstrain.gym.middleware import without_gym_conventions
from crosstrain.training.offline import offline_sessions
from crosstrain.web.access import _get_runner_for_user, runner_required, signed_in_user

THEME_COLOUR = "#1d2430"  # the header's colour in app.css (--ink)
ICON_SIZES = (192, 512)

# What every page needs, cached when the service worker installs. htmx is django-htmx's file (base.html).
SHELL = (
    "crosstrain/app.css",
    "crosstrain/app.js",
    "crosstrain/offline.js",
    "crosstrain/player.js",  # the session player runs offline too, also if it was never opened online
    "crosstrain/queue.js",
    "django_htmx/htmx-2.min.js",
)


def _icon(name: str, size: int, purpose: str = "any") -> dict[str, str]:
    return {
        "src": static(f"crosstrain/icons/{name}"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


@without_gym_conventions
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: a phone installs the runner's week as an app of its own."""
    icons = [_icon(f"icon-{size}.png", size) for size in ICON_SIZES]
    icons.append(_icon("maskable-512.png", 512, "maskable"))
    data: dict[str, Any] = {
        "id": "/",
        "name": "crosstrain",
        "short_name": "crosstrain",
        "description": "Your strength and mobility sessions for running, also without a signal.",
        "start_url": reverse("runner-home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json")


@without_gym_conventions
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask every site for /favicon.ico when a page names no icon (the admin's pages): the app's icon, not a
    404 in the log for each admin page. A day's redirect, not a permanent one: the icon's hashed name changes with
    it."""
    response = HttpResponseRedirect(static("crosstrain/icons/icon-192.png"))
    response["Cache-Control"] = "max-age=86400"
    return response


@without_gym_conventions
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the root so that its scope is the whole site. `no-cache`: browsers check for a new
    version on each visit, so a deploy reaches phones at once."""
    hashed = "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]
    config = {
        "version": _version(),
        "shell": [static(path) for path in SHELL],
        "queue": static("crosstrain/queue.js"),
        # STATIC_URL itself, not static(""): with hashed names (production) that asks the manifest for a file
        # called "" and fails, so the worker would never install.
        "staticPrefix": PrefixNode.handle_simple("STATIC_URL"),
        # Hashed names (production) never change content: cache first. Plain names (development): network first.
        "staticCacheFirst": hashed,
        "logout": reverse("logout"),
        "offline": reverse("runner-offline"),
        "api": reverse("api-v1:api-root"),
    }
    # JSON from values the app makes (URLs), never from input: safe to put in the script as it is.
    context = {"config": json.dumps(config)}
    response = render(request, "pwa/sw.js", context, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


def _version() -> str:
    """Changes when the app shell does (hashed names in production), so a new worker replaces the old caches."""
    return hashlib.sha256("\n".join(static(path) for path in SHELL).encode()).hexdigest()[:12]


@runner_required
@require_GET
def offline_pages(request: HttpRequest) -> JsonResponse:
    """The signed-in runner's pages to keep on the phone (this week's and next week's sessions), who they are (the
    queue sends only their own sets) and a fresh CSRF token for sending the queued sets."""
    user = signed_in_user(request)
    runner = _get_runner_for_user(user)
    pages = [reverse("runner-home")]
    for session in offline_sessions(runner=runner, today=timezone.localdate()):
        pages.append(reverse("runner-session", kwargs={"session_id": session.pk}))
        pages.append(reverse("runner-session-play", kwargs={"session_id": session.pk}))
    response = JsonResponse({"user": user.pk, "csrf": get_token(request), "pages": pages})
    response["Cache-Control"] = "no-store"  # personal, and the token must be fresh
    return response
