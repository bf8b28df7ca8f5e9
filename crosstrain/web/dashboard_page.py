"""The coach dashboard's page body, rendered once per (coach, today, dashboard version, query string) and then
served from Django's cache.

With the figures cached (crosstrain.dashboard.figures), reading 500 runners' rows back from the cache and
rendering the page's table, pain flags and change requests were still most of a request (measured: about 5 and
10 ms of 17). The body depends on nothing else: the version changes with every write that changes a figure, the
date with the day, and the query string holds the search, order, page and page size. Only the CSRF token differs
per request (masked afresh each time): the body is cached with a placeholder that is replaced on the way out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from crosstrain.accounts.models import User
from crosstrain.dashboard.cache_index import cache_remember, coach_scope
from crosstrain.dashboard.figures import KEEP_FOR, cached_dashboard
from crosstrain.dashboard.versions import dashboard_version
from crosstrain.gym.selectors import conventions_for
from crosstrain.training.selectors import DASHBOARD_PAGE_SIZES, DASHBOARD_SORTS, coach_dashboard_page
from crosstrain.web.dashboard_table import table_rows
from crosstrain.web.page_cache import CSRF_PLACEHOLDER, filled_in


@dataclass(frozen=True)
class DashboardQuery:
    search: str
    sort: str
    page: str
    per_page: int


@dataclass(frozen=True)
class DashboardBody:
    html: SafeString
    unread: int  # messages the coach has not read, for the menu's badge (no query of its own)
    version: str  # the dashboard's version this body is of: other badges' cached counts are keyed by it


def dashboard_body(request: HttpRequest, *, coach: User, today: date, query: DashboardQuery) -> DashboardBody:
    """The page body: 1 query (the version) when cached, else the figures' (maybe cached too) and a render."""
    version = dashboard_version(coach=coach)
    # Hashed: a search may hold any character, and some caches (Memcached) take only short plain keys.
    asked = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    # The gym's style, zone and units of the page too: a body drawn before the gym changed them is not served after.
    drawn_in = conventions_for(request)
    key = f"dashboard-body:{coach.pk}:{today.isoformat()}:{version}:{drawn_in.gym.stamp}:{drawn_in.units.value}:{asked}"
    cached: tuple[str, int] | None = cache.get(key)
    if cached is None:
        cached = _render(request, coach=coach, today=today, version=version, query=query)
        cache.set(key, cached, KEEP_FOR)
        cache_remember(scope=coach_scope(coach.pk), key=key, timeout=KEEP_FOR)  # names runners: purged at an erasure
    html, unread = cached
    return DashboardBody(filled_in(request, html), unread, version)


def _render(request: HttpRequest, *, coach: User, today: date, version: str, query: DashboardQuery) -> tuple[str, int]:
    figures = cached_dashboard(coach=coach, today=today, version=version)
    found = coach_dashboard_page(
        coach=coach,
        today=today,
        search=query.search,
        sort=query.sort,
        page=query.page,
        per_page=query.per_page,
        figures=figures.dashboard,
    )
    html = render_to_string(
        "coach/_dashboard_body.html",
        {
            "page": found.page,
            "rows": table_rows(list(found.page), unread=figures.unread, to_review=figures.to_review),
            "attention": found.attention,
            "flags": found.flags,
            "change_requests": figures.change_requests,
            "q": query.search,
            "sort": query.sort,
            "sorts": DASHBOARD_SORTS,
            "per_page": query.per_page,
            "page_sizes": DASHBOARD_PAGE_SIZES,
            "csrf_token": CSRF_PLACEHOLDER,
        },
        request=request,
    )
    return html, sum(figures.unread.values())
