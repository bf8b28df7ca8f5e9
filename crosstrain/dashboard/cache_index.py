"""Which cached pages name whom, so that erasing a runner removes them from the cache at once (issue 24).

Cached pages are keyed by versions and never looked up again once a version moves on, but they stay in the cache
until they expire (KEEP_FOR, 26 hours): with a shared cache (Redis), a page naming an erased runner would outlive
the erasure by a day. Django's cache cannot list its keys, so every page kept under a runner's or a coach's name is
also noted in a numbered index (`cache.incr` hands out the numbers, atomic in Redis and the local-memory cache), and
`cache_forget` deletes every entry noted under a name, with the index.

The index is only as good as the cache's memory: a cache that evicts entries before they expire (a full Memcached,
the local-memory cache past its MAX_ENTRIES) may drop an index entry, but then it drops entries of its own too.
"""

from __future__ import annotations

import time

from django.core.cache import cache

_CHUNK = 500  # index entries read and deleted per cache call
# One index per scope and day (UTC), so an erasure reads only the days an entry can still be alive, not every page
# a coach's dashboard was ever rendered as. Entries are kept at most MAX_DAYS days (the pages: 26 hours).
DAY = 86400
MAX_DAYS = 2


def _today() -> int:
    return int(time.time() // DAY)


def _counter(scope: str, day: int) -> str:
    return f"cache-index:{scope}:{day}"


def runner_scope(runner_id: int) -> str:
    """The name pages of one runner (their week, history, sessions, the coach's page of them) are kept under."""
    return f"runner-{runner_id}"


def coach_scope(coach_id: int) -> str:
    """The name pages listing all of a coach's runners (the dashboard) are kept under."""
    return f"coach-{coach_id}"


def cache_remember(*, scope: str, key: str, timeout: int) -> None:
    """Note that the entry `key`, just cached for `timeout` seconds (at most MAX_DAYS days), names `scope`."""
    assert timeout <= MAX_DAYS * DAY, "an entry kept longer would outlive its index"
    counter = _counter(scope, _today())
    timeout += DAY  # the index lives as long as the last entry it notes
    cache.add(counter, 0, timeout)
    try:
        number = cache.incr(counter)
    except ValueError:  # expired between the two calls
        cache.add(counter, 0, timeout)
        number = cache.incr(counter)
    cache.touch(counter, timeout)
    cache.set(f"{counter}:{number}", key, timeout)


def cache_forget(*scopes: str) -> int:
    """Delete every cache entry noted under these scopes, and their index; returns how many entries were found."""
    found = 0
    today = _today()
    for counter in [_counter(scope, day) for scope in scopes for day in range(today - MAX_DAYS, today + 1)]:
        last = cache.get(counter) or 0
        for start in range(1, last + 1, _CHUNK):
            index = [f"{counter}:{n}" for n in range(start, min(start + _CHUNK, last + 1))]
            keys = list(cache.get_many(index).values())
            found += len(keys)
            cache.delete_many([*keys, *index])
        cache.delete(counter)
    return found
