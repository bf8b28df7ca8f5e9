"""Logging filters. The admins' error email goes once per distinct error per ten minutes: when the database is down
for ten seconds every request fails the same way, and the admins need one email saying so, not forty-four. Every
occurrence still reaches the log (stderr, CROSSTRAIN_LOG_FILE)."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import traceback
import weakref

_lock = threading.Lock()
_filters: weakref.WeakSet[OncePerError] = weakref.WeakSet()


class OncePerError(logging.Filter):
    """Lets a record through when no record of the same error passed in the last `seconds`, in this process and, when
    the cache is shared (Redis), in every process. The same error: the same exception type raised at the same line
    (or, without an exception, the same logger and message template)."""

    def __init__(self, seconds: float = 600) -> None:
        super().__init__()
        self.seconds = seconds
        self._last: dict[str, float] = {}
        _filters.add(self)

    @staticmethod
    def forget_all() -> None:
        """Every filter forgets what it let through (tests start each from nothing)."""
        with _lock:
            for once in _filters:
                once._last.clear()

    def filter(self, record: logging.LogRecord) -> bool:
        key = self._key(record)
        now = time.monotonic()
        with _lock:
            last = self._last.get(key)
            if last is not None and now - last < self.seconds:
                return False
            self._last[key] = now
        return self._first_across_processes(key)

    def _first_across_processes(self, key: str) -> bool:
        try:
            from django.core.cache import cache

            return bool(cache.add(f"admin-email:{key}", 1, timeout=int(self.seconds)))
        except Exception:  # the cache being down is no reason to lose the email (it may be about that)
            return True

    @staticmethod
    def _key(record: logging.LogRecord) -> str:
        if record.exc_info and record.exc_info[0] is not None:
            frames = traceback.extract_tb(record.exc_info[2]) if record.exc_info[2] else []
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
            what = f"{record.exc_info[0].__module__}.{record.exc_info[0].__qualname__}@{where}"
        else:
            what = f"{record.name}:{record.msg}"
        return hashlib.sha256(what.encode()).hexdigest()[:32]
