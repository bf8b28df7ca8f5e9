"""How often one network may register for one cohort: 5 an hour, counted in Django's cache.

An outside probe filled every remaining seat of a cohort from one client in 1.9 s. Each registration attempt
takes one of five tokens, and a token comes back an hour after it was taken (a sliding window, not a fixed
hour that resets on the clock). A token is taken with `cache.add`, which is atomic in the local-memory, database,
Memcached and Redis caches, so a burst of parallel requests cannot all pass at once.

The default cache lives in each worker process's memory: with several worker processes, point Django's
CACHES at a shared cache (Redis or Memcached) so they count together.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.core.cache import cache

REGISTRATIONS_PER_HOUR = 5
WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until a token comes back; 0 when allowed


def network_of(client_ip: str) -> str:
    """The address the limit counts by. IPv6 counts by /64: one household or phone gets a whole /64."""
    try:
        address = ipaddress.ip_address(client_ip.strip())
    except ValueError:
        return client_ip.strip() or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _keys(cohort_id: int, client_ip: str) -> list[str]:
    # Hashed: cache keys stay short and free of ':' and spaces whatever the address looks like (Memcached's rules).
    digest = hashlib.sha256(f"{cohort_id}|{network_of(client_ip)}".encode()).hexdigest()[:32]
    return [f"crosstrain:registration:{digest}:{i}" for i in range(REGISTRATIONS_PER_HOUR)]


def registration_attempt(*, cohort_id: int, client_ip: str) -> Verdict:
    """Take a token for one registration attempt from this network for this cohort, if one is free."""
    now = time.time()
    keys = _keys(cohort_id, client_ip)
    for key in keys:
        if cache.add(key, now, timeout=WINDOW_SECONDS):
            return Verdict(allowed=True, retry_after=0)
    taken = [float(at) for at in cache.get_many(keys).values()]
    oldest = min(taken, default=now)
    return Verdict(allowed=False, retry_after=max(1, int(oldest + WINDOW_SECONDS - now) + 1))
