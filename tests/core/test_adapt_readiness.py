"""The readiness rule (crosstrain.core.adapt_readiness): when three taps make today's session lighter."""

from __future__ import annotations

import pytest

from crosstrain.core.adapt_readiness import PAIN_FLAG_AT, Level, Readiness, ReadinessError, not_ready, readiness_from
from crosstrain.core.suggest import PAIN_REGRESS_AT

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


@pytest.mark.parametrize(
    ("pain", "flagged", "why"),
    [
        (0, False, None),
        (3, False, None),  # noted, not a sign: a set's pain under 4 flags nothing either
        (4, True, "you report pain (4/10)"),  # the coach is told, and pain alone is enough to go lighter
        (9, True, "you report pain (9/10)"),
    ],
)
def test_pain_at_the_check_in(pain: int, flagged: bool, why: str | None) -> None:
    readiness = readiness_from("good", 1, "good", pain, "left knee")
    assert readiness.in_pain is flagged
    assert not_ready(readiness) == why
    assert (
        not_ready(readiness_from("poor", 6, "good", 5))
        == "you slept poorly and your legs are sore (6/10) and you report pain (5/10)"
    )


def test_pain_is_flagged_from_the_same_number_as_a_set_s_pain() -> None:
    assert PAIN_FLAG_AT == PAIN_REGRESS_AT == 4


def test_where_it_hurts_is_kept_tidy_and_only_with_pain() -> None:
    assert readiness_from("ok", 2, "ok", 5, "  left\tknee ").where == "left knee"
    assert readiness_from("ok", 2, "ok", 0, "left knee").where == ""


@pytest.mark.parametrize(
    ("pain", "where", "says"),
    [
        (11, "", "rate any pain from 0 (none) to 10 (the worst); soreness is not pain"),
        (True, "", "rate any pain"),
        ("5", "", "rate any pain"),
        (5, "x" * 101, "say where it hurts in words, at most 100 characters"),
        (5, "knee\x00", "say where it hurts"),
        (5, 7, "say where it hurts"),
    ],
)
def test_a_pain_answer_that_cannot_be_read_says_why(pain: object, where: object, says: str) -> None:
    with pytest.raises(ReadinessError) as caught:
        readiness_from("ok", 2, "ok", pain, where)
    assert says in str(caught.value)
