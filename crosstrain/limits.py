"""How often one client may do one thing: N attempts per sliding window, counted in Django's cache.

Each attempt takes one of N tokens, and a token comes back `window` seconds after it was taken (a sliding
window, not a fixed hour that resets on the clock). A token is taken with `cache.add`, which is atomic in the
local-memory, database, Memcached and Redis caches, so a burst of parallel requests cannot all pass at once.

The default cache lives in each worker process's memory: with several worker processes, point Django's CACHES
at a shared cache (Redis or Memcached) so they count together.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.core.cache import cache


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


def attempt(*, scope: str, key: str, allowed: int, window: int) -> Verdict:
    """Take a token for one attempt of `scope` by `key` (a network, an email address), if one of `allowed` is free."""
    # Hashed: cache keys stay short and free of ':' and spaces whatever the key looks like (Memcached's rules).
    digest = hashlib.sha256(f"{scope}|{key}".encode()).hexdigest()[:32]
    keys = [f"crosstrain:{scope}:{digest}:{i}" for i in range(allowed)]
    now = time.time()
    for cache_key in keys:
        if cache.add(cache_key, now, timeout=window):
            return Verdict(allowed=True, retry_after=0)
    taken = [float(at) for at in cache.get_many(keys).values()]
    oldest = min(taken, default=now)
    return Verdict(allowed=False, retry_after=max(1, int(oldest + window - now) + 1))
