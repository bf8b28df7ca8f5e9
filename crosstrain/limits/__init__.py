"""How often one client may do one thing: N attempts per sliding window, counted in the database, so every server
process and machine counts together (with the default cache, in each process's memory, 4 gunicorn workers would
allow 4 times the limit).

Each attempt takes one of N tokens, and a token comes back `window` seconds after it was taken (a sliding
window, not a fixed hour that resets on the clock). One `LimitCounter` row per limit and client holds the times
of its attempts in the window: the row is created if missing (INSERT ... ON CONFLICT DO NOTHING) and locked
(SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction holds the write lock) while the attempt is
counted, so parallel requests in any process count one by one. Three queries for an attempt allowed, two for one
refused; the daily pruning deletes expired rows. The database, not a shared cache even when there is one: these
limits guard passwords and inboxes, and must hold while Redis is down.

Count an attempt before opening a transaction: one counted inside a transaction that rolls back is undone in the
database, and then holds in this process's memory only.

The API's rates (crosstrain.api.throttling), a query or three on every call, count in the shared cache when there
is one (`shared_cache()`), else here.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.memcached import BaseMemcachedCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction

# When the default cache is shared, what a rolled-back attempt falls back on: this process's memory.
_PROCESS_CACHE = LocMemCache("crosstrain-limits", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until a token comes back; 0 when allowed


def network_of(client_ip: str) -> str:
    """The address a limit counts by. IPv6 counts by /64: one household or phone gets a whole /64."""
    try:
        address = ipaddress.ip_address(client_ip.strip())
    except ValueError:
        return client_ip.strip() or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def shared_cache() -> bool:
    """Whether Django's default cache is one every process shares (Redis, Memcached) rather than each its own."""
    return isinstance(caches["default"], RedisCache | BaseMemcachedCache)


def attempt(*, scope: str, key: str, allowed: int, window: int) -> Verdict:
    """Take a token for one attempt of `scope` by `key` (a network, an email address), if one of `allowed` is free."""
    # Hashed: keys stay short whatever the key looks like, and the row names no address.
    digest = hashlib.sha256(f"{scope}|{key}".encode()).hexdigest()[:32]
    inside = transaction.get_connection().in_atomic_block
    verdict = _in_database(f"{scope}:{digest}", allowed=allowed, window=window)
    if inside and verdict.allowed:
        # Counted inside the caller's transaction, the attempt is undone if that rolls back (a wrong password that
        # raises): this process's memory counts it too, so that count at least holds.
        local = _PROCESS_CACHE if shared_cache() else caches["default"]
        return _in_cache(local, scope, digest, allowed=allowed, window=window)
    return verdict


def _in_cache(cache: BaseCache, scope: str, digest: str, *, allowed: int, window: int) -> Verdict:
    """N tokens as N keys, each taken with `cache.add` (atomic)."""
    keys = [f"crosstrain:{scope}:{digest}:{i}" for i in range(allowed)]
    now = time.time()
    for cache_key in keys:
        if cache.add(cache_key, now, timeout=window):
            return Verdict(allowed=True, retry_after=0)
    taken = [float(at) for at in cache.get_many(keys).values()]
    oldest = min(taken, default=now)
    return Verdict(allowed=False, retry_after=max(1, int(oldest + window - now) + 1))


def _in_database(key: str, *, allowed: int, window: int) -> Verdict:
    from crosstrain.limits.models import LimitCounter

    now = time.time()
    with transaction.atomic():
        LimitCounter.objects.bulk_create(
            [LimitCounter(key=key, hits=[], expires_at=_moment(now + window))], ignore_conflicts=True
        )
        row = LimitCounter.objects.select_for_update().get(key=key)
        hits = [float(at) for at in row.hits if float(at) > now - window]
        if len(hits) >= allowed:
            oldest = hits[-allowed]  # the token of the `allowed`-th latest attempt comes back first
            return Verdict(allowed=False, retry_after=max(1, int(oldest + window - now) + 1))
        hits.append(now)
        LimitCounter.objects.filter(key=key).update(hits=hits, expires_at=_moment(now + window))
    return Verdict(allowed=True, retry_after=0)


def _moment(at: float) -> datetime:
    return datetime.fromtimestamp(at, tz=UTC)


def limits_prune() -> int:
    """Delete the database counters whose attempts have all left their window. Returns how many."""
    from crosstrain.limits.models import LimitCounter

    deleted, _ = LimitCounter.objects.filter(expires_at__lt=_moment(time.time())).delete()
    return deleted
