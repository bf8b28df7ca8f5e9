"""The readiness rule (crosstrain.core.adapt_readiness): when three taps make today's session lighter."""

from __future__ import annotations

import pytest

from crosstrain.core.adapt_readiness import Level, Readiness, ReadinessError, not_ready, readiness_from

P, OK, G = Level.POOR, Level.OK, Level.GOOD


@pytest.mark.parametrize(
    ("sleep", "soreness", "feel", "why"),
    [
        (G, 2, G, None),
        (P, 2, G, None),  # one poor sign is a normal day
        (G, 6, G, None),
        (OK, 5, P, None),
        (P, 6, G, "you slept poorly and your legs are sore (6/10)"),
        (P, 0, P, "you slept poorly and you feel poor overall"),
        (G, 7, P, "your legs are sore (7/10) and you feel poor overall"),
        (G, 8, G, "your legs are sore (8/10)"),  # very sore alone is enough
        (P, 9, P, "you slept poorly and your legs are sore (9/10) and you feel poor overall"),
    ],
)
def test_when_readiness_is_poor(sleep: Level, soreness: int, feel: Level, why: str | None) -> None:
    assert not_ready(Readiness(sleep, soreness, feel)) == why


@pytest.mark.parametrize(
    ("sleep", "soreness", "feel", "says"),
    [
        ("bad", 3, "ok", "say how you slept: poor, ok or good"),
        ("ok", 11, "ok", "rate your leg soreness from 0 (none) to 10 (the worst)"),
        ("ok", True, "ok", "rate your leg soreness"),
        ("ok", 3, None, "say how you feel overall"),
    ],
)
def test_a_check_in_that_cannot_be_read_says_why(sleep: object, soreness: object, feel: object, says: str) -> None:
    with pytest.raises(ReadinessError) as caught:
        readiness_from(sleep, soreness, feel)
    assert says in str(caught.value)
