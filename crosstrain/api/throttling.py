"""Rate limits for the API, on django-ninja's throttling: per signed-in person (all their tokens and their browser
session count together), per IP address when anonymous.

The rates live in settings (`CROSSTRAIN_API_RATES`, from the environment) and are read at each request, so a
changed setting applies without rebuilding the API. Over the limit, ninja answers 429 with Retry-After. Counted in
the shared cache when there is one (ninja's window), else, or while it is down, in the database (crosstrain.limits),
so several server processes never allow more than the rate together.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from crosstrain.api.auth import Principal
from crosstrain.limits import attempt, shared_cache
from crosstrain.web.cache_backend import ForgivingRedisCache


def _shared_cache_answering() -> bool:
    backend = caches["default"]
    return not isinstance(backend, ForgivingRedisCache) or backend.answering()


class _Window(SimpleRateThrottle):
    """ninja's sliding window for one request, with the rate and cache key already decided."""

    def __init__(self, rate: str, key: str | None) -> None:
        self._key = key
        super().__init__(rate)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self._key


def parse_rate(rate: object) -> tuple[int, int]:
    """(requests, seconds) of a "count/period" rate; ValueError when it is not one."""
    if not isinstance(rate, str) or not rate:
        raise ValueError(f"Invalid rate format: {rate!r}")
    count, seconds = _Window(rate, None).parse_rate(rate)
    if not count or not seconds or count < 0 or seconds < 0:
        raise ValueError(f"Invalid rate format: {rate}")
    return count, seconds


class ApiThrottle(BaseThrottle):
    """One scope of `CROSSTRAIN_API_RATES`.

    "user": per person, all their API tokens and their browser session together; "anon": per IP address,
    anonymous calls only; "solver": per person, for the timetable solver, which runs for seconds. ninja shares
    one throttle object among all requests of an operation, so each request gets its own window object (kept
    per thread for `wait`): concurrent requests never read each other's counts.
    """

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self._current = threading.local()

    def cache_key(self, request: HttpRequest) -> str | None:
        principal = getattr(request, "auth", None)
        if not isinstance(principal, Principal):
            return None
        if principal.user is None:
            ident = f"ip-{self.get_ident(request)}" if self.scope == "anon" else None
        else:
            # Per person, whichever token or session they call with: 20 tokens must not buy 20 times the rate.
            ident = None if self.scope == "anon" else f"user-{principal.user.pk}"
        return None if ident is None else f"crosstrain-api-throttle-{self.scope}-{ident}"

    def allow_request(self, request: HttpRequest) -> bool:
        rate, key = settings.CROSSTRAIN_API_RATES[self.scope], self.cache_key(request)
        self._current.window, self._current.retry_after = None, None
        if key is not None and (not shared_cache() or not _shared_cache_answering()):
            # No shared cache, or it is down: counted in the database, so every server process counts together
            # (crosstrain.limits) and the limit holds through a Redis outage.
            count, seconds = parse_rate(rate)
            verdict = attempt(scope="api-throttle", key=key, allowed=count, window=seconds)
            self._current.retry_after = None if verdict.allowed else verdict.retry_after
            return verdict.allowed
        window = _Window(rate, key)
        self._current.window = window
        return window.allow_request(request)

    def wait(self) -> float | None:
        window: _Window | None = getattr(self._current, "window", None)
        return window.wait() if window is not None else getattr(self._current, "retry_after", None)
