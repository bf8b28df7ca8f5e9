"""Readiness before a session (issue 26): three taps — sleep, leg soreness 0-10, overall feel — and the rule that
makes today's session lighter when they say the runner is not ready.

Why these and this rule: subjective self-reports (mood, sleep, soreness, perceived stress) track training load
and recovery more sensitively than blood markers or heart rate (Saw, Main & Gastin 2016, systematic review,
Br J Sports Med 50:281). Autoregulating by reps in reserve lets the day's load follow the day's readiness
(Helms et al. 2016, Strength Cond J 38:42). One poor sign is a normal day; two together, or very sore legs on
their own, make the session lighter by the one lighter rule the week's adaptation uses too
(crosstrain.core.adapt.lighter: no jumps, one set fewer, 1 more rep in reserve).

Soreness is not pain. Pain the runner reports at the check-in counts as pain reported on a set does: from
PAIN_FLAG_AT (4/10, crosstrain.core.suggest.PAIN_REGRESS_AT) the coach is told (the session's pain flag) and, as
pain never earns more load and pain anywhere means no plyometrics (DESIGN.md 4.4 and 4.6), today's session is made
lighter by the same rule, which drops the jumps first.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crosstrain.core.errors import InputError
from crosstrain.core.suggest import PAIN_REGRESS_AT

SORE_FROM = 6  # 6/10 or more counts as a poor sign
VERY_SORE_FROM = 8  # on its own enough to go lighter
# Pain from here tells the coach and makes the session lighter: the threshold a set's pain flags the session at
# (crosstrain.training.models.PAIN_FLAG_AT is this same number).
PAIN_FLAG_AT = PAIN_REGRESS_AT
WHERE_MAX = 100  # where it hurts, in the runner's words: "left knee, outside"


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
    pain: int = 0
    where: str = ""  # where it hurts, when it does

    @property
    def in_pain(self) -> bool:
        """Whether the coach is told: the pain raises the session's pain flag."""
        return self.pain >= PAIN_FLAG_AT


def readiness_from(sleep: object, soreness: object, feel: object, pain: object = 0, where: object = "") -> Readiness:
    problems = []
    levels = {lv.value for lv in Level}
    if sleep not in levels:
        problems.append("say how you slept: poor, ok or good")
    if feel not in levels:
        problems.append("say how you feel overall: poor, ok or good")
    if isinstance(soreness, bool) or not isinstance(soreness, int) or not 0 <= soreness <= 10:
        problems.append("rate your leg soreness from 0 (none) to 10 (the worst)")
    if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
        problems.append("rate any pain from 0 (none) to 10 (the worst); soreness is not pain")
    if not isinstance(where, str) or len(where.strip()) > WHERE_MAX or "\x00" in where:
        problems.append(f"say where it hurts in words, at most {WHERE_MAX} characters (e.g. left knee)")
    if problems:
        raise ReadinessError(problems)
    assert isinstance(soreness, int)
    assert isinstance(pain, int)
    assert isinstance(where, str)
    return Readiness(Level(str(sleep)), soreness, Level(str(feel)), pain, " ".join(where.split()) if pain else "")


def not_ready(readiness: Readiness) -> str | None:
    """Why today's session should be lighter, in words, or None when the runner is ready enough."""
    signs = []
    if readiness.sleep is Level.POOR:
        signs.append("you slept poorly")
    if readiness.soreness >= SORE_FROM:
        signs.append(f"your legs are sore ({readiness.soreness}/10)")
    if readiness.feel is Level.POOR:
        signs.append("you feel poor overall")
    if readiness.in_pain:
        signs.append(f"you report pain ({readiness.pain}/10)")
    if len(signs) >= 2 or readiness.soreness >= VERY_SORE_FROM or readiness.in_pain:
        return " and ".join(signs)
    return None
