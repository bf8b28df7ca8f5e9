"""The shared Redis cache, forgiving when Redis is down: a cache outage must not take the app down.

Everything the app keeps in the cache can be done without it: a cached page is rendered again (its version lives in
the database), a once-per-error mark lets the email through. So while Redis does not answer, reads miss, writes are
dropped and `add` answers as a first call would; the outage is logged once when it starts and once when it ends,
not per request. Short socket timeouts (settings) make a down Redis fail fast instead of holding requests."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
T = TypeVar("T")
DOWN = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)


PROBE_EVERY = 5.0  # seconds between looks at a Redis that was down, by callers that otherwise leave it alone


class ForgivingRedisCache(RedisCache):
    _state_lock = threading.Lock()
    _down = False
    _last_probe = 0.0

    def answering(self) -> bool:
        """Whether Redis answered last time it was asked; while it was down, asked again every few seconds, so a
        caller that keeps away from it meanwhile (the API's rate counts, kept in the database) learns it is back."""
        if ForgivingRedisCache._down and time.monotonic() - ForgivingRedisCache._last_probe >= PROBE_EVERY:
            ForgivingRedisCache._last_probe = time.monotonic()
            self.get("crosstrain:probe")
        return not ForgivingRedisCache._down

    def _guard(self, call: Callable[[], T], fallback: T) -> T:
        try:
            result = call()
        except DOWN as error:
            self._mark(down=True, error=error)
            return fallback
        self._mark(down=False)
        return result

    def _mark(self, *, down: bool, error: BaseException | None = None) -> None:
        if ForgivingRedisCache._down == down:
            return
        with ForgivingRedisCache._state_lock:
            if ForgivingRedisCache._down == down:
                return
            ForgivingRedisCache._down = down
        if down:
            logger.warning(
                "The shared cache (Redis) does not answer (%s): pages are served uncached until it does.", error
            )
        else:
            logger.warning("The shared cache (Redis) answers again.")

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guard(lambda: super(ForgivingRedisCache, self).get(key, default, version), default)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._guard(lambda: super(ForgivingRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._guard(lambda: super(ForgivingRedisCache, self).has_key(key, version), False)

    def set(self, key: Any, value: Any, timeout: Any = 300, version: int | None = None) -> None:
        self._guard(lambda: super(ForgivingRedisCache, self).set(key, value, timeout, version), None)

    def set_many(self, data: dict[Any, Any], timeout: Any = 300, version: int | None = None) -> list[Any]:
        return self._guard(lambda: super(ForgivingRedisCache, self).set_many(data, timeout, version), list(data))

    def add(self, key: Any, value: Any, timeout: Any = 300, version: int | None = None) -> bool:
        # As if the key were new: what `add` guards here (an email sent once per error) must not be lost.
        return self._guard(lambda: super(ForgivingRedisCache, self).add(key, value, timeout, version), True)

    def touch(self, key: Any, timeout: Any = 300, version: int | None = None) -> bool:
        return self._guard(lambda: super(ForgivingRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._guard(lambda: super(ForgivingRedisCache, self).delete(key, version), False)

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._guard(lambda: super(ForgivingRedisCache, self).delete_many(keys, version), None)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._guard(lambda: super(ForgivingRedisCache, self).incr(key, delta, version), delta)

    def clear(self) -> None:
        self._guard(lambda: super(ForgivingRedisCache, self).clear(), None)
