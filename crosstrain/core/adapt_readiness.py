"""Readiness before a session (issue 26): three taps — sleep, leg soreness 0-10, overall feel — and the rule that
makes today's session lighter when they say the runner is not ready.

Why these and this rule: subjective self-reports (mood, sleep, soreness, perceived stress) track training load
and recovery more sensitively than blood markers or heart rate (Saw, Main & Gastin 2016, systematic review,
Br J Sports Med 50:281). Autoregulating by reps in reserve lets the day's load follow the day's readiness
(Helms et al. 2016, Strength Cond J 38:42). One poor sign is a normal day; two together, or very sore legs on
their own, make the session lighter by the one lighter rule the week's adaptation uses too
(crosstrain.core.adapt.lighter: no jumps, one set fewer, 1 more rep in reserve). Soreness is not pain: pain is
logged on a set, where it raises the pain flag for the coach.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crosstrain.core.errors import InputError

SORE_FROM = 6  # 6/10 or more counts as a poor sign
VERY_SORE_FROM = 8  # on its own enough to go lighter


class Level(StrEnum):
    POOR = "poor"
    OK = "ok"
    GOOD = "good"


class ReadinessError(InputError):
    """A check-in that cannot be read as given."""


@dataclass(frozen=True, slots=True)
class Readiness:
    sleep: Level
    soreness: int
    feel: Level


def readiness_from(sleep: object, soreness: object, feel: object) -> Readiness:
    problems = []
    levels = {lv.value for lv in Level}
    if sleep not in levels:
        problems.append("say how you slept: poor, ok or good")
    if feel not in levels:
        problems.append("say how you feel overall: poor, ok or good")
    if isinstance(soreness, bool) or not isinstance(soreness, int) or not 0 <= soreness <= 10:
        problems.append("rate your leg soreness from 0 (none) to 10 (the worst)")
    if problems:
        raise ReadinessError(problems)
    assert isinstance(soreness, int)
    return Readiness(Level(str(sleep)), soreness, Level(str(feel)))


def not_ready(readiness: Readiness) -> str | None:
    """Why today's session should be lighter, in words, or None when the runner is ready enough."""
    signs = []
    if readiness.sleep is Level.POOR:
        signs.append("you slept poorly")
    if readiness.soreness >= SORE_FROM:
        signs.append(f"your legs are sore ({readiness.soreness}/10)")
    if readiness.feel is Level.POOR:
        signs.append("you feel poor overall")
    if len(signs) >= 2 or readiness.soreness >= VERY_SORE_FROM:
        return " and ".join(signs)
    return None
