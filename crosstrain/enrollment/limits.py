"""How often one network may register for one cohort: 5 an hour (crosstrain.limits).

An outside probe filled every remaining seat of a cohort from one client in 1.9 s.
"""

from __future__ import annotations

from crosstrain.limits import Verdict, attempt, network_of

REGISTRATIONS_PER_HOUR = 5
WINDOW_SECONDS = 3600


def registration_attempt(*, cohort_id: int, client_ip: str) -> Verdict:
    """Take a token for one registration attempt from this network for this cohort, if one is free."""
    return attempt(
        scope="registration",
        key=f"{cohort_id}|{network_of(client_ip)}",
        allowed=REGISTRATIONS_PER_HOUR,
        window=WINDOW_SECONDS,
    )


__all__ = ["REGISTRATIONS_PER_HOUR", "WINDOW_SECONDS", "Verdict", "network_of", "registration_attempt"]
